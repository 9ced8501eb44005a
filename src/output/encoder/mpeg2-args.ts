// ffmpeg's mpeg2video arguments for one MPEG-2 encode (MediaLive Mpeg2Settings, ISO/IEC 13818-2).

import type { ResolvedVideo } from "./video-format.ts";

/**
 * adaptiveQuantization → mpeg2video's spatial complexity masking (scplx_mask: raises the
 * quantiser of busy macroblocks, where the eye tolerates it). AUTO is MEDIUM.
 */
export const MPEG2_SPATIAL_MASK = { OFF: 0, LOW: 0.1, MEDIUM: 0.2, AUTO: 0.2, HIGH: 0.3 } as const;

/** Scene-change threshold that never triggers: MediaLive's MPEG-2 keeps the GOP cadence fixed. */
const NO_SCENE_CUTS = "1000000000";

export function mpeg2Args(video: ResolvedVideo, keyframeExpr: string): string[] {
  const mpeg2 = video.mpeg2!;
  const rate = video.rate;
  const bitrate = String(rate.bitrateBps);
  const flags: string[] = [];
  // gopClosedCadence 0 allows open GOPs; any other value closes every GOP (closed_gop flag, §6.3.8).
  if (mpeg2.gopClosedCadence !== 0) flags.push("+cgop");
  if (video.interlaced) flags.push("+ildct", "+ilme");
  const args = ["-c:v", "mpeg2video", "-profile:v", "4", "-level:v", String(video.levelIdc)];
  // CBR: minrate = maxrate = bitrate with a VBV buffer the level allows (Annex C).
  args.push("-b:v", bitrate, "-minrate:v", bitrate, "-maxrate:v", bitrate, "-bufsize:v", String(rate.bufSizeBits));
  args.push("-g:v", String(video.gopFrames), "-force_key_frames:v", keyframeExpr, "-sc_threshold:v", NO_SCENE_CUTS);
  const bFrames = mpeg2.gopNumBFrames ?? 2;
  args.push("-bf:v", String(bFrames));
  // subgopLength FIXED: B-frames at a fixed cadence; DYNAMIC: the encoder adapts their placement.
  if (bFrames > 0) args.push("-b_strategy:v", mpeg2.subgopLength === "DYNAMIC" ? "1" : "0");
  const mask = MPEG2_SPATIAL_MASK[mpeg2.adaptiveQuantization ?? "AUTO"];
  if (mask > 0) args.push("-scplx_mask:v", String(mask));
  if (flags.length > 0) args.push("-flags:v", flags.join(""));
  if (video.interlaced) args.push("-top:v", "1");
  // GOP_TIMECODE: the GOP header's time_code counts from 00:00:00:00 at encoder start (§6.3.8).
  if (mpeg2.timecodeInsertion === "GOP_TIMECODE") args.push("-timecode_frame_start:v", "0");
  return args;
}
