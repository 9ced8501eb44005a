// Where a Microsoft Smooth group publishes: the destination URL is the publishing point
// (e.g. http://origin/live/channel.isml), and each output is one stream POSTed to
// `<publishing point>[/Events(<event id>)]/Streams(<stream name>)` (the IIS Live Smooth
// Streaming push URL). The stream name is the destination's file name (its `.isml` dropped)
// with the output's nameModifier appended, as MediaLive names a destination file.

import type { MsSmoothGroupSettings, Output, OutputGroup } from "../../model/generated/medialive-types.ts";
import { fileNamePart } from "../file-name-part.ts";
import { joinPublishingPoint } from "../fmp4/push-destination.ts";

/** MediaLive's Smooth defaults where the group sets nothing. */
export const SMOOTH_DEFAULTS = { fragmentLengthSec: 2, filecacheDurationSec: 60, retryIntervalSec: 1, numRetries: 10, restartDelaySec: 10 } as const;

/** The event id sent with the streams, or undefined (NO_EVENT_ID, the default). USE_TIMESTAMP: the pipeline's start, UTC, `YYYYMMDDTHHMMSSZ`. */
export function smoothEventId(settings: Pick<MsSmoothGroupSettings, "eventIdMode" | "eventId">, startedAtMs: number): string | undefined {
  if (settings.eventIdMode === "USE_CONFIGURED") return settings.eventId ? settings.eventId : undefined;
  if (settings.eventIdMode === "USE_TIMESTAMP") return new Date(startedAtMs).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  return undefined;
}

/** The stream name of output `outputIndex` of `outputCount`. */
export function smoothStreamName(destinationUrl: string, output: Pick<Output, "outputSettings">, outputIndex: number, outputCount: number): string {
  const path = destinationUrl.replace(/[?#].*$/, "").replace(/\/+$/, "");
  const last = path.slice(path.lastIndexOf("/") + 1).replace(/\.isml$/i, "");
  const host = /^[a-z]+:\/\/[^/]*$/i.test(path); // no path at all: the URL is the host
  const base = host ? "" : last;
  const modifier = output.outputSettings?.msSmoothOutputSettings?.nameModifier ?? (outputCount > 1 ? `_${outputIndex + 1}` : "");
  const name = fileNamePart(`${base}${modifier}`);
  return name === "" ? `stream${outputIndex + 1}` : name;
}

/** The trackName of a group's SCTE-35 sparse tracks: each output's sparse stream carries the same events, one event stream. */
export const SPARSE_TRACK_NAME = "scte35";

/** Whether a group sends SCTE-35 sparse tracks (sparseTrackType SCTE_35 or SCTE_35_WITHOUT_SEGMENTATION): its video then carries the splice marks. */
export function groupSendsSmoothSparseTrack(group: Pick<OutputGroup, "outputGroupSettings">): boolean {
  const type = group.outputGroupSettings?.msSmoothGroupSettings?.sparseTrackType;
  return type === "SCTE_35" || type === "SCTE_35_WITHOUT_SEGMENTATION";
}

/** The stream name of the SCTE-35 sparse stream beside the output stream `streamName`. */
export function smoothSparseStreamName(streamName: string): string {
  return `${streamName}_${SPARSE_TRACK_NAME}`;
}

/** The URL a stream is POSTed to. */
export function smoothStreamUrl(destinationUrl: string, eventId: string | undefined, streamName: string): string {
  const event = eventId === undefined ? "" : `Events(${encodeURIComponent(eventId)})/`;
  return joinPublishingPoint(destinationUrl, `${event}Streams(${streamName})`);
}
