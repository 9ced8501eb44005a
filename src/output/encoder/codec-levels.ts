// Level choice for MediaLive's H264_LEVEL_AUTO / H265_LEVEL_AUTO. openlive picks the level
// itself (the smallest one whose limits the encode fits) and hands it to the encoder, so the
// CODECS attribute of the master playlist (RFC 8216 §4.3.4.2) names the level actually coded.

/** ITU-T H.264 Table A-1: MaxMBPS, MaxFS, MaxDpbMbs, MaxBR (1000 bit/s), MaxCPB (1000 bit). */
const H264_LEVELS = [
  { idc: 10, maxMbps: 1485, maxFs: 99, maxDpbMbs: 396, maxBrKbps: 64, maxCpbKbit: 175 },
  { idc: 11, maxMbps: 3000, maxFs: 396, maxDpbMbs: 900, maxBrKbps: 192, maxCpbKbit: 500 },
  { idc: 12, maxMbps: 6000, maxFs: 396, maxDpbMbs: 2376, maxBrKbps: 384, maxCpbKbit: 1000 },
  { idc: 13, maxMbps: 11880, maxFs: 396, maxDpbMbs: 2376, maxBrKbps: 768, maxCpbKbit: 2000 },
  { idc: 20, maxMbps: 11880, maxFs: 396, maxDpbMbs: 2376, maxBrKbps: 2000, maxCpbKbit: 2000 },
  { idc: 21, maxMbps: 19800, maxFs: 792, maxDpbMbs: 4752, maxBrKbps: 4000, maxCpbKbit: 4000 },
  { idc: 22, maxMbps: 20250, maxFs: 1620, maxDpbMbs: 8100, maxBrKbps: 4000, maxCpbKbit: 4000 },
  { idc: 30, maxMbps: 40500, maxFs: 1620, maxDpbMbs: 8100, maxBrKbps: 10000, maxCpbKbit: 10000 },
  { idc: 31, maxMbps: 108000, maxFs: 3600, maxDpbMbs: 18000, maxBrKbps: 14000, maxCpbKbit: 14000 },
  { idc: 32, maxMbps: 216000, maxFs: 5120, maxDpbMbs: 20480, maxBrKbps: 20000, maxCpbKbit: 20000 },
  { idc: 40, maxMbps: 245760, maxFs: 8192, maxDpbMbs: 32768, maxBrKbps: 20000, maxCpbKbit: 25000 },
  { idc: 41, maxMbps: 245760, maxFs: 8192, maxDpbMbs: 32768, maxBrKbps: 50000, maxCpbKbit: 62500 },
  { idc: 42, maxMbps: 522240, maxFs: 8704, maxDpbMbs: 34816, maxBrKbps: 50000, maxCpbKbit: 62500 },
  { idc: 50, maxMbps: 589824, maxFs: 22080, maxDpbMbs: 110400, maxBrKbps: 135000, maxCpbKbit: 135000 },
  { idc: 51, maxMbps: 983040, maxFs: 36864, maxDpbMbs: 184320, maxBrKbps: 240000, maxCpbKbit: 240000 },
  { idc: 52, maxMbps: 2073600, maxFs: 36864, maxDpbMbs: 184320, maxBrKbps: 240000, maxCpbKbit: 240000 },
] as const;

