// H.265 sequence parameter set (ITU-T H.265 §7.3.2.2.1) through the VUI timing info
// (Annex E.2.1). Walks scaling lists (§7.3.4) and short-term RPS (§7.3.7) because the VUI
// sits after them. Undefined when the RBSP ends before the picture size; a damaged tail
// only drops the frame rate.
//
//   sps_video_parameter_set_id(4) sps_max_sub_layers_minus1(3) sps_temporal_id_nesting_flag(1)
//   profile_tier_level(1, sps_max_sub_layers_minus1) sps_seq_parameter_set_id ue chroma_format_idc ue
//   [separate_colour_plane_flag(1)] pic_width_in_luma_samples ue pic_height_in_luma_samples ue
//   conformance_window_flag(1) [4 × ue] bit_depth_luma_minus8 ue bit_depth_chroma_minus8 ue
//   log2_max_pic_order_cnt_lsb_minus4 ue ... st_ref_pic_set() × n ... vui_parameters_present_flag(1)

import { BitReader } from "../bits/bit-reader.ts";
import { removeEmulationPrevention } from "../bits/emulation-prevention.ts";
import { roundFrameRate } from "../h264/sps.ts";
import { readProfileTierLevel, type H265ProfileTierLevel } from "./profile-tier-level.ts";

export interface H265Sps {
  readonly vpsId: number;
  readonly spsId: number;
  readonly maxSubLayersMinus1: number;
  readonly profileTierLevel: H265ProfileTierLevel;
  /** 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4. */
  readonly chromaFormatIdc: number;
  /** pic_width/height_in_luma_samples minus the conformance window (§7.4.3.2.1). */
  readonly widthPx: number;
  readonly heightPx: number;
  readonly bitDepthLuma: number;
  /** VUI field_seq_flag: each picture is one field. */
  readonly fieldSeq: boolean;
  /** vui_time_scale / vui_num_units_in_tick, halved for field_seq streams (pictures are fields). */
  readonly frameRate?: number;
}

const MAX_SHORT_TERM_RPS = 64; // §7.4.3.2.1: num_short_term_ref_pic_sets 0..64
const MAX_DELTA_POCS = 32;

function skipScalingListData(reader: BitReader): void {
  for (let sizeId = 0; sizeId < 4; sizeId++) {
    for (let matrixId = 0; matrixId < 6; matrixId += sizeId === 3 ? 3 : 1) {
      if (!reader.readFlag()) {
        reader.skipUE(); // scaling_list_pred_matrix_id_delta
      } else {
        const coefNum = Math.min(64, 1 << (4 + (sizeId << 1)));
        if (sizeId > 1) reader.readSE(); // scaling_list_dc_coef_minus8
        for (let i = 0; i < coefNum && !reader.overrun; i++) reader.readSE();
      }
      if (reader.overrun) return;
    }
  }
}

/** Skips st_ref_pic_set(idx) and returns its NumDeltaPocs (§7.4.8). */
function skipShortTermRps(reader: BitReader, idx: number, numDeltaPocs: readonly number[]): number {
  if (idx !== 0 && reader.readFlag()) {
    // inter_ref_pic_set_prediction_flag; in the SPS RefRpsIdx = idx - 1
    reader.skipBits(1); // delta_rps_sign
    reader.skipUE(); // abs_delta_rps_minus1
    const refCount = numDeltaPocs[idx - 1] ?? 0;
    let count = 0;
    for (let j = 0; j <= refCount && !reader.overrun; j++) {
      const usedByCurrPic = reader.readFlag();
      const useDelta = usedByCurrPic ? true : reader.readFlag();
      if (usedByCurrPic || useDelta) count++;
    }
    return Math.min(count, MAX_DELTA_POCS);
  }
  const negative = reader.readUE();
  const positive = reader.readUE();
  if (negative > 16 || positive > 16) {
    reader.skipBits(reader.bitsLeft + 1); // out of range: treat as damaged (sets overrun)
    return 0;
  }
  for (let i = 0; i < negative + positive && !reader.overrun; i++) {
    reader.skipUE(); // delta_poc_sX_minus1
    reader.skipBits(1); // used_by_curr_pic_sX_flag
  }
  return negative + positive;
}

