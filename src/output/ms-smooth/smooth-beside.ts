// Beside the encoder, for this pipeline's Microsoft Smooth groups: one streaming POST sender
// per output (fmp4/stream-sender.ts), fed by the output's relay socket, reconnecting per
// the group's connectionRetryInterval, numRetries and restartDelay and caching
// filecacheDuration seconds of fragments while the publishing point is away. With a
// sparseTrackType other than NONE, each output with video also sends its splices as a sparse
// stream (smooth-splice-track.ts) by a sender of its own, with the same retry policy; the
// output's alert stays raised while either of its two senders fails.

import type { MsSmoothGroupSettings, OutputGroup } from "../../model/generated/medialive-types.ts";
import { pushDestination } from "../fmp4/push-destination.ts";
import { GroupAlert, startPushBeside, type PushGroup } from "../fmp4/push-beside.ts";
import { retryPolicy } from "../fmp4/retry-state.ts";
import { SegmentSender } from "../fmp4/segment-sender.ts";
import { StreamSender } from "../fmp4/stream-sender.ts";
import { SpliceMarkLog } from "../hls/splice-mark-log.ts";
import { outputGroupKey, outputSlaveKey } from "../output-group-key.ts";
import type { BesideContext, OutputBeside } from "../output-kind.ts";
import { MarkedSplices } from "../scte35/scte35-passthrough.ts";
import { SMOOTH_DEFAULTS, SPARSE_TRACK_NAME, groupSendsSmoothSparseTrack, smoothEventId, smoothSparseStreamName, smoothStreamName, smoothStreamUrl } from "./smooth-names.ts";
import { SmoothSpliceTrack } from "./smooth-splice-track.ts";

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
        start: (alerts) => {
          const streamName = smoothStreamName(destination.url, output, outputIndex, group.outputs.length);
          const target = {
            ...(destination.username ? { username: destination.username } : {}),
            ...(destination.password !== undefined ? { password: destination.password } : {}),
            verifyCertificate: settings.certificateMode === "VERIFY_AUTHENTICITY",
          };
          const delay = sendDelayMs > 0 ? { sendDelayMs } : {};
          const sparse = groupSendsSmoothSparseTrack(group);
          // The output fails while its feed or its sparse stream does.
          const tracker = new GroupAlert((state, message) => (state === "SET" ? alerts.onFailing(message) : alerts.onRecovered()));
          const senderAlerts = (name: string) => (sparse ? { onFailing: (message: string) => tracker.failing(name, message), onRecovered: () => tracker.recovered(name) } : alerts);
          const feed = new StreamSender({
            target: { url: smoothStreamUrl(destination.url, eventId, streamName), ...target },
            contentType: "video/mp4",
            retry,
            maxCachedFragments,
            sendEndOfStream: settings.eventStopBehavior === "SEND_EOS",
            ...delay,
            ...senderAlerts("feed"),
          });
          if (!sparse || !output.videoDescriptionName) return feed;
          const sparseSender = new SegmentSender({
            target: { url: smoothStreamUrl(destination.url, eventId, smoothSparseStreamName(streamName)), ...target },
            contentType: "video/mp4",
            retry,
            maxQueuedSegments: maxCachedFragments,
            headerInEachPost: true,
            ...delay,
            ...senderAlerts("sparse"),
          });
          return new SmoothSpliceTrack({ feed, sparse: sparseSender, splices: new MarkedSplices(context.spliceMarks ?? new SpliceMarkLog()), trackName: SPARSE_TRACK_NAME });
        },
      })),
    });
  });
  return groups;
}

export function startMsSmoothBeside(context: BesideContext): Promise<OutputBeside> {
  return startPushBeside(context, smoothGroups(context, Date.now()));
}
