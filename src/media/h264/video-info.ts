// H.264 SPS → the codec-neutral VideoInfo (src/media/types.ts).

import { Codecs, type VideoInfo } from "../types.ts";
import { H264ProfileNames, type H264Sps } from "./sps.ts";

/** level_idc is ten times the level number (§A.3), except 9 = level 1b. */
export function h264LevelName(levelIdc: number): string {
  if (levelIdc === 9) return "1b";
  return (levelIdc / 10).toString();
}

export function videoInfoFromSps(sps: H264Sps): VideoInfo {
  return {
    codec: Codecs.H264,
    profile: H264ProfileNames[sps.profileIdc] ?? `profile_idc ${sps.profileIdc}`,
    level: h264LevelName(sps.levelIdc),
    width: sps.widthPx,
    height: sps.heightPx,
    ...(sps.frameRate !== undefined ? { frameRate: sps.frameRate } : {}),
    interlaced: !sps.frameMbsOnly,
  };
}
