// After an encoder restart, ffmpeg's append_list continues the playlist but forgets the
// segments it had kept beyond the playlist window (keepSegments − indexNSegments): they
// would stay on disk forever. When a pipeline process starts its first encoder
// (hls-beside.ts), every segment of the variant that the playlist no longer lists is
// deleted, once a player that loaded the previous playlist can no longer need it (that
// many segment durations later).

import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { EncoderPlan } from "../encoder/encoder-plan.ts";

/** Segment files (name → number) of a printf template such as `live_720p_%05d.ts`. */
export function segmentNumbersIn(fileNames: readonly string[], template: string): Map<string, number> {
  const [prefix, suffix] = template.split(/%0?\d*d/) as [string, string?];
  const found = new Map<string, number>();
  for (const name of fileNames) {
    if (!name.startsWith(prefix) || !name.endsWith(suffix ?? "")) continue;
    const digits = name.slice(prefix.length, name.length - (suffix ?? "").length);
    if (/^\d+$/.test(digits)) found.set(name, Number(digits));
  }
  return found;
}

/** Deletes, after `delayMs`, the segments older than the first one the current playlist lists. Returns a cancel function. */
export function scheduleStaleSegmentCleanup(plan: EncoderPlan, delayMsFor: (segmentLengthSec: number, keepSegments: number, indexNSegments: number) => number): () => void {
  const timers: NodeJS.Timeout[] = [];
  for (const group of plan.groups) {
    const folder = group.destination.folder;
    for (const variant of group.variants) {
      let listed: number[];
      let names: string[];
      try {
        names = readdirSync(folder);
        listed = [...segmentNumbersIn(readFileSync(path.join(folder, variant.playlistName), "utf8").split("\n"), variant.segmentTemplate).values()];
      } catch {
        continue;
      }
      if (listed.length === 0) continue;
      const oldestListed = Math.min(...listed);
      const stale = [...segmentNumbersIn(names, variant.segmentTemplate)].filter(([, number]) => number < oldestListed).map(([name]) => name);
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
