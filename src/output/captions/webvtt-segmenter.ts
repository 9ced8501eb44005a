// Cuts timed captions into WebVTT segments of the HLS group's segment length. Pure: the
// captions and the time reached come in; finished segments go out. A caption that spans a
// segment boundary is written into every segment it overlaps, clipped to each (RFC 8216
// §3.5 lets a cue appear in more than one segment), so a player joining late still sees it.

import type { TimedCaption } from "../../media/captions/cea608-decoder.ts";
import type { WebvttCue } from "./webvtt-text.ts";

export interface WebvttSegment {
  /** 0, 1, 2 … from the first segment of this segmenter. */
  readonly index: number;
  readonly startPts90k: number;
  readonly durationTicks90k: number;
  readonly cues: readonly WebvttCue[];
}

export class WebvttSegmenter {
  readonly #lengthTicks90k: number;
  readonly #originPts90k: number;
  #next = 0;
  /** Ended captions not yet wholly behind the segments written. */
  #pending: TimedCaption[] = [];

  constructor(options: { readonly segmentLengthSec: number; readonly originPts90k: number }) {
    this.#lengthTicks90k = Math.round(options.segmentLengthSec * 90_000);
    this.#originPts90k = options.originPts90k;
  }

  add(captions: readonly TimedCaption[]): void {
    this.#pending.push(...captions);
  }

  /** The segments that end at or before `reachedPts90k`; `showing` is the caption on screen now (no end yet). */
  cut(reachedPts90k: number, showing: TimedCaption | undefined): WebvttSegment[] {
    const segments: WebvttSegment[] = [];
    for (;;) {
      const startPts90k = this.#originPts90k + this.#next * this.#lengthTicks90k;
      const endPts90k = startPts90k + this.#lengthTicks90k;
      if (endPts90k > reachedPts90k) break;
      const open = showing && showing.startPts90k < endPts90k ? [{ ...showing, endPts90k }] : [];
      const cues = [...this.#pending, ...open]
        .filter((caption) => caption.endPts90k > startPts90k && caption.startPts90k < endPts90k)
        .sort((a, b) => a.startPts90k - b.startPts90k)
        .map((caption) => ({ startLocal90k: Math.max(caption.startPts90k, startPts90k) - startPts90k, endLocal90k: Math.min(caption.endPts90k, endPts90k) - startPts90k, lines: caption.lines }));
      segments.push({ index: this.#next, startPts90k, durationTicks90k: this.#lengthTicks90k, cues });
      this.#pending = this.#pending.filter((caption) => caption.endPts90k > endPts90k);
      this.#next += 1;
    }
    return segments;
  }
}
