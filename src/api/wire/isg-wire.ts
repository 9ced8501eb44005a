import type { IsgView } from "../../domain/isg-service.ts";
import type { InputSecurityGroup } from "../../model/generated/medialive-types.ts";
import { makeArn, type ArnScope } from "../../shared/ids.ts";

/** An ISG in MediaLive's wire shape (InputSecurityGroup / DescribeInputSecurityGroupResponse). */
export function isgToWire(view: IsgView, scope: ArnScope): InputSecurityGroup {
  return {
    arn: makeArn(scope, "inputSecurityGroup", view.record.id),
    id: view.record.id,
    inputs: [...view.inputIds],
    channels: [],
    state: view.state,
    tags: { ...view.record.tags },
    whitelistRules: view.record.cidrs.map((cidr) => ({ cidr })),
  };
}
