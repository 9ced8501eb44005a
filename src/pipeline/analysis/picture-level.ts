// Levels for the "video black" and "audio silence" failover conditions (docs/failover.md). Pure.
//
// Video black: every pixel at or below `blackDetectThreshold` × the largest value, the
// threshold being a fraction of white (MediaLive's 10-bit example: 0.1 ⇒ ≤ 102 of 1023).
// The gray pictures we get are full range: the analysis child (analysis-args.ts) has
// swscale map limited-range ("TV") luma, black 16 and white 235, to 0 and 255, and keeps
// full-range luma as is. So the threshold is a fraction of the black-to-white range
// whatever the source's range: 0.1 ⇒ gray ≤ 25, which is limited-range code ≤ 37 (16 +
// 0.1 × 219), and 0 ⇒ only true black. (Applied to limited-range code values instead, any
// threshold under 16/255 ≈ 0.063 would never see black as black.)
//
// Audio silence: quieter than −50 dBFS, measured here as the sample peak of a block
// (0 dBFS = full-scale 16-bit, 32768).

/** Audio quieter than this is silence (MediaLive's audio silence condition). */
export const SILENCE_DBFS = -50;

const FULL_SCALE_8BIT = 255;
const FULL_SCALE_S16 = 32768;

/** True when no sample of the full-range 8-bit gray picture is above threshold × 255. */
export function isBlackPicture(gray: Uint8Array, blackDetectThreshold: number): boolean {
  const limit = blackDetectThreshold * FULL_SCALE_8BIT;
  for (let i = 0; i < gray.length; i++) {
    if (gray[i]! > limit) return false;
  }
  return true;
}

/** The peak level of the samples in dBFS; −Infinity for digital silence (or no samples). */
export function audioPeakDbfs(samples: Int16Array): number {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i]!;
    const magnitude = value < 0 ? -value : value;
    if (magnitude > peak) peak = magnitude;
  }
  return peak === 0 ? -Infinity : 20 * Math.log10(peak / FULL_SCALE_S16);
}

/** Quieter than SILENCE_DBFS. */
export function isSilentLevel(peakDbfs: number): boolean {
  return peakDbfs < SILENCE_DBFS;
}
