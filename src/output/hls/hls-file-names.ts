// The names an HLS output writes in its folder, as MediaLive names them:
// `<baseName>.m3u8` (master), `<baseName><nameModifier>.m3u8` (variant) and
// `<baseName><nameModifier><segmentModifier>_00001.ts` (segments, numbered from 1, five
// digits or more; `.mp4` for fMP4 segments, `.jpg` for the images of a frame capture
// output), an fMP4 variant's initialization segment `<baseName><nameModifier>_init.mp4`
// (hls-fmp4.ts), the modifiers' identifiers for variable data (`$w$`, `$dt$` …:
// variable-identifiers.ts) resolved. The encoder plan names its files with these; the
// origin serves exactly these names and nothing else that happens to share the folder.

import type { HlsSettings } from "../../model/generated/medialive-types.ts";
import { escapeTemplate } from "../encoder/destination-paths.ts";
import { FMP4_INIT_SUFFIX } from "./hls-fmp4.ts";
import { escapeRegExp, hasDateIdentifier, modifierPattern, resolveModifier, strftimeModifier, type VariantFacts } from "./variable-identifiers.ts";

export interface HlsVariantNames {
  readonly playlistName: string;
  /** The segment names' common start: the segment number and the extension follow. */
  readonly segmentStem: string;
  /** `ts`, `mp4` (fmp4HlsSettings) or `jpg` (frameCaptureHlsSettings). */
  readonly segmentExtension?: SegmentExtension;
}

type Modifiers = { readonly nameModifier?: string; readonly segmentModifier?: string; readonly hlsSettings?: HlsSettings };

export type SegmentExtension = "ts" | "mp4" | "jpg";

/** The extension of an output's segments: what its hlsSettings member writes. */
export function segmentExtension(hlsSettings: HlsSettings | undefined): SegmentExtension {
  if (hlsSettings?.fmp4HlsSettings || hlsSettings?.audioOnlyHlsSettings?.segmentType === "FMP4") return "mp4";
  if (hlsSettings?.frameCaptureHlsSettings) return "jpg";
  return "ts";
}

export function hlsMasterPlaylistName(baseName: string): string {
  return `${baseName}.m3u8`;
}

/** The names with the modifiers as written (no identifiers resolved). */
export function hlsVariantNames(baseName: string, output: Modifiers): HlsVariantNames {
  const stem = `${baseName}${output.nameModifier ?? ""}`;
  return { playlistName: `${stem}.m3u8`, segmentStem: `${stem}${output.segmentModifier ?? ""}`, segmentExtension: segmentExtension(output.hlsSettings) };
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
  const extension = segmentExtension(output.hlsSettings);
  if (!hasDateIdentifier(segmentModifier)) {
    return { playlistName: `${stem}.m3u8`, segmentTemplate: `${escapeTemplate(stem + resolveModifier(segmentModifier, facts, atMs))}_%05d.${extension}`, strftime: false };
  }
  return { playlistName: `${stem}.m3u8`, segmentTemplate: `${escapeTemplate(stem)}${strftimeModifier(segmentModifier, facts)}_%%05d.${extension}`, strftime: true };
}


/** True when `fileName` is the playlist, the fMP4 initialization segment or one of the segments of `names` (identifiers match any value they resolve to). */
export function isHlsVariantFile(names: HlsVariantNames, fileName: string, baseName?: string): boolean {
  if (fileName === names.playlistName) return true;
  const base = baseName ?? "";
  const stemPattern = (stem: string): string => escapeRegExp(base) + modifierPattern(stem.slice(base.length));
  const stem = stemPattern(names.playlistName.slice(0, -".m3u8".length));
  if (new RegExp(`^${stem}\\.m3u8$`).test(fileName)) return true;
  const extension = names.segmentExtension ?? "ts";
  if (extension === "mp4" && new RegExp(`^${stem}${escapeRegExp(FMP4_INIT_SUFFIX)}$`).test(fileName)) return true;
  return new RegExp(`^${stemPattern(names.segmentStem)}_\\d{5,}\\.${extension}$`).test(fileName);
}
