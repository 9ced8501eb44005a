// H.265 SPS (and optional VPS for timing) → the codec-neutral VideoInfo.

import { Codecs, type VideoInfo } from "../types.ts";
import { h265LevelName, h265ProfileName } from "./profile-tier-level.ts";
import type { H265Sps } from "./sps.ts";
import type { H265Vps } from "./vps.ts";

export function videoInfoFromH265Sps(sps: H265Sps, vps?: H265Vps): VideoInfo {
  const ptl = sps.profileTierLevel;
  const frameRate = sps.frameRate ?? vps?.frameRate;
  return {
    codec: Codecs.H265,
    profile: h265ProfileName(ptl),
    level: `${h265LevelName(ptl.levelIdc)}${ptl.tierFlag ? " High" : ""}`,
    width: sps.widthPx,
    height: sps.heightPx,
    ...(frameRate !== undefined ? { frameRate } : {}),
    interlaced: sps.fieldSeq || (ptl.interlacedSource && !ptl.progressiveSource),
  };
}
