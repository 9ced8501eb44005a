// One video description resolved against the fed source: codec, output size, frame rate,
// pixel aspect ratio, pixel format, colour, rate control, GOP and level, with MediaLive's
// defaults filled in. Everything the filter graph, the encoder arguments and the master
// playlist need comes from here.

import type {
  Av1Settings,
  FrameCaptureSettings,
  H264Settings,
  H265Settings,
  Mpeg2Settings,
  TemporalFilterSettings,
  TimecodeBurninSettings,
  VideoDescription,
} from "../../model/generated/medialive-types.ts";
import { av1LevelIdxFromSetting, levelIdcFromSetting, pickAv1LevelIdx, pickH264LevelIdc, pickH265LevelIdc, pickMpeg2Level, MPEG2_MAX_VBV_BITS, type LevelDemand } from "./codec-levels.ts";
import { av1Codecs, avcCodecs, hevcCodecs, MPEG2_MAIN_CODECS, type H264ProfileName } from "./codec-strings.ts";
import { resolveColour, type VideoColour } from "./colour.ts";
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

export const VIDEO_CODECS = { H264: "H264", H265: "H265", MPEG2: "MPEG2", AV1: "AV1", FRAME_CAPTURE: "FRAME_CAPTURE" } as const;
export type VideoCodec = (typeof VIDEO_CODECS)[keyof typeof VIDEO_CODECS];

/** Pixel formats the encoders are fed (ffmpeg names). */
export type PixelFormat = "yuv420p" | "yuv420p10le" | "yuv422p" | "yuv422p10le";

