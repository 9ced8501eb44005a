// The names an HLS output writes in its folder, as MediaLive names them:
// `<baseName>.m3u8` (master), `<baseName><nameModifier>.m3u8` (variant) and
// `<baseName><nameModifier><segmentModifier>_00001.ts` (segments, numbered from 1, five
// digits or more), the modifiers' identifiers for variable data (`$w$`, `$dt$` …:
// variable-identifiers.ts) resolved. The encoder plan names its files with these; the
// origin serves exactly these names and nothing else that happens to share the folder.

import { escapeTemplate } from "../encoder/destination-paths.ts";
import { escapeRegExp, hasDateIdentifier, modifierPattern, resolveModifier, strftimeModifier, type VariantFacts } from "./variable-identifiers.ts";

export interface HlsVariantNames {
  readonly playlistName: string;
  /** The segment names' common start: the segment number and `.ts` follow. */
  readonly segmentStem: string;
}

type Modifiers = { readonly nameModifier?: string; readonly segmentModifier?: string };

export function hlsMasterPlaylistName(baseName: string): string {
  return `${baseName}.m3u8`;
}

/** The names with the modifiers as written (no identifiers resolved). */
export function hlsVariantNames(baseName: string, output: Modifiers): HlsVariantNames {
  const stem = `${baseName}${output.nameModifier ?? ""}`;
  return { playlistName: `${stem}.m3u8`, segmentStem: `${stem}${output.segmentModifier ?? ""}` };
}

export interface PlannedVariantNames {
  readonly playlistName: string;
  /** ffmpeg's segment template (escaped): `%05d`, or with `strftime` the date conversions and `%%05d`. */
  readonly segmentTemplate: string;
  /** The template is expanded by strftime first (-strftime 1, second_level_segment_index). */
  readonly strftime: boolean;
}

/** The names a variant writes, identifiers resolved: fixed ones from `facts`, nameModifier dates at `atMs`, segmentModifier dates per segment. */
export function plannedVariantNames(baseName: string, output: Modifiers, facts: VariantFacts, atMs: number): PlannedVariantNames {
  const stem = `${baseName}${resolveModifier(output.nameModifier ?? "", facts, atMs)}`;
  const segmentModifier = output.segmentModifier ?? "";
  if (!hasDateIdentifier(segmentModifier)) {
    return { playlistName: `${stem}.m3u8`, segmentTemplate: `${escapeTemplate(stem + resolveModifier(segmentModifier, facts, atMs))}_%05d.ts`, strftime: false };
  }
  return { playlistName: `${stem}.m3u8`, segmentTemplate: `${escapeTemplate(stem)}${strftimeModifier(segmentModifier, facts)}_%%05d.ts`, strftime: true };
}


/** True when `fileName` is the playlist or one of the segments of `names` (identifiers match any value they resolve to). */
export function isHlsVariantFile(names: HlsVariantNames, fileName: string, baseName?: string): boolean {
  if (fileName === names.playlistName) return true;
  const base = baseName ?? "";
  const stemPattern = (stem: string): string => escapeRegExp(base) + modifierPattern(stem.slice(base.length));
  if (new RegExp(`^${stemPattern(names.playlistName.slice(0, -".m3u8".length))}\\.m3u8$`).test(fileName)) return true;
  return new RegExp(`^${stemPattern(names.segmentStem)}_\\d{5,}\\.ts$`).test(fileName);
}
