// When an HTTP ingest sender tries its peer again, as MediaLive's push output groups
// describe it: after a failure it waits connectionRetryInterval and tries again, up to
// numRetries times; once they are used up it waits restartDelay and starts over (a segment
// sender gives that segment up then). Pure: time is passed in.

import type { HttpPushTarget } from "./http-post.ts";

export interface RetryPolicy {
  readonly retryIntervalMs: number;
  readonly numRetries: number;
  readonly restartDelayMs: number;
}

export interface RetryDecision {
  /** When to try the peer next. */
  readonly nextAttemptAtMs: number;
  /** Every retry was used: the item in flight is given up, the wait is restartDelay. */
  readonly exhausted: boolean;
  /** This failure is the first since the peer last accepted: the output's alert is raised now. */
  readonly started: boolean;
}

/** seconds → ms for MediaLive's retry members, with the defaults MediaLive documents for its push groups. */
export function retryPolicy(settings: { readonly connectionRetryInterval?: number; readonly numRetries?: number; readonly restartDelay?: number }, defaults: { readonly retryIntervalSec: number; readonly numRetries: number; readonly restartDelaySec: number }): RetryPolicy {
  return {
    retryIntervalMs: (settings.connectionRetryInterval ?? defaults.retryIntervalSec) * 1000,
    numRetries: settings.numRetries ?? defaults.numRetries,
    restartDelayMs: (settings.restartDelay ?? defaults.restartDelaySec) * 1000,
  };
}

export class RetryState {
  readonly #policy: RetryPolicy;
  #failures = 0;
  #failing = false;

  constructor(policy: RetryPolicy) {
    this.#policy = policy;
  }

  /** The peer refused or could not be reached at `nowMs`. */
  failed(nowMs: number): RetryDecision {
    const started = !this.#failing;
    this.#failing = true;
    this.#failures += 1;
    if (this.#failures > this.#policy.numRetries) {
      this.#failures = 0;
      return { nextAttemptAtMs: nowMs + this.#policy.restartDelayMs, exhausted: true, started };
    }
    return { nextAttemptAtMs: nowMs + this.#policy.retryIntervalMs, exhausted: false, started };
  }

  /** The peer accepted; true when it had been failing (the alert clears now). */
  succeeded(): boolean {
    const recovered = this.#failing;
    this.#failures = 0;
    this.#failing = false;
    return recovered;
  }

  get failing(): boolean {
    return this.#failing;
  }
}

/** What both fMP4 senders (one POST per segment, one long POST) are given. */
export interface Fmp4SenderOptions {
  /** Where the track's bytes are POSTed (…/Streams(<name>)). */
  readonly target: HttpPushTarget;
  /** video/mp4 or audio/mp4 (CMAF ingest §5.2). */
  readonly contentType: string;
  readonly retry: RetryPolicy;
  /** Each part waits this long before it is sent (MediaLive's sendDelayMs for the second pipeline). */
  readonly sendDelayMs?: number;
  /** The peer stopped accepting (first failure): raise the output's alert. */
  readonly onFailing: (message: string) => void;
  /** The peer accepts again: clear it. */
  readonly onRecovered: () => void;
  readonly nowMs?: () => number;
}