/** ITU-T H.265 Table A.8/A.9: MaxLumaPs, MaxLumaSr, MaxBR and MaxCPB per tier (1000 bit/s, 1000 bit). */
const H265_LEVELS = [
  { idc: 30, maxLumaPs: 36864, maxLumaSr: 552960, mainBrKbps: 128, highBrKbps: 128, mainCpbKbit: 350, highCpbKbit: 350 },
  { idc: 60, maxLumaPs: 122880, maxLumaSr: 3686400, mainBrKbps: 1500, highBrKbps: 1500, mainCpbKbit: 1500, highCpbKbit: 1500 },
  { idc: 63, maxLumaPs: 245760, maxLumaSr: 7372800, mainBrKbps: 3000, highBrKbps: 3000, mainCpbKbit: 3000, highCpbKbit: 3000 },
  { idc: 90, maxLumaPs: 552960, maxLumaSr: 16588800, mainBrKbps: 6000, highBrKbps: 6000, mainCpbKbit: 6000, highCpbKbit: 6000 },
  { idc: 93, maxLumaPs: 983040, maxLumaSr: 33177600, mainBrKbps: 10000, highBrKbps: 10000, mainCpbKbit: 10000, highCpbKbit: 10000 },
  { idc: 120, maxLumaPs: 2228224, maxLumaSr: 66846720, mainBrKbps: 12000, highBrKbps: 30000, mainCpbKbit: 12000, highCpbKbit: 30000 },
  { idc: 123, maxLumaPs: 2228224, maxLumaSr: 133693440, mainBrKbps: 20000, highBrKbps: 50000, mainCpbKbit: 20000, highCpbKbit: 50000 },
  { idc: 150, maxLumaPs: 8912896, maxLumaSr: 267386880, mainBrKbps: 25000, highBrKbps: 100000, mainCpbKbit: 25000, highCpbKbit: 100000 },
  { idc: 153, maxLumaPs: 8912896, maxLumaSr: 534773760, mainBrKbps: 40000, highBrKbps: 160000, mainCpbKbit: 40000, highCpbKbit: 160000 },
  { idc: 156, maxLumaPs: 8912896, maxLumaSr: 1069547520, mainBrKbps: 60000, highBrKbps: 240000, mainCpbKbit: 60000, highCpbKbit: 240000 },
  { idc: 180, maxLumaPs: 35651584, maxLumaSr: 1069547520, mainBrKbps: 60000, highBrKbps: 240000, mainCpbKbit: 60000, highCpbKbit: 240000 },
  { idc: 183, maxLumaPs: 35651584, maxLumaSr: 2139095040, mainBrKbps: 120000, highBrKbps: 480000, mainCpbKbit: 120000, highCpbKbit: 480000 },
  { idc: 186, maxLumaPs: 35651584, maxLumaSr: 4278190080, mainBrKbps: 240000, highBrKbps: 800000, mainCpbKbit: 240000, highCpbKbit: 800000 },
] as const;

export interface LevelDemand {
  readonly width: number;
  readonly height: number;
  readonly framesPerSec: number;
  /** VBV max rate (peak bitrate). */
  readonly maxBitrateBps: number;
  readonly bufSizeBits: number;
}

/** level_idc (e.g. 31 for 3.1) for an H.264 encode; `dpbFrames` as x264 sizes its DPB. */
export function pickH264LevelIdc(demand: LevelDemand, profile: "BASELINE" | "MAIN" | "HIGH", dpbFrames: number): number {
  const frameMbs = Math.ceil(demand.width / 16) * Math.ceil(demand.height / 16);
  // H.264 Table A-2: cpbBrVclFactor is 1250 for High, 1000 for Baseline/Main.
  const brFactor = profile === "HIGH" ? 1.25 : 1;
  const fit = H264_LEVELS.find(
    (level) =>
      frameMbs <= level.maxFs &&
      frameMbs * demand.framesPerSec <= level.maxMbps &&
      frameMbs * dpbFrames <= level.maxDpbMbs &&
      demand.maxBitrateBps <= level.maxBrKbps * 1000 * brFactor &&
      demand.bufSizeBits <= level.maxCpbKbit * 1000 * brFactor,
  );
  return (fit ?? H264_LEVELS[H264_LEVELS.length - 1]!).idc;
}

/** general_level_idc (30 × level, e.g. 120 for 4.0) for an H.265 Main encode. */
export function pickH265LevelIdc(demand: LevelDemand, highTier: boolean): number {
  const lumaPs = demand.width * demand.height;
  const fit = H265_LEVELS.find(
    (level) =>
      lumaPs <= level.maxLumaPs &&
      lumaPs * demand.framesPerSec <= level.maxLumaSr &&
      demand.maxBitrateBps <= (highTier ? level.highBrKbps : level.mainBrKbps) * 1000 &&
      demand.bufSizeBits <= (highTier ? level.highCpbKbit : level.mainCpbKbit) * 1000,
  );
  return (fit ?? H265_LEVELS[H265_LEVELS.length - 1]!).idc;
}

