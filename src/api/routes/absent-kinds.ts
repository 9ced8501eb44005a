// Every MediaLive operation openlive has no handler for concerns a kind of resource that cannot
// exist here (multiplexes, reservations and offerings, input devices, clusters, networks and nodes,
// SDI sources, signal maps, CloudWatch and EventBridge templates, partner inputs). Tools that
// enumerate an account call them, so they are answered as MediaLive answers an account that has
// none: a list lists nothing, a read of one resource finds nothing (404), and a write is refused
// with a 400 saying openlive does not offer it. The answers are derived from the model, so a new
// model version needs no code here.

import { MODEL_OPERATIONS, MODEL_SHAPES } from "../../model/generated/medialive-model.ts";
import type { ModelOperation } from "../../model/model-types.ts";
import { ApiError } from "../../shared/errors.ts";
import type { OperationHandler } from "../handler-types.ts";

/** The account-wide reads whose true answer here is a fixed one. */
const FIXED_ANSWERS: Readonly<Record<string, unknown>> = {
  // No KMS key is configured: openlive keeps no AWS-managed secrets.
  DescribeAccountConfiguration: { accountConfiguration: {} },
};

/**
 * The handlers made here. They answer from the operation and its path labels alone, before the request
 * is checked against the model: "openlive does not offer this" is the answer whatever the body says.
 */
const ABSENT_KIND_HANDLERS = new WeakSet<OperationHandler>();

export function isAbsentKindHandler(handler: OperationHandler): boolean {
  return ABSENT_KIND_HANDLERS.has(handler);
}

/** Handlers for every operation of the model that `implemented` does not name. */
export function absentKindHandlers(implemented: ReadonlySet<string>): Record<string, OperationHandler> {
  const handlers: Record<string, OperationHandler> = {};
  for (const [name, operation] of Object.entries(MODEL_OPERATIONS)) {
    if (implemented.has(name)) continue;
    const handler = absentKindHandler(name, operation);
    ABSENT_KIND_HANDLERS.add(handler);
    handlers[name] = handler;
  }
  return handlers;
}

/** The absent-kind answer of one operation of the model (for handlers that answer so when a port is missing). */
export function absentKindAnswer(name: string): OperationHandler {
  const operation = MODEL_OPERATIONS[name];
  if (!operation) throw new Error(`${name} is not an operation of the model`);
  return absentKindHandler(name, operation);
}

function absentKindHandler(name: string, operation: ModelOperation): OperationHandler {
  const fixed = FIXED_ANSWERS[name];
  if (fixed !== undefined) return async () => fixed;
  const labels = [...operation.path.matchAll(/\{([\w-]+)\}/g)].map((match) => match[1]!);
  // A write, or a read below a resource whose operation cannot answer NotFound in MediaLive's model.
  if (operation.method !== "GET" || (labels.length > 0 && !operation.errors.includes("NotFoundException"))) {
    return async () => {
      throw new ApiError("OL_OPERATION_NOT_OFFERED", { operation: name });
    };
  }
  if (labels.length > 0) {
    // A read below a resource (one, or its programs, alerts, nodes …): the resource is not there.
    return async (input) => {
      throw new ApiError("OL_RESOURCE_ABSENT", { operation: name, id: labels.map((label) => String(input[label] ?? "")).join("/") });
    };
  }
  const listMember = emptyListMember(operation);
  return async () => (listMember === undefined ? {} : { [listMember]: [] });
}

/** The wire name of the output's list member (the paginator's result key, or the one list member). */
function emptyListMember(operation: ModelOperation): string | undefined {
  const members = operation.output ? (MODEL_SHAPES[operation.output]?.members ?? {}) : {};
  const resultKey = operation.pagination?.resultKey;
  const entry = resultKey !== undefined ? members[resultKey] : Object.values(members).find((member) => MODEL_SHAPES[member.shape]?.type === "list");
  return entry?.wire;
}
