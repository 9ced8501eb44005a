// H.265 video parameter set (ITU-T H.265 §7.3.2.1), up to vps_timing_info:
//
//   vps_video_parameter_set_id(4) vps_base_layer_internal_flag(1) vps_base_layer_available_flag(1)
//   vps_max_layers_minus1(6) vps_max_sub_layers_minus1(3) vps_temporal_id_nesting_flag(1)
//   vps_reserved_0xffff_16bits(16) profile_tier_level(1, vps_max_sub_layers_minus1) ...

import { BitReader } from "../bits/bit-reader.ts";
import { removeEmulationPrevention } from "../bits/emulation-prevention.ts";
import { roundFrameRate } from "../h264/sps.ts";
import { readProfileTierLevel, type H265ProfileTierLevel } from "./profile-tier-level.ts";

export interface H265Vps {
  readonly vpsId: number;
  readonly maxSubLayersMinus1: number;
  readonly profileTierLevel: H265ProfileTierLevel;
  /** vps_time_scale / vps_num_units_in_tick when vps_timing_info_present_flag. */
  readonly frameRate?: number;
}

/** Input: the whole VPS NAL unit (2-byte header included). */
export function parseH265Vps(nal: Uint8Array): H265Vps | undefined {
  if (nal.length < 6) return undefined;
  const reader = new BitReader(removeEmulationPrevention(nal));
  reader.skipBits(16); // NAL header
  const vpsId = reader.readBits(4);
  reader.skipBits(2 + 6); // base layer flags, vps_max_layers_minus1
  const maxSubLayersMinus1 = reader.readBits(3);
  reader.skipBits(1 + 16); // temporal_id_nesting, reserved 0xffff
  const profileTierLevel = readProfileTierLevel(reader, maxSubLayersMinus1);
  if (reader.overrun) return undefined;
  const base: H265Vps = { vpsId, maxSubLayersMinus1, profileTierLevel };
  const orderingInfoPresent = reader.readFlag();
  for (let i = orderingInfoPresent ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
    reader.skipUE(); // vps_max_dec_pic_buffering_minus1
    reader.skipUE(); // vps_max_num_reorder_pics
    reader.skipUE(); // vps_max_latency_increase_plus1
  }
  const maxLayerId = reader.readBits(6);
  const numLayerSetsMinus1 = reader.readUE();
  if (numLayerSetsMinus1 > 1023) return base; // §7.4.3.1: 0..1023
  reader.skipBits(numLayerSetsMinus1 * (maxLayerId + 1)); // layer_id_included_flag[i][j]
  if (!reader.readFlag()) return base; // vps_timing_info_present_flag
  const numUnitsInTick = reader.readBits(32);
  const timeScale = reader.readBits(32);
  if (reader.overrun || numUnitsInTick === 0 || timeScale === 0) return base;
  return { ...base, frameRate: roundFrameRate(timeScale / numUnitsInTick) };
}
