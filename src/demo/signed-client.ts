// A tiny MediaLive REST client for `openlive demo`: JSON over fetch, signed with AWS
// Signature Version 4 (host, x-amz-date) by src/api/sigv4.ts's signSigV4, the verifier's own
// canonical request (the demo talks to openlive through its public API, like any SDK). Only
// what the demo needs: no retries, no streaming.

import { signSigV4, uriEncode } from "../api/sigv4.ts";

export { uriEncode };

export interface ApiClientOptions {
  /** http://host:port of the MediaLive API. */
  readonly baseUrl: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  readonly timeoutMs?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const SERVICE = "medialive";

export class MediaLiveApiClient {
  readonly #options: ApiClientOptions;

  constructor(options: ApiClientOptions) {
    this.#options = options;
  }

  /** One call; `path` is the wire path (labels encoded with uriEncode). Returns the parsed JSON body. */
  async call<T = any>(method: string, path: string, body?: unknown, query: readonly (readonly [string, string])[] = []): Promise<T> {
    const url = new URL(path, this.#options.baseUrl);
    const queryString = query.map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`).join("&");
    if (queryString) url.search = queryString;
    const text = body === undefined ? "" : JSON.stringify(body);
    const headers: Record<string, string> = signSigV4({ ...this.#options, service: SERVICE }, { method, host: url.host, rawPath: path, query, body: text, date: new Date() });
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(url, {
      method,
      headers,
      ...(body !== undefined ? { body: text } : {}),
      signal: AbortSignal.timeout(this.#options.timeoutMs ?? 20_000),
    });
    const responseText = await response.text();
    let json: any;
    try {
      json = responseText ? JSON.parse(responseText) : {};
    } catch {
      json = {};
    }
    if (!response.ok) {
      const errorType = response.headers.get("x-amzn-errortype")?.split(":")[0] ?? `HTTP ${response.status}`;
      throw new ApiError(response.status, errorType, `${method} ${path}: ${errorType}: ${json?.message ?? responseText}`);
    }
    return json as T;
  }

  /** Every item of a paginated List operation (`key` is the list's wire name, e.g. "inputs"). */
  async listAll<T = any>(path: string, key: string): Promise<T[]> {
    const items: T[] = [];
    let nextToken: string | undefined;
    do {
      const query: [string, string][] = [["maxResults", "100"]];
      if (nextToken) query.push(["nextToken", nextToken]);
      const page = await this.call<Record<string, unknown>>("GET", path, undefined, query);
      items.push(...((page[key] as T[] | undefined) ?? []));
      nextToken = typeof page.nextToken === "string" && page.nextToken !== "" ? page.nextToken : undefined;
    } while (nextToken);
    return items;
  }
}
