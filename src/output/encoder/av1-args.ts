// libsvtav1 arguments for one AV1 encode (MediaLive Av1Settings → SVT-AV1 parameters).

import type { ResolvedVideo } from "./video-format.ts";
import { LOOKAHEAD_FRAMES } from "./x264-args.ts";

/**
 * SVT-AV1 preset (0 slowest … 13 fastest). 10 keeps 720p30 above real time on 2 cores
 * (measured: 2 s of 320x180 in 0.5 s including start-up).
 */
export const SVTAV1_PRESET = "10";

/**
 * qvbrQualityLevel's CRF is on the x264 scale (0–51); SVT-AV1's CRF runs 0–63, so the factor
 * is scaled to the same place on the range.
 */
export function svtAv1Crf(x264Crf: number): number {
  return Math.round((x264Crf * 63) / 51);
}

const kbps = (bits: number): number => Math.round(bits / 1000);

export function av1Args(video: ResolvedVideo): string[] {
  const av1 = video.av1!;
  const rate = video.rate;
  const args = ["-c:v", "libsvtav1", "-preset:v", SVTAV1_PRESET, "-g:v", String(video.gopFrames)];
  const params = [`lookahead=${LOOKAHEAD_FRAMES[av1.lookAheadRateControl ?? "MEDIUM"]}`, `scd=${av1.sceneChangeDetect === "DISABLED" ? 0 : 1}`];
  if (rate.mode === "QVBR") {
    // Capped CRF: constant quality, never above maxBitrate.
    args.push("-crf:v", String(svtAv1Crf(rate.crf!)));
    params.push(`mbr=${kbps(rate.maxBitrateBps)}`);
  } else {
    // SVT-AV1's own CBR needs its experimental low-delay structure: VBR at the bitrate instead.
    args.push("-b:v", String(rate.bitrateBps));
    params.push("rc=1");
  }
  if (av1.spatialAq !== undefined) params.push(`aq-mode=${av1.spatialAq === "DISABLED" ? 0 : 2}`);
  args.push("-svtav1-params:v", params.join(":"));
  return args;
}
