// A tiny MediaLive REST client for `openlive demo`: JSON over fetch, signed with AWS
// Signature Version 4 on node:crypto (the demo talks to openlive through its public API,
// like any SDK). Only what the demo needs: header signing (host, x-amz-date), unsigned
// nothing, no retries, no streaming. The canonical request follows the same spec text as
// the verifier in src/api/sigv4.ts (IAM User Guide, "Create a signed AWS API request"):
// URI labels are percent-encoded on the wire and that encoded path is encoded once more
// in the canonical URI; query names and values are RFC 3986-encoded and sorted.

import { createHash, createHmac } from "node:crypto";

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

/** RFC 3986 / SigV4 UriEncode: everything but A-Z a-z 0-9 - . _ ~ as %XX, uppercase hex. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(data: string): string {
  return createHash("sha256").update(data, "utf8").digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/** `20261125T120000Z` */
function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

export interface SignInput {
  readonly method: string;
  /** Host header value: hostname[:port]. */
  readonly host: string;
  /** Wire path, URI labels already encoded (uriEncode), no query. */
  readonly path: string;
  readonly query: readonly (readonly [string, string])[];
  readonly body: string;
  readonly date: Date;
}

/** The headers (x-amz-date, authorization) that sign a request. */
export function signRequest(options: Pick<ApiClientOptions, "accessKeyId" | "secretAccessKey" | "region">, input: SignInput): Record<string, string> {
  const stamp = amzDate(input.date);
  const day = stamp.slice(0, 8);
  const canonicalUri = input.path.split("/").map(uriEncode).join("/") || "/";
  const canonicalQuery = input.query
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const signedHeaders = "host;x-amz-date";
  const canonical = [input.method, canonicalUri, canonicalQuery, `host:${input.host}\nx-amz-date:${stamp}\n`, signedHeaders, sha256Hex(input.body)].join("\n");
  const scope = `${day}/${options.region}/${SERVICE}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", stamp, scope, sha256Hex(canonical)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${options.secretAccessKey}`, day), options.region), SERVICE), "aws4_request");
  const signature = createHmac("sha256", key).update(stringToSign, "utf8").digest("hex");
  return {
    "x-amz-date": stamp,
    authorization: `AWS4-HMAC-SHA256 Credential=${options.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

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
    const headers: Record<string, string> = signRequest(this.#options, { method, host: url.host, path, query, body: text, date: new Date() });
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
