// Splice times on a timeline. A splice_time() pts_time is on the stream's 33-bit PTS clock
// once pts_adjustment is added modulo 2^33 (ANSI/SCTE 35 2023 §9.6.1); a device that re-times
// the stream moves the splice by changing pts_adjustment, leaving the command untouched —
// which is how an output that re-bases PTS keeps the splice on the same picture.

import { TIMESTAMP_MODULUS_33 } from "../mpegts/constants.ts";
import type { SpliceInfoSection } from "./splice-info.ts";

/** `value` reduced into [0, 2^33). */
export function wrap33(value: number): number {
  return ((Math.round(value) % TIMESTAMP_MODULUS_33) + TIMESTAMP_MODULUS_33) % TIMESTAMP_MODULUS_33;
}

/** pts_time + pts_adjustment modulo 2^33. */
export function applyPtsAdjustment(ptsTime90k: number, ptsAdjustment90k: number): number {
  return wrap33(ptsTime90k + ptsAdjustment90k);
}

/**
 * The adjusted PTS at which the section's program splice happens: the splice_time of a
 * time_signal or of a program-mode splice_insert. null for immediate splices, component-mode
 * splices, other commands and encrypted sections.
 */
export function spliceTimeOf(section: SpliceInfoSection): number | null {
  const command = section.command;
  if (!command) return null;
  let pts: number | null = null;
  if (command.kind === "time_signal") pts = command.spliceTime.ptsTime90k;
  else if (command.kind === "splice_insert" && !command.spliceEventCancelIndicator && command.programSpliceFlag && !command.spliceImmediateFlag) {
    pts = command.spliceTime?.ptsTime90k ?? null;
  }
  return pts === null ? null : applyPtsAdjustment(pts, section.ptsAdjustment90k);
}

/**
 * Maps a PTS of the input timeline onto the output timeline, given one instant known on both
 * (`inputAnchor90k` on the input is `outputAnchor90k` on the output). Differences are taken
 * modulo 2^33, so either clock may have wrapped.
 */
export function rebasePts(pts90k: number, inputAnchor90k: number, outputAnchor90k: number): number {
  return wrap33(outputAnchor90k + wrap33(pts90k - inputAnchor90k));
}

/**
 * The same section for an output whose PTS = input PTS + `offset90k` (mod 2^33): only
 * pts_adjustment changes, so the command (and any signature over it) is kept byte for byte.
 */
export function rebaseSection(section: SpliceInfoSection, offset90k: number): SpliceInfoSection {
  return { ...section, ptsAdjustment90k: wrap33(section.ptsAdjustment90k + offset90k) };
}