/** "H264_LEVEL_3_1" → 31; "H265_LEVEL_4_1" → 123; AUTO or absent → undefined. */
export function levelIdcFromSetting(level: string | undefined): number | undefined {
  const match = /^H26([45])_LEVEL_(\d)(?:_(\d))?$/.exec(level ?? "");
  if (!match) return undefined;
  const major = Number(match[2]);
  const minor = Number(match[3] ?? 0);
  return match[1] === "4" ? major * 10 + minor : major * 30 + minor * 3;
}

/** AV1 Annex A.3: seq_level_idx, MaxPicSize, MaxDecodeRate (luma samples/s). */
const AV1_LEVELS = [
  { idx: 0, maxPicSize: 147456, maxDecodeRate: 4423680 },
  { idx: 1, maxPicSize: 278784, maxDecodeRate: 8363520 },
  { idx: 4, maxPicSize: 665856, maxDecodeRate: 19975680 },
  { idx: 5, maxPicSize: 1065024, maxDecodeRate: 31950720 },
  { idx: 8, maxPicSize: 2359296, maxDecodeRate: 70778880 },
  { idx: 9, maxPicSize: 2359296, maxDecodeRate: 141557760 },
  { idx: 12, maxPicSize: 8912896, maxDecodeRate: 267386880 },
  { idx: 13, maxPicSize: 8912896, maxDecodeRate: 534773760 },
  { idx: 14, maxPicSize: 8912896, maxDecodeRate: 1069547520 },
  { idx: 16, maxPicSize: 35651584, maxDecodeRate: 1069547520 },
  { idx: 17, maxPicSize: 35651584, maxDecodeRate: 2139095040 },
] as const;

/** seq_level_idx (AV1 §A.3: 4 × (major − 2) + minor) for an AV1 encode. */
export function pickAv1LevelIdx(demand: LevelDemand): number {
  const lumaPs = demand.width * demand.height;
  const fit = AV1_LEVELS.find((level) => lumaPs <= level.maxPicSize && lumaPs * demand.framesPerSec <= level.maxDecodeRate);
  return (fit ?? AV1_LEVELS[AV1_LEVELS.length - 1]!).idx;
}

/** "AV1_LEVEL_5_1" → 13; AUTO or absent → undefined. */
export function av1LevelIdxFromSetting(level: string | undefined): number | undefined {
  const match = /^AV1_LEVEL_(\d)(?:_(\d))?$/.exec(level ?? "");
  return match ? 4 * (Number(match[1]) - 2) + Number(match[2] ?? 0) : undefined;
}

/**
 * MPEG-2 level (ISO/IEC 13818-2 Table 8-8, the level nibble of profile_and_level_indication):
 * Main level 8 up to 720x576 at 30 frames/s and 15 Mbit/s, High-1440 level 6 up to 1440x1152
 * at 60 frames/s and 60 Mbit/s, High level 4 above.
 */
export function pickMpeg2Level(demand: LevelDemand): 4 | 6 | 8 {
  if (demand.width <= 720 && demand.height <= 576 && demand.framesPerSec <= 30 && demand.maxBitrateBps <= 15_000_000) return 8;
  if (demand.width <= 1440 && demand.height <= 1152 && demand.framesPerSec <= 60 && demand.maxBitrateBps <= 60_000_000) return 6;
  return 4;
}

/** ISO/IEC 13818-2 Table 8-13: largest vbv_buffer_size (bits) of Main profile at each level. */
export const MPEG2_MAX_VBV_BITS = { 8: 1_835_008, 6: 7_340_032, 4: 9_781_248 } as const;

/** 31 → "3.1" (the form x264's --level and x265's level-idc take). */
export function levelName(levelIdc: number, codec: "H264" | "H265"): string {
  const tenths = codec === "H264" ? levelIdc : Math.round(levelIdc / 3);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}
