// Fetches of the HLS pull client: one GET with a timeout that close() also aborts, and the
// retry rule of MediaLive's hlsInputSettings (`retries` consecutive failures, `retryInterval`
// seconds apart) before the resource counts as unavailable. Failures become short reasons
// (source-access/fetch-error-reason.ts), never credentials.
// Only http: and https: are fetched: a remote playlist may name file:, data: or any other
// URI for a segment, key or variant (RFC 8216 §4.1 allows any URI), and none of those may
// reach the local disk or another protocol handler. Bodies are read with a byte cap: an
// origin that sends more is cut off there (hls-fetch-limits.ts).

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
    const bytes = await readCapped(response, options.maxBytes, options.what);
    return { bytes, url: finalUrl };
  } catch (error) {
    if (error instanceof HlsFetchError) throw error;
    throw new HlsFetchError(reasonForFetchError(error, signal.aborted && !options.signal.aborted, options.timeoutMs));
  }
}

/** The body, or HlsFetchError once it passes maxBytes (by Content-Length or by what arrived). */
async function readCapped(response: Response, maxBytes: number, what: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new HlsFetchError(tooLargeReason(what, maxBytes), undefined, false);
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxBytes) throw new HlsFetchError(tooLargeReason(what, maxBytes), undefined, false);
      chunks.push(value);
    }
  } finally {
    // Drops the connection when the body was not read to its end.
    await reader.cancel().catch(() => undefined);
  }
  const bytes = Buffer.concat(chunks, size);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
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
