// Keyframes on segment boundaries. Every video encode of an output group forces an IDR at
// each multiple of the segment length, so the HLS muxers (which cut at the first keyframe
// at or after each boundary) cut every variant at the same instant and segments line up
// across the ladder (RFC 8216 §6.2.4: content in matching segments must be aligned for
// players to switch variants; EXT-X-INDEPENDENT-SEGMENTS needs each segment to start with an IDR).

/** `-force_key_frames` expression; the epsilon absorbs floating-point error of t = pts × time_base. */
export function segmentKeyframeExpr(segmentLengthSec: number): string {
  return `expr:gte(t+0.001,n_forced*${segmentLengthSec})`;
}