export interface ResolvedVideo {
  readonly name: string;
  readonly codec: VideoCodec;
  readonly width: number;
  readonly height: number;
  readonly frameRate: FrameRate;
  readonly sampleAspectRatio: FrameRate;
  readonly stretch: boolean;
  readonly interlaced: boolean;
  readonly pixelFormat: PixelFormat;
  readonly colour: VideoColour;
  /** VideoDescription.sharpness, 0–100 (50 = as scaled). */
  readonly sharpness: number;
  readonly temporalFilter?: TemporalFilterSettings;
  readonly timecodeBurnin?: TimecodeBurninSettings;
  readonly rate: VideoRateControl;
  readonly gopFrames: number;
  /** H.264 level_idc, H.265 general_level_idc, AV1 seq_level_idx, MPEG-2 level nibble; 0 for frame capture. */
  readonly levelIdc: number;
  /** RFC 6381 codec string ("" for frame capture, which no playlist names). */
  readonly codecs: string;
  readonly h264?: H264Settings;
  readonly h265?: H265Settings;
  readonly mpeg2?: Mpeg2Settings;
  readonly av1?: Av1Settings;
  readonly frameCapture?: FrameCaptureSettings;
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

/**
 * Bitrate when the configuration names none: H.264 without codecSettings (MediaLive documents
 * no default) and MPEG-2 (Mpeg2Settings has no bitrate member). 0.1 bit per pixel per frame is
 * a usual H.264 figure (1280x720 at 30 frames/s: 2.8 Mbit/s); MPEG-2 needs about 3 times that
 * for the same quality.
 */
export const DEFAULT_BITS_PER_PIXEL = { H264: 0.1, MPEG2: 0.3 } as const;
const FALLBACK_BITRATE_BPS = 5_000_000;

type RateSettings = Pick<H264Settings, "rateControlMode" | "bitrate" | "maxBitrate" | "bufSize" | "qvbrQualityLevel"> & { readonly bufFillPct?: number };

function rateControl(settings: RateSettings, defaultBitrateBps: number): VideoRateControl {
  const mode: RateControlMode = settings.rateControlMode === "VBR" || settings.rateControlMode === "QVBR" ? settings.rateControlMode : "CBR";
  const bufFill = settings.bufFillPct !== undefined ? settings.bufFillPct / 100 : 0.9;
  if (mode === "QVBR") {
    const maxBitrateBps = settings.maxBitrate ?? settings.bitrate ?? defaultBitrateBps;
    return { mode, maxBitrateBps, bufSizeBits: settings.bufSize ?? 2 * maxBitrateBps, bufFill, crf: crfForQvbrLevel(settings.qvbrQualityLevel) };
  }
  const bitrateBps = settings.bitrate ?? defaultBitrateBps;
  const maxBitrateBps = mode === "VBR" ? Math.max(settings.maxBitrate ?? bitrateBps, bitrateBps) : bitrateBps;
  return { mode, bitrateBps, maxBitrateBps, bufSizeBits: settings.bufSize ?? 2 * maxBitrateBps, bufFill };
}

/** Frame capture: one picture per captureInterval (MediaLive's unit default is SECONDS). */
export function frameCaptureRate(settings: FrameCaptureSettings): FrameRate {
  const interval = settings.captureInterval ?? 1;
  return settings.captureIntervalUnits === "MILLISECONDS" ? { num: 1000, den: interval } : { num: 1, den: interval };
}

function outputFrameRate(codec: CodecChoice, fed: FedStreamLayout): FrameRate {
  if (codec.kind === "FRAME_CAPTURE") return frameCaptureRate(codec.settings);
  if (codec.kind !== "H264") return { num: codec.settings.framerateNumerator, den: codec.settings.framerateDenominator };
  const h264 = codec.settings;
  const specified = h264.framerateControl === "SPECIFIED" || (h264.framerateControl === undefined && h264.framerateNumerator !== undefined);
  if (specified && h264.framerateNumerator !== undefined && h264.framerateDenominator !== undefined) {
    return { num: h264.framerateNumerator, den: h264.framerateDenominator };
  }
  return fed.frameRate;
}

/** parControl SPECIFIED (or absent with numbers given): the numbers, a missing one read as 1. */
function pixelAspect(codec: CodecChoice, fed: FedStreamLayout): FrameRate {
  if (codec.kind === "FRAME_CAPTURE" || codec.kind === "MPEG2") return fed.sampleAspectRatio ?? { num: 1, den: 1 };
  const settings = codec.settings;
  const control = codec.kind === "H264" ? codec.settings.parControl : undefined;
  const hasNumbers = settings.parNumerator !== undefined || settings.parDenominator !== undefined;
  if (control === "SPECIFIED" || (control === undefined && hasNumbers)) return { num: settings.parNumerator ?? 1, den: settings.parDenominator ?? 1 };
  return fed.sampleAspectRatio ?? { num: 1, den: 1 };
}

/** MPEG-2 displayAspectRatio → the sample aspect ratio that gives it at the output size. */
function mpeg2PixelAspect(mpeg2: Mpeg2Settings, width: number, height: number, fed: FedStreamLayout): FrameRate {
  if (mpeg2.displayAspectRatio === undefined) return fed.sampleAspectRatio ?? { num: 1, den: 1 };
  const [darNum, darDen] = mpeg2.displayAspectRatio === "DISPLAYRATIO4X3" ? [4, 3] : [16, 9];
  const num = darNum * height;
  const den = darDen * width;
  const divisor = gcd(num, den);
  return { num: num / divisor, den: den / divisor };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
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

/** MediaLive's H264Profile → x264's profile name and the pixel format it codes. */
export const H264_PROFILES = {
  BASELINE: { x264: "baseline", pixelFormat: "yuv420p" },
  MAIN: { x264: "main", pixelFormat: "yuv420p" },
  HIGH: { x264: "high", pixelFormat: "yuv420p" },
  HIGH_10BIT: { x264: "high10", pixelFormat: "yuv420p10le" },
  HIGH_422: { x264: "high422", pixelFormat: "yuv422p" },
  HIGH_422_10BIT: { x264: "high422", pixelFormat: "yuv422p10le" },
} as const satisfies Record<H264ProfileName, { x264: string; pixelFormat: PixelFormat }>;

export function h264Profile(h264: H264Settings): H264ProfileName {
  return h264.profile !== undefined && h264.profile in H264_PROFILES ? h264.profile : "MAIN";
}

type CodecChoice =
  | { readonly kind: "H264"; readonly settings: H264Settings }
  | { readonly kind: "H265"; readonly settings: H265Settings }
  | { readonly kind: "MPEG2"; readonly settings: Mpeg2Settings }
  | { readonly kind: "AV1"; readonly settings: Av1Settings }
  | { readonly kind: "FRAME_CAPTURE"; readonly settings: FrameCaptureSettings };

/** No codecSettings: MediaLive encodes H.264 with its defaults (every H264Settings member absent). */
function codecChoice(description: VideoDescription): CodecChoice {
  const codec = description.codecSettings;
  if (codec?.h265Settings) return { kind: "H265", settings: codec.h265Settings };
  if (codec?.mpeg2Settings) return { kind: "MPEG2", settings: codec.mpeg2Settings };
  if (codec?.av1Settings) return { kind: "AV1", settings: codec.av1Settings };
  if (codec?.frameCaptureSettings) return { kind: "FRAME_CAPTURE", settings: codec.frameCaptureSettings };
  return { kind: "H264", settings: codec?.h264Settings ?? {} };
}

interface CodecFacts {
  readonly rate: VideoRateControl;
  readonly levelIdc: number;
  readonly codecs: string;
  readonly pixelFormat: PixelFormat;
}

export function resolveVideo(description: VideoDescription, fed: FedStreamLayout): ResolvedVideo {
  const codec = codecChoice(description);
  const width = description.width ?? fed.width;
  const height = description.height ?? fed.height;
  const frameRate = outputFrameRate(codec, fed);
  const framesPerSec = frameRate.num / frameRate.den;
  const settings = codec.settings;
  const colour =
    codec.kind === "H264" || codec.kind === "H265"
      ? resolveColour(codec.settings.colorMetadata, codec.settings.colorSpaceSettings, codec.kind === "H265" && codec.settings.alternativeTransferFunction === "INSERT")
      : // AV1 colorSpaceSettings are told (libsvtav1 here writes no HDR metadata): the source's colour is carried.
        resolveColour(codec.kind === "MPEG2" ? codec.settings.colorMetadata : undefined, undefined);
  const defaultBitrate = (bitsPerPixel: number): number => Math.round(bitsPerPixel * width * height * framesPerSec) || FALLBACK_BITRATE_BPS;
  const demandOf = (rate: VideoRateControl): LevelDemand => ({ width, height, framesPerSec, maxBitrateBps: rate.maxBitrateBps, bufSizeBits: rate.bufSizeBits });
  let facts: CodecFacts;
  switch (codec.kind) {
    case "H264": {
      const h264 = codec.settings;
      const rate = rateControl(h264, defaultBitrate(DEFAULT_BITS_PER_PIXEL.H264));
      const profile = h264Profile(h264);
      const levelProfile = profile === "BASELINE" || profile === "MAIN" ? profile : "HIGH";
      const levelIdc = levelIdcFromSetting(h264.level) ?? pickH264LevelIdc(demandOf(rate), levelProfile, h264DpbFrames(h264, h264.numRefFrames ?? X264_DEFAULT_REFS));
      facts = { rate, levelIdc, codecs: avcCodecs(profile, levelIdc), pixelFormat: H264_PROFILES[profile].pixelFormat };
      break;
    }
    case "H265": {
      const h265 = codec.settings;
      const rate = rateControl(h265, FALLBACK_BITRATE_BPS);
      const highTier = h265.tier === "HIGH";
      // HDR (BT.2100) needs 10-bit samples: Main 10 whatever the profile says.
      const main10 = h265.profile === "MAIN_10BIT" || colour.needsTenBit;
      const levelIdc = levelIdcFromSetting(h265.level) ?? pickH265LevelIdc(demandOf(rate), highTier);
      facts = { rate, levelIdc, codecs: hevcCodecs(levelIdc, highTier, main10), pixelFormat: main10 ? "yuv420p10le" : "yuv420p" };
      break;
    }
    case "MPEG2": {
      const bitrateBps = defaultBitrate(DEFAULT_BITS_PER_PIXEL.MPEG2);
      const level = pickMpeg2Level(demandOf({ mode: "CBR", bitrateBps, maxBitrateBps: bitrateBps, bufSizeBits: 0, bufFill: 0.9 }));
      const rate: VideoRateControl = { mode: "CBR", bitrateBps, maxBitrateBps: bitrateBps, bufSizeBits: Math.min(bitrateBps, MPEG2_MAX_VBV_BITS[level]), bufFill: 0.9 };
      facts = { rate, levelIdc: level, codecs: MPEG2_MAIN_CODECS, pixelFormat: "yuv420p" };
      break;
    }
    case "AV1": {
      const av1 = codec.settings;
      const rate = rateControl(av1, FALLBACK_BITRATE_BPS);
      const tenBit = av1.bitDepth === "DEPTH_10" || colour.needsTenBit;
      const levelIdc = av1LevelIdxFromSetting(av1.level) ?? pickAv1LevelIdx(demandOf(rate));
      facts = { rate, levelIdc, codecs: av1Codecs(levelIdc, tenBit ? 10 : 8), pixelFormat: tenBit ? "yuv420p10le" : "yuv420p" };
      break;
    }
    case "FRAME_CAPTURE": {
      // JPEG stills: no rate control; the figures are only what a monitor would read.
      const rate: VideoRateControl = { mode: "CBR", bitrateBps: 0, maxBitrateBps: 0, bufSizeBits: 0, bufFill: 0 };
      facts = { rate, levelIdc: 0, codecs: "", pixelFormat: "yuv420p" };
      break;
    }
  }
  // Frame capture codes stills: every picture is a keyframe.
  const gop = codec.kind === "FRAME_CAPTURE" ? 1 : gopFrames(codec.settings.gopSize, codec.settings.gopSizeUnits, frameRate);
  const filterSettings = "filterSettings" in settings ? settings.filterSettings : undefined;
  return {
    name: description.name,
    codec: codec.kind,
    width,
    height,
    frameRate,
    sampleAspectRatio: codec.kind === "MPEG2" ? mpeg2PixelAspect(codec.settings, width, height, fed) : pixelAspect(codec, fed),
    stretch: description.scalingBehavior === "STRETCH_TO_OUTPUT",
    // H.265 interlaced coding is told (x265 codes fields as separate pictures ffmpeg does not feed).
    interlaced: (codec.kind === "H264" || codec.kind === "MPEG2") && codec.settings.scanType === "INTERLACED",
    colour,
    sharpness: description.sharpness ?? 50,
    ...(filterSettings?.temporalFilterSettings ? { temporalFilter: filterSettings.temporalFilterSettings } : {}),
    ...(settings.timecodeBurninSettings ? { timecodeBurnin: settings.timecodeBurninSettings } : {}),
    gopFrames: gop,
    ...facts,
    ...(codec.kind === "H264" ? { h264: codec.settings } : {}),
    ...(codec.kind === "H265" ? { h265: codec.settings } : {}),
    ...(codec.kind === "MPEG2" ? { mpeg2: codec.settings } : {}),
    ...(codec.kind === "AV1" ? { av1: codec.settings } : {}),
    ...(codec.kind === "FRAME_CAPTURE" ? { frameCapture: codec.settings } : {}),
  };
}
