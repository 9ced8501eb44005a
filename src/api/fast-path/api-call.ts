// One MediaLive API call, independent of how its bytes arrived: verify SigV4, match the
// operation in the generated model, decode and check the input, run the handler and turn
// the result (or any error) into an `ApiAnswer`. Both the fastify route (server.ts) and
// the request fast path (fast-path.ts) run every /prod call through `runApiCall`, so they
// cannot answer differently; they only differ in how they write the answer.
//
// Errors of any kind become an answer through one function, `errorAnswer`, the one place
// catalogue codes become MediaLive's error shapes (X-Amzn-ErrorType header + {"message"} body).

import type { IncomingHttpHeaders } from "node:http";
import type { Logger } from "pino";
import { ApiError, summarizeProblems } from "../../shared/errors.ts";
import { validateShape } from "../../model/validate.ts";
import { MERGES_MODEL_PROBLEMS, type ApiContext, type OperationHandler } from "../handler-types.ts";
import { nonCanonicalPathError } from "../canonical-path.ts";
import { decodeRequest } from "../model/decode-request.ts";
import { matchOperation, pathKnown } from "../model/operations.ts";
import { verifySigV4Sync, type SigV4VerifyOptions } from "../sigv4.ts";
import { SerializedJson } from "../wire/serialized-json.ts";
import { isAbsentKindHandler } from "../routes/absent-kinds.ts";

/** What every call needs from the server: the handlers, their context and the SigV4 settings. */
export interface ApiCallEnv {
  readonly handlers: Readonly<Record<string, OperationHandler>>;
  readonly context: ApiContext;
  readonly lookupSecret: (accessKeyId: string) => string | undefined;
  readonly region: string;
  readonly clockSkewMs: number;
  readonly nowMs: () => number;
  /** Whether the signed Host header names this API (host-check.ts); absent: any Host. */
  readonly acceptHost?: (host: string) => boolean;
  /** Check every response against the model and fail loudly when it drifts (tests). */
  readonly strictResponses: boolean;
}

/** A call as received. */
export interface ApiCall {
  readonly method: string;
  /** The request target exactly as received: raw path, then "?" and the raw query if any. */
  readonly rawUrl: string;
  readonly headers: IncomingHttpHeaders;
  /** The raw body (an empty Buffer when none): the signature covers these exact bytes. */
  readonly body: Buffer;
  /** x-amzn-RequestId of the answer and reqId of its log lines. */
  readonly requestId: string;
  /** The call's logger (a child bound to its reqId); asked for only when a line is logged. */
  readonly log: () => Logger;
  /** Whether the call's logger logs debug lines (asked without creating it). */
  readonly debugEnabled: () => boolean;
}

/** What to write back. */
export interface ApiAnswer {
  readonly status: number;
  /** X-Amzn-ErrorType, on errors only. */
  readonly errorType?: string;
  /** The JSON body; undefined for an answer without a body (204). */
  readonly body?: SerializedJson | string;
}

const SIGV4_SERVICE = "medialive";

