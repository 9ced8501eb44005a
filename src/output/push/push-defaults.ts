// Retry and cache settings of the push kinds when the channel leaves them out.

import { CacheFullBehaviors, type PushCacheSettings } from "./push-cache.ts";
import type { PushRetrySettings } from "./push-retry.ts";

export const MS_PER_SEC = 1000;
/** connectionRetryInterval (s) when absent. */
export const DEFAULT_RETRY_INTERVAL_SEC = 2;
/** numRetries when absent. */
export const DEFAULT_NUM_RETRIES = 10;
/** restartDelay (s) when absent. */
export const DEFAULT_RESTART_DELAY_SEC = 5;
/** Bytes a sender queues for a slow peer at most (≈ 50 s at 5 Mb/s), whatever cacheLength says. */
export const MAX_QUEUED_BYTES = 32 * 1024 * 1024;

export function retrySettings(retryIntervalSec: number | undefined, numRetries: number | undefined, restartDelaySec: number | undefined): PushRetrySettings {
  return {
    retryIntervalMs: (retryIntervalSec ?? DEFAULT_RETRY_INTERVAL_SEC) * MS_PER_SEC,
    numRetries: numRetries ?? DEFAULT_NUM_RETRIES,
    restartDelayMs: (restartDelaySec ?? DEFAULT_RESTART_DELAY_SEC) * MS_PER_SEC,
  };
}

/** A peer that stalls this long is disconnected (SRT and UDP-like outputs have no cache settings). */
export const DEFAULT_CACHE: PushCacheSettings = { cacheLengthMs: 30 * MS_PER_SEC, behavior: CacheFullBehaviors.DISCONNECT_IMMEDIATELY, maxBytes: MAX_QUEUED_BYTES };
