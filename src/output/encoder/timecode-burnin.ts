// MediaLive's timecodeBurninSettings → ffmpeg's drawtext with its timecode counter. The
// timecode counts from 00:00:00:00 at encoder start at the output frame rate; drop-frame
// counting (SMPTE ST 12-1) for 30000/1001 and 60000/1001.

import type { TimecodeBurninSettings } from "../../model/generated/medialive-types.ts";
import { escapeFilterText } from "./filter-escape.ts";
import type { FrameRate } from "./plan-types.ts";

/** fontSize → pixels of the glyph height (the enum names the size). */
export const BURNIN_FONT_PX = { EXTRA_SMALL_10: 10, SMALL_16: 16, MEDIUM_32: 32, LARGE_48: 48 } as const;

const MARGIN_PX = 10;
const X_BY_COLUMN = { LEFT: `${MARGIN_PX}`, CENTER: "(w-tw)/2", RIGHT: `w-tw-${MARGIN_PX}` } as const;
const Y_BY_ROW = { TOP: `${MARGIN_PX}`, MIDDLE: "(h-th)/2", BOTTOM: `h-th-${MARGIN_PX}` } as const;

/** fontconfig pattern of the face: monospace keeps the counter from jittering. */
export const BURNIN_FONT = "monospace";

export function timecodeBurninFilter(settings: TimecodeBurninSettings, frameRate: FrameRate): string {
  const [row, column] = settings.position.split("_") as [keyof typeof Y_BY_ROW, keyof typeof X_BY_COLUMN];
  const dropFrame = frameRate.den === 1001 && frameRate.num % 30000 === 0;
  const start = dropFrame ? "00:00:00;00" : "00:00:00:00";
  const options = [
    `font=${BURNIN_FONT}`,
    `timecode=${escapeFilterText(start)}`,
    `timecode_rate=${frameRate.num}/${frameRate.den}`,
    // expansion=none: the prefix is printed as written (no %{…} expansion).
    "expansion=none",
    `fontsize=${BURNIN_FONT_PX[settings.fontSize]}`,
    "fontcolor=white",
    "box=1",
    "boxcolor=black@0.6",
    `x=${X_BY_COLUMN[column]}`,
    `y=${Y_BY_ROW[row]}`,
  ];
  if (settings.prefix) options.splice(1, 0, `text=${escapeFilterText(settings.prefix)}`);
  return `drawtext=${options.join(":")}`;
}
