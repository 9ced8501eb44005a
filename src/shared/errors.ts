// The one error catalogue. Every error a client can see has a stable code here, the
// MediaLive error shape it travels as (X-Amzn-ErrorType + HTTP status, from the API
// model's exception shapes) and a message template. docs/errors.md lists every code;
// test/unit/shared/errors-doc.test.ts fails when the two drift apart.

/** MediaLive's exception shapes (service-2.json, `"exception": true`) with their HTTP status. */
export const ApiErrorShape = {
  BadRequestException: 400,
  ForbiddenException: 403,
  NotFoundException: 404,
  ConflictException: 409,
  UnprocessableEntityException: 422,
  TooManyRequestsException: 429,
  InternalServerErrorException: 500,
  BadGatewayException: 502,
  GatewayTimeoutException: 504,
} as const;
export type ApiErrorShapeName = keyof typeof ApiErrorShape;

interface CatalogueEntry {
  readonly shape: ApiErrorShapeName;
  /** Message with `{name}` placeholders filled from the error's params. */
  readonly template: string;
}

export const ErrorCatalogue = {
  // Requests that cannot be read at all.
  OL_REQUEST_MALFORMED_JSON: { shape: "BadRequestException", template: "The request body is not valid JSON: {detail}" },
  OL_REQUEST_BODY_TOO_LARGE: { shape: "BadRequestException", template: "The request body is larger than {limitBytes} bytes" },
  OL_REQUEST_UNSUPPORTED_MEDIA_TYPE: { shape: "BadRequestException", template: "Unsupported Content-Type {contentType}; send application/json" },
  OL_REQUEST_INVALID: { shape: "BadRequestException", template: "{detail}" },
  OL_REQUEST_MEMBER_TOO_LONG: { shape: "BadRequestException", template: "{member} is {lengthChars} characters long; at most {limitChars} are accepted{others}" },
  OL_REQUEST_ABORTED: { shape: "BadRequestException", template: "The client closed the connection before the request body was complete" },
  OL_REQUEST_PATH_NOT_CANONICAL: { shape: "BadRequestException", template: "The request path {path} has an empty, \".\" or \"..\" segment (or one percent-encoded); send the path without them" },
  OL_OPERATION_NOT_FOUND: { shape: "NotFoundException", template: "No MediaLive operation at {method} {path}" },
  OL_OPERATION_NOT_OFFERED: { shape: "BadRequestException", template: "openlive does not offer {operation}: it has no multiplexes, reservations, input devices, signal maps or alarm and rule templates, and its clusters, nodes and networks are configured on the nodes, not through the API (docs/api.md)" },
  OL_RESOURCE_ABSENT: { shape: "NotFoundException", template: "{operation}: {id} does not exist; openlive has no resources of this kind (docs/api.md)" },
  OL_CLUSTER_UNKNOWN: { shape: "BadRequestException", template: "Cluster {id} does not exist: openlive's clusters are its zones (`openlive cluster zones`; docs/cluster.md)" },
  OL_CLUSTER_RESOURCE_NOT_FOUND: { shape: "NotFoundException", template: "{kind} {id} does not exist: openlive's clusters and networks are its zones and its nodes are the workers registered in them (`openlive cluster zones`, `openlive cluster nodes`; docs/cluster.md)" },

  // Authentication (SigV4).
  OL_AUTH_MISSING: { shape: "ForbiddenException", template: "Missing Authentication Token: sign the request with AWS Signature Version 4" },
  OL_AUTH_MALFORMED: { shape: "ForbiddenException", template: "The request is not signed correctly: {detail}" },
  OL_AUTH_UNKNOWN_KEY: { shape: "ForbiddenException", template: "The security token included in the request is invalid" },
  OL_AUTH_BAD_SIGNATURE: { shape: "ForbiddenException", template: "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method." },
  OL_AUTH_CLOCK_SKEW: { shape: "ForbiddenException", template: "Signature expired: {requestTime} is now earlier or later than {serverTime} by more than {windowMinutes} minutes" },
  OL_AUTH_WRONG_SCOPE: { shape: "ForbiddenException", template: "The credential scope is not valid here: {detail}" },
  OL_AUTH_WRONG_HOST: { shape: "ForbiddenException", template: "The request was signed for host {host}, which is not a name of this API; sign it for the host you connect to, or add that name to apiHosts" },

  // Input security groups.
  OL_ISG_NOT_FOUND: { shape: "NotFoundException", template: "Input security group {id} does not exist" },
  OL_ISG_RULES_EMPTY: { shape: "BadRequestException", template: "Must specify at least one whitelist rule (whitelistRules[].cidr)" },
  OL_ISG_RULES_TOO_MANY: { shape: "BadRequestException", template: "An input security group holds at most 10 whitelist rules; got {count}" },
  OL_ISG_BAD_CIDR: { shape: "BadRequestException", template: "whitelistRules[{index}].cidr \"{cidr}\" is not a valid CIDR: {reason}" },
  OL_ISG_IN_USE: { shape: "BadRequestException", template: "Input security group {id} is still being used by inputs {inputs}; remove it from those inputs first" },

  // Inputs.
  OL_INPUT_NOT_FOUND: { shape: "NotFoundException", template: "Input {id} does not exist" },
  OL_INPUT_TYPE_UDP: { shape: "BadRequestException", template: "UDP is not supported as an input: send MPEG-TS over RTP and create an input of type RTP_PUSH" },
  OL_INPUT_TYPE_UNSUPPORTED: { shape: "BadRequestException", template: "Input type {type} is not supported by openlive; supported types: {supported}" },
  OL_INPUT_TYPE_REQUIRED: { shape: "BadRequestException", template: "type is required; supported types: {supported}" },
  OL_INPUT_ISG_REQUIRED: { shape: "BadRequestException", template: "A {type} input is a push input and needs at least one input security group (inputSecurityGroups)" },
  OL_INPUT_ISG_NOT_ALLOWED: { shape: "BadRequestException", template: "inputSecurityGroups apply to push inputs only; a {type} input is a pull input and must not list any" },
  OL_INPUT_ISG_UNKNOWN: { shape: "BadRequestException", template: "inputSecurityGroups[{index}]: input security group {id} does not exist" },
  OL_INPUT_FIELD_NOT_ALLOWED: { shape: "BadRequestException", template: "{field} is not used by a {type} input; remove it" },
  OL_INPUT_DESTINATIONS: { shape: "BadRequestException", template: "{detail}" },
  OL_INPUT_SOURCES: { shape: "BadRequestException", template: "{detail}" },
  OL_INPUT_SRT: { shape: "BadRequestException", template: "{detail}" },
  OL_INPUT_SOURCE_NOT_IN_ROOTS: { shape: "BadRequestException", template: "Invalid URL ({url}) specified for {elementPath}: {reason}" },
  OL_INPUT_NO_FREE_PORTS: { shape: "BadRequestException", template: "No free endpoint port left in {range} on {address}; widen pushPortRange" },
  OL_INPUT_ZONES_UNAVAILABLE: { shape: "UnprocessableEntityException", template: "Cannot create the input: {reason} (docs/cluster.md, Endpoints per zone)" },
  OL_INPUT_ZONE_POOL_EXHAUSTED: { shape: "BadRequestException", template: "No free endpoint port left in {range} on {addresses}; add addresses to the pushAddresses pool of zone {zones} (cluster config, then `openlive cluster zones`) or widen pushPortRange" },
  OL_INPUT_ATTACHED: { shape: "ConflictException", template: "Input {id} is attached to channel {channels}; delete or edit the channel first" },
  OL_INPUT_IDEMPOTENCY_MISMATCH: { shape: "BadRequestException", template: "requestId {requestId} was already used for a different CreateInput request" },

  // Channels and schedules.
  OL_CHANNEL_NOT_FOUND: { shape: "NotFoundException", template: "Channel {id} does not exist" },
  OL_CHANNEL_INVALID: { shape: "UnprocessableEntityException", template: "Failed to {action} channel: {problems}" },
  OL_CHANNEL_WRONG_STATE: { shape: "ConflictException", template: "Cannot {action} channel {id} while it is {state}" },
  OL_CHANNEL_OUTPUT_REFUSED: { shape: "BadRequestException", template: "Cannot start channel {id}: {problems}; move its destinations inside an output root with UpdateChannel" },
  OL_CHANNEL_DESTINATION_IN_USE: { shape: "ConflictException", template: "Cannot start channel {id}: {problems}; stop that channel first, or give this one its own destination with UpdateChannel" },
  OL_CHANNEL_PLACEMENT_REFUSED: { shape: "UnprocessableEntityException", template: "Cannot start channel {id}: {reason} (docs/cluster.md, Placement)" },
  OL_CHANNEL_BUSY: { shape: "ConflictException", template: "Cannot {action} channel {id} while it is {state}; stop it first" },
  OL_CHANNEL_IDEMPOTENCY_MISMATCH: { shape: "ConflictException", template: "requestId {requestId} was already used for a different CreateChannel request" },
  OL_CHANNEL_INPUTS_TAKEN: { shape: "ConflictException", template: "Inputs {inputs} were attached to another channel meanwhile; describe them and try again" },
  OL_SCHEDULE_INVALID: { shape: "UnprocessableEntityException", template: "Failed to update schedule: {problems}" },
  OL_ALERTS_BAD_STATE_FILTER: { shape: "BadRequestException", template: "stateFilter \"{value}\" must be SET, CLEARED or ALL" },
  OL_REQUEST_UNPROCESSABLE: { shape: "UnprocessableEntityException", template: "{operation} request is not valid: {problems}" },

  // Tags.
  OL_TAGS_BAD_ARN: { shape: "NotFoundException", template: "Resource {arn} was not found" },
  OL_TAGS_INVALID: { shape: "BadRequestException", template: "{detail}" },

  // openlive check through the API (POST /openlive/check).
  OL_CHECK_SOURCE_NOT_IN_ROOTS: { shape: "BadRequestException", template: "{url} cannot be checked through the API: {reason}" },

  // The demo's controls (openlive demo only).
  OL_DEMO_NOT_READY: { shape: "ConflictException", template: "The demo is not ready: {detail}" },

  // openlive's origin ingest route (cluster mode): HLS written by the pipeline's current holder only.
  OL_INGEST_AUTH: { shape: "ForbiddenException", template: "Send HTTP basic authentication with the API's access key id as user and its secret access key as password" },
  OL_INGEST_BAD_PATH: { shape: "BadRequestException", template: "{path} is not an HLS file below /origin/ingest/ (folders of letters, digits, '.', '_' or '-'; a .m3u8, .ts, .mp4, .m4s, .aac, .vtt or .jpg file)" },
  OL_INGEST_FENCING_MISSING: { shape: "BadRequestException", template: "Every ingest write carries x-openlive-channel-id, x-openlive-pipeline (0 or 1) and x-openlive-epoch (a whole number): {detail}" },
  OL_INGEST_STALE_EPOCH: { shape: "ConflictException", template: "Pipeline {pipeline} of channel {channelId} is held under epoch {currentEpoch}; this write under epoch {epoch} comes from a replaced holder and is refused" },
  OL_INGEST_NOT_WANTED: { shape: "ConflictException", template: "Pipeline {pipeline} of channel {channelId} is not running in the cluster; this write under epoch {epoch} is refused" },
  OL_INGEST_EPOCH_UNCONFIRMED: { shape: "BadGatewayException", template: "The cluster database cannot confirm epoch {epoch} of pipeline {pipeline} of channel {channelId} now; send again" },

  // Anything unexpected: logged in full, shown to the client without internals.
  OL_INTERNAL: { shape: "InternalServerErrorException", template: "Internal server error (reference {reference})" },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ErrorCatalogue;

export interface ValidationProblem {
  readonly elementPath: string;
  readonly errorMessage: string;
}

/** An error a client is meant to see. Carries a catalogue code; the API layer maps it to the wire. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly shape: ApiErrorShapeName;
  readonly status: number;
  readonly validationErrors: readonly ValidationProblem[] | undefined;

  constructor(code: ErrorCode, params: Record<string, string | number> = {}, validationErrors?: readonly ValidationProblem[]) {
    const entry: CatalogueEntry = ErrorCatalogue[code];
    super(fillTemplate(entry.template, params));
    this.name = "ApiError";
    this.code = code;
    this.shape = entry.shape;
    this.status = ApiErrorShape[entry.shape];
    this.validationErrors = validationErrors;
  }
}

const PROBLEM_SUMMARY_MAX_CHARS = 2000;

/**
 * The problems of a 422 in one line, for its message: clients such as the aws CLI print
 * only the message, so it must say what is wrong (validationErrors carries the full list).
 */
export function summarizeProblems(problems: readonly ValidationProblem[]): string {
  const head = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  const text = `${head}: ${problems.map((p) => `${p.elementPath}: ${p.errorMessage}`).join("; ")}`;
  return text.length <= PROBLEM_SUMMARY_MAX_CHARS ? text : `${text.slice(0, PROBLEM_SUMMARY_MAX_CHARS - 1)}…`;
}

export function fillTemplate(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}
