// libx264 arguments for one H.264 encode (MediaLive H264Settings → ffmpeg/x264 options).
// Options go after ffmpeg's stream specifier `:v` of their output (one video stream each).

import { levelName } from "./codec-levels.ts";
import { H264_PROFILES, h264Profile, X264_DEFAULT_B_FRAMES } from "./video-format.ts";
import type { ResolvedVideo } from "./video-format.ts";

/**
 * Speed preset of every encode. Live output must keep up with real time on commodity cores;
 * veryfast does 720p30 at ~5× real time on 2 cores (measured: 10 s of 1280x720@30 in 2.0 s).
 * Every member of H264Settings given in the channel overrides the preset's value for it.
 */
export const X264_PRESET = "veryfast";

/**
 * qualityLevel → preset: STANDARD_QUALITY is the default preset, ENHANCED_QUALITY one step
 * slower (x264's `faster`: about 1.4× the CPU of veryfast, more reference and motion search).
 */
export const X264_PRESET_BY_QUALITY = { STANDARD_QUALITY: X264_PRESET, ENHANCED_QUALITY: "faster" } as const;

/** lookAheadRateControl → rc-lookahead frames. */
export const LOOKAHEAD_FRAMES = { LOW: 10, MEDIUM: 20, HIGH: 40 } as const;

/** adaptiveQuantization → x264/x265 aq-strength (AUTO keeps the encoder's 1.0). */
export const AQ_STRENGTH = { OFF: 0, LOW: 0.5, MEDIUM: 0.8, AUTO: 1.0, HIGH: 1.0, HIGHER: 1.3, MAX: 1.6 } as const;

export function x264Args(video: ResolvedVideo, captions: boolean, keyframeExpr: string): string[] {
  const h264 = video.h264!;
  const profile = h264Profile(h264);
  const preset = X264_PRESET_BY_QUALITY[h264.qualityLevel ?? "STANDARD_QUALITY"];
  const args = ["-c:v", "libx264", "-preset:v", preset, "-profile:v", H264_PROFILES[profile].x264, "-level:v", levelName(video.levelIdc, "H264")];
  const rate = video.rate;
  const x264Params: string[] = [`vbv-init=${rate.bufFill}`];
  if (rate.mode === "QVBR") {
    args.push("-crf:v", String(rate.crf), "-maxrate:v", String(rate.maxBitrateBps), "-bufsize:v", String(rate.bufSizeBits));
  } else {
    args.push("-b:v", String(rate.bitrateBps), "-maxrate:v", String(rate.maxBitrateBps), "-bufsize:v", String(rate.bufSizeBits));
    // CBR: HRD signalling with filler data keeps the bitrate constant (Annex C).
    if (rate.mode === "CBR") args.push("-nal-hrd:v", "cbr");
  }
  if (h264.minQp !== undefined) args.push("-qmin:v", String(h264.minQp));
  args.push("-g:v", String(video.gopFrames), "-force_key_frames:v", keyframeExpr, "-forced-idr:v", "1");
  if (h264.minIInterval !== undefined) args.push("-keyint_min:v", String(h264.minIInterval));
  if (h264.sceneChangeDetect === "DISABLED") args.push("-sc_threshold:v", "0");
  // Baseline has no B-frames and no CABAC (H.264 §A.2.1).
  const bFrames = profile === "BASELINE" ? 0 : (h264.gopNumBFrames ?? X264_DEFAULT_B_FRAMES);
  args.push("-bf:v", String(bFrames));
  if (bFrames > 0) {
    args.push("-b-pyramid:v", h264.gopBReference === "ENABLED" && bFrames > 1 ? "normal" : "none");
    // subgopLength FIXED: B-frames at a fixed cadence; DYNAMIC: x264 adapts their placement.
    args.push("-b_strategy:v", h264.subgopLength === "DYNAMIC" ? "1" : "0");
  }
  // gopClosedCadence 0 allows open GOPs; segment-boundary keyframes are IDRs either way (-forced-idr).
  x264Params.push(`open-gop=${h264.gopClosedCadence === 0 ? 1 : 0}`);
  const cabac = profile !== "BASELINE" && h264.entropyEncoding !== "CAVLC";
  args.push("-coder:v", cabac ? "cabac" : "cavlc");
  if (h264.numRefFrames !== undefined) args.push("-refs:v", String(h264.numRefFrames));
  if (h264.slices !== undefined) args.push("-slices:v", String(h264.slices));
  args.push("-rc-lookahead:v", String(LOOKAHEAD_FRAMES[h264.lookAheadRateControl ?? "MEDIUM"]));
  const aqOff = h264.adaptiveQuantization === "OFF";
  args.push("-aq-mode:v", aqOff || h264.spatialAq === "DISABLED" ? "0" : "1");
  if (!aqOff) args.push("-aq-strength:v", String(AQ_STRENGTH[h264.adaptiveQuantization ?? "AUTO"]));
  args.push("-mbtree:v", aqOff || h264.temporalAq === "DISABLED" ? "0" : "1");
  if (video.interlaced) x264Params.push("tff=1");
  args.push("-x264-params:v", x264Params.join(":"));
  // Embedded captions pass through as A/53 SEI (ATSC A/53 Part 4 §6.2.3); dropped where the output names none.
  args.push("-a53cc:v", captions ? "1" : "0");
  return args;
}