export async function runApiCall(call: ApiCall, env: ApiCallEnv): Promise<ApiAnswer> {
  const started = process.hrtime.bigint();
  const rawUrl = call.rawUrl;
  const queryAt = rawUrl.indexOf("?");
  const rawPath = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const rawQuery = queryAt < 0 ? "" : rawUrl.slice(queryAt + 1);
  let operationName = "unknown";
  try {
    // Before the signature: the path that is verified must be the path that is routed.
    const pathError = nonCanonicalPathError(rawPath);
    if (pathError !== undefined) throw pathError;
    const verifyOptions: SigV4VerifyOptions = {
      lookupSecret: env.lookupSecret, region: env.region, service: SIGV4_SERVICE, nowMs: env.nowMs(), clockSkewMs: env.clockSkewMs,
      ...(env.acceptHost ? { acceptHost: env.acceptHost } : {}),
    };
    const auth = verifySigV4Sync({ method: call.method, rawPath, rawQuery, headers: call.headers, body: call.body }, verifyOptions);
    if (!auth.ok) throw new ApiError(auth.code, auth.params);

    const match = matchOperation(call.method, rawPath);
    if (!match) throw new ApiError("OL_OPERATION_NOT_FOUND", { method: call.method, path: rawPath + (pathKnown(rawPath) ? " (the path exists with another method)" : "") });
    operationName = match.name;
    const handler = env.handlers[match.name];
    // server.ts gives every operation of the model a handler (absent-kinds.ts for the kinds openlive does not have).
    if (!handler) throw new Error(`no handler for ${match.name}`);

    const { input, problems } = isAbsentKindHandler(handler) ? { input: match.labels, problems: [] } : decodeRequest(match, { rawQuery, body: call.body, contentType: call.headers["content-type"] });
    if (problems.length && !MERGES_MODEL_PROBLEMS.has(match.name)) {
      throw new ApiError("OL_REQUEST_UNPROCESSABLE", { operation: match.name, problems: summarizeProblems(problems) }, problems);
    }
    const output = await handler(input, env.context, problems);
    // Checking every response against the model costs as much as the rest of a read; tests run strict.
    if (env.strictResponses && match.operation.output && output !== undefined) {
      checkResponse(match.operation.output, output instanceof SerializedJson ? JSON.parse(output.text) : output, call);
    }
    const status = match.operation.status;
    logCall(call, operationName, status, started);
    if (output === undefined || status === 204) return { status };
    return { status, body: output instanceof SerializedJson ? output : JSON.stringify(output) };
  } catch (error) {
    return errorAnswer(call, error, operationName, started);
  }
}

/** MediaLive's error shape for any error; anything that is not an ApiError is logged and becomes a 500. */
export function errorAnswer(call: Pick<ApiCall, "method" | "requestId" | "log" | "debugEnabled">, error: unknown, operation: string, started: bigint): ApiAnswer {
  let apiError: ApiError;
  if (error instanceof ApiError) apiError = error;
  else {
    apiError = new ApiError("OL_INTERNAL", { reference: call.requestId });
    call.log().error({ err: error, operation }, "unexpected error");
  }
  logCall(call, operation, apiError.status, started, apiError.code);
  const body: Record<string, unknown> = { message: apiError.message };
  if (apiError.validationErrors) body.validationErrors = apiError.validationErrors;
  return { status: apiError.status, errorType: apiError.shape, body: JSON.stringify(body) };
}

/** The body's bytes and their count, for Content-Length. */
export function answerLength(body: SerializedJson | string): number {
  return typeof body === "string" ? Buffer.byteLength(body) : body.bytes.length;
}

/**
 * Members openlive adds to MediaLive's shapes (documented in docs/api.md); SDKs ignore
 * unknown members, so they are removed before the strict check against the model.
 */
const EXTENSION_MEMBERS: ReadonlySet<string> = new Set(["detectedProperties", "openliveNotHonoured"]);

function withoutExtensions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutExtensions);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !EXTENSION_MEMBERS.has(key)).map(([key, member]) => [key, withoutExtensions(member)]));
}

function checkResponse(shapeName: string, output: unknown, call: ApiCall): void {
  const problems = validateShape(shapeName, withoutExtensions(output));
  if (problems.length === 0) return;
  call.log().error({ shapeName, problems }, "response does not match the MediaLive model");
  throw new Error(`response drifted from ${shapeName}: ${JSON.stringify(problems)}`);
}

/** One line per call: changes and failures at info; successful reads at debug (they are most of the traffic). */
function logCall(call: Pick<ApiCall, "method" | "log" | "debugEnabled">, operation: string, status: number, started: bigint, errorCode?: string): void {
  const quiet = call.method === "GET" && errorCode === undefined;
  if (quiet && !call.debugEnabled()) return;
  const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
  const entry = { operation, method: call.method, status, durationMs: Math.round(durationMs * 10) / 10, ...(errorCode ? { errorCode } : {}) };
  if (quiet) call.log().debug(entry, "api call");
  else call.log().info(entry, "api call");
}
