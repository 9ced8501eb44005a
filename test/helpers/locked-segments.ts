// Comparing output-locked pipelines' segments (docs/outputs.md, "Output locking"): the 90 kHz
// PTS of a segment's first decoded video frame (ffprobe), and the distance between two 33-bit
// MPEG-TS timestamps (ISO/IEC 13818-1 §2.4.3.7) the shorter way round the wrap.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
export const WRAP_90K = 2 ** 33;

/** The 90 kHz PTS of the first decoded video frame of a segment file. */
export async function firstFramePts(file: string): Promise<number> {
  const { stdout } = await run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-read_intervals", "%+#1", "-show_entries", "frame=pts", "-of", "csv=p=0", file]);
  // csv=p=0 may end the line with an empty field (a frame with side data): the PTS is the first field.
  const pts = Number(stdout.trim().split("\n")[0]!.split(",")[0]);
  assert.ok(Number.isInteger(pts), `${file}: a first frame with a PTS (${JSON.stringify(stdout)})`);
  return pts;
}

/** Distance between two 33-bit timestamps (the shorter way round the wrap). */
export const wrapDistance = (a: number, b: number): number => {
  const d = (((a - b) % WRAP_90K) + WRAP_90K) % WRAP_90K;
  return Math.min(d, WRAP_90K - d);
};

/** Ticks between a segment's first frame and its epoch boundary (media sequence × segment length since the Unix epoch). */
export const ticksOffEpoch = (pts: number, mediaSequence: number, segmentLengthS: number): number => wrapDistance(pts, (mediaSequence * segmentLengthS * 90_000) % WRAP_90K);
