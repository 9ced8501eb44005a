// Constant or variable frame rate, from the decode timestamps of one video stream.
// MediaLive takes constant-frame-rate sources only. A stream is
// variable when, over the last frames, the frame durations spread by more than 25 %
// around the most common one (a dropped frame now and then is not VFR: single
// outliers are ignored). Pure: timestamps in.

const WINDOW_FRAMES = 120;
const TOLERANCE = 0.25;
/** Share of frame durations that may sit outside the tolerance before the stream counts as variable. */
const OUTLIER_SHARE = 0.1;

export class FrameRateTracker {
  readonly #durations90k: number[] = [];
  #lastDts90k: number | undefined;

  push(dts90k: number): void {
    if (this.#lastDts90k !== undefined) {
      const duration = dts90k - this.#lastDts90k;
      // A backwards or huge step is a discontinuity, not a frame duration.
      if (duration > 0 && duration < 90_000) {
        this.#durations90k.push(duration);
        if (this.#durations90k.length > WINDOW_FRAMES) this.#durations90k.shift();
      }
    }
    this.#lastDts90k = dts90k;
  }

  /** The most common frame duration, rounded to a frame rate; undefined before 10 frames. */
  get frameRate(): number | undefined {
    const mode = this.#modeDuration();
    return mode === undefined ? undefined : Math.round((90_000 / mode) * 1000) / 1000;
  }

  /** True when enough frames were seen and their durations are not constant. */
  get variable(): boolean {
    const mode = this.#modeDuration();
    if (mode === undefined) return false;
    const outside = this.#durations90k.filter((d) => Math.abs(d - mode) > TOLERANCE * mode).length;
    return outside > OUTLIER_SHARE * this.#durations90k.length;
  }

  #modeDuration(): number | undefined {
    if (this.#durations90k.length < 10) return undefined;
    const counts = new Map<number, number>();
    for (const d of this.#durations90k) counts.set(d, (counts.get(d) ?? 0) + 1);
    let best: number | undefined;
    let bestCount = 0;
    for (const [duration, count] of counts) {
      if (count > bestCount) [best, bestCount] = [duration, count];
    }
    return best;
  }
}
