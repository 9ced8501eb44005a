// When to reconnect after a pull source failed: 0.5 s, doubling to 10 s, and back to
// 0.5 s once a connection stayed healthy for 30 s (so a source that drops every few
// minutes is retried quickly, and one that refuses every attempt is not hammered). Pure:
// time comes in as an argument.

export interface RestartBackoffOptions {
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A connection that delivered media for this long resets the delay. */
  readonly healthyResetMs?: number;
}

export class RestartBackoff {
  readonly #initialDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #healthyResetMs: number;
  #nextDelayMs: number;
  #healthySinceMs: number | undefined;

  constructor(options: RestartBackoffOptions = {}) {
    this.#initialDelayMs = options.initialDelayMs ?? 500;
    this.#maxDelayMs = options.maxDelayMs ?? 10_000;
    this.#healthyResetMs = options.healthyResetMs ?? 30_000;
    this.#nextDelayMs = this.#initialDelayMs;
  }

  /** Media started flowing on the current connection. */
  healthy(nowMs: number): void {
    this.#healthySinceMs ??= nowMs;
  }

  /** The connection failed: how long to wait before the next attempt. */
  failed(nowMs: number): number {
    if (this.#healthySinceMs !== undefined && nowMs - this.#healthySinceMs >= this.#healthyResetMs) this.#nextDelayMs = this.#initialDelayMs;
    this.#healthySinceMs = undefined;
    const delayMs = this.#nextDelayMs;
    this.#nextDelayMs = Math.min(this.#maxDelayMs, this.#nextDelayMs * 2);
    return delayMs;
  }
}
