// Webhook delivery: every event is POSTed as JSON to each configured URL, one at a time
// and in order per URL. A failed try (network error, timeout, 5xx, 408, 429) is repeated
// after 0.5 s, 1 s, 2 s, 4 s; after the fifth the event is dropped with a warning, and
// so is one a receiver refuses with another 4xx. Each URL holds at most `maxQueue`
// pending events; past that the oldest is dropped with a warning, so a receiver that is
// down costs bounded memory. Time and HTTP are injectable for tests.

import type { Logger } from "pino";
import type { MediaLiveEvent } from "./medialive-event.ts";
import { retryable, retryDelayMs, webhookHeaders } from "./webhook-signing.ts";

export const MAX_QUEUE = 1000;
export const DELIVERY_TIMEOUT_MS = 5_000;

/** Sends one POST and gives its status; rejects on network errors and timeouts. */
export type WebhookPost = (url: string, body: string, headers: Record<string, string>, signal: AbortSignal) => Promise<number>;
/** Calls `callback` after `ms`; returns a cancel function. */
export type Schedule = (callback: () => void, ms: number) => () => void;

export interface WebhookDispatcherOptions {
  readonly urls: readonly string[];
  readonly secret: string;
  readonly logger: Pick<Logger, "warn">;
  readonly post?: WebhookPost;
  readonly schedule?: Schedule;
  readonly maxQueue?: number;
  readonly timeoutMs?: number;
}

interface Delivery {
  readonly eventId: string;
  readonly body: string;
  readonly headers: Record<string, string>;
}

export function fetchPost(timeoutMs: number): WebhookPost {
  return async (url, body, headers, signal) => {
    const response = await fetch(url, { method: "POST", body, headers, redirect: "manual", signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
    await response.body?.cancel();
    return response.status;
  };
}

const realSchedule: Schedule = (callback, ms) => {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
};

/** One URL's queue and its delivery loop. */
class WebhookTarget {
  readonly #url: string;
  readonly #options: WebhookDispatcherOptions;
  readonly #post: WebhookPost;
  readonly #schedule: Schedule;
  readonly #pending: Delivery[] = [];
  readonly #abort = new AbortController();
  #running = false;
  #closed = false;
  #wake: (() => void) | undefined;

  constructor(url: string, options: WebhookDispatcherOptions) {
    this.#url = url;
    this.#options = options;
    this.#post = options.post ?? fetchPost(options.timeoutMs ?? DELIVERY_TIMEOUT_MS);
    this.#schedule = options.schedule ?? realSchedule;
  }

  get pendingCount(): number {
    return this.#pending.length;
  }

  enqueue(delivery: Delivery): void {
    if (this.#closed) return;
    this.#pending.push(delivery);
    const limit = this.#options.maxQueue ?? MAX_QUEUE;
    if (this.#pending.length > limit) {
      const dropped = this.#pending.shift()!;
      this.#options.logger.warn({ url: this.#url, eventId: dropped.eventId, pending: limit }, "webhook queue full; oldest event dropped");
    }
    if (!this.#running) void this.#run();
  }

  close(): void {
    this.#closed = true;
    this.#pending.length = 0;
    this.#abort.abort();
    this.#wake?.();
  }

  async #run(): Promise<void> {
    this.#running = true;
    while (!this.#closed) {
      const delivery = this.#pending.shift();
      if (!delivery) break;
      await this.#deliver(delivery);
    }
    this.#running = false;
  }

  async #deliver(delivery: Delivery): Promise<void> {
    for (let attempt = 1; !this.#closed; attempt += 1) {
      let status: number | undefined;
      let failure: string;
      try {
        status = await this.#post(this.#url, delivery.body, delivery.headers, this.#abort.signal);
        if (status >= 200 && status < 300) return;
        failure = `HTTP ${status}`;
      } catch (error) {
        failure = (error as Error).message;
      }
      if (this.#closed) return;
      const delayMs = retryable(status) ? retryDelayMs(attempt) : undefined;
      if (delayMs === undefined) {
        this.#options.logger.warn({ url: this.#url, eventId: delivery.eventId, attempts: attempt, failure }, "webhook delivery failed; event dropped");
        return;
      }
      await new Promise<void>((resolve) => {
        const cancel = this.#schedule(resolve, delayMs);
        this.#wake = () => {
          cancel();
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }
}

export class WebhookDispatcher {
  readonly #targets: Map<string, WebhookTarget>;
  readonly #secret: string;

  constructor(options: WebhookDispatcherOptions) {
    this.#secret = options.secret;
    this.#targets = new Map(options.urls.map((url) => [url, new WebhookTarget(url, options)]));
  }

  send(event: MediaLiveEvent): void {
    if (this.#targets.size === 0) return;
    const body = JSON.stringify(event);
    const delivery: Delivery = { eventId: event.id, body, headers: webhookHeaders(this.#secret, event.id, body) };
    for (const target of this.#targets.values()) target.enqueue(delivery);
  }

  /** Events waiting for `url` (not counting the one being delivered). */
  pendingCount(url: string): number {
    return this.#targets.get(url)?.pendingCount ?? 0;
  }

  /** Drops every pending event, aborts requests in flight and cancels retry timers. */
  close(): void {
    for (const target of this.#targets.values()) target.close();
  }
}
