// RTMP as an output kind (output-kind.ts): each output is an MPEG-TS tee slave written to a
// loopback socket (push/push-plan.ts), behind which a sender pushes FLV to the RTMP server
// and reconnects on its own (rtmp-targets.ts, push/push-sender.ts).

import type { OutputKind } from "../output-kind.ts";
import { startPushBeside } from "../push/push-beside.ts";
import { planPushGroup } from "../push/push-plan.ts";
import { rtmpTargets } from "./rtmp-targets.ts";

export const RTMP_OUTPUT: OutputKind = {
  kind: "rtmpGroupSettings",
  check: () => [],
  plan: (group, groupIndex, context) => planPushGroup(group, groupIndex, context, () => ({})),
  startBeside: (context) => startPushBeside(context, rtmpTargets(context.config, context.pipelineIndex), "rtmp"),
};
