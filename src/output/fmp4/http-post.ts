// HTTP requests of the fMP4 ingest senders, with Node's own client: one POST of a whole body
// (a CMAF ingest segment) and one long POST whose chunked body is written as the encoder
// produces it (a Smooth Streaming live feed). Credentials go in a basic Authorization header
// (RFC 7617); TLS verifies the peer's certificate unless the group accepts self-signed ones.

import http from "node:http";
import https from "node:https";

export interface HttpPushTarget {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** false: a self-signed certificate is accepted (MediaLive's certificateMode SELF_SIGNED). */
  readonly verifyCertificate?: boolean;
}

/** A request gets this long to be answered before it counts as refused. */
export const REQUEST_TIMEOUT_MS = 10_000;

function requestOptions(target: HttpPushTarget, method: string, headers: Record<string, string>): { url: URL; options: https.RequestOptions } {
  const url = new URL(target.url);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`${url.protocol}// is not an HTTP URL`);
  const all: Record<string, string> = { ...headers };
  if (target.username !== undefined && target.username !== "") {
    all.authorization = `Basic ${Buffer.from(`${target.username}:${target.password ?? ""}`).toString("base64")}`;
  }
  return { url, options: { method, headers: all, ...(url.protocol === "https:" ? { rejectUnauthorized: target.verifyCertificate !== false } : {}) } };
}

function client(url: URL): typeof http.request {
  return url.protocol === "https:" ? https.request : http.request;
}

/** POSTs (or PUTs) `body`; resolves with the status, rejects when the peer cannot be reached or does not answer in time. */
export function sendBody(target: HttpPushTarget, body: Buffer, contentType: string, method: "POST" | "PUT" = "POST"): Promise<number> {
  return new Promise((resolve, reject) => {
    let url: URL;
    let options: https.RequestOptions;
    try {
      ({ url, options } = requestOptions(target, method, { "content-type": contentType, "content-length": String(body.length) }));
    } catch (error) {
      reject(error as Error);
      return;
    }
    const request = client(url)(url, { ...options, timeout: REQUEST_TIMEOUT_MS }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    request.on("error", reject);
    request.end(body);
  });
}

/** A long POST whose body is written piece by piece (chunked transfer coding). */
export interface StreamingPost {
  write(bytes: Buffer): void;
  /** Ends the body; the peer's answer settles `done`. */
  end(): void;
  /** Drops the connection. */
  abort(): void;
  /** Settles when the request ends: the status when answered, an error when the connection failed. */
  readonly done: Promise<number>;
  /** Bytes written but not yet handed to the socket. */
  readonly bufferedBytes: number;
}

/** Opens a long chunked POST to `target`; the peer may answer (and refuse) at any time. */
export function openStreamingPost(target: HttpPushTarget, contentType: string): StreamingPost {
  let request: http.ClientRequest | undefined;
  const done = new Promise<number>((resolve, reject) => {
    try {
      const { url, options } = requestOptions(target, "POST", { "content-type": contentType, "transfer-encoding": "chunked" });
      request = client(url)(url, options, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      });
      request.on("error", reject);
      request.flushHeaders();
    } catch (error) {
      reject(error as Error);
    }
  });
  done.catch(() => undefined);
  return {
    write: (bytes) => {
      if (request && !request.destroyed && !request.writableEnded) request.write(bytes);
    },
    end: () => {
      if (request && !request.destroyed && !request.writableEnded) request.end();
    },
    abort: () => request?.destroy(),
    done,
    get bufferedBytes() {
      return request?.writableLength ?? 0;
    },
  };
}
