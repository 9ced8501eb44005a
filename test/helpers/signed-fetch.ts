// Raw HTTP requests to an openlive under test, signed with AWS Signature Version 4 by
// @smithy/signature-v4 (the SDK's own signer) the way the JS SDK and aws-cli sign, but
// carrying whatever bytes the test wants: malformed JSON, wrong types, oversized bodies,
// stale dates, no signature at all. node:http rather than fetch so that the Host header
// (signed, with its port) is exactly what goes on the wire.

import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import http, { type IncomingHttpHeaders } from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { OpenliveCredentials } from "./openlive-process.ts";

/** SHA-256, or HMAC-SHA256 when given a secret, over node:crypto, in the shape smithy expects. */
export class NodeSha256 {
  readonly #secret: string | Uint8Array | undefined;
  #hash: Hash | Hmac;

  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#secret =
      secret === undefined || typeof secret === "string"
        ? secret
        : ArrayBuffer.isView(secret)
          ? new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength)
          : new Uint8Array(secret);
    this.#hash = this.#fresh();
  }

  #fresh(): Hash | Hmac {
    return this.#secret === undefined ? createHash("sha256") : createHmac("sha256", this.#secret);
  }

  update(data: Uint8Array): void {
    this.#hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }

  reset(): void {
    this.#hash = this.#fresh();
  }
}

export interface RawTarget {
  readonly url: string;
  readonly credentials: OpenliveCredentials;
}

export interface RawRequest {
  readonly method: string;
  /** The path exactly as it goes on the wire (URI labels already percent-encoded), without query. */
  readonly path: string;
  /** Decoded query parameters; an array is a repeated key. */
  readonly query?: Readonly<Record<string, string | readonly string[]>>;
  /** A string or bytes sent as-is; an object is JSON-encoded. */
  readonly body?: string | Buffer | object;
  /** Defaults to application/json when there is a body. */
  readonly contentType?: string;
  /** false: send without any Authorization header. */
  readonly sign?: boolean;
  /** The signing time (X-Amz-Date); now by default. */
  readonly signingDate?: Date;
  /** Sign with these instead of the target's credentials. */
  readonly credentials?: OpenliveCredentials;
  /** Bytes sent instead of the signed body (to test tampering). */
  readonly sendBodyInstead?: string | Buffer;
  /** Send the body with Transfer-Encoding: chunked (no Content-Length). */
  readonly chunked?: boolean;
  readonly timeoutMs?: number;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The body parsed as JSON, or undefined when empty or not JSON. */
  readonly json: any;
}

/** RFC 3986 query encoding (what the SDK and aws-cli put on the wire). */
function encodeQuery(query: RawRequest["query"]): string {
  if (!query) return "";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    const values = typeof value === "string" ? [value] : value;
    for (const item of values) {
      parts.push(`${strictEncode(key)}=${strictEncode(item)}`);
    }
  }
  return parts.join("&");
}

function strictEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export async function rawRequest(target: RawTarget, request: RawRequest): Promise<RawResponse> {
  const base = new URL(target.url);
  const host = base.host; // hostname:port
  let body: Buffer | undefined =
    request.body === undefined
      ? undefined
      : Buffer.isBuffer(request.body)
        ? request.body
        : typeof request.body === "string"
          ? Buffer.from(request.body, "utf8")
          : Buffer.from(JSON.stringify(request.body), "utf8");
  const headers: Record<string, string> = { host };
  if (body !== undefined) headers["content-type"] = request.contentType ?? "application/json";

  if (request.sign !== false) {
    const signer = new SignatureV4({
      credentials: { ...(request.credentials ?? target.credentials) },
      region: "us-east-1",
      service: "medialive",
      sha256: NodeSha256,
      uriEscapePath: true,
      applyChecksum: false,
    });
    const query: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(request.query ?? {})) query[key] = typeof value === "string" ? value : [...value];
    const signed = await signer.sign(
      {
        method: request.method,
        protocol: base.protocol,
        hostname: base.hostname,
        port: Number(base.port),
        path: request.path,
        query,
        headers: { ...headers },
        body,
      },
      { signingDate: request.signingDate ?? new Date() },
    );
    for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = String(value);
  }

  if (request.sendBodyInstead !== undefined) {
    body = Buffer.isBuffer(request.sendBodyInstead) ? request.sendBodyInstead : Buffer.from(request.sendBodyInstead, "utf8");
  }
  const queryString = encodeQuery(request.query);
  const pathWithQuery = queryString ? `${request.path}?${queryString}` : request.path;
  if (body !== undefined && !request.chunked) headers["content-length"] = String(body.length);

  return new Promise<RawResponse>((resolve, reject) => {
    let settled = false;
    let responded = false;
    const req = http.request(
      { method: request.method, host: base.hostname, port: Number(base.port), path: pathWithQuery, headers, setHost: false, agent: false },
      (res) => {
        responded = true;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", (error) => {
          if (!settled) {
            settled = true;
            reject(error);
          }
        });
        res.on("end", () => {
          if (settled) return;
          settled = true;
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.setTimeout(request.timeoutMs ?? 20_000, () => req.destroy(new Error(`request ${request.method} ${pathWithQuery} timed out`)));
    req.on("error", (error) => {
      // The server may answer an oversized body early and close before we finished
      // writing; the response (if it came) is what counts.
      if (settled || responded) return;
      settled = true;
      reject(error);
    });
    if (body === undefined) {
      req.end();
      return;
    }
    // Written in slices so that we stop as soon as the server has answered: an oversized
    // body is refused (and the connection closed) before it has all been read, and a
    // write into that closed connection would lose the answer. For a large body we give
    // the server a moment after the headers to answer early.
    const SLICE = 64 * 1024;
    const PAUSE_ABOVE_BYTES = 1024 * 1024;
    let offset = 0;
    let paused = false;
    const writeMore = (): void => {
      while (offset < body.length) {
        if (responded || req.destroyed) return;
        const slice = body.subarray(offset, offset + SLICE);
        offset += slice.length;
        const more = req.write(slice);
        if (!paused && body.length > PAUSE_ABOVE_BYTES) {
          paused = true;
          setTimeout(writeMore, 150);
          return;
        }
        if (!more) {
          req.once("drain", writeMore);
          return;
        }
      }
      if (!responded && !req.destroyed) req.end();
    };
    writeMore();
  });
}

/** Percent-encodes an ARN (or any label) as a URI path segment, as the SDK does. */
export function pathLabel(value: string): string {
  return strictEncode(value);
}
