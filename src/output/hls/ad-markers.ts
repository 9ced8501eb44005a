// The ad-marker lines MediaLive writes into HLS media playlists for `adMarkers`, as its user
// guide shows them (“Sample manifests - HLS”,
// https://docs.aws.amazon.com/medialive/latest/ug/sample-manifests-hls.html):
//
// ADOBE — one tag in the segment where the avail starts, no continuation, no CUE-IN:
//   #EXT-X-CUE:DURATION="201.467",ID="0",TYPE="SpliceOut",TIME="414.171"
// ELEMENTAL — CUE-OUT with the duration where it starts, CUE-OUT-CONT elapsed/duration on
// each following segment, CUE-IN where it ends:
//   #EXT-X-CUE-OUT:30.000   #EXT-X-CUE-OUT-CONT:8.308/30   #EXT-X-CUE-IN
// ELEMENTAL_SCTE35 (“SCTE-35 enhanced”) — the base64 message, the CAID/UPID and CUE-OUT where
// it starts, CUE-OUT-CONT with ElapsedTime, Duration and the message on following segments,
// CUE-IN where it ends:
//   #EXT-OATCLS-SCTE35:/DA0AAAA…AAg+2UBNAAANvrtoQ==
//   #EXT-X-ASSET:CAID=0x0000000020FB6501
//   #EXT-X-CUE-OUT:201.467
//   #EXT-X-CUE-OUT-CONT:ElapsedTime=5.939,Duration=201.467,SCTE35=/DA0AAAA…AAg+2UBNAAANvrtoQ==
//   #EXT-X-CUE-IN
//
// The documented examples print CUE-OUT with three decimals and the CUE-OUT-CONT duration as
// the message declares it (“30”, “201.467”): durations here are rounded to the millisecond,
// CUE-OUT keeps three decimals, the CUE-OUT-CONT duration drops trailing zeros. An avail
// without a declared duration (ended by a later return-to-network message) gets a bare
// CUE-OUT and continuation tags without a duration. Pure: times are parameters.

import { Buffer } from "node:buffer";

import type { TimelineAvail } from "../../media/scte35/avail-timeline.ts";
import type { HlsAdMarkers } from "../../model/generated/medialive-types.ts";

export const HlsAdMarkerStyles = {
  ADOBE: "ADOBE",
  ELEMENTAL: "ELEMENTAL",
  ELEMENTAL_SCTE35: "ELEMENTAL_SCTE35",
} as const satisfies Record<string, HlsAdMarkers>;

/** One avail as the HLS output sees it, on the output's timeline. */
export interface HlsAvail {
  /** splice_event_id / segmentation_event_id: the ADOBE ID. */
  readonly eventId: number;
  /** Output PTS of the splice point in seconds (ADOBE TIME). */
  readonly startSeconds: number;
  /** Duration the message declares, or null when it declares none. */
  readonly durationSeconds: number | null;
  /** When the avail ends on the output (start + duration, or the return message); null while open. */
  readonly endSeconds: number | null;
  /** The splice_info_section as received, for ELEMENTAL_SCTE35. */
  readonly section: Uint8Array;
  /** The UPID bytes of the message's segmentation descriptor, for EXT-X-ASSET CAID; null when it has none. */
  readonly upid: Uint8Array | null;
}

/** The HLS view of a tracked avail; `outputSeconds` maps its (unwrapped input) PTS onto the output timeline. */
export function hlsAvail(avail: TimelineAvail, outputSeconds: (pts90k: number) => number): HlsAvail {
  return {
    eventId: avail.eventId,
    startSeconds: outputSeconds(avail.startPts90k),
    durationSeconds: avail.duration90k === null ? null : avail.duration90k / 90_000,
    endSeconds: avail.endPts90k === null ? null : outputSeconds(avail.endPts90k),
    section: avail.section,
    upid: avail.upid,
  };
}

const fixed3 = (seconds: number): string => (Math.round(seconds * 1000) / 1000).toFixed(3);
const trimmed = (seconds: number): string => String(Math.round(seconds * 1000) / 1000);

