// MediaLive's retry settings for a remote destination, in one place for every sender (the
// HLS folder mirror over HTTP or S3, the object publisher of archive and frame-capture
// files): each send gets `numRetries` more attempts `connectionRetryInterval` seconds apart,
// then it is given up (onFailure: an alert) and the next one waits `restartDelay` seconds.
// The first send that succeeds after a failure calls onRecovered (the alert clears).

export interface RetrySettings {
  /** Attempts after the first (MediaLive numRetries; default 10). */
  readonly numRetries?: number;
  /** Between attempts (MediaLive connectionRetryInterval, seconds → ms; default 1 s). */
  readonly retryIntervalMs?: number;
  /** Pause after a send was given up (MediaLive restartDelay, seconds → ms; default 0). */
  readonly restartDelayMs?: number;
  readonly onFailure?: (message: string) => void;
  readonly onRecovered?: () => void;
}

export const DEFAULT_NUM_RETRIES = 10;
export const DEFAULT_RETRY_INTERVAL_MS = 1_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class UploadAttempts {
  readonly #settings: RetrySettings;
  #failing: boolean;
  #closed = false;

  /** `failing`: an alert is already set for this destination (the next success clears it). */
  constructor(settings: RetrySettings, failing = false) {
    this.#settings = settings;
    this.#failing = failing;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Runs `send` until it resolves or the attempts run out; `what` names it in the failure
   * message. `numRetries` overrides the settings' for this send (0: one attempt). False:
   * given up (or closed).
   */
  async run(what: string, send: () => Promise<void>, numRetries = this.#settings.numRetries ?? DEFAULT_NUM_RETRIES): Promise<boolean> {
    const attempts = 1 + numRetries;
    let reason = "";
    for (let attempt = 0; attempt < attempts && !this.#closed; attempt++) {
      if (attempt > 0) await sleep(this.#settings.retryIntervalMs ?? DEFAULT_RETRY_INTERVAL_MS);
      try {
        await send();
        if (this.#failing) {
          this.#failing = false;
          this.#settings.onRecovered?.();
        }
        return true;
      } catch (error) {
        reason = errorText(error);
      }
    }
    if (!this.#closed) {
      this.#failing = true;
      this.#settings.onFailure?.(`${what} failed after ${attempts} attempts: ${reason}`);
      if (this.#settings.restartDelayMs) await sleep(this.#settings.restartDelayMs);
    }
    return false;
  }

  /** Ends the current attempts at their next step; idempotent. */
  close(): void {
    this.#closed = true;
  }
}

/** An error as one line: the AWS SDK's errors carry their code in `name` (NoSuchBucket, InvalidAccessKeyId …). */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const name = error.name !== "Error" ? error.name : typeof code === "string" ? code : "";
  return name && !error.message.startsWith(name) ? `${name}: ${error.message}` : error.message;
}
