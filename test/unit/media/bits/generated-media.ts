// Elementary streams made by Debian ffmpeg at test time, cached in os.tmpdir() so that
// repeated runs (and parallel test files) pay for each encode once. Writes go to a
// temporary name and are renamed, so concurrent generators never see half a file.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const CACHE_DIR = path.join(tmpdir(), "openlive-media-cache-v3");

const VIDEO_720P30 = ["-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", "0.5"];
const VIDEO_576I25 = ["-f", "lavfi", "-i", "testsrc2=size=720x576:rate=25", "-t", "0.4"];
const AUDIO_STEREO_48K = ["-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000", "-t", "0.5", "-ac", "2"];
const AUDIO_51_44K = ["-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100", "-t", "0.5", "-af", "aformat=channel_layouts=5.1"];

/** Named recipes: ffmpeg arguments (output format included), output file extension. */
export const MediaRecipes = {
  h264_720p30: [...VIDEO_720P30, "-c:v", "libx264", "-preset", "veryfast", "-bf", "0", "-g", "30", "-f", "h264"],
  h264_576i25: [...VIDEO_576I25, "-c:v", "libx264", "-preset", "ultrafast", "-flags", "+ildct+ilme", "-f", "h264"],
  h264_444_cqm: ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=24", "-t", "0.5", "-pix_fmt", "yuv444p", "-c:v", "libx264", "-preset", "ultrafast", "-x264-params", "cqm=jvt", "-f", "h264"],
  h265_720p30: ["-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", "0.2", "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-f", "hevc"],
  mpeg2_720p30: [...VIDEO_720P30, "-c:v", "mpeg2video", "-b:v", "4M", "-f", "mpeg2video"],
  mpeg2_576i25: [...VIDEO_576I25, "-c:v", "mpeg2video", "-flags", "+ildct+ilme", "-f", "mpeg2video"],
  aac_adts: [...AUDIO_STEREO_48K, "-c:a", "aac", "-f", "adts"],
  ac3: [...AUDIO_STEREO_48K, "-c:a", "ac3", "-b:a", "192k", "-f", "ac3"],
  eac3: [...AUDIO_STEREO_48K, "-c:a", "eac3", "-f", "eac3"],
  aac_51_44k: [...AUDIO_51_44K, "-c:a", "aac", "-f", "adts"],
  ac3_51_44k: [...AUDIO_51_44K, "-c:a", "ac3", "-f", "ac3"],
  eac3_51_44k: [...AUDIO_51_44K, "-c:a", "eac3", "-f", "eac3"],
  mp2: [...AUDIO_STEREO_48K, "-c:a", "mp2", "-b:a", "192k", "-f", "mp2"],
} as const satisfies Record<string, readonly string[]>;

export type MediaRecipe = keyof typeof MediaRecipes;

/** The bytes of a generated stream; encodes once per machine (per cache dir). */
export function generatedMedia(recipe: MediaRecipe): Uint8Array {
  return cachedFfmpegOutput(recipe, MediaRecipes[recipe]);
}

/**
 * ffmpeg applied to bytes made in the test (e.g. a caption-injected stream): `inputArgs`
 * come before `-i <input>`, `outputArgs` after it. Cached under `name`.
 */
export function transcodedMedia(name: string, input: Uint8Array, inputArgs: readonly string[], outputArgs: readonly string[]): Uint8Array {
  mkdirSync(CACHE_DIR, { recursive: true });
  const inputPath = path.join(CACHE_DIR, `${name}.input.${process.pid}`);
  const target = path.join(CACHE_DIR, `${name}.bin`);
  if (!existsSync(target)) {
    writeFileSync(inputPath, input);
    try {
      return cachedFfmpegOutput(name, [...inputArgs, "-i", inputPath, ...outputArgs]);
    } finally {
      rmSync(inputPath, { force: true });
    }
  }
  return new Uint8Array(readFileSync(target));
}

function cachedFfmpegOutput(name: string, args: readonly string[]): Uint8Array {
  mkdirSync(CACHE_DIR, { recursive: true });
  const target = path.join(CACHE_DIR, `${name}.bin`);
  if (!existsSync(target)) {
    const temporary = `${target}.${process.pid}.tmp`;
    const run = spawnSync("ffmpeg", ["-hide_banner", "-v", "error", "-y", ...args, temporary], { encoding: "utf8", timeout: 60_000 });
    if (run.status !== 0) throw new Error(`ffmpeg ${name} failed (${run.status ?? run.signal}): ${run.stderr}`);
    renameSync(temporary, target);
  }
  return new Uint8Array(readFileSync(target));
}