/** Lines for the segment where the avail starts. */
export function availStartLines(style: HlsAdMarkers, avail: HlsAvail): string[] {
  const duration = avail.durationSeconds;
  const cueOut = duration === null ? "#EXT-X-CUE-OUT" : `#EXT-X-CUE-OUT:${fixed3(duration)}`;
  switch (style) {
    case HlsAdMarkerStyles.ADOBE: {
      const attributes = [...(duration === null ? [] : [`DURATION="${fixed3(duration)}"`]), `ID="${avail.eventId}"`, `TYPE="SpliceOut"`, `TIME="${fixed3(avail.startSeconds)}"`];
      return [`#EXT-X-CUE:${attributes.join(",")}`];
    }
    case HlsAdMarkerStyles.ELEMENTAL:
      return [cueOut];
    case HlsAdMarkerStyles.ELEMENTAL_SCTE35: {
      const asset = avail.upid && avail.upid.length > 0 ? [`#EXT-X-ASSET:CAID=0x${Buffer.from(avail.upid).toString("hex").toUpperCase()}`] : [];
      return [`#EXT-OATCLS-SCTE35:${Buffer.from(avail.section).toString("base64")}`, ...asset, cueOut];
    }
  }
}

/** Lines for a segment starting `elapsedSeconds` into the avail (not the first, not after its end). */
export function availContinuationLines(style: HlsAdMarkers, avail: HlsAvail, elapsedSeconds: number): string[] {
  const duration = avail.durationSeconds;
  switch (style) {
    case HlsAdMarkerStyles.ADOBE:
      return [];
    case HlsAdMarkerStyles.ELEMENTAL:
      return [`#EXT-X-CUE-OUT-CONT:${fixed3(elapsedSeconds)}${duration === null ? "" : `/${trimmed(duration)}`}`];
    case HlsAdMarkerStyles.ELEMENTAL_SCTE35: {
      const attributes = [`ElapsedTime=${fixed3(elapsedSeconds)}`, ...(duration === null ? [] : [`Duration=${trimmed(duration)}`]), `SCTE35=${Buffer.from(avail.section).toString("base64")}`];
      return [`#EXT-X-CUE-OUT-CONT:${attributes.join(",")}`];
    }
  }
}

/** Lines for the segment where the avail ends (ADOBE writes none). */
export function availEndLines(style: HlsAdMarkers): string[] {
  return style === HlsAdMarkerStyles.ADOBE ? [] : ["#EXT-X-CUE-IN"];
}

export interface SegmentSpan {
  readonly startSeconds: number;
  readonly endSeconds: number;
}

/**
 * The ad-marker lines to write before each segment of a playlist window (segments in order, on
 * the output timeline): start lines in the segment holding the avail's start, continuation
 * lines in the segments after it, end lines in the segment holding its end — or the next one
 * when the avail ends inside the segment where it started. An avail that started before the
 * window shows as continuation lines, so a player joining mid-break knows it is in one.
 */
export function adMarkerLines(style: HlsAdMarkers, avails: readonly HlsAvail[], segments: readonly SegmentSpan[]): string[][] {
  const ends: string[][] = segments.map(() => []);
  const rest: string[][] = segments.map(() => []);
  const first = segments[0];
  if (!first) return [];
  for (const avail of avails) {
    const holding = segments.findIndex((segment) => segment.endSeconds > avail.startSeconds);
    if (holding < 0) continue; // starts after the window
    if (avail.endSeconds !== null && avail.endSeconds < first.startSeconds) continue; // over before it
    const startIndex = avail.startSeconds < first.startSeconds ? -1 : holding;
    if (startIndex >= 0) rest[startIndex]?.push(...availStartLines(style, avail));
    let endIndex = segments.length;
    if (avail.endSeconds !== null) {
      const containing = segments.findIndex((segment) => segment.endSeconds > (avail.endSeconds ?? 0));
      endIndex = Math.max(startIndex + 1, containing < 0 ? segments.length : containing);
      if (endIndex < segments.length) ends[endIndex]?.push(...availEndLines(style));
    }
    for (let i = startIndex + 1; i < endIndex; i++) {
      const segment = segments[i];
      if (segment) rest[i]?.push(...availContinuationLines(style, avail, segment.startSeconds - avail.startSeconds));
    }
  }
  // A segment that closes one avail and opens the next lists CUE-IN first.
  return segments.map((_, i) => [...(ends[i] ?? []), ...(rest[i] ?? [])]);
}
