// One video description resolved against the fed source: output size, frame rate, pixel
// aspect ratio, rate control, GOP and level, with MediaLive's defaults filled in. Everything
// the filter graph, the encoder arguments and the master playlist need comes from here.

import type { H264Settings, H265Settings, VideoDescription } from "../../model/generated/medialive-types.ts";
import { levelIdcFromSetting, pickH264LevelIdc, pickH265LevelIdc } from "./codec-levels.ts";
import { avcCodecs, hevcCodecs } from "./codec-strings.ts";
import type { FedStreamLayout, FrameRate, RateControlMode } from "./plan-types.ts";

export interface VideoRateControl {
  readonly mode: RateControlMode;
  /** CBR/VBR target; absent for QVBR. */
  readonly bitrateBps?: number;
  /** VBV max rate: the bitrate for CBR, maxBitrate for VBR and QVBR. */
  readonly maxBitrateBps: number;
  readonly bufSizeBits: number;
  /** Initial VBV fill, 0–1 (bufFillPct). */
  readonly bufFill: number;
  /** QVBR: the constant-quality factor. */
  readonly crf?: number;
}

export interface ResolvedVideo {
  readonly name: string;
  readonly codec: "H264" | "H265";
  readonly width: number;
  readonly height: number;
  readonly frameRate: FrameRate;
  readonly sampleAspectRatio: FrameRate;
  readonly stretch: boolean;
  readonly interlaced: boolean;
  readonly rate: VideoRateControl;
  readonly gopFrames: number;
  readonly levelIdc: number;
  readonly codecs: string;
  readonly h264?: H264Settings;
  readonly h265?: H265Settings;
}

/**
 * qvbrQualityLevel 1–10 → CRF. MediaLive documents 7 as broadcast-grade HD and 8–10 as
 * high quality; this scale puts 7 at CRF 25 and 10 at CRF 19 (x264/x265 both read CRF on
 * their own 0–51 scale). Absent → 7, MediaLive's recommendation for most content.
 */
const QVBR_CRF = [42, 38, 35, 32, 29, 27, 25, 23, 21, 19] as const;
export function crfForQvbrLevel(level: number | undefined): number {
  return QVBR_CRF[Math.min(10, Math.max(1, Math.round(level ?? 7))) - 1]!;
}

/** Default GOP when gopSize is absent: 2 s divides every usual segment length. */
const DEFAULT_GOP_SEC = 2;

export function gopFrames(gopSize: number | undefined, units: string | undefined, frameRate: FrameRate): number {
  if (gopSize === undefined) return Math.max(1, Math.round((DEFAULT_GOP_SEC * frameRate.num) / frameRate.den));
  // gopSizeUnits SECONDS: MediaLive converts the GOP to a frame count at the output frame rate.
  if (units === "SECONDS") return Math.max(1, Math.round((gopSize * frameRate.num) / frameRate.den));
  return Math.max(1, Math.round(gopSize));
}

function rateControl(settings: H264Settings | H265Settings): VideoRateControl {
  const mode: RateControlMode = settings.rateControlMode === "VBR" || settings.rateControlMode === "QVBR" ? settings.rateControlMode : "CBR";
  const bufFill = "bufFillPct" in settings && settings.bufFillPct !== undefined ? settings.bufFillPct / 100 : 0.9;
  if (mode === "QVBR") {
    const maxBitrateBps = settings.maxBitrate ?? settings.bitrate ?? 5_000_000;
    return { mode, maxBitrateBps, bufSizeBits: settings.bufSize ?? 2 * maxBitrateBps, bufFill, crf: crfForQvbrLevel(settings.qvbrQualityLevel) };
  }
  const bitrateBps = settings.bitrate ?? 5_000_000;
  const maxBitrateBps = mode === "VBR" ? Math.max(settings.maxBitrate ?? bitrateBps, bitrateBps) : bitrateBps;
  return { mode, bitrateBps, maxBitrateBps, bufSizeBits: settings.bufSize ?? 2 * maxBitrateBps, bufFill };
}

