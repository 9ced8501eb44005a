// Keyframes on segment boundaries. Every video encode forces an IDR at each multiple of the
// segment length, so the HLS muxers (which cut at the first keyframe at or after each
// boundary) cut every variant at the same instant and segments line up across the ladder
// (RFC 8216 §6.2.4: content in matching segments must be aligned for players to switch
// variants; EXT-X-INDEPENDENT-SEGMENTS needs each segment to start with an IDR).
//
// One encode may feed groups with different segment lengths (shared-encode.ts): it forces
// IDRs at every multiple of the greatest common divisor of those lengths, which contains the
// boundaries of each group, so every group still cuts on its own boundaries.

/** `-force_key_frames` expression; the epsilon absorbs floating-point error of t = pts × time_base. */
export function segmentKeyframeExpr(segmentLengthSec: number): string {
  return `expr:gte(t+0.001,n_forced*${segmentLengthSec})`;
}

/**
 * `-force_key_frames` of an encode that feeds only continuous outputs (a UDP transport
 * stream has no segments): an expression that is never true, so the GOP alone places IDRs.
 */
export const NO_FORCED_KEYFRAMES = "expr:0";

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The keyframe period (s) that lands on the segment boundaries of every given length (whole milliseconds). */
export function commonKeyframePeriodSec(segmentLengthsSec: readonly number[]): number {
  if (segmentLengthsSec.length === 0) throw new TypeError("no segment length to align keyframes to");
  return segmentLengthsSec.map((sec) => Math.max(1, Math.round(sec * 1000))).reduce(gcd) / 1000;
}
