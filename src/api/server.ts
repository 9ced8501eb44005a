// The MediaLive REST API over fastify: one catch-all route under /prod that hands each call
// to `runApiCall` (fast-path/api-call.ts: SigV4, operation match, model decoding and checks,
// the handler, the model's status code) and writes its answer. Body-less GETs under /prod/
// take the fast path below fastify (fast-path/fast-path.ts) through the same `runApiCall`.
// Every error leaves through `errorAnswer`, the one place catalogue codes become MediaLive's
// error shapes (X-Amzn-ErrorType header + {"message"} body).

import { randomUUID } from "node:crypto";
import http from "node:http";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { API_HTTP_TIMEOUTS, httpServerTimeoutOptions, limitConnections, type HttpTimeouts } from "../shared/connection-limits.ts";
import { ApiError } from "../shared/errors.ts";
import type { ApiContext, OperationHandler } from "./handler-types.ts";
import { errorAnswer, runApiCall, type ApiAnswer, type ApiCall, type ApiCallEnv } from "./fast-path/api-call.ts";
import { createFastPath, type FastPath } from "./fast-path/fast-path.ts";
import { channelHandlers } from "./routes/channel-routes.ts";
import { clusterInventoryHandlers } from "./routes/cluster-inventory-routes.ts";
import { inputHandlers } from "./routes/input-routes.ts";
import { inputSecurityGroupHandlers } from "./routes/input-security-group-routes.ts";
import { scheduleHandlers } from "./routes/schedule-routes.ts";
import { tagHandlers } from "./routes/tag-routes.ts";
import { absentKindHandlers } from "./routes/absent-kinds.ts";

/** The operations openlive serves. */
const SERVED: Readonly<Record<string, OperationHandler>> = {
  ...inputSecurityGroupHandlers,
  ...inputHandlers,
  ...channelHandlers,
  ...scheduleHandlers,
  ...tagHandlers,
  ...clusterInventoryHandlers,
};

/** Every operation of the model: those served, and the others answered as for an account without such resources. */
export const HANDLERS: Readonly<Record<string, OperationHandler>> = { ...absentKindHandlers(new Set(Object.keys(SERVED))), ...SERVED };

export interface ApiServerOptions {
  readonly context: ApiContext;
  readonly logger: Logger;
  readonly lookupSecret: (accessKeyId: string) => string | undefined;
  readonly region: string;
  readonly clockSkewMs: number;
  readonly maxBodyBytes: number;
  readonly nowMs: () => number;
  /** Check every response against the model and fail loudly when it drifts (tests; off in production for speed). */
  readonly strictResponses: boolean;
  /** Answer body-less GETs below fastify (default true); false sends every request through fastify. */
  readonly fastPath?: boolean;
  /** Whether the signed Host header names this API (host-check.ts); absent: any Host. */
  readonly acceptHost?: (host: string) => boolean;
  /** Connection caps of the listener (maxHttpConnections, maxHttpConnectionsPerAddress); absent: none. */
  readonly connectionLimits?: { readonly maxConnections: number; readonly maxPerAddress: number };
  /** HTTP timeouts; API_HTTP_TIMEOUTS by default. */
  readonly timeouts?: HttpTimeouts;
}

const EMPTY_BODY = Buffer.alloc(0);

