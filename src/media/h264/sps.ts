// H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1) and VUI timing (Annex E.1.1).
// Input is the whole SPS NAL unit (header byte included, emulation prevention still in).
// Returns undefined when the RBSP ends before pic size fields; VUI problems only drop
// the frame rate.
//
//   profile_idc(8) constraint_set0..5_flags + reserved(8) level_idc(8) seq_parameter_set_id ue(v)
//   [high profiles: chroma_format_idc ue [separate_colour_plane(1)] bit_depth_luma/chroma ue ue
//    qpprime_y_zero_transform_bypass(1) seq_scaling_matrix_present(1) [scaling lists]]
//   log2_max_frame_num_minus4 ue  pic_order_cnt_type ue [...]  max_num_ref_frames ue  gaps(1)
//   pic_width_in_mbs_minus1 ue  pic_height_in_map_units_minus1 ue  frame_mbs_only_flag(1)
//   [mb_adaptive_frame_field(1)] direct_8x8_inference(1) frame_cropping_flag(1) [4 × ue]
//   vui_parameters_present_flag(1) [vui_parameters()]

import { BitReader } from "../bits/bit-reader.ts";
import { removeEmulationPrevention } from "../bits/emulation-prevention.ts";

export interface H264Sps {
  readonly profileIdc: number;
  readonly constraintFlags: number;
  readonly levelIdc: number;
  readonly spsId: number;
  /** 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4 (§7.4.2.1.1). */
  readonly chromaFormatIdc: number;
  readonly bitDepthLuma: number;
  readonly frameMbsOnly: boolean;
  readonly widthPx: number;
  readonly heightPx: number;
  /** time_scale / (2 * num_units_in_tick) when timing_info_present_flag (E.2.1). */
  readonly frameRate?: number;
  readonly sarWidth?: number;
  readonly sarHeight?: number;
}

/** profile_idc → name (§A.2, Annex A Table A-1 and the high profiles). */
export const H264ProfileNames: Readonly<Record<number, string>> = {
  66: "Baseline",
  77: "Main",
  88: "Extended",
  100: "High",
  110: "High 10",
  122: "High 4:2:2",
  244: "High 4:4:4 Predictive",
  44: "CAVLC 4:4:4 Intra",
  83: "Scalable Baseline",
  86: "Scalable High",
  118: "Multiview High",
  128: "Stereo High",
};

/** Profiles whose SPS carries chroma_format_idc and bit depths (§7.3.2.1.1). */
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** Table E-1: aspect_ratio_idc → sample aspect ratio. */
const SAR_TABLE: readonly (readonly [number, number])[] = [
  [0, 0], [1, 1], [12, 11], [10, 11], [16, 11], [40, 33], [24, 11], [20, 11], [32, 11],
  [80, 33], [18, 11], [15, 11], [64, 33], [160, 99], [4, 3], [3, 2], [2, 1],
];
const EXTENDED_SAR = 255;

function skipScalingList(reader: BitReader, size: number): void {
  // §7.3.2.1.1.1 scaling_list(): delta_scale se(v) until next_scale becomes 0
  let lastScale = 8;
  let nextScale = 8;
  for (let j = 0; j < size; j++) {
    if (nextScale !== 0) {
      const delta = reader.readSE();
      nextScale = (lastScale + delta + 256) % 256;
      if (reader.overrun) return;
    }
    lastScale = nextScale === 0 ? lastScale : nextScale;
  }
}

