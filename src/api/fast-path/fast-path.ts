// The request fast path: body-less GET calls under /prod/ (Describe*, List* — most of an
// API's traffic) are answered straight from node:http's 'request' event, below fastify.
// They go through the same `runApiCall` as the fastify route — SigV4 verification with the
// clock-skew check, operation matching, model decoding, the same handlers, the same error
// shapes — so only the writing differs: one writeHead with a precomputed header list and
// one end(), which Node sends as a single write (headers and body together).
//
// Anything else (other methods, a request with a body, a path with %-escapes, which fastify
// decodes and refuses when broken, an over-long URL, a server that is closing) is left
// untouched and goes to fastify unchanged.

import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { answerLength, errorAnswer, runApiCall, type ApiAnswer, type ApiCall, type ApiCallEnv } from "./api-call.ts";

/** Returns true when it took the request (and will answer it), false to leave it to fastify. */
export type FastPath = (request: IncomingMessage, response: ServerResponse) => boolean;

const PREFIX = "/prod/";
const EMPTY_BODY = Buffer.alloc(0);
/** Longer request targets go to fastify, whose router limits parameter lengths. */
const MAX_URL_CHARS = 2048;
const JSON_TYPE = "application/json";

/** Whether a request is one the fast path answers exactly as the fastify route would. */
export function fastPathEligible(request: IncomingMessage): boolean {
  if (request.method !== "GET") return false;
  const url = request.url;
  if (url === undefined || url.length > MAX_URL_CHARS || !url.startsWith(PREFIX)) return false;
  const queryAt = url.indexOf("?");
  // fastify's router percent-decodes the path and refuses broken escapes with its own error.
  if (url.lastIndexOf("%", queryAt < 0 ? url.length : queryAt) >= 0) return false;
  const headers = request.headers;
  if (headers["transfer-encoding"] !== undefined) return false;
  const contentLength = headers["content-length"];
  return contentLength === undefined || contentLength === "0";
}

/**
 * The fast path over `env`. `logger` is the server's logger; a call's log lines go to a
 * child bound to its reqId, as fastify's request logger is. `accepting` turns false when
 * the server starts closing, so that fastify answers from then on (503 while closing).
 */
export function createFastPath(env: ApiCallEnv, logger: Logger, accepting: () => boolean): FastPath {
  const debugEnabled = (): boolean => logger.isLevelEnabled("debug");
  return (request, response) => {
    if (!fastPathEligible(request) || !accepting()) return false;
    const requestId = randomUUID();
    let child: Logger | undefined;
    const call: ApiCall = {
      method: "GET", rawUrl: request.url!, headers: request.headers, body: EMPTY_BODY, requestId,
      log: () => (child ??= logger.child({ reqId: requestId })), debugEnabled,
    };
    runApiCall(call, env).then(
      (answer) => writeAnswer(response, requestId, answer),
      // runApiCall turns every error into an answer; this only guards against a bug there.
      (error: unknown) => writeAnswer(response, requestId, errorAnswer(call, error, "unknown", process.hrtime.bigint())),
    );
    return true;
  };
}

/**
 * Writes an answer with the headers the fastify route sends, in the same order:
 * [x-amzn-errortype], x-amzn-requestid, content-type, content-length (Node adds Date and
 * the keep-alive headers to both). end() corks the socket, so status line, headers and body
 * leave in one writev either way. A memoized body goes as its UTF-8 bytes: as a string,
 * Node would prepend the header text to it and flatten the pair into a new heap string of
 * the body's size on every call (a few KiB per ListInputs answer, i.e. more scavenges,
 * whose pauses stall every request in flight); a one-off string body is sent as it is.
 */
export function writeAnswer(response: ServerResponse, requestId: string, answer: ApiAnswer): void {
  const body = answer.body;
  if (body === undefined) {
    response.writeHead(answer.status, answer.status === 204 ? ["x-amzn-requestid", requestId] : ["x-amzn-requestid", requestId, "content-length", "0"]);
    response.end();
    return;
  }
  const length = String(answerLength(body));
  response.writeHead(
    answer.status,
    answer.errorType === undefined
      ? ["x-amzn-requestid", requestId, "content-type", JSON_TYPE, "content-length", length]
      : ["x-amzn-errortype", answer.errorType, "x-amzn-requestid", requestId, "content-type", JSON_TYPE, "content-length", length],
  );
  response.end(typeof body === "string" ? body : body.bytes);
}
