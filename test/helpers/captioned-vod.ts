// A short VOD HLS whose H.264 carries CEA-608 CC1 pop-on captions in its SEI (each caption
// shown, then erased), for channels that pull it: what a captioned upstream sends.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { injectCea608, popOnCaptionPairs, withOddParity } from "./cea608-injector.ts";

export const CAPTIONED_VOD_FPS = 30;
export const CAPTIONED_VOD_SECONDS = 6;

function ffmpeg(args: readonly string[]): void {
  const result = spawnSync("ffmpeg", ["-hide_banner", "-v", "error", "-y", ...args], { encoding: "utf8", timeout: 60_000 });
  assert.equal(result.status, 0, `ffmpeg failed:\n${result.stderr}`);
}

/** Two pop-on captions, each erased later: the first shown over pictures ~10–60, the second ~100–150. */
export function twoCaptionScript(first: string, second: string): [number, number][] {
  const pairs: [number, number][] = [];
  const padTo = (picture: number): void => {
    while (pairs.length < picture) pairs.push([0x80, 0x80]);
  };
  const erase = (): void => {
    pairs.push([withOddParity(0x14), withOddParity(0x2c)], [withOddParity(0x14), withOddParity(0x2c)]);
  };
  pairs.push(...popOnCaptionPairs(first));
  padTo(60);
  erase();
  padTo(90);
  pairs.push(...popOnCaptionPairs(second));
  padTo(150);
  erase();
  padTo(180);
  return pairs;
}

/** 6 s of H.264 (30 fps, no B-frames) with the captions in its SEI + AAC, as VOD HLS (2 s segments) in `folder`. */
export function makeCaptionedVod(folder: string, work: string, size: string, script: readonly (readonly [number, number])[]): void {
  mkdirSync(folder, { recursive: true });
  const raw = path.join(work, "raw.h264");
  ffmpeg(["-f", "lavfi", "-i", `testsrc2=size=${size}:rate=${CAPTIONED_VOD_FPS}`, "-t", String(CAPTIONED_VOD_SECONDS), "-c:v", "libx264", "-preset", "veryfast", "-bf", "0", "-g", "30", "-f", "h264", raw]);
  const withCc = path.join(work, "cc.h264");
  writeFileSync(withCc, injectCea608(readFileSync(raw), script));
  ffmpeg([
    "-framerate", String(CAPTIONED_VOD_FPS), "-f", "h264", "-i", withCc, "-f", "lavfi", "-i", "sine=sample_rate=48000", "-t", String(CAPTIONED_VOD_SECONDS),
    "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac",
    "-f", "hls", "-hls_time", "2", "-hls_list_size", "0", "-hls_playlist_type", "vod",
    "-hls_segment_filename", path.join(folder, "seg_%03d.ts"), path.join(folder, "index.m3u8"),
  ]);
}
