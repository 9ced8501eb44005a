// profile_tier_level(1, maxNumSubLayersMinus1) (ITU-T H.265 §7.3.3), shared by VPS and SPS:
//
//   general_profile_space(2) general_tier_flag(1) general_profile_idc(5)
//   general_profile_compatibility_flag[32]
//   progressive_source(1) interlaced_source(1) non_packed_constraint(1) frame_only_constraint(1)
//   43 constraint bits + 1 bit                       general_level_idc(8)
//   sub_layer_{profile,level}_present_flag per sub-layer, 2-bit alignment up to 8 entries,
//   then 88 profile bits / 8 level bits per sub-layer that has them.

import type { BitReader } from "../bits/bit-reader.ts";

export interface H265ProfileTierLevel {
  readonly profileSpace: number;
  readonly tierFlag: boolean;
  readonly profileIdc: number;
  readonly compatibilityFlags: number;
  readonly progressiveSource: boolean;
  readonly interlacedSource: boolean;
  readonly frameOnlyConstraint: boolean;
  readonly levelIdc: number;
}

/** general_profile_idc → name (§A.3). */
export const H265ProfileNames: Readonly<Record<number, string>> = {
  1: "Main",
  2: "Main 10",
  3: "Main Still Picture",
  4: "Format Range Extensions",
  5: "High Throughput",
  6: "Multiview Main",
  7: "Scalable Main",
  8: "3D Main",
  9: "Screen Content Coding",
  10: "Scalable Format Range Extensions",
  11: "High Throughput Screen Content Coding",
};

export function readProfileTierLevel(reader: BitReader, maxNumSubLayersMinus1: number): H265ProfileTierLevel {
  const profileSpace = reader.readBits(2);
  const tierFlag = reader.readFlag();
  const profileIdc = reader.readBits(5);
  const compatibilityFlags = reader.readBits(32);
  const progressiveSource = reader.readFlag();
  const interlacedSource = reader.readFlag();
  reader.skipBits(1); // general_non_packed_constraint_flag
  const frameOnlyConstraint = reader.readFlag();
  reader.skipBits(44); // 43 constraint bits + general_inbld_flag / reserved
  const levelIdc = reader.readBits(8);
  const subLayers = Math.min(7, maxNumSubLayersMinus1);
  const profilePresent: boolean[] = [];
  const levelPresent: boolean[] = [];
  for (let i = 0; i < subLayers; i++) {
    profilePresent.push(reader.readFlag());
    levelPresent.push(reader.readFlag());
  }
  if (subLayers > 0) for (let i = subLayers; i < 8; i++) reader.skipBits(2); // reserved_zero_2bits
  for (let i = 0; i < subLayers; i++) {
    if (profilePresent[i]) reader.skipBits(88);
    if (levelPresent[i]) reader.skipBits(8);
  }
  return { profileSpace, tierFlag, profileIdc, compatibilityFlags, progressiveSource, interlacedSource, frameOnlyConstraint, levelIdc };
}

/** Profile name from general_profile_idc, or the lowest compatibility flag set when idc is 0. */
export function h265ProfileName(ptl: H265ProfileTierLevel): string {
  let idc = ptl.profileIdc;
  if (idc === 0) {
    for (let j = 1; j < 32; j++) {
      if ((ptl.compatibilityFlags >>> (31 - j)) & 1) {
        idc = j;
        break;
      }
    }
  }
  return H265ProfileNames[idc] ?? `general_profile_idc ${idc}`;
}

/** general_level_idc is 30 × the level number (§A.4): 93 → "3.1", 120 → "4". */
export function h265LevelName(levelIdc: number): string {
  return (Math.round((levelIdc / 30) * 10) / 10).toString();
}