export function parseH265Sps(nal: Uint8Array): H265Sps | undefined {
  if (nal.length < 6) return undefined;
  const reader = new BitReader(removeEmulationPrevention(nal));
  reader.skipBits(16); // NAL header
  const vpsId = reader.readBits(4);
  const maxSubLayersMinus1 = reader.readBits(3);
  reader.skipBits(1); // sps_temporal_id_nesting_flag
  const profileTierLevel = readProfileTierLevel(reader, maxSubLayersMinus1);
  const spsId = reader.readUE();
  const chromaFormatIdc = reader.readUE();
  if (chromaFormatIdc === 3) reader.skipBits(1); // separate_colour_plane_flag
  const picWidth = reader.readUE();
  const picHeight = reader.readUE();
  let confLeft = 0;
  let confRight = 0;
  let confTop = 0;
  let confBottom = 0;
  if (reader.readFlag()) {
    confLeft = reader.readUE();
    confRight = reader.readUE();
    confTop = reader.readUE();
    confBottom = reader.readUE();
  }
  const bitDepthLuma = reader.readUE() + 8;
  if (reader.overrun || chromaFormatIdc > 3) return undefined;
  // Table 6-1: SubWidthC / SubHeightC
  const subWidthC = chromaFormatIdc === 1 || chromaFormatIdc === 2 ? 2 : 1;
  const subHeightC = chromaFormatIdc === 1 ? 2 : 1;
  const widthPx = Math.max(0, picWidth - subWidthC * (confLeft + confRight));
  const heightPx = Math.max(0, picHeight - subHeightC * (confTop + confBottom));
  const base: H265Sps = { vpsId, spsId, maxSubLayersMinus1, profileTierLevel, chromaFormatIdc, widthPx, heightPx, bitDepthLuma, fieldSeq: false };

  reader.skipUE(); // bit_depth_chroma_minus8
  const log2MaxPocLsb = reader.readUE() + 4;
  const orderingInfoPresent = reader.readFlag();
  for (let i = orderingInfoPresent ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
    reader.skipUE();
    reader.skipUE();
    reader.skipUE();
  }
  for (let i = 0; i < 6; i++) reader.skipUE(); // coding/transform block sizes, hierarchy depths
  if (reader.readFlag() && reader.readFlag()) skipScalingListData(reader); // scaling_list_enabled, sps_scaling_list_data_present
  reader.skipBits(2); // amp_enabled_flag, sample_adaptive_offset_enabled_flag
  if (reader.readFlag()) {
    // pcm_enabled_flag
    reader.skipBits(8);
    reader.skipUE();
    reader.skipUE();
    reader.skipBits(1);
  }
  const numShortTermRps = reader.readUE();
  if (numShortTermRps > MAX_SHORT_TERM_RPS || reader.overrun) return base;
  const numDeltaPocs: number[] = [];
  for (let i = 0; i < numShortTermRps && !reader.overrun; i++) numDeltaPocs.push(skipShortTermRps(reader, i, numDeltaPocs));
  if (reader.readFlag()) {
    // long_term_ref_pics_present_flag
    const numLongTerm = reader.readUE();
    if (numLongTerm > 32) return base;
    for (let i = 0; i < numLongTerm; i++) reader.skipBits(log2MaxPocLsb + 1);
  }
  reader.skipBits(2); // sps_temporal_mvp_enabled_flag, strong_intra_smoothing_enabled_flag
  if (reader.overrun || !reader.readFlag()) return base; // vui_parameters_present_flag
  const vui = readVuiTiming(reader);
  if (reader.overrun) return base;
  return { ...base, ...vui };
}

/** vui_parameters() up to vui_timing_info (§E.2.1). */
function readVuiTiming(reader: BitReader): { fieldSeq: boolean; frameRate?: number } {
  if (reader.readFlag()) {
    // aspect_ratio_info_present_flag
    if (reader.readBits(8) === 255) reader.skipBits(32); // EXTENDED_SAR sar_width, sar_height
  }
  if (reader.readFlag()) reader.skipBits(1); // overscan
  if (reader.readFlag()) {
    reader.skipBits(4); // video_format, video_full_range_flag
    if (reader.readFlag()) reader.skipBits(24); // colour description
  }
  if (reader.readFlag()) {
    reader.skipUE();
    reader.skipUE(); // chroma_sample_loc_type_top/bottom_field
  }
  reader.skipBits(1); // neutral_chroma_indication_flag
  const fieldSeq = reader.readFlag();
  reader.skipBits(1); // frame_field_info_present_flag
  if (reader.readFlag()) for (let i = 0; i < 4; i++) reader.skipUE(); // default display window
  if (!reader.readFlag()) return { fieldSeq }; // vui_timing_info_present_flag
  const numUnitsInTick = reader.readBits(32);
  const timeScale = reader.readBits(32);
  if (numUnitsInTick === 0 || timeScale === 0) return { fieldSeq };
  const pictureRate = timeScale / numUnitsInTick;
  return { fieldSeq, frameRate: roundFrameRate(fieldSeq ? pictureRate / 2 : pictureRate) };
}
