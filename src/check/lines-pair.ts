// Checklist item 4: two identical streams (resolution, bitrate, codecs, frame rate — the
// monitor's compareRedundantSources), and how far apart in time they are. MediaLive
// accepts unsynchronised pairs but does not align them, so a failover may skip or repeat
// by the offset: a warning, not a failure. Pure.

import { codecName, compareRedundantSources } from "../ingest/monitor/source-checks.ts";
import type { CheckLine, SourceObservation } from "./check-types.ts";
import { formatSeconds, line } from "./check-line.ts";
import { formatMbps } from "./input-specification.ts";
import { measureSyncOffset } from "./sync-offset.ts";

/** Offsets up to this count as synchronised (network paths differ by a few frames). */
export const SYNC_TOLERANCE_MS = 100;

function hasMedia(obs: SourceObservation): boolean {
  return obs.streamInfo.video.length + obs.streamInfo.audio.length > 0;
}

export function identicalLine(observations: readonly SourceObservation[]): CheckLine {
  const spec = { id: "redundancy.identical", title: "Two identical streams", rule: "identical" } as const;
  const [first, second] = observations;
  if (!first || !second) {
    return line(spec, "info", "one stream checked; a STANDARD input (RTP inputs always are) takes two identical streams: give both URLs to compare them");
  }
  if (!hasMedia(first) || !hasMedia(second)) return line(spec, "info", `cannot compare: source ${hasMedia(first) ? 2 : 1} carried no media`);
  const [difference] = compareRedundantSources(first.streamInfo, second.streamInfo);
  if (difference) {
    return line(spec, "fail", difference.message, "configure both encoders alike: same resolution, frame rate, codecs and bitrate (the same preset on both)");
  }
  return line(spec, "pass", `identical: ${summary(first)}; ${summary(second)}`);
}

function summary(obs: SourceObservation): string {
  const video = obs.streamInfo.video[0];
  const parts: string[] = [];
  if (video) parts.push(`${codecName(video.codec)}${video.width !== undefined ? ` ${video.width}x${video.height}` : ""}${video.frameRate !== undefined ? ` ${video.frameRate} fps` : ""}`);
  if (obs.streamInfo.audio.length) parts.push(obs.streamInfo.audio.map((audio) => codecName(audio.codec)).join(" + "));
  if (obs.streamInfo.bitrateBps !== undefined) parts.push(formatMbps(obs.streamInfo.bitrateBps));
  return parts.join(", ");
}

export function syncLine(observations: readonly SourceObservation[]): CheckLine | undefined {
  const [first, second] = observations;
  if (!first || !second) return undefined;
  const spec = { id: "redundancy.sync", title: "Time offset of the two streams", rule: "sync" } as const;
  const offset = measureSyncOffset(first.arrivals, second.arrivals);
  switch (offset.kind) {
    case "not-enough-data":
      return line(spec, "info", "not measured: too few pictures on one of the sources");
    case "no-common-timestamps":
      return line(
        spec,
        "warn",
        "the two streams share no timestamps, so their encoders are not locked to one clock: accepted, but a failover may skip or repeat",
        "lock both encoders to one time reference (timecode/LTC or NTP-locked PTS) so the same picture carries the same timestamp",
      );
    case "measured": {
      const shown = formatSeconds(offset.offsetMs);
      const behind = offset.offsetMs > 0 ? "source 2 arrives later" : "source 1 arrives later";
      if (Math.abs(offset.offsetMs) <= SYNC_TOLERANCE_MS) return line(spec, "pass", `synchronised: the same pictures arrive ${shown} apart`);
      return line(
        spec,
        "warn",
        `not synchronised by ${shown}: accepted, but a failover may skip or repeat up to ${shown} (${behind})`,
        "start both encoders from one source and clock, and give both the same path to openlive",
      );
    }
  }
}
