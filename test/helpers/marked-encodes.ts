// Real encodes of a marked video (ts-demux-run.ts: markedVideoTs, videoTsMarkedWith) as the fMP4
// outputs make them: libx264 keeping the pictures' user_data_unregistered SEI (udu_sei), into
// fMP4 HLS (one-second segments and an init segment) or into one CMAF track with the CMAF
// ingest kind's fragment options (a fragment per second, each starting with an IDR); and what
// the tests check of rewritten segments.

import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { walkBoxes } from "../../src/media/mp4/boxes.ts";
import { parseEmsg, type ParsedEventMessage } from "../../src/media/mp4/emsg.ts";
import { mp4Fragments, sidxReferences } from "../../src/media/mp4/fragments.ts";
import { fragmentOptions } from "../../src/output/fmp4/fmp4-slave.ts";
import { stdoutOf as run } from "./ts-demux-run.ts";

const X264 = ["-c:v", "libx264", "-preset", "ultrafast", "-udu_sei", "1", "-g", "25"];

/** `ts` encoded to fMP4 HLS in `dir` (main_init.mp4, main_00000.mp4 …): the init segment and the media segments' names, in order. */
export async function encodeFmp4Hls(dir: string, ts: Uint8Array): Promise<{ readonly init: Buffer; readonly segments: string[] }> {
  const source = path.join(dir, "source.ts");
  writeFileSync(source, ts);
  const encode = await run("ffmpeg", ["-v", "error", "-i", source, ...X264, "-f", "hls", "-hls_segment_type", "fmp4", "-hls_time", "1", "-hls_fmp4_init_filename", "main_init.mp4", "-hls_segment_filename", path.join(dir, "main_%05d.mp4"), path.join(dir, "main.m3u8")]);
  assert.ok(encode, "ffmpeg wrote fMP4 HLS");
  return { init: readFileSync(path.join(dir, "main_init.mp4")), segments: readdirSync(dir).filter((each) => /^main_\d+\.mp4$/.test(each)).sort() };
}

/** `ts` encoded in `dir` to one CMAF video track as the CMAF ingest kind muxes it: the muxer's bytes. */
export async function encodeCmafTrack(dir: string, ts: Uint8Array): Promise<Buffer> {
  const source = path.join(dir, "source.ts");
  const cmaf = path.join(dir, "video.mp4");
  writeFileSync(source, ts);
  const muxerOptions = fragmentOptions(1, true, ["default_base_moof", "cmaf"]).flatMap(([name, value]) => [`-${name}`, value]);
  const encoded = await run("ffmpeg", ["-v", "error", "-i", source, ...X264, "-force_key_frames", "expr:gte(t,n_forced*1)", "-f", "mp4", ...muxerOptions, cmaf]);
  assert.ok(encoded, "ffmpeg wrote a CMAF track");
  return readFileSync(cmaf);
}

/** The emsg boxes of a rewritten fMP4 segment with where they lie: each a version 1 box of `scheme` in the video's `timescale`. */
export function emsgBoxes(bytes: Uint8Array, scheme: string, timescale: number): { readonly emsgAt: number; readonly moofAt: number; readonly message: ParsedEventMessage }[] {
  const boxes = walkBoxes(bytes).boxes;
  return boxes.flatMap((box, i) => {
    if (box.type !== "emsg") return [];
    const message = parseEmsg(bytes.subarray(box.start, box.end));
    assert.ok(message);
    assert.equal(message.version, 1);
    assert.equal(message.schemeIdUri, scheme);
    assert.equal(message.timescale, timescale);
    return [{ emsgAt: i, moofAt: boxes.findIndex((other, j) => j > i && other.type === "moof"), message }];
  });
}

/**
 * A rewritten segment keeps its samples where its truns say (the same sizes and last bytes: a
 * retired mark changes a UUID near a sample's start) and its sidx still spans it.
 */
export function assertSamplesKept(name: string, original: Uint8Array, bytes: Uint8Array): void {
  const tails = (segment: Uint8Array): string[] => mp4Fragments(segment).flatMap((fragment) => fragment.samples.map((sample) => `${sample.size}:${Buffer.from(segment.subarray(Math.max(sample.offset, sample.offset + sample.size - 32), sample.offset + sample.size)).toString("hex")}`));
  assert.deepEqual(tails(bytes), tails(original), `${name}: samples where the truns say`);
  for (const sidx of walkBoxes(bytes).boxes.filter((box) => box.type === "sidx")) assert.equal(sidxReferences(bytes, sidx).at(-1)?.end, bytes.length, `${name}: the sidx's subsegments run to the end`);
}

/** How many video pictures ffprobe decodes from the init segment and the segments of `dir`, joined. */
export async function decodedPictures(dir: string, init: Uint8Array, segments: readonly string[]): Promise<number> {
  const joined = path.join(dir, "joined.mp4");
  writeFileSync(joined, Buffer.concat([init, ...segments.map((name) => readFileSync(path.join(dir, name)))]));
  const frames = await run("ffprobe", ["-v", "error", "-select_streams", "v", "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", joined]);
  return Number(frames?.toString().trim());
}
