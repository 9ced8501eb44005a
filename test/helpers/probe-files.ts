// What the real-time output tests ask ffprobe and read themselves of the files a channel wrote:
// the streams (and format) ffprobe reports, and the top-level ISO BMFF boxes of an fMP4 file.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

export interface ProbedStream {
  readonly codec_name: string;
  readonly width?: number;
  readonly height?: number;
  /** With `countFrames`: the frames ffprobe decoded. */
  readonly nb_read_frames?: string;
}

export interface Probed {
  readonly streams: ProbedStream[];
  readonly format: { readonly format_name?: string; readonly duration?: string };
}

/** ffprobe's streams (codec, size) and format (name, duration) of `file`; fails the test if ffprobe cannot read it. */
export function probeFile(file: string, options: { countFrames?: boolean } = {}): Probed {
  const streamEntries = options.countFrames ? "codec_name,width,height,nb_read_frames" : "codec_name,width,height";
  const args = ["-v", "error", ...(options.countFrames ? ["-count_frames"] : []), "-show_entries", `stream=${streamEntries}:format=format_name,duration`, "-of", "json", file];
  const run = spawnSync("ffprobe", args, { encoding: "utf8" });
  assert.equal(run.status, 0, `ffprobe ${file}: ${run.stderr}`);
  const probed = JSON.parse(run.stdout) as Partial<Probed>;
  return { streams: probed.streams ?? [], format: probed.format ?? {} };
}

/** The types of the top-level boxes of an ISO BMFF (ISO/IEC 14496-12 §4.2) byte string, in order. */
export function boxTypes(bytes: Buffer): string[] {
  const types: string[] = [];
  for (let at = 0; at + 8 <= bytes.length; ) {
    const size = bytes.readUInt32BE(at);
    types.push(bytes.toString("latin1", at + 4, at + 8));
    if (size < 8) break;
    at += size;
  }
  return types;
}