function outputFrameRate(description: VideoDescription, fed: FedStreamLayout): FrameRate {
  const h264 = description.codecSettings?.h264Settings;
  const h265 = description.codecSettings?.h265Settings;
  if (h265) return { num: h265.framerateNumerator, den: h265.framerateDenominator };
  const specified = h264?.framerateControl === "SPECIFIED" || (h264?.framerateControl === undefined && h264?.framerateNumerator !== undefined);
  if (h264 && specified && h264.framerateNumerator !== undefined && h264.framerateDenominator !== undefined) {
    return { num: h264.framerateNumerator, den: h264.framerateDenominator };
  }
  return fed.frameRate;
}

function pixelAspect(description: VideoDescription, fed: FedStreamLayout): FrameRate {
  const settings = description.codecSettings?.h264Settings ?? description.codecSettings?.h265Settings;
  const h264Control = description.codecSettings?.h264Settings?.parControl;
  const specified = h264Control === "SPECIFIED" || (h264Control === undefined && settings?.parNumerator !== undefined);
  if (specified && settings?.parNumerator !== undefined && settings.parDenominator !== undefined) {
    return { num: settings.parNumerator, den: settings.parDenominator };
  }
  return fed.sampleAspectRatio ?? { num: 1, den: 1 };
}

/** x264's DPB size (encoder/set.c): max(refs, 1 + reorder frames, 4 with a B-pyramid). */
function h264DpbFrames(h264: H264Settings, refs: number): number {
  const bFrames = h264.profile === "BASELINE" ? 0 : (h264.gopNumBFrames ?? X264_DEFAULT_B_FRAMES);
  const pyramid = bFrames > 1 && h264.gopBReference === "ENABLED";
  const reorder = pyramid ? 2 : bFrames > 0 ? 1 : 0;
  return Math.max(refs, 1 + reorder, pyramid ? 4 : 1);
}

/** x264 preset veryfast: 1 reference frame, 3 B-frames (the encoder's values for absent members). */
export const X264_DEFAULT_REFS = 1;
export const X264_DEFAULT_B_FRAMES = 3;

export function resolveVideo(description: VideoDescription, fed: FedStreamLayout): ResolvedVideo {
  const h264 = description.codecSettings?.h264Settings;
  const h265 = description.codecSettings?.h265Settings;
  const settings = h264 ?? h265;
  if (!settings) throw new TypeError(`video description "${description.name}" has no h264Settings or h265Settings`);
  const width = description.width ?? fed.width;
  const height = description.height ?? fed.height;
  const frameRate = outputFrameRate(description, fed);
  const rate = rateControl(settings);
  const demand = { width, height, framesPerSec: frameRate.num / frameRate.den, maxBitrateBps: rate.maxBitrateBps, bufSizeBits: rate.bufSizeBits };
  const common = {
    name: description.name,
    width,
    height,
    frameRate,
    sampleAspectRatio: pixelAspect(description, fed),
    stretch: description.scalingBehavior === "STRETCH_TO_OUTPUT",
    interlaced: h264?.scanType === "INTERLACED",
    rate,
    gopFrames: gopFrames(settings.gopSize, settings.gopSizeUnits, frameRate),
  };
  if (h264) {
    const profile = h264.profile === "BASELINE" || h264.profile === "HIGH" ? h264.profile : "MAIN";
    const levelIdc = levelIdcFromSetting(h264.level) ?? pickH264LevelIdc(demand, profile, h264DpbFrames(h264, h264.numRefFrames ?? X264_DEFAULT_REFS));
    return { ...common, codec: "H264", levelIdc, codecs: avcCodecs(profile, levelIdc), h264 };
  }
  const highTier = h265!.tier === "HIGH";
  const levelIdc = levelIdcFromSetting(h265!.level) ?? pickH265LevelIdc(demand, highTier);
  return { ...common, codec: "H265", levelIdc, codecs: hevcCodecs(levelIdc, highTier), h265: h265! };
}
