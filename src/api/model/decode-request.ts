// Turns an HTTP request into the wire-form input object of an operation, as the
// restJson1 protocol lays it out: path labels, query parameters and the JSON body, all
// keyed by their wire names, then checks it against the model.

import { ApiError, summarizeProblems, type ValidationProblem } from "../../shared/errors.ts";
import { tooLongMessage, type TooLongMember } from "../../shared/member-limits.ts";
import { MODEL_SHAPES } from "../../model/generated/medialive-model.ts";
import type { ModelMember, ModelOperation } from "../../model/model-types.ts";
import type { OperationMatch } from "./operations.ts";
import { validateRequest } from "../../model/validate.ts";

export interface RawRequestParts {
  readonly rawQuery: string;
  readonly body: Buffer | undefined;
  readonly contentType: string | undefined;
}

export interface DecodedRequest {
  readonly input: Record<string, unknown>;
  /**
   * Model problems of an operation that answers 422 (channels, schedules): handed to the
   * operation so that they are reported together with its own rules, all at once.
   */
  readonly problems: readonly ValidationProblem[];
}

/** What decoding an operation's input needs from the model, worked out once per operation. */
interface DecodePlan {
  readonly inputShape: string;
  readonly hasBodyMembers: boolean;
  readonly members: readonly ModelMember[];
  readonly hasQueryMembers: boolean;
  readonly reportsAllProblems: boolean;
}

/** Plans by operation (the model is static): a read's decoding then allocates only its own input. */
const plans = new WeakMap<ModelOperation, DecodePlan | null>();

function planFor(operation: ModelOperation): DecodePlan | null {
  let plan = plans.get(operation);
  if (plan !== undefined) return plan;
  const inputShape = operation.input ? MODEL_SHAPES[operation.input] : undefined;
  if (!operation.input || !inputShape?.members) plan = null;
  else {
    const members = Object.values(inputShape.members);
    plan = {
      inputShape: operation.input,
      hasBodyMembers: members.some((m) => m.location === undefined),
      members: members.filter((m) => m.location === "uri" || m.location === "querystring"),
      hasQueryMembers: members.some((m) => m.location === "querystring"),
      // Channel and schedule operations report every problem with its element path, as MediaLive's 422.
      reportsAllProblems: operation.errors.includes("UnprocessableEntityException"),
    };
  }
  plans.set(operation, plan);
  return plan;
}

export function decodeRequest(match: OperationMatch, request: RawRequestParts): DecodedRequest {
  const plan = planFor(match.operation);
  if (plan === null) return { input: {}, problems: [] };
  const input: Record<string, unknown> = {};
  const problems: ValidationProblem[] = [];

  if (plan.hasBodyMembers) Object.assign(input, parseBody(request));

  // No query string (most reads): nothing to parse.
  const query = plan.hasQueryMembers && request.rawQuery !== "" ? new URLSearchParams(request.rawQuery) : undefined;
  for (const member of plan.members) {
    if (member.location === "uri") {
      const label = match.labels[member.wire];
      if (label !== undefined) input[member.wire] = label;
    } else if (query !== undefined) {
      const values = query.getAll(member.wire);
      if (values.length === 0) continue;
      const shape = MODEL_SHAPES[member.shape];
      if (shape?.type === "list") input[member.wire] = values;
      else if (values.length > 1) problems.push({ elementPath: member.wire, errorMessage: "given more than once" });
      else if (shape?.type === "integer" || shape?.type === "long") {
        const text = values[0]!;
        input[member.wire] = /^-?\d+$/.test(text) ? Number(text) : text;
      } else input[member.wire] = values[0];
    }
  }

  const checked = validateRequest(plan.inputShape, input);
  if (checked.tooLong.length) throw tooLongError(match.name, plan.reportsAllProblems, checked.tooLong);
  problems.push(...checked.problems);
  if (plan.reportsAllProblems) return { input, problems };
  if (problems.length) {
    const detail = problems.map((p) => `${p.elementPath}: ${p.errorMessage}`).join("; ");
    throw new ApiError("OL_REQUEST_INVALID", { detail: `${problems.length === 1 ? "1 validation error" : `${problems.length} validation errors`}: ${detail}` });
  }
  return { input, problems: [] };
}

function parseBody(request: RawRequestParts): Record<string, unknown> {
  const body = request.body;
  if (!body || body.length === 0) return {};
  const contentType = (request.contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (contentType && contentType !== "application/json" && !contentType.endsWith("+json") && contentType !== "application/x-amz-json-1.1" && contentType !== "text/plain") {
    throw new ApiError("OL_REQUEST_UNSUPPORTED_MEDIA_TYPE", { contentType });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new ApiError("OL_REQUEST_MALFORMED_JSON", { detail: (error as Error).message });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ApiError("OL_REQUEST_INVALID", { detail: "the request body must be a JSON object" });
  }
  return parsed as Record<string, unknown>;
}

/**
 * Strings over their limit are answered before anything else looks at the request (the
 * operation's own rules would otherwise see, and might quote, a value of any length).
 * Operations that answer 422 with validationErrors (channels, schedules: MediaLive reports
 * configuration problems that way) list each such member there; the others answer 400.
 */
function tooLongError(operation: string, reportsAllProblems: boolean, tooLong: readonly TooLongMember[]): ApiError {
  if (reportsAllProblems) {
    const problems: ValidationProblem[] = tooLong.map((member) => ({ elementPath: member.elementPath, errorMessage: tooLongMessage(member) }));
    return new ApiError("OL_REQUEST_UNPROCESSABLE", { operation, problems: summarizeProblems(problems) }, problems);
  }
  const [first, ...others] = tooLong;
  return new ApiError("OL_REQUEST_MEMBER_TOO_LONG", {
    member: first!.elementPath,
    lengthChars: first!.lengthChars,
    limitChars: first!.limitChars,
    others: others.length ? `; also too long: ${others.map((m) => `${m.elementPath} (${m.lengthChars} > ${m.limitChars})`).join(", ")}` : "",
  });
}
