// Colour of one video encode: MediaLive's colorSpaceSettings and colorMetadata → a matrix
// conversion in the scaler, the colour tags of the frames (which ffmpeg hands to the encoder as
// its VUI colour description, ITU-T H.264/H.265 Annex E) and the HDR10/HLG signalling of x265.

import type { H264ColorSpaceSettings, H265ColorSpaceSettings, Hdr10Settings } from "../../model/generated/medialive-types.ts";

/** Colour tags in ffmpeg's names (setparams' color_primaries, color_trc, colorspace). */
export interface ColourTags {
  readonly primaries: string;
  readonly transfer: string;
  readonly matrix: string;
}

export interface VideoColour {
  /**
   * Scaler out_color_matrix (with in_color_matrix=auto: the frame's own matrix, BT.601 when
   * untagged); absent = no conversion. Only the Y'CbCr matrix is converted: BT.601 and BT.709
   * share their transfer function and differ little in primaries.
   */
  readonly convertMatrix?: "bt601" | "bt709";
  /** Tags written on every frame; absent = the source's tags are carried (colorMetadata INSERT). */
  readonly tags?: ColourTags;
  /** SMPTE ST 2086 / CTA-861.3 HDR10 signalling (x265 hdr10, master-display, max-cll). */
  readonly hdr10?: Required<Hdr10Settings>;
  /**
   * HLG carried as an alternative transfer (alternativeTransferFunction INSERT): the VUI says
   * BT.2020 for SDR decoders and the alternative transfer characteristics SEI says ARIB
   * STD-B67 (H.265 D.3.39) for those that read it.
   */
  readonly atcSei: boolean;
  /** HDR needs 10-bit samples (ITU-R BT.2100). */
  readonly needsTenBit: boolean;
}

const UNTAGGED: ColourTags = { primaries: "unknown", transfer: "unknown", matrix: "unknown" };
const REC709: ColourTags = { primaries: "bt709", transfer: "bt709", matrix: "bt709" };
const REC601: ColourTags = { primaries: "smpte170m", transfer: "smpte170m", matrix: "smpte170m" };
export const PQ_BT2020: ColourTags = { primaries: "bt2020", transfer: "smpte2084", matrix: "bt2020nc" };
export const HLG_BT2020: ColourTags = { primaries: "bt2020", transfer: "arib-std-b67", matrix: "bt2020nc" };
const SDR_BT2020: ColourTags = { primaries: "bt2020", transfer: "bt2020-10", matrix: "bt2020nc" };

/** `alternativeTransfer`: H.265 alternativeTransferFunction INSERT. */
export function resolveColour(colorMetadata: string | undefined, space: H264ColorSpaceSettings | H265ColorSpaceSettings | undefined, alternativeTransfer = false): VideoColour {
  const ignore = colorMetadata === "IGNORE";
  const hdr10Settings = space && "hdr10Settings" in space ? space.hdr10Settings : undefined;
  const hlg = space !== undefined && "hlg2020Settings" in space && space.hlg2020Settings !== undefined;
  let colour: VideoColour = { atcSei: false, needsTenBit: false };
  if (space?.rec709Settings) colour = { convertMatrix: "bt709", tags: REC709, atcSei: false, needsTenBit: false };
  else if (space?.rec601Settings) colour = { convertMatrix: "bt601", tags: REC601, atcSei: false, needsTenBit: false };
  else if (hdr10Settings) colour = { tags: PQ_BT2020, hdr10: { maxCll: hdr10Settings.maxCll ?? 0, maxFall: hdr10Settings.maxFall ?? 0 }, atcSei: false, needsTenBit: true };
  else if (hlg) colour = alternativeTransfer ? { tags: SDR_BT2020, atcSei: true, needsTenBit: true } : { tags: HLG_BT2020, atcSei: false, needsTenBit: true };
  // IGNORE: no colour description in the output; the picture is still converted as asked.
  return ignore ? { ...colour, tags: UNTAGGED } : colour;
}

/** setparams for the tags, or undefined when the source's tags are carried. */
export function colourTagFilter(colour: VideoColour): string | undefined {
  const tags = colour.tags;
  return tags ? `setparams=color_primaries=${tags.primaries}:color_trc=${tags.transfer}:colorspace=${tags.matrix}` : undefined;
}

/**
 * Mastering display of the HDR10 signalling: MediaLive's Hdr10Settings carry only MaxCLL and
 * MaxFALL, so the display is the common BT.2020-primaries, D65, 1000 cd/m² / 0.0001 cd/m²
 * reference (SMPTE ST 2086 units: 0.00002 for chromaticity, 0.0001 cd/m² for luminance).
 */
export const HDR10_MASTER_DISPLAY = "G(8500,39850)B(6550,2300)R(35400,14600)WP(15635,16450)L(10000000,1)";

/** x265 parameters for HDR10 / HLG signalling (empty for SDR). */
export function x265ColourParams(colour: VideoColour): string[] {
  const params: string[] = [];
  const tagged = colour.tags !== undefined && colour.tags !== UNTAGGED;
  if (colour.hdr10) {
    params.push("hdr10=1", `master-display=${HDR10_MASTER_DISPLAY}`, `max-cll=${colour.hdr10.maxCll},${colour.hdr10.maxFall}`);
  }
  // 18 = ARIB STD-B67 (H.265 Table E.4), the preferred transfer characteristics of the SEI.
  if (colour.atcSei) params.push("atc-sei=18");
  if (tagged && colour.needsTenBit) params.push(`colorprim=${colour.tags!.primaries}`, `transfer=${colour.tags!.transfer}`, `colormatrix=${colour.tags!.matrix}`);
  return params;
}
