// openlive's own routes beside the MediaLive API (/openlive/…): signed with SigV4 exactly like
// a MediaLive call (service "medialive", the API's region and credentials), errors in
// MediaLive's shape (X-Amzn-ErrorType + {"message"}), so the console and scripts use one
// signer for everything.

import type { FastifyReply, FastifyRequest } from "fastify";
import { ApiError } from "../shared/errors.ts";
import { nonCanonicalPathError } from "./canonical-path.ts";
import { verifySigV4Sync } from "./sigv4.ts";

export interface SignedRouteOptions {
  readonly lookupSecret: (accessKeyId: string) => string | undefined;
  readonly region: string;
  readonly clockSkewMs: number;
  readonly nowMs?: () => number;
  /** Whether the signed Host header names this API (host-check.ts); absent: any Host. */
  readonly acceptHost?: (host: string) => boolean;
}

/** The request's body bytes (the service parses every body as a Buffer; none for GET). */
export function requestBody(request: FastifyRequest): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

/** undefined when the request is signed correctly, else the ApiError to answer. */
export function verifySignedRequest(request: FastifyRequest, options: SignedRouteOptions): ApiError | undefined {
  const rawUrl = request.raw.url ?? "/";
  const queryAt = rawUrl.indexOf("?");
  const rawPath = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  // The same rule as the API's: the verified path is the routed path.
  const pathError = nonCanonicalPathError(rawPath);
  if (pathError !== undefined) return pathError;
  const auth = verifySigV4Sync(
    { method: request.method, rawPath, rawQuery: queryAt < 0 ? "" : rawUrl.slice(queryAt + 1), headers: request.headers, body: requestBody(request) },
    {
      lookupSecret: options.lookupSecret, region: options.region, service: "medialive", nowMs: (options.nowMs ?? Date.now)(), clockSkewMs: options.clockSkewMs,
      ...(options.acceptHost ? { acceptHost: options.acceptHost } : {}),
    },
  );
  return auth.ok ? undefined : new ApiError(auth.code, auth.params);
}

export function sendJson(reply: FastifyReply, requestId: string, status: number, value: unknown): FastifyReply {
  return reply.code(status).header("x-amzn-requestid", requestId).header("content-type", "application/json").send(Buffer.from(JSON.stringify(value)));
}

/** An ApiError in MediaLive's error shape; anything else is rethrown to the service's error handler. */
export function sendApiError(reply: FastifyReply, requestId: string, error: unknown): FastifyReply {
  if (!(error instanceof ApiError)) throw error;
  return reply
    .code(error.status)
    .header("x-amzn-errortype", error.shape)
    .header("x-amzn-requestid", requestId)
    .header("content-type", "application/json")
    .send(Buffer.from(JSON.stringify({ message: error.message })));
}
