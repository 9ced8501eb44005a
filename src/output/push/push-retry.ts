// When a sender to a remote peer (RTMP, SRT) tries again, and when its output alert is
// raised and cleared, in MediaLive's terms: `numRetries` attempts `connectionRetryInterval`
// seconds apart after a connection is refused or lost, then `restartDelay` seconds before a
// fresh round (0: no restart). Pure: the sender owns the timers and the child.

export interface PushRetrySettings {
  /** connectionRetryInterval. */
  readonly retryIntervalMs: number;
  /** numRetries: attempts after a failure before the round ends. */
  readonly numRetries: number;
  /** restartDelay: wait after the last retry of a round; 0 = no restart. */
  readonly restartDelayMs: number;
}

export interface RetryVerdict {
  /** Wait before the next attempt; undefined: no further attempt (restartDelay 0). */
  readonly delayMs: number | undefined;
  /** The output alert is to be raised now (the first failure since the output last delivered). */
  readonly raise: boolean;
  /** This failure ended a round of numRetries attempts. */
  readonly exhausted: boolean;
}

/** What a verdict means next, for the log line of a failed attempt. */
export function nextAttemptText(verdict: RetryVerdict): string {
  if (verdict.delayMs === undefined) return "no restart (restartDelay 0)";
  return verdict.exhausted ? `restart in ${verdict.delayMs} ms (after numRetries)` : `retry in ${verdict.delayMs} ms`;
}

export class PushRetry {
  readonly #settings: PushRetrySettings;
  /** Failed attempts in the current round. */
  #failures = 0;
  #failing = false;

  constructor(settings: PushRetrySettings) {
    this.#settings = settings;
  }

  /** Whether the output alert is SET. */
  get failing(): boolean {
    return this.#failing;
  }

  /** A connection attempt failed, or a delivering connection was lost or given up. */
  failed(): RetryVerdict {
    const raise = !this.#failing;
    this.#failing = true;
    this.#failures += 1;
    if (this.#failures <= this.#settings.numRetries) return { delayMs: this.#settings.retryIntervalMs, raise, exhausted: false };
    this.#failures = 0;
    return { delayMs: this.#settings.restartDelayMs > 0 ? this.#settings.restartDelayMs : undefined, raise, exhausted: true };
  }

  /** The peer takes the output again; returns whether the alert is to be cleared. */
  delivered(): boolean {
    const clear = this.#failing;
    this.#failing = false;
    this.#failures = 0;
    return clear;
  }

  /** A new encoder run: a fresh round of attempts (the alert stays as it is until delivery). */
  newRound(): void {
    this.#failures = 0;
  }
}
