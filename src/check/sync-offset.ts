// How far apart two sources are in time: the same picture (same PTS) arrives on both, and
// the difference of its wall arrival times is the offset. The median over every common
// picture keeps a late datagram from deciding. Encoders that are not locked to one clock
// share no timestamps at all; then the offset cannot be told. Pure.

import type { PtsArrival } from "./check-types.ts";

/** Two PTS closer than this (90 kHz ticks, 2 ms) are the same picture. */
const SAME_PICTURE_TICKS = 180;
/** Fewer common pictures than this is not a measurement. */
const MIN_MATCHES = 5;

export type SyncOffset =
  /** offsetMs > 0: source 2 is behind source 1. */
  | { readonly kind: "measured"; readonly offsetMs: number; readonly matches: number }
  | { readonly kind: "no-common-timestamps" }
  | { readonly kind: "not-enough-data" };

export function measureSyncOffset(first: readonly PtsArrival[], second: readonly PtsArrival[]): SyncOffset {
  if (first.length < MIN_MATCHES || second.length < MIN_MATCHES) return { kind: "not-enough-data" };
  const sorted = [...first].sort((a, b) => a[0] - b[0]);
  const differences: number[] = [];
  for (const [pts90k, arrivalMs] of second) {
    const match = nearest(sorted, pts90k);
    if (match && Math.abs(match[0] - pts90k) <= SAME_PICTURE_TICKS) differences.push(arrivalMs - match[1]);
  }
  if (differences.length < MIN_MATCHES) return { kind: "no-common-timestamps" };
  differences.sort((a, b) => a - b);
  const middle = differences.length >> 1;
  const median = differences.length % 2 ? differences[middle]! : (differences[middle - 1]! + differences[middle]!) / 2;
  return { kind: "measured", offsetMs: Math.round(median), matches: differences.length };
}

/** The entry of `sorted` (by PTS) whose PTS is closest to `pts90k`. */
function nearest(sorted: readonly PtsArrival[], pts90k: number): PtsArrival | undefined {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]![0] < pts90k) low = mid + 1;
    else high = mid;
  }
  const candidates = [sorted[low - 1], sorted[low]].filter((entry): entry is PtsArrival => entry !== undefined);
  return candidates.sort((a, b) => Math.abs(a[0] - pts90k) - Math.abs(b[0] - pts90k))[0];
}
