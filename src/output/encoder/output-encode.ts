// The encoding part of one ffmpeg output, whatever kind of output group it belongs to: a
// filter branch per description (split from the fed picture and audio streams), the -map of
// each, the video and audio encoder options and the stream ids (PIDs) of the MPEG-TS it muxes.

import type { ResolvedAudio } from "./audio-encode.ts";
import type { FilterBranch } from "./filter-graph.ts";
import { videoFilterChain } from "./video-filter.ts";
import type { ResolvedVideo } from "./video-format.ts";
import { x264Args } from "./x264-args.ts";
import { x265Args } from "./x265-args.ts";

/**
 * Packets an output may buffer while its encoders fill their look-ahead (pass-through audio
 * arrives long before the first encoded picture); ffmpeg's default of 128 is too small.
 */
const MAX_MUXING_QUEUE_PACKETS = 4096;

export interface EncodedOutput {
  /** Unique per output in the plan (`<group>_<output>`): names its filter branches. */
  readonly tag: string;
  /** Absent: an audio-only output (an HLS audio rendition). */
  readonly video?: ResolvedVideo;
  /** The video carries A/53 captions (H.264 only). */
  readonly captions: boolean;
  readonly audios: readonly ResolvedAudio[];
  /** -force_key_frames expression: IDRs on the output's segment boundaries. */
  readonly keyframeExpr: string;
  readonly videoPid: number;
  readonly audioPids: readonly number[];
}

/** The filter branches an output adds to the plan's filter graph. */
export interface FilterBranches {
  readonly video: FilterBranch[];
  /** Fed audio stream index → its branches. */
  readonly audio: Map<number, FilterBranch[]>;
}

function videoEncoderArgs(video: ResolvedVideo, captions: boolean, keyframeExpr: string): string[] {
  return video.codec === "H264" ? x264Args(video, captions, keyframeExpr) : x265Args(video, keyframeExpr);
}

/** Adds the output's branches to `branches` and returns its arguments up to the muxer's own. */
export function encodeOutputArgs(branches: FilterBranches, output: EncodedOutput): string[] {
  const { tag, video, audios } = output;
  const args: string[] = [];
  if (video) {
    const videoLabel = `v${tag}`;
    branches.video.push({ label: videoLabel, chain: videoFilterChain(video) });
    args.push("-map", `[${videoLabel}]`);
  }
  audios.forEach((audio, k) => {
    if (audio.passThrough) {
      args.push("-map", `0:a:${audio.fedIndex}`);
      return;
    }
    const label = `a${tag}_${k}`;
    const audioBranches = branches.audio.get(audio.fedIndex) ?? [];
    audioBranches.push({ label, chain: audio.filterChain! });
    branches.audio.set(audio.fedIndex, audioBranches);
    args.push("-map", `[${label}]`);
  });
  if (video) args.push(...videoEncoderArgs(video, output.captions, output.keyframeExpr), "-fps_mode:v", "cfr", "-streamid", `0:${output.videoPid}`);
  const firstAudioIndex = video ? 1 : 0;
  audios.forEach((audio, k) => {
    for (const [option, value] of audio.codecArgs) args.push(`${option}:a:${k}`, value);
    if (audio.languageCode) args.push(`-metadata:s:a:${k}`, `language=${audio.languageCode}`);
    if (audio.disposition) args.push(`-disposition:a:${k}`, audio.disposition);
    args.push("-streamid", `${k + firstAudioIndex}:${output.audioPids[k]}`);
  });
  args.push("-max_muxing_queue_size", String(MAX_MUXING_QUEUE_PACKETS));
  return args;
}
