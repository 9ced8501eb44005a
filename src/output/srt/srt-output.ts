// SRT as an output kind (output-kind.ts): each output is an MPEG-TS tee slave with its
// m2tsSettings, written to a relay socket (push/push-plan.ts), behind which a sender
// calls the SRT listener (or listens) and reconnects on its own (srt-targets.ts).

import type { OutputKind } from "../output-kind.ts";
import { ffmpegPushOutputs, startPushBeside } from "../push/push-beside.ts";
import { planPushGroup } from "../push/push-plan.ts";
import { srtTargets } from "./srt-targets.ts";

export const SRT_OUTPUT: OutputKind = {
  kind: "srtGroupSettings",
  check: () => [],
  plan: (group, groupIndex, context) => planPushGroup(group, groupIndex, context, (output) => ({ m2ts: output.outputSettings.srtOutputSettings?.containerSettings?.m2tsSettings })),
  startBeside: (context) => startPushBeside(context, ffmpegPushOutputs(context, srtTargets(context.config, context.pipelineIndex, context.resolveSecret, context.listenAddress), "srt")),
};
