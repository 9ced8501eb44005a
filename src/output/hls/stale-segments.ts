// After an encoder restart, ffmpeg's append_list continues the playlist but forgets the
// segments it had kept beyond the playlist window (keepSegments − indexNSegments): they
// would stay on disk forever. When a pipeline process starts its first encoder
// (hls-beside.ts), every segment of the variant that the playlist no longer lists is
// deleted, once a player that loaded the previous playlist can no longer need it (that
// many segment durations later).

import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { EncoderPlan } from "../encoder/encoder-plan.ts";
import { escapeRegExp } from "./variable-identifiers.ts";


/**
 * A segment template as a pattern whose one group is the segment number. printf form
 * (`live_720p_%05d.ts`, `%%` a literal `%`); strftime form (-strftime 1 with
 * second_level_segment_index: `live_%Y%m%dT%H%M%S_%%05d.ts`): the date conversions are digits.
 */
export function segmentNamePattern(template: string, strftime = false): RegExp {
  const token = strftime ? /%%0?\d*d|%%|%[YmdHMS]/g : /%0?\d*d|%%/g;
  let source = "";
  let last = 0;
  for (const match of template.matchAll(token)) {
    source += escapeRegExp(template.slice(last, match.index));
    last = match.index + match[0].length;
    const text = match[0];
    if (text === "%%") source += "%";
    else if (!strftime || text.startsWith("%%")) source += "(\\d+)";
    else source += text === "%Y" ? "\\d{4}" : "\\d{2}";
  }
  return new RegExp(`^${source}${escapeRegExp(template.slice(last))}$`);
}

/**
 * Segment files (name → number) of a segment template; a playlist line that is a URI
 * (baseUrlContent) counts by its last path segment.
 */
export function segmentNumbersIn(fileNames: readonly string[], template: string, strftime = false): Map<string, number> {
  const pattern = segmentNamePattern(template, strftime);
  const found = new Map<string, number>();
  for (const line of fileNames) {
    const name = line.slice(line.lastIndexOf("/") + 1);
    const digits = pattern.exec(name)?.[1];
    if (digits !== undefined) found.set(name, Number(digits));
  }
  return found;
}

/** Deletes, after `delayMs`, the segments older than the first one the current playlist lists. Returns a cancel function. */
export function scheduleStaleSegmentCleanup(plan: EncoderPlan, delayMsFor: (segmentLengthSec: number, keepSegments: number, indexNSegments: number) => number): () => void {
  const timers: NodeJS.Timeout[] = [];
  for (const group of plan.groups) {
    const folder = group.destination.folder;
    // Audio-only outputs write their own playlists and segments beside the variants'.
    for (const variant of [...group.variants, ...(group.audioRenditions ?? [])]) {
      let listed: number[];
      let names: string[];
      try {
        names = readdirSync(folder);
        listed = [...segmentNumbersIn(readFileSync(path.join(folder, variant.playlistName), "utf8").split("\n"), variant.segmentTemplate, variant.segmentStrftime).values()];
      } catch {
        continue;
      }
      if (listed.length === 0) continue;
      const oldestListed = Math.min(...listed);
      const stale = [...segmentNumbersIn(names, variant.segmentTemplate, variant.segmentStrftime)].filter(([, number]) => number < oldestListed).map(([name]) => name);
      if (stale.length === 0) continue;
      const timer = setTimeout(() => {
        for (const name of stale) rmSync(path.join(folder, name), { force: true });
      }, delayMsFor(group.segmentLengthSec, group.keepSegments, group.indexNSegments));
      timer.unref();
      timers.push(timer);
    }
  }
  return () => timers.forEach((timer) => clearTimeout(timer));
}
