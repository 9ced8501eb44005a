// GOP length of one video stream, measured from its access units: the pictures and the
// presentation time from one keyframe (random access point) to the next. Pure: one call
// per picture, in decode order.

import type { GopMeasurement } from "./check-types.ts";

/** Intervals kept; a 10 s check at 1 keyframe per second needs ten. */
const MAX_INTERVALS = 1000;

export class GopTracker {
  readonly #intervalsFrames: number[] = [];
  readonly #intervalsSeconds: number[] = [];
  #pictures = 0;
  #keyframes = 0;
  #lastKeyframe: { readonly picture: number; readonly pts90k: number | null } | undefined;

  /** One picture; `pts90k` null when its PES carried no timestamp. */
  picture(keyframe: boolean, pts90k: number | null): void {
    this.#pictures += 1;
    if (!keyframe) return;
    this.#keyframes += 1;
    const last = this.#lastKeyframe;
    if (last && this.#intervalsFrames.length < MAX_INTERVALS) {
      this.#intervalsFrames.push(this.#pictures - last.picture);
      // Only a forward step of under a minute is a GOP; anything else is a timestamp discontinuity.
      if (last.pts90k !== null && pts90k !== null && pts90k > last.pts90k && pts90k - last.pts90k < 60 * 90_000) {
        this.#intervalsSeconds.push((pts90k - last.pts90k) / 90_000);
      }
    }
    this.#lastKeyframe = { picture: this.#pictures, pts90k };
  }

  measurement(): GopMeasurement {
    const frames = this.#intervalsFrames;
    const seconds = this.#intervalsSeconds;
    return {
      keyframes: this.#keyframes,
      ...(frames.length ? { minFrames: Math.min(...frames), maxFrames: Math.max(...frames) } : {}),
      ...(seconds.length ? { meanSeconds: round3(seconds.reduce((sum, s) => sum + s, 0) / seconds.length), maxSeconds: round3(Math.max(...seconds)) } : {}),
    };
  }
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
