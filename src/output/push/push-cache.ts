// What a sender does with the next bytes when its peer does not take them as fast as the
// encoder makes them (MediaLive's cacheLength and cacheFullBehavior): bytes wait in the
// sender's queue while the peer stalls for less than cacheLengthMs; past that (or past the
// byte bound that keeps memory finite), DISCONNECT_IMMEDIATELY drops the connection (the
// retry settings decide when the next one is tried) and WAIT_FOR_SERVER drops new bytes for
// up to 5 minutes more before it disconnects too. The encoder is never slowed. Pure: the
// queued byte count and the time are passed in.

export const CacheFullBehaviors = { DISCONNECT_IMMEDIATELY: "DISCONNECT_IMMEDIATELY", WAIT_FOR_SERVER: "WAIT_FOR_SERVER" } as const;
export type CacheFullBehavior = (typeof CacheFullBehaviors)[keyof typeof CacheFullBehaviors];

/** WAIT_FOR_SERVER: how long a full cache waits for the server before disconnecting (MediaLive: 5 minutes). */
export const WAIT_FOR_SERVER_MS = 5 * 60_000;

export interface PushCacheSettings {
  readonly cacheLengthMs: number;
  readonly behavior: CacheFullBehavior;
  /** Queued bytes never exceed this, whatever cacheLengthMs says. */
  readonly maxBytes: number;
}

export const CacheDecisions = { WRITE: "write", DROP: "drop", DISCONNECT: "disconnect" } as const;
export type CacheDecision = (typeof CacheDecisions)[keyof typeof CacheDecisions];

export class PushCache {
  readonly #settings: PushCacheSettings;
  /** When the queue last stopped being empty; undefined while the peer keeps up. */
  #stalledSinceMs: number | undefined;

  constructor(settings: PushCacheSettings) {
    this.#settings = settings;
  }

  /** What to do with a chunk of `bytes` offered at `nowMs` while `queuedBytes` still wait for the peer. */
  offer(nowMs: number, queuedBytes: number, bytes: number): CacheDecision {
    if (queuedBytes === 0) {
      this.#stalledSinceMs = undefined;
      return CacheDecisions.WRITE;
    }
    this.#stalledSinceMs ??= nowMs;
    const stalledMs = nowMs - this.#stalledSinceMs;
    const full = stalledMs > this.#settings.cacheLengthMs || queuedBytes + bytes > this.#settings.maxBytes;
    if (!full) return CacheDecisions.WRITE;
    if (this.#settings.behavior === CacheFullBehaviors.DISCONNECT_IMMEDIATELY) return CacheDecisions.DISCONNECT;
    return stalledMs > this.#settings.cacheLengthMs + WAIT_FOR_SERVER_MS ? CacheDecisions.DISCONNECT : CacheDecisions.DROP;
  }

  /** A new connection: nothing is queued. */
  reset(): void {
    this.#stalledSinceMs = undefined;
  }
}
