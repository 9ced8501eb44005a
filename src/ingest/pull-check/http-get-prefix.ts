// One HTTP(S) GET with the global fetch that keeps at most `maxBytes` of the body and then
// cancels the rest, so a check never downloads a whole multi-gigabyte file or endless
// playlist. Aborts with the check's deadline signal. Throws what fetch throws; the caller
// turns that into a reason (fetch-error-reason.ts).

export interface HttpPrefix {
  readonly status: number;
  /** The URL after redirects: relative variant URIs resolve against it. */
  readonly url: string;
  readonly bytes: Uint8Array;
  /** Reading stopped at maxBytes (the body may have gone on). */
  readonly truncated: boolean;
}

export interface HttpGetOptions {
  readonly signal: AbortSignal;
  readonly maxBytes: number;
  readonly authorization?: string;
  /** Ask only for the first `rangeBytes` bytes (servers may ignore it and send 200 with everything). */
  readonly rangeBytes?: number;
}

const USER_AGENT = "openlive-pull-check";

export async function httpGetPrefix(url: string, options: HttpGetOptions): Promise<HttpPrefix> {
  const headers: Record<string, string> = { "user-agent": USER_AGENT };
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  if (options.rangeBytes !== undefined) {
    headers.range = `bytes=0-${options.rangeBytes - 1}`;
    // A byte range of a compressed representation would not start with the container's bytes.
    headers["accept-encoding"] = "identity";
  }
  const response = await fetch(url, { headers, signal: options.signal, redirect: "follow" });
  if (!response.ok || response.body === null) {
    // Release the connection without reading an error page we do not need.
    await response.body?.cancel().catch(() => undefined);
    return { status: response.status, url: response.url || url, bytes: new Uint8Array(0), truncated: false };
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < options.maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const bytes = Buffer.concat(chunks).subarray(0, options.maxBytes);
  return { status: response.status, url: response.url || url, bytes, truncated: size >= options.maxBytes };
}
