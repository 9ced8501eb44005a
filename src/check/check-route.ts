// POST /openlive/check: the upstream readiness check through the API (an openlive
// extension, docs/api.md). SigV4-signed like every MediaLive call (service "medialive"),
// JSON body { urls, seconds?, inputType?, inputSpec?, captionSelectors?, pull?, timeoutMs?,
// username?, password?, passphrase? }; answers the JSON report once the check has run.
// Errors travel in MediaLive's shape (X-Amzn-ErrorType + {"message"}).

import type { FastifyInstance } from "fastify";
import { requestBody, sendApiError, sendJson, verifySignedRequest, type SignedRouteOptions } from "../api/signed-extension.ts";
import { ApiError } from "../shared/errors.ts";
import { confineFileUrl } from "../shared/input-paths-fs.ts";
import { CheckUsageError, planCheck, type CheckRequest } from "./plan-check.ts";
import { runCheck } from "./run-check.ts";

export const CHECK_PATH = "/openlive/check";
/** A check through the API holds the request open: at most this long. */
export const MAX_API_SECONDS = 60;

export interface CheckRouteOptions extends SignedRouteOptions {
  /** Local files (file:// URLs and bare paths) must lie in these folders (config.inputRoots). */
  readonly inputRoots: readonly string[];
}

export function registerCheckRoute(app: FastifyInstance, options: CheckRouteOptions): void {
  app.post(CHECK_PATH, async (request, reply) => {
    const refused = verifySignedRequest(request, options);
    if (refused) return sendApiError(reply, request.id, refused);
    let checkRequest: CheckRequest;
    try {
      checkRequest = decodeBody(requestBody(request));
    } catch (error) {
      return sendApiError(reply, request.id, error);
    }
    let plan: ReturnType<typeof planCheck>;
    try {
      plan = planCheck(checkRequest);
    } catch (error) {
      return sendApiError(reply, request.id, error instanceof CheckUsageError ? new ApiError("OL_REQUEST_INVALID", { detail: error.message }) : error);
    }
    // Through the API, a local path is the API user's choice, not the operator's: it must lie in an input root.
    for (const target of plan.targets) {
      if (target.kind !== "pull" || !/^file:/i.test(target.url)) continue;
      const confined = await confineFileUrl(target.url, options.inputRoots);
      if (!confined.ok) return sendApiError(reply, request.id, new ApiError("OL_CHECK_SOURCE_NOT_IN_ROOTS", { url: target.shown, reason: confined.reason }));
    }
    // A client that hangs up ends the check early.
    const stop = new AbortController();
    reply.raw.once("close", () => {
      if (!reply.raw.writableFinished) stop.abort();
    });
    const report = await runCheck(plan, { signal: stop.signal, inputRoots: options.inputRoots });
    return sendJson(reply, request.id, 200, report);
  });
}

function decodeBody(body: Buffer): CheckRequest {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new ApiError("OL_REQUEST_MALFORMED_JSON", { detail: (error as Error).message });
  }
  const invalid = (detail: string): ApiError => new ApiError("OL_REQUEST_INVALID", { detail });
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw invalid("the body must be a JSON object: { \"urls\": [...], \"seconds\": 10 }");
  const fields = value as Record<string, unknown>;
  const known = new Set(["urls", "seconds", "inputType", "inputSpec", "captionSelectors", "pull", "timeoutMs", "username", "password", "passphrase"]);
  for (const key of Object.keys(fields)) if (!known.has(key)) throw invalid(`unknown member "${key}"; members: ${[...known].join(", ")}`);
  const urls = fields.urls;
  if (!Array.isArray(urls) || !urls.every((url): url is string => typeof url === "string")) throw invalid("urls must be an array of one or two URL strings");
  const optionalString = (key: string): string | undefined => {
    const member = fields[key];
    if (member === undefined) return undefined;
    if (typeof member !== "string") throw invalid(`${key} must be a string`);
    return member;
  };
  const optionalNumber = (key: string): number | undefined => {
    const member = fields[key];
    if (member === undefined) return undefined;
    if (typeof member !== "number") throw invalid(`${key} must be a number`);
    return member;
  };
  const seconds = optionalNumber("seconds");
  if (seconds !== undefined && seconds > MAX_API_SECONDS) throw invalid(`seconds must be at most ${MAX_API_SECONDS} through the API`);
  const selectors = fields.captionSelectors;
  if (selectors !== undefined && (!Array.isArray(selectors) || !selectors.every((entry) => typeof entry === "string"))) throw invalid("captionSelectors must be an array of strings");
  if (fields.pull !== undefined && typeof fields.pull !== "boolean") throw invalid("pull must be a boolean");
  const text = { inputType: optionalString("inputType"), inputSpec: optionalString("inputSpec"), username: optionalString("username"), password: optionalString("password"), passphrase: optionalString("passphrase") };
  const timeoutMs = optionalNumber("timeoutMs");
  return {
    urls,
    ...(seconds !== undefined ? { seconds } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...Object.fromEntries(Object.entries(text).filter(([, member]) => member !== undefined)),
    ...(selectors !== undefined ? { captionSelectors: selectors as string[] } : {}),
    ...(fields.pull !== undefined ? { pull: fields.pull as boolean } : {}),
  };
}
