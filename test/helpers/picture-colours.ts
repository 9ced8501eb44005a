// A break in an HLS output whose source is solid blue, red during the break, then blue: the
// colour of each decoded picture of a segment, the wait for the break's CUE-IN to be listed,
// and the checks that the markers sit on the red pictures (the sources' cue tests share them).

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { listedWithCueTags } from "./playlist-cue-tags.ts";
import { until } from "./until.ts";

/** Each decoded picture of a segment as "red", "blue" or "other" (its mean colour, downscaled to 8x4). */
export function pictureColours(file: string): string[] {
  const decoded = spawnSync("ffmpeg", ["-v", "error", "-i", file, "-an", "-vf", "scale=8:4", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"], { maxBuffer: 16 * 1024 * 1024 });
  const frame = 8 * 4 * 3;
  const colours: string[] = [];
  for (let offset = 0; offset + frame <= decoded.stdout.length; offset += frame) {
    const mean = [0, 1, 2].map((c) => {
      let sum = 0;
      for (let p = offset + c; p < offset + frame; p += 3) sum += decoded.stdout[p]!;
      return sum / (8 * 4);
    });
    colours.push(mean[0]! > 150 && mean[2]! < 100 ? "red" : mean[2]! > 150 && mean[0]! < 100 ? "blue" : "other");
  }
  assert.ok(colours.length > 0, `${file} decodes to pictures`);
  return colours;
}

/** The variant playlist of `folder` once it lists the break's CUE-IN segment and one segment after it. */
export async function listedBreak(folder: string, timeoutMs: number): Promise<string> {
  const variantPlaylist = (): string | undefined => {
    const name = readdirSync(folder).find((file) => file.endsWith(".m3u8") && readFileSync(path.join(folder, file), "utf8").includes("#EXTINF"));
    return name && readFileSync(path.join(folder, name), "utf8");
  };
  // The CUE-IN segment is listed once it is complete; one more segment shows the program after it.
  const ended = (): string | undefined => {
    const playlist = variantPlaylist();
    const segments = playlist ? listedWithCueTags(playlist) : [];
    const cueIn = segments.findIndex((segment) => segment.tags.includes("#EXT-X-CUE-IN"));
    return cueIn >= 0 && segments.length > cueIn + 1 ? playlist : undefined;
  };
  return until("the break and its CUE-IN are listed", ended, timeoutMs);
}

/** One CUE-OUT (ELEMENTAL) on a segment starting red, the one before starting blue, a CUE-IN about `breakS` later on one ending blue. */
export function assertBreakOnRed(folder: string, playlist: string, breakS: number, segmentS: number): void {
  const segments = listedWithCueTags(playlist);
  const starts = segments.flatMap((segment, i) => (segment.tags.includes(`#EXT-X-CUE-OUT:${breakS.toFixed(3)}`) ? [i] : []));
  assert.equal(starts.length, 1, `one break:\n${playlist}`);
  const start = starts[0]!;
  const cueIn = segments.findIndex((segment) => segment.tags.includes("#EXT-X-CUE-IN"));
  assert.ok(cueIn > start && cueIn <= start + breakS / segmentS + 1, `the break ends about ${breakS} s after it starts:\n${playlist}`);
  const file = (i: number): string => path.join(folder, path.posix.basename(segments[i]!.uri));
  const opening = pictureColours(file(start));
  assert.equal(opening[0], "red", `the CUE-OUT segment starts inside the break (the cued picture, or the next segment boundary): ${opening.join(" ")}`);
  assert.equal(pictureColours(file(start - 1))[0], "blue", "the segment before the break starts with the program");
  assert.equal(pictureColours(file(cueIn)).at(-1), "blue", "the program is back by the end of the CUE-IN segment");
}
