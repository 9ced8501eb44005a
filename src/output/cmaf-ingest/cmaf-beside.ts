// Beside the encoder, for this pipeline's CMAF ingest groups: one segment sender per track
// and destination (the group's and each of its additionalDestinations; fmp4/segment-sender.ts)
// POSTing to `<destination>/Streams(<name>)`, fed by the track's relay socket. CMAF ingest groups have no retry members in MediaLive's model: the
// senders retry every second, and after ten refusals give the segment up and pause 5 s.
// A group with a SCTE-35 track or an ID3 track has them made from its first video track as
// that passes (cmaf-splice-track.ts, cmaf-id3-track.ts) and sent to every destination by
// senders of their own.

import type { CmafIngestGroupSettings, OutputGroup } from "../../model/generated/medialive-types.ts";
import type { HttpPushTarget } from "../fmp4/http-post.ts";
import { FanOutSender } from "../fmp4/fan-out-sender.ts";
import { pushDestination, type PushDestination } from "../fmp4/push-destination.ts";
import { GroupAlert, startPushBeside, type PushGroup, type PushSender } from "../fmp4/push-beside.ts";
import type { RetryPolicy } from "../fmp4/retry-state.ts";
import { SegmentSender } from "../fmp4/segment-sender.ts";
import { outputGroupKey } from "../output-group-key.ts";
import type { BesideContext, OutputBeside } from "../output-kind.ts";
import { SpliceMarkLog } from "../hls/splice-mark-log.ts";
import { MarkedSplices } from "../scte35/scte35-passthrough.ts";
import { cmafId3StreamName, cmafScte35StreamName, cmafSegmentLengthSec, cmafSpliceSourceKey, cmafStreamUrl, cmafTracks, type CmafTrack } from "./cmaf-names.ts";
import { CmafSpliceTrack } from "./cmaf-splice-track.ts";
import { CmafId3Track } from "./cmaf-id3-track.ts";
import { MarkedId3 } from "../hls/fmp4-id3-events.ts";
import { cmafId3Carriage, id3CarriageKey } from "../encoder/timed-metadata-feeds.ts";

export const CMAF_INGEST_RETRY: RetryPolicy = { retryIntervalMs: 1000, numRetries: 10, restartDelayMs: 5000 };
/** Segments a track keeps while its peer refuses: about a minute. */
const QUEUED_MEDIA_SEC = 60;

export interface CmafTrackSenderOptions {
  /** The group's destination URL (the publishing point; streams are under it). */
  readonly destinationUrl: string;
  readonly credentials?: Pick<HttpPushTarget, "username" | "password">;
  readonly track: Pick<CmafTrack, "streamName" | "contentType">;
  readonly segmentLengthSec: number;
  readonly sendDelayMs?: number;
  readonly onFailing: (message: string) => void;
  readonly onRecovered: () => void;
}

/** A sender of one CMAF track to a CMAF ingest endpoint: feed it one fMP4 muxer output per run (SlaveStreamSink). */
export function createCmafTrackSender(options: CmafTrackSenderOptions): SegmentSender {
  return new SegmentSender({
    target: { url: cmafStreamUrl(options.destinationUrl, options.track.streamName), ...options.credentials },
    contentType: options.track.contentType,
    retry: CMAF_INGEST_RETRY,
    maxQueuedSegments: Math.max(3, Math.ceil(QUEUED_MEDIA_SEC / options.segmentLengthSec)),
    ...(options.sendDelayMs ? { sendDelayMs: options.sendDelayMs } : {}),
    onFailing: options.onFailing,
    onRecovered: options.onRecovered,
  });
}

/** The group's destination and its additionalDestinations, each for this pipeline. */
function cmafDestinations(context: BesideContext, settings: CmafIngestGroupSettings, groupKey: string): PushDestination[] {
  const refIds = [settings.destination?.destinationRefId, ...(settings.additionalDestinations ?? []).map((additional) => additional.destination?.destinationRefId)];
  return refIds.map((refId) => {
    const destination = pushDestination(context.config, refId, context.pipelineIndex, context.resolveSecret);
    if (!destination) throw new Error(`output group "${groupKey}" has no URL for pipeline ${context.pipelineIndex} in destination "${refId}"`);
    return destination;
  });
}

function cmafGroups(context: BesideContext): PushGroup[] {
  const groups: PushGroup[] = [];
  (context.config.encoderSettings?.outputGroups ?? []).forEach((group: OutputGroup, groupIndex) => {
    const settings: CmafIngestGroupSettings | undefined = group.outputGroupSettings?.cmafIngestGroupSettings;
    if (!settings) return;
    const groupKey = outputGroupKey(group, groupIndex);
    const destinations = cmafDestinations(context, settings, groupKey);
    const segmentLengthSec = cmafSegmentLengthSec(settings);
    const sendDelayMs = context.pipelineIndex === 1 ? settings.sendDelayMs : undefined;
    const missing = destinations.flatMap((destination) => (destination.missingSecret ? [destination.missingSecret] : []));
    const scte35StreamName = cmafScte35StreamName(settings);
    const id3StreamName = cmafId3StreamName(settings);
    const id3Carriage = cmafId3Carriage(settings);
    const spliceSource = scte35StreamName === undefined && id3StreamName === undefined ? undefined : cmafSpliceSourceKey(groupKey, group.outputs);
    groups.push({
      groupKey,
      ...(missing.length > 0 ? { problem: `the secret "${missing[0]}" (passwordParam) is not in the secret store` } : {}),
      slaves: group.outputs.flatMap((output, outputIndex) =>
        cmafTracks(groupKey, output, outputIndex).map((track) => ({
          key: track.key,
          start: (alerts) => {
            // The track fails while any of its destinations does.
            const tracker = new GroupAlert((state, message) => (state === "SET" ? alerts.onFailing(message) : alerts.onRecovered()));
            const sendersOf = (sent: Pick<CmafTrack, "streamName" | "contentType">, trackerKey: string): PushSender => {
              const senders = destinations.map((destination, index) =>
                createCmafTrackSender({
                  destinationUrl: destination.url,
                  credentials: { ...(destination.username ? { username: destination.username } : {}), ...(destination.password !== undefined ? { password: destination.password } : {}) },
                  track: sent,
                  segmentLengthSec,
                  ...(sendDelayMs ? { sendDelayMs } : {}),
                  onFailing: (message) => tracker.failing(`${trackerKey}${index}`, message),
                  onRecovered: () => tracker.recovered(`${trackerKey}${index}`),
                }),
              );
              return senders.length === 1 ? senders[0]! : new FanOutSender(senders);
            };
            const video = sendersOf(track, "");
            if (track.key !== spliceSource) return video;
            // The SCTE-35 track reads the video first and passes it on to the ID3 track's reader.
            const tagged = id3StreamName === undefined || !id3Carriage ? video : new CmafId3Track({ video, events: sendersOf({ streamName: id3StreamName, contentType: "application/mp4" }, "id3:"), marks: new MarkedId3(id3CarriageKey(id3Carriage)) });
            if (scte35StreamName === undefined) return tagged;
            const events = sendersOf({ streamName: scte35StreamName, contentType: "application/mp4" }, "scte35:");
            return new CmafSpliceTrack({ video: tagged, events, splices: new MarkedSplices(context.spliceMarks ?? new SpliceMarkLog()) });
          },
        })),
      ),
    });
  });
  return groups;
}

export function startCmafIngestBeside(context: BesideContext): Promise<OutputBeside> {
  return startPushBeside(context, cmafGroups(context));
}
