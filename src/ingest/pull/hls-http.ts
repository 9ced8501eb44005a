// Fetches of the HLS pull client: one GET with a timeout that close() also aborts, and the
// retry rule of MediaLive's hlsInputSettings (`retries` consecutive failures, `retryInterval`
// seconds apart) before the resource counts as unavailable. Failures become short reasons
// (source-access/fetch-error-reason.ts), never credentials.
// Only http: and https: are fetched: a remote playlist may name file:, data: or any other
// URI for a segment, key or variant (RFC 8216 §4.1 allows any URI), and none of those may
// reach the local disk or another protocol handler. Bodies are read with a byte cap: an
// origin that sends more is cut off there (hls-fetch-limits.ts).

import { readCappedBody } from "../../shared/read-capped-body.ts";
import { reasonForFetchError } from "../source-access/fetch-error-reason.ts";

const USER_AGENT = "openlive-hls-pull";

export class HlsFetchError extends Error {
  override readonly name = "HlsFetchError";
  constructor(
    readonly reason: string,
    readonly status?: number,
    /** False for answers a retry cannot change here (a refused scheme, a body over the cap). */
    readonly retryable = true,
  ) {
    super(reason);
  }
}

export interface HlsGetOptions {
  /** Aborted by close(). */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** The body is refused (and the connection dropped) once it passes this many bytes. */
  readonly maxBytes: number;
  /** Names what is fetched in the too-large reason: "playlist", "key", "segment". */
  readonly what: string;
  readonly authorization?: string;
}

const FETCHED_SCHEMES: readonly string[] = ["http:", "https:"];

/** The reason a URL is not fetched, or undefined when it may be. */
export function refusedScheme(url: string): string | undefined {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return "not a URL";
  }
  return FETCHED_SCHEMES.includes(protocol) ? undefined : `unsupported URL scheme ${protocol.replace(/:$/, "")} (only http and https are fetched)`;
}

export function tooLargeReason(what: string, maxBytes: number): string {
  return `${what} larger than ${maxBytes} bytes; download stopped`;
}

export interface HlsResponse {
  readonly bytes: Uint8Array;
  /** After redirects: relative URIs resolve against it. */
  readonly url: string;
}

export async function hlsGet(url: string, options: HlsGetOptions): Promise<HlsResponse> {
  const refused = refusedScheme(url);
  if (refused !== undefined) throw new HlsFetchError(refused, undefined, false);
  const headers: Record<string, string> = { "user-agent": USER_AGENT };
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  try {
    const response = await fetch(url, { headers, signal, redirect: "follow" });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new HlsFetchError(`HTTP ${response.status}`, response.status);
    }
    // Redirects are followed by fetch; the final URL must still be http(s).
    const finalUrl = response.url || url;
    const refusedFinal = refusedScheme(finalUrl);
    if (refusedFinal !== undefined) {
      await response.body?.cancel().catch(() => undefined);
      throw new HlsFetchError(refusedFinal, undefined, false);
    }
    const bytes = await readCappedBody(response, options.maxBytes, () => new HlsFetchError(tooLargeReason(options.what, options.maxBytes), undefined, false));
    return { bytes, url: finalUrl };
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
      if (error instanceof HlsFetchError && !error.retryable) throw error;
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
