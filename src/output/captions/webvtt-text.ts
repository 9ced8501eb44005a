// WebVTT text of one subtitle segment (W3C WebVTT; RFC 8216 §3.5): the header carries
// X-TIMESTAMP-MAP=MPEGTS:<pts>,LOCAL:00:00:00.000, so cue times count from the segment's
// start and line up with the MPEG-TS media of the same presentation.

import type { CaptionLine } from "../../media/captions/cea608-decoder.ts";
import { CEA608_COLUMNS, CEA608_ROWS } from "../../media/captions/cea608-decoder.ts";

/** MediaLive's webvttDestinationSettings.styleControl. */
export type WebvttStyleControl = "PASSTHROUGH" | "NO_STYLE_DATA";

export interface WebvttCue {
  /** Ticks of the 90 kHz clock from the segment's start. */
  readonly startLocal90k: number;
  readonly endLocal90k: number;
  readonly lines: readonly CaptionLine[];
}

const PTS_MODULUS = 2 ** 33;

/** 90 kHz ticks → "HH:MM:SS.mmm". */
export function webvttTime(ticks90k: number): string {
  const totalMs = Math.max(0, Math.round(ticks90k / 90));
  const ms = totalMs % 1000;
  const seconds = Math.floor(totalMs / 1000) % 60;
  const minutes = Math.floor(totalMs / 60_000) % 60;
  const hours = Math.floor(totalMs / 3_600_000);
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${two(hours)}:${two(minutes)}:${two(seconds)}.${String(ms).padStart(3, "0")}`;
}

/** Cue text: '&', '<' and '>' escaped (WebVTT cue text may not hold them raw). */
const escapeText = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * PASSTHROUGH keeps the caption's place on screen: CEA-608's 15 rows × 32 columns span the
 * middle 80 % of the picture (the title-safe area, CEA-608 §6.1), so the top row and the first
 * column become `line:` and `position:` percentages. NO_STYLE_DATA leaves placement to the player.
 */
function cueSettings(lines: readonly CaptionLine[], style: WebvttStyleControl): string {
  if (style === "NO_STYLE_DATA" || lines.length === 0) return "";
  const top = Math.min(...lines.map((line) => line.row));
  const column = Math.min(...lines.map((line) => line.column));
  const linePercent = Math.round(10 + (80 * (top - 1)) / CEA608_ROWS);
  const positionPercent = Math.round(10 + (80 * column) / CEA608_COLUMNS);
  return ` line:${linePercent}% position:${positionPercent}% align:start`;
}

export function renderWebvttSegment(segmentStartMpegts90k: number, cues: readonly WebvttCue[], style: WebvttStyleControl): string {
  const mpegts = ((Math.round(segmentStartMpegts90k) % PTS_MODULUS) + PTS_MODULUS) % PTS_MODULUS;
  const parts = [`WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:${mpegts},LOCAL:00:00:00.000\n`];
  for (const cue of cues) {
    const text = cue.lines.map((line) => escapeText(line.text.trim())).join("\n");
    parts.push(`${webvttTime(cue.startLocal90k)} --> ${webvttTime(cue.endLocal90k)}${cueSettings(cue.lines, style)}\n${text}\n`);
  }
  return parts.join("\n");
}