export function buildApiServer(options: ApiServerOptions): FastifyInstance {
  const env: ApiCallEnv = {
    handlers: HANDLERS, context: options.context, lookupSecret: options.lookupSecret, region: options.region,
    clockSkewMs: options.clockSkewMs, nowMs: options.nowMs, strictResponses: options.strictResponses,
    ...(options.acceptHost ? { acceptHost: options.acceptHost } : {}),
  };
  const timeouts = options.timeouts ?? API_HTTP_TIMEOUTS;
  let accepting = true;
  const fastPath: FastPath | undefined = options.fastPath === false ? undefined : createFastPath(env, options.logger, () => accepting);
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.maxBodyBytes,
    // Handed to the serverFactory below, which builds the server with every timeout.
    requestTimeout: timeouts.requestTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    genReqId: () => randomUUID(),
    // Paths carry percent-encoded ARNs; routing reads the raw URL, not fastify's decoding.
    routerOptions: { ignoreDuplicateSlashes: false, maxParamLength: 2048 },
    // The HTTP server fastify would make, with the fast path in front of fastify's handler.
    serverFactory: (fastifyHandler, serverOptions) => {
      // Short header, request and keep-alive timeouts: idle or half-sent requests must not
      // hold connections (and file descriptors) for Node's defaults of a minute and more.
      const server = http.createServer(httpServerTimeoutOptions(timeouts), (request, response) => {
        if (fastPath === undefined || !fastPath(request, response)) fastifyHandler(request, response);
      });
      server.setTimeout(serverOptions.connectionTimeout as number);
      if ((serverOptions.maxRequestsPerSocket as number) > 0) server.maxRequestsPerSocket = serverOptions.maxRequestsPerSocket as number;
      if (options.connectionLimits !== undefined) {
        limitConnections(server, {
          ...options.connectionLimits,
          onRefused: (address) => options.logger.warn({ address, maxPerAddress: options.connectionLimits?.maxPerAddress }, "connection refused: too many from one address"),
        });
      }
      return server;
    },
    // Errors fastify raises before a route runs (a path with broken percent-encoding) and
    // requests Node's HTTP parser refuses still get MediaLive's error shape.
    frameworkErrors: (error, request, reply) => {
      sendError(reply, request, translateFastifyError(error, options.maxBodyBytes));
    },
    clientErrorHandler: (error, socket) => {
      if ((error as { code?: string }).code === "ECONNRESET" || !socket.writable) {
        socket.destroy();
        return;
      }
      // Node's headersTimeout/requestTimeout: 408 Request Timeout (RFC 9110 §15.5.9).
      const timedOut = (error as { code?: string }).code === "ERR_HTTP_REQUEST_TIMEOUT";
      const body = JSON.stringify({ message: timedOut ? "The request was not received in time" : `The HTTP request could not be parsed: ${(error as { code?: string }).code ?? error.message}` });
      socket.end(
        `HTTP/1.1 ${timedOut ? "408 Request Timeout" : "400 Bad Request"}\r\nContent-Type: application/json\r\nX-Amzn-ErrorType: BadRequestException\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    },
  });
  // From here on fastify answers everything (503 while closing, as it does for its own routes).
  app.addHook("preClose", async () => {
    accepting = false;
  });

  // Keep raw bytes: the SigV4 signature covers the exact body.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  app.get("/healthz", async () => ({ status: "ok" }));

  app.all("/prod/*", async (request, reply) => {
    const body = Buffer.isBuffer(request.body) ? request.body : EMPTY_BODY;
    return writeReply(reply, request.id, await runApiCall(fastifyCall(request, body), env));
  });

  app.setNotFoundHandler((request, reply) => sendError(reply, request, new ApiError("OL_OPERATION_NOT_FOUND", { method: request.method, path: request.url.split("?")[0] ?? "/" })));
  app.setErrorHandler((error, request, reply) => sendError(reply, request, translateFastifyError(error, options.maxBodyBytes)));
  return app;
}

function fastifyCall(request: FastifyRequest, body: Buffer): ApiCall {
  const log = request.log as unknown as Logger;
  return {
    method: request.method, rawUrl: request.raw.url ?? "/", headers: request.headers, body, requestId: request.id,
    log: () => log, debugEnabled: () => log.isLevelEnabled("debug"),
  };
}

/** Writes an answer through fastify (headers in the same order as the fast path's). */
function writeReply(reply: FastifyReply, requestId: string, answer: ApiAnswer): FastifyReply {
  reply.code(answer.status);
  if (answer.errorType !== undefined) reply.header("x-amzn-errortype", answer.errorType);
  reply.header("x-amzn-requestid", requestId);
  if (answer.body === undefined) return reply.send();
  // A Buffer body keeps the header exactly "application/json", as MediaLive sends it (fastify adds a charset to strings).
  return reply.header("content-type", "application/json").send(typeof answer.body === "string" ? Buffer.from(answer.body) : answer.body.bytes);
}

function translateFastifyError(error: unknown, maxBodyBytes: number): unknown {
  const code = (error as { code?: string }).code;
  // The client hung up before its body was complete: its mistake, not a server error.
  if (code === "ECONNRESET" || (error as Error).message === "aborted") return new ApiError("OL_REQUEST_ABORTED");
  if (code === "FST_ERR_CTP_BODY_TOO_LARGE") return new ApiError("OL_REQUEST_BODY_TOO_LARGE", { limitBytes: maxBodyBytes });
  if (code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return new ApiError("OL_REQUEST_UNSUPPORTED_MEDIA_TYPE", { contentType: "(unknown)" });
  if (typeof code === "string" && code.startsWith("FST_ERR_")) return new ApiError("OL_REQUEST_INVALID", { detail: (error as Error).message });
  return error;
}

function sendError(reply: FastifyReply, request: FastifyRequest, error: unknown): FastifyReply {
  return writeReply(reply, request.id, errorAnswer(fastifyCall(request, EMPTY_BODY), error, "unknown", process.hrtime.bigint()));
}
