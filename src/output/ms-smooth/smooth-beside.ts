// Beside the encoder, for this pipeline's Microsoft Smooth groups: one streaming POST sender
// per output (fmp4/stream-sender.ts), fed by the output's relay socket, reconnecting per
// the group's connectionRetryInterval, numRetries and restartDelay and caching
// filecacheDuration seconds of fragments while the publishing point is away.

import type { MsSmoothGroupSettings, OutputGroup } from "../../model/generated/medialive-types.ts";
import { pushDestination } from "../fmp4/push-destination.ts";
import { startPushBeside, type PushGroup } from "../fmp4/push-beside.ts";
import { retryPolicy } from "../fmp4/retry-state.ts";
import { StreamSender } from "../fmp4/stream-sender.ts";
import { outputGroupKey, outputSlaveKey } from "../output-group-key.ts";
import type { BesideContext, OutputBeside } from "../output-kind.ts";
import { SMOOTH_DEFAULTS, smoothEventId, smoothStreamName, smoothStreamUrl } from "./smooth-names.ts";

function smoothGroups(context: BesideContext, startedAtMs: number): PushGroup[] {
  const groups: PushGroup[] = [];
  (context.config.encoderSettings?.outputGroups ?? []).forEach((group: OutputGroup, groupIndex) => {
    const settings: MsSmoothGroupSettings | undefined = group.outputGroupSettings?.msSmoothGroupSettings;
    if (!settings) return;
    const groupKey = outputGroupKey(group, groupIndex);
    const destination = pushDestination(context.config, settings.destination?.destinationRefId, context.pipelineIndex, context.resolveSecret);
    if (!destination) throw new Error(`output group "${groupKey}" has no destination URL for pipeline ${context.pipelineIndex}`);
    const eventId = smoothEventId(settings, startedAtMs);
    const retry = retryPolicy(settings, SMOOTH_DEFAULTS);
    const fragmentLengthSec = settings.fragmentLength ?? SMOOTH_DEFAULTS.fragmentLengthSec;
    const maxCachedFragments = Math.max(2, Math.ceil((settings.filecacheDuration ?? SMOOTH_DEFAULTS.filecacheDurationSec) / fragmentLengthSec)) * 2; // a fragment per track: video and audio
    const sendDelayMs = context.pipelineIndex === 1 ? (settings.sendDelayMs ?? 0) : 0;
    groups.push({
      groupKey,
      ...(destination.missingSecret ? { problem: `the secret "${destination.missingSecret}" (passwordParam) is not in the secret store` } : {}),
      slaves: group.outputs.map((output, outputIndex) => ({
        key: outputSlaveKey(groupKey, output.outputName, outputIndex),
        start: (alerts) =>
          new StreamSender({
            target: {
              url: smoothStreamUrl(destination.url, eventId, smoothStreamName(destination.url, output, outputIndex, group.outputs.length)),
              ...(destination.username ? { username: destination.username } : {}),
              ...(destination.password !== undefined ? { password: destination.password } : {}),
              verifyCertificate: settings.certificateMode === "VERIFY_AUTHENTICITY",
            },
            contentType: "video/mp4",
            retry,
            maxCachedFragments,
            sendEndOfStream: settings.eventStopBehavior === "SEND_EOS",
            ...(sendDelayMs > 0 ? { sendDelayMs } : {}),
            ...alerts,
          }),
      })),
    });
  });
  return groups;
}

export function startMsSmoothBeside(context: BesideContext): Promise<OutputBeside> {
  return startPushBeside(context, smoothGroups(context, Date.now()));
}
