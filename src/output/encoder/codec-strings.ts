// RFC 6381 §3.3 codec strings for the CODECS attribute of EXT-X-STREAM-INF (RFC 8216 §4.3.4.2).
// MediaLive's codecSpecification RFC_4281 and RFC_6381 give the same strings for these codecs.

/** H.264 §A.2 profile_idc of each MediaLive H264Profile. */
export const H264_PROFILE_IDC = { BASELINE: 0x42, MAIN: 0x4d, HIGH: 0x64, HIGH_10BIT: 0x6e, HIGH_422: 0x7a, HIGH_422_10BIT: 0x7a } as const;
export type H264ProfileName = keyof typeof H264_PROFILE_IDC;
// x264's constraint flags (encoder/set.c): set0 for Baseline, set1 for Baseline and Main.
const H264_CONSTRAINT_FLAGS = { BASELINE: 0xc0, MAIN: 0x40, HIGH: 0x00, HIGH_10BIT: 0x00, HIGH_422: 0x00, HIGH_422_10BIT: 0x00 } as const;

const hex2 = (value: number): string => value.toString(16).padStart(2, "0");

/** `avc1.PPCCLL` (ISO/IEC 14496-15 §A.2): profile_idc, constraint flags, level_idc. */
export function avcCodecs(profile: H264ProfileName, levelIdc: number): string {
  return `avc1.${hex2(H264_PROFILE_IDC[profile])}${hex2(H264_CONSTRAINT_FLAGS[profile])}${hex2(levelIdc)}`;
}

/**
 * `hvc1.1.6.L120.90` (ISO/IEC 14496-15 §E.3) for x265 Main: profile 1, compatibility flags 1
 * and 2 (bit-reversed: 6), tier L/H with general_level_idc, and the constraint byte x265 writes
 * for progressive frames (progressive_source_flag, frame_only_constraint_flag). Main 10:
 * profile 2, compatibility flag 2 only (bit-reversed: 4).
 */
export function hevcCodecs(levelIdc: number, highTier: boolean, main10 = false): string {
  return `hvc1.${main10 ? "2.4" : "1.6"}.${highTier ? "H" : "L"}${levelIdc}.90`;
}

/**
 * MPEG-2 video: `mp4v.61`, the MP4 registration authority's objectTypeIndication 0x61 for
 * ISO/IEC 13818-2 Main profile (RFC 6381 §3.3), the profile ffmpeg's mpeg2video writes for 4:2:0.
 */
export const MPEG2_MAIN_CODECS = "mp4v.61";

/** `av01.P.LLT.DD` (AV1 Codec ISO Media File Format Binding §5): Main profile, seq_level_idx, Main tier, bit depth. */
export function av1Codecs(seqLevelIdx: number, bitDepth: 8 | 10): string {
  return `av01.0.${String(seqLevelIdx).padStart(2, "0")}M.${String(bitDepth).padStart(2, "0")}`;
}

/** AAC-LC (audio object type 2). */
export const AAC_LC_CODECS = "mp4a.40.2";

/** AC-3 and E-AC-3 (ETSI TS 102 366 Annex F: the sample entry names as codec strings). */
export const AC3_CODECS = "ac-3";
export const EAC3_CODECS = "ec-3";

/** MPEG-1/2 Layer II audio as an MPEG-4 audio object type (ISO/IEC 14496-3: 33 = Layer-2). */
export const MP2_CODECS = "mp4a.40.33";
