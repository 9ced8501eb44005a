// The fragmented-MP4 tee slaves of the push output kinds: which encoded streams an output
// names, and the mp4/ismv muxer options that cut one fragment per segment.
//
// ffmpeg's mp4 muxer cuts a fragment at a video keyframe once the fragment holds at least
// min_frag_duration (frag_keyframe + min_frag_duration), so with the shared encode's IDRs on
// every segment boundary each fragment is one segment starting with an IDR, whatever GOP
// keyframes fall inside it. A track without video is cut by duration (frag_duration).
// delay_moov: the encoder's H.264/H.265 headers travel in the stream (the tee muxer asks for no
// global header), so the `moov` is written once the first picture has shown them.

import { mpegtsLayout } from "../encoder/mpegts-options.ts";
import type { ResolvedAudio } from "../encoder/audio-encode.ts";
import type { EncodedStreams } from "../encoder/shared-encode.ts";
import type { ResolvedVideo } from "../encoder/video-format.ts";
import type { Output } from "../../model/generated/medialive-types.ts";
import type { GroupPlanContext } from "../output-kind.ts";
import { embeddedCaptionNames } from "../captions/webvtt-renditions.ts";

/** Below the segment length by this much, so a boundary IDR a little early still starts a fragment. */
const BOUNDARY_TOLERANCE_US = 10_000;

export interface Fmp4OutputMedia {
  readonly video: ResolvedVideo | undefined;
  readonly audios: readonly ResolvedAudio[];
  /** The video carries the output's embedded (A/53) captions. */
  readonly captions: boolean;
  readonly requester: string;
}

/** The descriptions an output names, resolved. Throws on a name the validator would have refused. */
export function fmp4OutputMedia(output: Output, outputIndex: number, groupName: string, context: GroupPlanContext): Fmp4OutputMedia {
  const requester = `output "${output.outputName ?? outputIndex}" of group "${groupName}"`;
  const video = output.videoDescriptionName ? context.videos.get(output.videoDescriptionName) : undefined;
  if (output.videoDescriptionName && !video) throw new TypeError(`${requester} names unknown video description "${output.videoDescriptionName}"`);
  const audios = (output.audioDescriptionNames ?? []).map((name) => {
    const audio = context.audios.get(name);
    if (!audio) throw new TypeError(`${requester} names unknown audio description "${name}"`);
    return audio;
  });
  const embedded = embeddedCaptionNames(context.request.config, output.captionDescriptionNames ?? []);
  const captions = video !== undefined && embedded.length > 0 && video.codec === "H264";
  if (video && embedded.length > 0 && !captions) context.warn(`${requester}: ffmpeg 5.1's libx265 cannot carry A/53 captions; the output has none`);
  return { video, audios, captions, requester };
}

/**
 * The shared encode's streams for `video` and `audios` of an output. fMP4 has no PIDs: the
 * streams take those of the TS outputs sharing them, MediaLive's TS defaults where none asks.
 */
export function encodeFmp4Streams(media: Fmp4OutputMedia, part: { readonly video: boolean; readonly audios: readonly ResolvedAudio[]; readonly spliceMarks?: boolean }, segmentLengthSec: number, context: GroupPlanContext): EncodedStreams {
  const pids = mpegtsLayout(undefined, media.audios.length, segmentLengthSec);
  const audioPids = part.audios.map((audio) => pids.audioPids[media.audios.indexOf(audio)]!);
  return context.encodeOnce({
    ...(part.video && media.video ? { video: media.video } : {}),
    captions: part.video && media.captions,
    audios: part.audios,
    segmentLengthSec,
    videoPid: pids.videoPid,
    audioPids,
    pidsUnasked: true,
    // The pictures keep their splice marks (a CMAF ingest SCTE-35 track is made from them).
    ...(part.spliceMarks && part.video ? { spliceMarks: true } : {}),
    requester: media.requester,
  });
}

/** Muxer options cutting one fragment per `fragmentLengthSec`, each starting at a keyframe when there is video. */
export function fragmentOptions(fragmentLengthSec: number, hasVideo: boolean, movflags: readonly string[]): [string, string][] {
  const lengthUs = Math.round(fragmentLengthSec * 1_000_000);
  const flags = ["empty_moov", "delay_moov", ...movflags, ...(hasVideo ? ["frag_keyframe"] : [])];
  return [
    ["movflags", flags.map((flag) => `+${flag}`).join("")],
    hasVideo ? ["min_frag_duration", String(Math.max(0, lengthUs - BOUNDARY_TOLERANCE_US))] : ["frag_duration", String(lengthUs)],
  ];
}
