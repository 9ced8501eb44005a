// The encoder options of one encoded stream of the shared encode output (shared-encode.ts):
// the per-codec argument builders write options for "the" video stream (`-b:v`), and one
// output now carries many video and audio streams, so each option gets the stream's own
// specifier (`-b:v:2`, ffmpeg's stream specifier `type:index`).

import type { ResolvedAudio } from "./audio-encode.ts";
import type { ResolvedVideo } from "./video-format.ts";
import { videoCodecArgs } from "./video-codec-args.ts";

/** `-opt:v value` pairs → `-opt:v:N value`; throws on an option without the `:v` it is written for. */
export function forVideoStream(args: readonly string[], videoIndex: number): string[] {
  if (args.length % 2 !== 0) throw new TypeError(`video encoder arguments are not option/value pairs: ${args.join(" ")}`);
  return args.map((arg, i) => {
    if (i % 2 === 1) return arg;
    if (!arg.startsWith("-") || !arg.endsWith(":v")) throw new TypeError(`video encoder option "${arg}" has no :v stream specifier`);
    return `${arg}:${videoIndex}`;
  });
}

/**
 * Encoder options of video stream `videoIndex` (its place among the output's video streams).
 * `fpsMode` passthrough: the frames keep the fps filter's timestamps (an output-locked encode,
 * whose copied epoch timestamps cfr would take for a gap to fill from zero).
 * `spliceMarks`: libx264/libx265 write the decoded pictures' user_data_unregistered SEI back
 * (`udu_sei`), which keeps each splice mark on its picture.
 */
export function videoStreamArgs(video: ResolvedVideo, captions: boolean, keyframeExpr: string, videoIndex: number, spliceMarks = false, fpsMode: "cfr" | "passthrough" = "cfr"): string[] {
  const args = videoCodecArgs(video, captions, keyframeExpr);
  const marks = spliceMarks && (video.codec === "H264" || video.codec === "H265") ? ["-udu_sei:v", "1"] : [];
  return forVideoStream([...args, ...marks, "-fps_mode:v", fpsMode], videoIndex);
}

/** Encoder options and ISO 639 metadata of audio stream `audioIndex` (its place among the output's audio streams). */
export function audioStreamArgs(audio: ResolvedAudio, audioIndex: number): string[] {
  const args: string[] = [];
  for (const [option, value] of audio.codecArgs) args.push(`${option}:a:${audioIndex}`, value);
  if (audio.languageCode) args.push(`-metadata:s:a:${audioIndex}`, `language=${audio.languageCode}`);
  if (audio.disposition) args.push(`-disposition:a:${audioIndex}`, audio.disposition);
  return args;
}
