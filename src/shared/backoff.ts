// Restart delays for everything openlive restarts (pipeline workers, encoders, analysis
// children, pull sources): doubling from `initialMs` to `maxMs`, back to `initialMs` once the
// thing restarted stayed healthy for `healthyAfterMs` — so one that fails every few minutes is
// restarted quickly, and one that fails at once every time is not hammered. Pure: time comes
// in as arguments.

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly healthyAfterMs: number;
}

/** Child processes (workers, encoders, the SRT listener, analysis children): back within a quarter second after a crash. */
export const PROCESS_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 8_000, healthyAfterMs: 30_000 };

/** Pull sources: reconnecting to another machine, a little more patient. */
export const PULL_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 10_000, healthyAfterMs: 30_000 };

export class Backoff {
  readonly #options: BackoffOptions;
  #nextMs: number;
  #healthySinceMs: number | undefined;

  constructor(options: BackoffOptions = PROCESS_BACKOFF) {
    this.#options = options;
    this.#nextMs = options.initialMs;
  }

  /** The delay before the next restart of something that ran (healthily) for `ranForMs`. */
  next(ranForMs: number): number {
    if (ranForMs >= this.#options.healthyAfterMs) this.#nextMs = this.#options.initialMs;
    const delayMs = this.#nextMs;
    this.#nextMs = Math.min(this.#options.maxMs, this.#nextMs * 2);
    return delayMs;
  }

  /** The current run became healthy (media started flowing); its first call counts. */
  healthy(nowMs: number): void {
    this.#healthySinceMs ??= nowMs;
  }

  /** The current run failed: the delay before the next attempt, given how long it was healthy. */
  failed(nowMs: number): number {
    const healthyForMs = this.#healthySinceMs === undefined ? 0 : nowMs - this.#healthySinceMs;
    this.#healthySinceMs = undefined;
    return this.next(healthyForMs);
  }
}
