// The one place events are published: keeps the most recent ones (for the SSE
// Last-Event-ID replay) and hands each new one to every subscriber (SSE clients, webhooks).
// A subscriber that throws is reported and does not stop the others.

import type { ChannelEvent } from "./medialive-event.ts";

export const DEFAULT_RING_SIZE = 500;

export class EventHub {
  readonly #ring: ChannelEvent[] = [];
  readonly #capacity: number;
  readonly #subscribers = new Set<(event: ChannelEvent) => void>();
  readonly #onSubscriberError: (error: unknown) => void;

  constructor(options: { capacity?: number; onSubscriberError?: (error: unknown) => void } = {}) {
    this.#capacity = options.capacity ?? DEFAULT_RING_SIZE;
    this.#onSubscriberError = options.onSubscriberError ?? (() => {});
  }

  publish(event: ChannelEvent): void {
    this.#ring.push(event);
    if (this.#ring.length > this.#capacity) this.#ring.shift();
    for (const subscriber of [...this.#subscribers]) {
      try {
        subscriber(event);
      } catch (error) {
        this.#onSubscriberError(error);
      }
    }
  }

  subscribe(subscriber: (event: ChannelEvent) => void): () => void {
    this.#subscribers.add(subscriber);
    return () => {
      this.#subscribers.delete(subscriber);
    };
  }

  /**
   * Events held after the one with id `lastEventId`. An id no longer held (older than the
   * ring, or from before a restart) gives every held event: the client may have missed
   * any of them, and event ids let it drop the ones it already has.
   */
  since(lastEventId: string): readonly ChannelEvent[] {
    const index = this.#ring.findIndex((entry) => entry.event.id === lastEventId);
    return this.#ring.slice(index + 1);
  }
}
