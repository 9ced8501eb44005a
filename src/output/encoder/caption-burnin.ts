// MediaLive's burnInDestinationSettings → ffmpeg's drawtext reading the caption text from a
// file the pipeline rewrites whenever the shown caption changes (reload=1: re-read every
// frame). Colours, opacities (0–255 → @0–1), outline (borderw) and shadow map one to one;
// the text block is placed at xPosition/yPosition when given, else by alignment, at the
// bottom of the picture.

import type { BurnInDestinationSettings } from "../../model/generated/medialive-types.ts";
import { escapeFilterText } from "./filter-escape.ts";
import { BURNIN_FONT } from "./timecode-burnin.ts";

/** One caption description burned into an encode: its settings and the text file drawn. */
export interface CaptionBurnin {
  readonly descriptionName: string;
  readonly settings: BurnInDestinationSettings;
  readonly textFile: string;
}

const MARGIN_PX = 10;
/** fontResolution's default (dpi): fontSize is in points, 72 to the inch. */
const DEFAULT_FONT_DPI = 96;
/** fontSize "auto": a CEA-608 screen is 15 rows; a row of a 1/18 picture height leaves room for line spacing. */
const AUTO_ROWS = 18;

const opacity = (value: number | undefined, absent: number): string => ((value ?? absent) / 255).toFixed(3).replace(/\.?0+$/, "") || "0";

/** fontSize (points, or "auto") → glyph pixels on a picture `heightPx` high. */
export function burnInFontPx(settings: BurnInDestinationSettings, heightPx: number): number {
  const points = Number(settings.fontSize);
  if (!settings.fontSize || settings.fontSize === "auto" || !Number.isFinite(points) || points <= 0) return Math.max(8, Math.round(heightPx / AUTO_ROWS));
  return Math.max(1, Math.round((points * (settings.fontResolution ?? DEFAULT_FONT_DPI)) / 72));
}

export function captionBurninFilter(burnin: CaptionBurnin, heightPx: number): string {
  const s = burnin.settings;
  const options = [
    `font=${BURNIN_FONT}`,
    `textfile=${escapeFilterText(burnin.textFile)}`,
    "reload=1",
    // expansion=none: caption text is drawn as written (no %{…} expansion).
    "expansion=none",
    `fontsize=${burnInFontPx(s, heightPx)}`,
    // Opacities absent: font opaque, background and shadow transparent (MediaLive's defaults).
    `fontcolor=${(s.fontColor ?? "WHITE").toLowerCase()}@${opacity(s.fontOpacity, 255)}`,
  ];
  const backgroundOpacity = s.backgroundOpacity ?? 0;
  if (s.backgroundColor && s.backgroundColor !== "NONE" && backgroundOpacity > 0) {
    options.push("box=1", `boxcolor=${s.backgroundColor.toLowerCase()}@${opacity(backgroundOpacity, 0)}`, "boxborderw=4");
  }
  if (s.outlineSize) options.push(`borderw=${s.outlineSize}`, `bordercolor=${(s.outlineColor ?? "BLACK").toLowerCase()}`);
  if (s.shadowColor && s.shadowColor !== "NONE" && (s.shadowOpacity ?? 0) > 0) {
    options.push(`shadowx=${s.shadowXOffset ?? 0}`, `shadowy=${s.shadowYOffset ?? 0}`, `shadowcolor=${s.shadowColor.toLowerCase()}@${opacity(s.shadowOpacity, 0)}`);
  }
  const x = s.xPosition !== undefined ? `${s.xPosition}` : s.alignment === "LEFT" ? `${MARGIN_PX}` : "(w-tw)/2";
  const y = s.yPosition !== undefined ? `${s.yPosition}` : `h-th-${MARGIN_PX * 3}`;
  // fix_bounds: a position past the picture's edge still shows the whole caption.
  options.push(`x=${x}`, `y=${y}`, "fix_bounds=1");
  return `drawtext=${options.join(":")}`;
}
