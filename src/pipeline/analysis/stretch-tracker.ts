// How long has a condition been bad? Tracks the start of the current "bad" stretch from
// timed observations (pictures black, audio blocks silent), so a failover rule compares
// `nowMs − start` with videoBlackThresholdMsec / audioSilenceThresholdMsec (docs/failover.md).
// Pure: time arrives as arguments.
//
// Absence: audio silence includes audio loss, so a tracker built with `maxGapMs` also
// counts a gap in the observations as bad. A gap is an absence once it is longer than
// maxGapMs, and the absence then started at the last observation (or at `startedMs` when
// nothing was ever observed). A bad observation after such a gap keeps that earlier start,
// a good one ends the stretch. Without maxGapMs (video black) a gap is not bad: missing
// pictures are input loss, a condition of its own.

export interface StretchTrackerOptions {
  /** Count a gap between observations longer than this as bad (absence). Off by default. */
  readonly maxGapMs?: number;
  /** When watching began: the absence start when nothing has been observed yet. */
  readonly startedMs?: number;
}

export class StretchTracker {
  readonly #maxGapMs: number | undefined;
  readonly #startedMs: number | undefined;
  #sinceMs: number | undefined;
  #lastMs: number | undefined;

  constructor(options: StretchTrackerOptions = {}) {
    this.#maxGapMs = options.maxGapMs;
    this.#startedMs = options.startedMs;
  }

  /** One observation: `bad` at `atMs` (non-decreasing). */
  observe(bad: boolean, atMs: number): void {
    if (!bad) this.#sinceMs = undefined;
    else if (this.#sinceMs === undefined) this.#sinceMs = this.#absentSince(atMs) ?? atMs;
    this.#lastMs = atMs;
  }

  /** Start of the current bad stretch as observed (gaps included up to the last observation). */
  get sinceMs(): number | undefined {
    return this.#sinceMs;
  }

  /** Time of the last observation. */
  get lastObservedMs(): number | undefined {
    return this.#lastMs;
  }

  /** Start of the bad stretch at `nowMs`, counting a current absence when maxGapMs is set. */
  badSinceMs(nowMs: number): number | undefined {
    if (this.#sinceMs !== undefined) return this.#sinceMs;
    return this.#absentSince(nowMs);
  }

  /** How long it has been bad at `nowMs`; 0 when it is not. */
  badForMs(nowMs: number): number {
    const since = this.badSinceMs(nowMs);
    return since === undefined ? 0 : Math.max(0, nowMs - since);
  }

  /** Forget everything (e.g. the input was switched away and back). */
  reset(): void {
    this.#sinceMs = undefined;
    this.#lastMs = undefined;
  }

  #absentSince(nowMs: number): number | undefined {
    if (this.#maxGapMs === undefined) return undefined;
    return absentSince(this.#lastMs ?? this.#startedMs, nowMs, this.#maxGapMs);
  }
}

/**
 * Start of an absence at `nowMs`: `lastMs` when nothing was seen for more than `maxGapMs`
 * since then, else undefined (also when `lastMs` is undefined: nothing to count from).
 */
export function absentSince(lastMs: number | undefined, nowMs: number, maxGapMs: number): number | undefined {
  if (lastMs === undefined) return undefined;
  return nowMs - lastMs > maxGapMs ? lastMs : undefined;
}
