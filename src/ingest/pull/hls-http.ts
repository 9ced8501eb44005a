// Fetches of the HLS pull client: one GET with a timeout that close() also aborts, and the
// retry rule of MediaLive's hlsInputSettings (`retries` consecutive failures, `retryInterval`
// seconds apart) before the resource counts as unavailable. Failures become short reasons
// (pull-check/fetch-error-reason.ts), never credentials.

import { reasonForFetchError } from "../pull-check/fetch-error-reason.ts";

const USER_AGENT = "openlive-hls-pull";

export class HlsFetchError extends Error {
  override readonly name = "HlsFetchError";
  constructor(
    readonly reason: string,
    readonly status?: number,
  ) {
    super(reason);
  }
}

export interface HlsGetOptions {
  /** Aborted by close(). */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly authorization?: string;
}

export interface HlsResponse {
  readonly bytes: Uint8Array;
  /** After redirects: relative URIs resolve against it. */
  readonly url: string;
}

export async function hlsGet(url: string, options: HlsGetOptions): Promise<HlsResponse> {
  const headers: Record<string, string> = { "user-agent": USER_AGENT };
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  try {
    const response = await fetch(url, { headers, signal, redirect: "follow" });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new HlsFetchError(`HTTP ${response.status}`, response.status);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { bytes, url: response.url || url };
  } catch (error) {
    if (error instanceof HlsFetchError) throw error;
    throw new HlsFetchError(reasonForFetchError(error, signal.aborted && !options.signal.aborted, options.timeoutMs));
  }
}

export interface RetryOptions {
  /** Attempts after the first. */
  readonly retries: number;
  readonly retryIntervalMs: number;
  readonly signal: AbortSignal;
}

/** Runs `attempt` until it succeeds or `retries` more attempts failed; throws the last failure. */
export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attemptIndex = 0; ; attemptIndex += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (options.signal.aborted || attemptIndex >= options.retries) throw error;
      await sleep(options.retryIntervalMs, options.signal);
    }
  }
}

/** Resolves after `delayMs`, or early (without throwing) when the signal aborts. */
export function sleep(delayMs: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || delayMs <= 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, delayMs);
    signal.addEventListener("abort", done, { once: true });
  });
}
