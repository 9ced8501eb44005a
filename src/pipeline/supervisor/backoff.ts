// Restart delays for supervised processes: doubling from `initialMs` to `maxMs`, back to
// the start once the process has stayed up for `healthyAfterMs`.

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly healthyAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 8_000, healthyAfterMs: 30_000 };

export class Backoff {
  readonly #options: BackoffOptions;
  #nextMs: number;

  constructor(options: BackoffOptions = DEFAULT_BACKOFF) {
    this.#options = options;
    this.#nextMs = options.initialMs;
  }

  /** The delay before the next restart of a process that ran for `ranForMs`. */
  next(ranForMs: number): number {
    if (ranForMs >= this.#options.healthyAfterMs) this.#nextMs = this.#options.initialMs;
    const delay = this.#nextMs;
    this.#nextMs = Math.min(this.#options.maxMs, this.#nextMs * 2);
    return delay;
  }
}
