// libx265 arguments for one H.265 encode (MediaLive H265Settings → x265 parameters).

import { levelName } from "./codec-levels.ts";
import { x265ColourParams } from "./colour.ts";
import { AQ_STRENGTH, LOOKAHEAD_FRAMES } from "./x264-args.ts";
import type { ResolvedVideo } from "./video-format.ts";

/** Same reasoning as X264_PRESET: real time on commodity cores; channel members override it. */
export const X265_PRESET = "veryfast";

/** treeblockSize → x265 ctu (coding tree unit size; AUTO keeps the preset's 64). */
export const X265_CTU = { AUTO: 64, TREE_SIZE_32X32: 32 } as const;

const kbps = (bits: number): number => Math.round(bits / 1000);

export function x265Args(video: ResolvedVideo, keyframeExpr: string): string[] {
  const h265 = video.h265!;
  const rate = video.rate;
  const main10 = video.pixelFormat === "yuv420p10le";
  const args = ["-c:v", "libx265", "-preset:v", X265_PRESET, "-profile:v", main10 ? "main10" : "main"];
  const params: string[] = [
    "log-level=warning",
    // TS segments need VPS/SPS/PPS in front of every keyframe (RFC 8216 §3.2: each segment decodable).
    "repeat-headers=1",
    `level-idc=${levelName(video.levelIdc, "H265")}`,
    h265.tier === "HIGH" ? "high-tier=1" : "high-tier=0",
    `keyint=${video.gopFrames}`,
    `min-keyint=${h265.minIInterval ?? 0}`,
    `scenecut=${h265.sceneChangeDetect === "DISABLED" ? 0 : 40}`,
    `open-gop=${h265.gopClosedCadence === 0 ? 1 : 0}`,
    `rc-lookahead=${LOOKAHEAD_FRAMES[h265.lookAheadRateControl ?? "MEDIUM"]}`,
    `vbv-maxrate=${kbps(rate.maxBitrateBps)}`,
    `vbv-bufsize=${kbps(rate.bufSizeBits)}`,
  ];
  if (rate.mode === "QVBR") args.push("-crf:v", String(rate.crf));
  else {
    args.push("-b:v", String(rate.bitrateBps));
    params.push("strict-cbr=1");
  }
  if (h265.minQp !== undefined) params.push(`qpmin=${h265.minQp}`);
  if (h265.gopNumBFrames !== undefined) params.push(`bframes=${h265.gopNumBFrames}`);
  if (h265.gopBReference !== undefined) params.push(`b-pyramid=${h265.gopBReference === "ENABLED" ? 1 : 0}`);
  // subgopLength FIXED: B-frames at a fixed cadence; DYNAMIC: x265's trellis placement.
  if (h265.subgopLength !== undefined) params.push(`b-adapt=${h265.subgopLength === "DYNAMIC" ? 2 : 0}`);
  if (h265.slices !== undefined) params.push(`slices=${h265.slices}`);
  if (h265.adaptiveQuantization === "OFF") params.push("aq-mode=0");
  else params.push("aq-mode=1", `aq-strength=${AQ_STRENGTH[h265.adaptiveQuantization ?? "AUTO"]}`);
  if (h265.deblocking === "DISABLED") params.push("no-deblock=1");
  if (h265.treeblockSize !== undefined) params.push(`ctu=${X265_CTU[h265.treeblockSize]}`);
  if (h265.mvTemporalPredictor !== undefined) params.push(`temporal-mvp=${h265.mvTemporalPredictor === "DISABLED" ? 0 : 1}`);
  params.push(...x265ColourParams(video.colour));
  args.push("-force_key_frames:v", keyframeExpr, "-forced-idr:v", "1", "-x265-params:v", params.join(":"));
  return args;
}
