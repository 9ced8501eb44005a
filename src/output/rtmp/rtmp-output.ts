// RTMP as an output kind (output-kind.ts): each output is an FLV tee slave written to a relay
// socket (push/push-plan.ts), behind which a publisher in this process pushes it to the RTMP
// server and reconnects on its own (rtmp-targets.ts, rtmp-publisher.ts). A group with adMarkers
// ON_CUE_POINT_SCTE35 keeps the splice marks in its encode, and its publishers turn them into
// onCuePoint messages (flv-cue-points.ts).

import type { OutputKind } from "../output-kind.ts";
import { startPushBeside } from "../push/push-beside.ts";
import { PushContainers, planPushGroup } from "../push/push-plan.ts";
import { RtmpPublisher } from "./rtmp-publisher.ts";
import { rtmpTargets, writesCuePoints } from "./rtmp-targets.ts";

export const RTMP_OUTPUT: OutputKind = {
  kind: "rtmpGroupSettings",
  check: () => [],
  plan: (group, groupIndex, context) => planPushGroup(group, groupIndex, context, () => ({ spliceMarks: writesCuePoints(group.outputGroupSettings?.rtmpGroupSettings) }), PushContainers.FLV),
  startBeside: (context) =>
    startPushBeside(
      context,
      rtmpTargets(context.config, context.pipelineIndex, context.resolveSecret).map((target) => ({ key: target.key, groupKey: target.groupKey, start: (alert) => new RtmpPublisher({ target, alert, logger: context.logger, ...(context.spliceMarks ? { spliceMarks: context.spliceMarks } : {}) }) })),
    ),
};
