// Picture processing MediaLive applies before encoding: the temporal noise filter
// (filterSettings.temporalFilterSettings) and sharpness (VideoDescription.sharpness).

import type { TemporalFilterSettings } from "../../model/generated/medialive-types.ts";

/** hqdn3d temporal luma strength per STRENGTH_n step (16 → 12; hqdn3d's default is 6). */
const TEMPORAL_LUMA_PER_STEP = 0.75;
/** AUTO: the middle of the 16 steps (hqdn3d's default strength). */
const AUTO_STRENGTH_STEP = 8;

function strengthStep(strength: TemporalFilterSettings["strength"]): number {
  const match = /^STRENGTH_(\d+)$/.exec(strength ?? "");
  return match ? Number(match[1]) : AUTO_STRENGTH_STEP;
}

/**
 * Temporal noise reduction: hqdn3d with its spatial parts off, temporal strength from the
 * step (chroma at hqdn3d's usual 3/4 of luma). postFilterSharpening ENABLED (AUTO: for steps
 * above the middle, where the filter softens most) adds a light unsharp after it.
 */
export function temporalFilterChain(settings: TemporalFilterSettings): string[] {
  const step = strengthStep(settings.strength);
  const luma = +(step * TEMPORAL_LUMA_PER_STEP).toFixed(2);
  const chroma = +(luma * 0.75).toFixed(2);
  const filters = [`hqdn3d=0:0:${luma}:${chroma}`];
  const sharpen = settings.postFilterSharpening === "ENABLED" || (settings.postFilterSharpening !== "DISABLED" && step > AUTO_STRENGTH_STEP);
  if (sharpen) filters.push("unsharp=3:3:0.5:3:3:0");
  return filters;
}

/** Largest unsharp luma amount (sharpness 100) and blur (sharpness 0); unsharp takes −2…5. */
const MAX_SHARPEN = 1.0;
const MAX_SOFTEN = 1.0;

/**
 * sharpness 0–100, 50 = the scaled picture as it is: above 50 an unsharp mask of growing
 * amount on luma (3x3), below 50 a growing blur; 50 adds no filter.
 */
export function sharpnessFilter(sharpness: number): string | undefined {
  if (sharpness === 50) return undefined;
  const amount = sharpness > 50 ? ((sharpness - 50) / 50) * MAX_SHARPEN : ((sharpness - 50) / 50) * MAX_SOFTEN;
  return `unsharp=3:3:${+amount.toFixed(2)}:3:3:0`;
}
