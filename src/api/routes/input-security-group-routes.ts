// CreateInputSecurityGroup, DescribeInputSecurityGroup, ListInputSecurityGroups,
// UpdateInputSecurityGroup, DeleteInputSecurityGroup.

import type { CreateInputSecurityGroupRequest, UpdateInputSecurityGroupRequest } from "../../model/generated/medialive-types.ts";
import type { OperationHandler } from "../handler-types.ts";
import { encodeNextToken, pageRequest } from "../pagination.ts";
import { isgToWire } from "../wire/isg-wire.ts";

export const inputSecurityGroupHandlers: Record<string, OperationHandler> = {
  async CreateInputSecurityGroup(input, context) {
    const request = input as CreateInputSecurityGroupRequest;
    const view = await context.isgs.create(request.whitelistRules, request.tags);
    return { securityGroup: isgToWire(view, context.scope) };
  },
  async DescribeInputSecurityGroup(input, context) {
    return isgToWire(await context.isgs.describe(String(input.inputSecurityGroupId)), context.scope);
  },
  async ListInputSecurityGroups(input, context) {
    const page = await context.isgs.list(pageRequest("ListInputSecurityGroups", input));
    const nextToken = encodeNextToken("ListInputSecurityGroups", page.nextAfter);
    return { inputSecurityGroups: page.items.map((view) => isgToWire(view, context.scope)), ...(nextToken ? { nextToken } : {}) };
  },
  async UpdateInputSecurityGroup(input, context) {
    const request = input as unknown as UpdateInputSecurityGroupRequest;
    const view = await context.isgs.update(request.inputSecurityGroupId, request.whitelistRules, request.tags);
    return { securityGroup: isgToWire(view, context.scope) };
  },
  async DeleteInputSecurityGroup(input, context) {
    await context.isgs.delete(String(input.inputSecurityGroupId));
    return {};
  },
};
