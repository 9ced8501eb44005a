// SMPTE timecodes of schedule clipping (InputClippingSettings start/stop timecodes) turned
// into positions in a file. Pure. ZEROBASED timecodes count frames from 00:00:00:00 at the
// file's first frame, labelled at the nominal rate (30 for 29.97): a frame's label is its
// index, so its position is index / actual rate. `HH:MM:SS;FF` is drop-frame (29.97 and
// 59.94 only): labels :00 and :01 (:00–:03 at 59.94) are skipped every minute except every
// tenth (SMPTE ST 12-1). Parsing lives with the schedule rules, which check the timecodes
// when the action is created.

import { parseTimecode } from "../../domain/channels/schedule-rules.ts";

/**
 * The position (ms from the file's first frame) of the frame a ZEROBASED timecode labels.
 * Throws RangeError for a malformed timecode, a frame number the rate cannot have, or
 * drop-frame at a rate other than 29.97/59.94.
 */
export function timecodeToMs(timecode: string, framesPerSecond: number): number {
  const parsed = parseTimecode(timecode);
  if (!parsed) throw new RangeError(`"${timecode}" is not a timecode like HH:MM:SS:FF`);
  if (!(framesPerSecond > 0)) throw new RangeError(`frame rate ${framesPerSecond} is not positive`);
  const nominal = Math.round(framesPerSecond);
  if (parsed.frames >= nominal) throw new RangeError(`"${timecode}": frame ${parsed.frames} does not exist at ${nominal} frames per second`);
  let index = ((parsed.hours * 60 + parsed.minutes) * 60 + parsed.seconds) * nominal + parsed.frames;
  if (parsed.dropFrame) {
    if (nominal !== 30 && nominal !== 60) throw new RangeError(`"${timecode}": drop-frame timecode needs 29.97 or 59.94 frames per second, not ${framesPerSecond}`);
    const dropped = nominal / 15;
    const totalMinutes = parsed.hours * 60 + parsed.minutes;
    if (parsed.seconds === 0 && parsed.frames < dropped && totalMinutes % 10 !== 0) throw new RangeError(`"${timecode}" is a label drop-frame timecode skips`);
    index -= dropped * (totalMinutes - Math.floor(totalMinutes / 10));
  }
  return (index * 1000) / framesPerSecond;
}

/** MediaLive's InputClippingSettings, as the schedule carries it. */
export interface InputClipping {
  readonly inputTimecodeSource: "ZEROBASED" | "EMBEDDED";
  readonly startTimecode?: string;
  readonly stopTimecode?: string;
  /** Default EXCLUDE_LAST_FRAME: the clip ends before the stop frame. */
  readonly lastFrameClippingBehavior?: "EXCLUDE_LAST_FRAME" | "INCLUDE_LAST_FRAME";
}

/** A ZEROBASED clip as positions in the file (PullSourceOptions.clipping). */
export function clippingToMs(clipping: InputClipping, framesPerSecond: number): { startMs?: number; stopMs?: number } {
  if (clipping.inputTimecodeSource !== "ZEROBASED") throw new RangeError(`inputTimecodeSource ${clipping.inputTimecodeSource} is not supported`);
  const out: { startMs?: number; stopMs?: number } = {};
  if (clipping.startTimecode !== undefined) out.startMs = timecodeToMs(clipping.startTimecode, framesPerSecond);
  if (clipping.stopTimecode !== undefined) {
    const include = clipping.lastFrameClippingBehavior === "INCLUDE_LAST_FRAME";
    out.stopMs = timecodeToMs(clipping.stopTimecode, framesPerSecond) + (include ? 1000 / framesPerSecond : 0);
  }
  return out;
}
