// Bounds on what the HLS pull client accepts from an origin. A playlist names its own
// target duration (RFC 8216 §4.3.3.1) and the origin decides how long a body is, so
// neither may size a timeout or a buffer: every body is read with a byte cap, and every
// fetch timeout is clamped, whatever the playlist says. Pure.

/** The caps and timeouts one pull source applies; tests pass small ones. */
export interface HlsFetchLimits {
  /** A playlist (master or media). 8 MiB holds a 24-hour event playlist of 1-second segments, as in the CreateChannel check. */
  readonly maxPlaylistBytes: number;
  /** An AES-128 key file: exactly 16 octets (RFC 8216 §5.2); anything longer is refused. */
  readonly maxKeyBytes: number;
  /** One media segment. 64 MiB is about 50 s of 10 Mb/s video, far more than a normal segment. */
  readonly maxSegmentBytes: number;
  /** Shortest fetch timeout, whatever the target duration. */
  readonly minFetchTimeoutMs: number;
  /** Longest fetch timeout, whatever the target duration: a playlist cannot hold a fetch open for hours. */
  readonly maxFetchTimeoutMs: number;
  /**
   * Longest wait between two loads of a live media playlist. RFC 8216 §6.3.4 waits a target
   * duration; one of an hour would keep a reader from noticing for an hour that its origin
   * recovered, so the wait is capped (no real live stream has segments this long).
   */
  readonly maxReloadIntervalMs: number;
}

export const DEFAULT_HLS_FETCH_LIMITS: HlsFetchLimits = {
  maxPlaylistBytes: 8 * 1024 * 1024,
  maxKeyBytes: 16,
  maxSegmentBytes: 64 * 1024 * 1024,
  minFetchTimeoutMs: 10_000,
  maxFetchTimeoutMs: 30_000,
  maxReloadIntervalMs: 30_000,
} as const;

/** The defaults with any positive overrides applied. */
export function hlsFetchLimits(overrides: Partial<HlsFetchLimits> = {}): HlsFetchLimits {
  const pick = (key: keyof HlsFetchLimits): number => {
    const value = overrides[key];
    return value !== undefined && Number.isFinite(value) && value > 0 ? value : DEFAULT_HLS_FETCH_LIMITS[key];
  };
  const maxFetchTimeoutMs = pick("maxFetchTimeoutMs");
  return {
    maxPlaylistBytes: pick("maxPlaylistBytes"),
    maxKeyBytes: pick("maxKeyBytes"),
    maxSegmentBytes: pick("maxSegmentBytes"),
    minFetchTimeoutMs: Math.min(pick("minFetchTimeoutMs"), maxFetchTimeoutMs),
    maxFetchTimeoutMs,
    maxReloadIntervalMs: pick("maxReloadIntervalMs"),
  };
}

/** RFC 8216 §6.3.4's reload wait (a target duration after a change, half of one otherwise), capped. */
export function reloadWaitMs(targetDurationMs: number, changed: boolean, limits: HlsFetchLimits): number {
  const wanted = changed ? targetDurationMs : targetDurationMs / 2;
  return Math.min(limits.maxReloadIntervalMs, Number.isFinite(wanted) && wanted > 0 ? wanted : limits.maxReloadIntervalMs);
}

/** Two target durations (a segment may take a while to arrive), within [min, max]. */
export function fetchTimeoutMs(targetDurationMs: number, limits: HlsFetchLimits): number {
  const wanted = Number.isFinite(targetDurationMs) && targetDurationMs > 0 ? 2 * targetDurationMs : limits.minFetchTimeoutMs;
  return Math.min(limits.maxFetchTimeoutMs, Math.max(limits.minFetchTimeoutMs, wanted));
}
