// The MediaLive REST API over fastify: one catch-all route under /prod that verifies
// SigV4, matches the operation from the generated model, decodes and checks the input,
// runs the handler and writes the output with the model's status code. Every error
// leaves through `sendError`, the one place catalogue codes become MediaLive's error
// shapes (X-Amzn-ErrorType header + {"message"} body).

import { randomUUID } from "node:crypto";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { ApiError, summarizeProblems } from "../shared/errors.ts";
import { MERGES_MODEL_PROBLEMS, type ApiContext, type OperationHandler } from "./handler-types.ts";
import { decodeRequest } from "./model/decode-request.ts";
import { matchOperation, pathKnown } from "./model/operations.ts";
import { validateShape } from "../model/validate.ts";
import { channelHandlers } from "./routes/channel-routes.ts";
import { inputHandlers } from "./routes/input-routes.ts";
import { inputSecurityGroupHandlers } from "./routes/input-security-group-routes.ts";
import { scheduleHandlers } from "./routes/schedule-routes.ts";
import { tagHandlers } from "./routes/tag-routes.ts";
import { verifySigV4 } from "./sigv4.ts";
import { SerializedJson } from "./wire/serialized-json.ts";

/** Operations openlive serves; every other operation of the model answers "not implemented". */
export const HANDLERS: Readonly<Record<string, OperationHandler>> = {
  ...inputSecurityGroupHandlers,
  ...inputHandlers,
  ...channelHandlers,
  ...scheduleHandlers,
  ...tagHandlers,
};

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
}

export function buildApiServer(options: ApiServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.maxBodyBytes,
    genReqId: () => randomUUID(),
    // Paths carry percent-encoded ARNs; routing reads the raw URL, not fastify's decoding.
    routerOptions: { ignoreDuplicateSlashes: false, maxParamLength: 2048 },
    // Errors fastify raises before a route runs (a path with broken percent-encoding) and
    // requests Node's HTTP parser refuses still get MediaLive's error shape.
    frameworkErrors: (error, request, reply) => {
      sendError(reply, request, translateFastifyError(error, options.maxBodyBytes), "unknown", process.hrtime.bigint());
    },
    clientErrorHandler: (error, socket) => {
      if ((error as { code?: string }).code === "ECONNRESET" || !socket.writable) {
        socket.destroy();
        return;
      }
      const body = JSON.stringify({ message: `The HTTP request could not be parsed: ${(error as { code?: string }).code ?? error.message}` });
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nX-Amzn-ErrorType: BadRequestException\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    },
  });

  // Keep raw bytes: the SigV4 signature covers the exact body.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  app.get("/healthz", async () => ({ status: "ok" }));

  app.all("/prod/*", async (request, reply) => {
    const started = process.hrtime.bigint();
    const rawUrl = request.raw.url ?? "/";
    const queryAt = rawUrl.indexOf("?");
    const rawPath = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
    const rawQuery = queryAt < 0 ? "" : rawUrl.slice(queryAt + 1);
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    let operationName = "unknown";
    try {
      const auth = await verifySigV4(
        { method: request.method, rawPath, rawQuery, headers: request.headers, body },
        { lookupSecret: options.lookupSecret, region: options.region, service: "medialive", nowMs: options.nowMs(), clockSkewMs: options.clockSkewMs },
      );
      if (!auth.ok) throw new ApiError(auth.code, auth.params);

      const match = matchOperation(request.method, rawPath);
      if (!match) throw new ApiError("OL_OPERATION_NOT_FOUND", { method: request.method, path: rawPath + (pathKnown(rawPath) ? " (the path exists with another method)" : "") });
      operationName = match.name;
      const handler = HANDLERS[match.name];
      if (!handler) throw new ApiError("OL_OPERATION_NOT_IMPLEMENTED", { operation: match.name });

      const { input, problems } = decodeRequest(match, { rawQuery, body, contentType: request.headers["content-type"] });
      if (problems.length && !MERGES_MODEL_PROBLEMS.has(match.name)) {
        throw new ApiError("OL_REQUEST_UNPROCESSABLE", { operation: match.name, problems: summarizeProblems(problems) }, problems);
      }
      const output = await handler(input, options.context, problems);
      // Checking every response against the model costs as much as the rest of a read; tests run strict.
      if (options.strictResponses && match.operation.output && output !== undefined) {
        checkResponse(match.operation.output, output instanceof SerializedJson ? JSON.parse(output.text) : output, request);
      }
      logCall(request, operationName, match.operation.status, started);
      reply.code(match.operation.status).header("x-amzn-requestid", request.id);
      if (output === undefined || match.operation.status === 204) return reply.send();
      // A Buffer body keeps the header exactly "application/json", as MediaLive sends it (fastify adds a charset to strings).
      return reply.header("content-type", "application/json").send(output instanceof SerializedJson ? output.bytes : Buffer.from(JSON.stringify(output)));
    } catch (error) {
      return sendError(reply, request, error, operationName, started);
    }
  });

  app.setNotFoundHandler((request, reply) => sendError(reply, request, new ApiError("OL_OPERATION_NOT_FOUND", { method: request.method, path: request.url.split("?")[0] ?? "/" }), "unknown", process.hrtime.bigint()));
  app.setErrorHandler((error, request, reply) => sendError(reply, request, translateFastifyError(error, options.maxBodyBytes), "unknown", process.hrtime.bigint()));
  return app;
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

function checkResponse(shapeName: string, output: unknown, request: FastifyRequest): void {
  const problems = validateShape(shapeName, output);
  if (problems.length === 0) return;
  request.log.error({ shapeName, problems }, "response does not match the MediaLive model");
  throw new Error(`response drifted from ${shapeName}: ${JSON.stringify(problems)}`);
}

/** One line per call: changes and failures at info; successful reads at debug (they are most of the traffic). */
function logCall(request: FastifyRequest, operation: string, status: number, started: bigint, errorCode?: string): void {
  const quiet = request.method === "GET" && errorCode === undefined;
  if (quiet && !(request.log as unknown as Logger).isLevelEnabled("debug")) return;
  const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
  const entry = { operation, method: request.method, status, durationMs: Math.round(durationMs * 10) / 10, ...(errorCode ? { errorCode } : {}) };
  if (quiet) request.log.debug(entry, "api call");
  else request.log.info(entry, "api call");
}

function sendError(reply: FastifyReply, request: FastifyRequest, error: unknown, operation: string, started: bigint): FastifyReply {
  let apiError: ApiError;
  if (error instanceof ApiError) apiError = error;
  else {
    apiError = new ApiError("OL_INTERNAL", { reference: request.id });
    request.log.error({ err: error, operation }, "unexpected error");
  }
  logCall(request, operation, apiError.status, started, apiError.code);
  const body: Record<string, unknown> = { message: apiError.message };
  if (apiError.validationErrors) body.validationErrors = apiError.validationErrors;
  return reply
    .code(apiError.status)
    .header("x-amzn-errortype", apiError.shape)
    .header("x-amzn-requestid", request.id)
    .header("content-type", "application/json")
    .send(Buffer.from(JSON.stringify(body)));
}