export function parseH264Sps(nal: Uint8Array): H264Sps | undefined {
  if (nal.length < 4) return undefined;
  const reader = new BitReader(removeEmulationPrevention(nal));
  reader.skipBits(8); // NAL header
  const profileIdc = reader.readBits(8);
  const constraintFlags = reader.readBits(8);
  const levelIdc = reader.readBits(8);
  const spsId = reader.readUE();
  let chromaFormatIdc = 1;
  let bitDepthLuma = 8;
  let separateColourPlane = false;
  if (HIGH_PROFILES.has(profileIdc)) {
    chromaFormatIdc = reader.readUE();
    if (chromaFormatIdc > 3) return undefined; // §7.4.2.1.1: 0..3
    if (chromaFormatIdc === 3) separateColourPlane = reader.readFlag();
    bitDepthLuma = reader.readUE() + 8;
    reader.skipUE(); // bit_depth_chroma_minus8
    reader.skipBits(1); // qpprime_y_zero_transform_bypass_flag
    if (reader.readFlag()) {
      // seq_scaling_matrix_present_flag
      const lists = chromaFormatIdc === 3 ? 12 : 8;
      for (let i = 0; i < lists && !reader.overrun; i++) {
        if (reader.readFlag()) skipScalingList(reader, i < 6 ? 16 : 64);
      }
    }
  }
  reader.skipUE(); // log2_max_frame_num_minus4
  const picOrderCntType = reader.readUE();
  if (picOrderCntType === 0) {
    reader.skipUE(); // log2_max_pic_order_cnt_lsb_minus4
  } else if (picOrderCntType === 1) {
    reader.skipBits(1); // delta_pic_order_always_zero_flag
    reader.readSE(); // offset_for_non_ref_pic
    reader.readSE(); // offset_for_top_to_bottom_field
    const cycle = reader.readUE();
    if (cycle > 255) return undefined; // §7.4.2.1.1: 0..255
    for (let i = 0; i < cycle && !reader.overrun; i++) reader.readSE();
  }
  reader.skipUE(); // max_num_ref_frames
  reader.skipBits(1); // gaps_in_frame_num_value_allowed_flag
  const widthMbs = reader.readUE() + 1;
  const heightMapUnits = reader.readUE() + 1;
  const frameMbsOnly = reader.readFlag();
  if (!frameMbsOnly) reader.skipBits(1); // mb_adaptive_frame_field_flag
  reader.skipBits(1); // direct_8x8_inference_flag
  let cropLeft = 0;
  let cropRight = 0;
  let cropTop = 0;
  let cropBottom = 0;
  if (reader.readFlag()) {
    cropLeft = reader.readUE();
    cropRight = reader.readUE();
    cropTop = reader.readUE();
    cropBottom = reader.readUE();
  }
  if (reader.overrun) return undefined;

  // §7.4.2.1.1 frame cropping: CropUnitX/Y depend on chroma sampling and field coding.
  const chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
  const subWidthC = chromaArrayType === 1 || chromaArrayType === 2 ? 2 : 1;
  const subHeightC = chromaArrayType === 1 ? 2 : 1;
  const cropUnitX = chromaArrayType === 0 ? 1 : subWidthC;
  const cropUnitY = (chromaArrayType === 0 ? 1 : subHeightC) * (frameMbsOnly ? 1 : 2);
  const frameHeightMbs = (frameMbsOnly ? 1 : 2) * heightMapUnits;
  const widthPx = Math.max(0, widthMbs * 16 - cropUnitX * (cropLeft + cropRight));
  const heightPx = Math.max(0, frameHeightMbs * 16 - cropUnitY * (cropTop + cropBottom));

  const base: H264Sps = { profileIdc, constraintFlags, levelIdc, spsId, chromaFormatIdc, bitDepthLuma, frameMbsOnly, widthPx, heightPx };
  if (!reader.readFlag()) return base; // vui_parameters_present_flag
  return { ...base, ...parseVuiTiming(reader) };
}

/** VUI up to timing_info (Annex E.1.1); stops there. */
function parseVuiTiming(reader: BitReader): { frameRate?: number; sarWidth?: number; sarHeight?: number } {
  const out: { frameRate?: number; sarWidth?: number; sarHeight?: number } = {};
  if (reader.readFlag()) {
    // aspect_ratio_info_present_flag
    const idc = reader.readBits(8);
    if (idc === EXTENDED_SAR) {
      out.sarWidth = reader.readBits(16);
      out.sarHeight = reader.readBits(16);
    } else {
      const sar = SAR_TABLE[idc];
      if (sar && sar[0] > 0) [out.sarWidth, out.sarHeight] = sar;
    }
  }
  if (reader.readFlag()) reader.skipBits(1); // overscan_info_present_flag → overscan_appropriate_flag
  if (reader.readFlag()) {
    // video_signal_type_present_flag
    reader.skipBits(4); // video_format(3) video_full_range_flag(1)
    if (reader.readFlag()) reader.skipBits(24); // colour_description_present_flag → primaries, transfer, matrix
  }
  if (reader.readFlag()) {
    // chroma_loc_info_present_flag
    reader.skipUE();
    reader.skipUE();
  }
  if (reader.readFlag()) {
    // timing_info_present_flag
    const numUnitsInTick = reader.readBits(32);
    const timeScale = reader.readBits(32);
    if (!reader.overrun && numUnitsInTick > 0 && timeScale > 0) {
      out.frameRate = roundFrameRate(timeScale / (2 * numUnitsInTick));
    }
  }
  if (reader.overrun) {
    delete out.frameRate;
  }
  return out;
}

/** Rounds to 3 decimals so 30000/1001 reads as 29.97. */
export function roundFrameRate(frameRate: number): number {
  return Math.round(frameRate * 1000) / 1000;
}
