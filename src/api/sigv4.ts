// Server-side AWS Signature Version 4 verification for the MediaLive REST API.
//
// Spec: "Create a signed AWS API request" and "Elements of an AWS API request signature"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html,
// .../reference_sigv-signing-elements.html). We rebuild the canonical request from the bytes
// the client sent and recompute the signature with the secret we hold for its access key.
//
// The canonical forms (path, query, headers) come from @smithy/signature-v4, the signer of
// the AWS SDK for JavaScript, so that we canonicalize exactly as AWS clients do. We do not
// call its `sign(request)`: that entry point is built for clients and decides for itself what
// to sign. It deletes `date`/`x-amz-date` and always signs a fresh `x-amz-date`, and it takes
// a signed `x-amz-content-sha256` header as the payload hash instead of hashing the body. A
// verifier has to canonicalize exactly the headers the client listed in SignedHeaders and
// hash the body it actually received, so we call the canonical-request and string-to-sign
// steps directly (protected methods, reached through a subclass; the package version is
// pinned) and sign the string to sign with the public `sign(string)`.
//
// Findings, checked against aws-cli v1 (botocore) and @aws-sdk/client-medialive (see
// test/integration/api/sigv4-awscli.test.ts):
// - Path: both clients percent-encode URI labels on the wire (an ARN travels as
//   `arn%3Aaws%3A...`) and, as the spec requires for every service but S3, sign that encoded
//   path encoded once more (`arn%253Aaws%253A...`). Handing the raw wire path to the smithy
//   canonicalizer (uriEscapePath) reproduces that; decoding it first does not verify.
// - Query: both clients encode `+`, `/`, `=` and space as %2B, %2F, %3D and %20, so we
//   percent-decode each key and value and let the canonicalizer re-encode them (RFC 3986
//   style, uppercase hex). A literal `+` stays a plus (decodeURIComponent, not the form
//   decoding of URLSearchParams that turns it into a space). Repeated keys
//   (`tagKeys=a&tagKeys=b`) are kept as arrays; the canonicalizer sorts them by value.
// - curl 7.88's --aws-sigv4 signs the path encoded only once and the query as sent (unsorted,
//   literal `+`), so its requests verify only when the path has no %-escapes and the query is
//   already in canonical form and order. That is curl's deviation from the spec, not ours.

import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from "node:crypto";
import { ALGORITHM_IDENTIFIER, SignatureV4, getCanonicalHeaders } from "@smithy/signature-v4";
import type { ErrorCode } from "../shared/errors.ts";

export interface SigV4Credential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface SignedRequestParts {
  /** "GET", "POST", ... */
  readonly method: string;
  /** Path exactly as received on the wire, percent-encoding untouched, without the query string. */
  readonly rawPath: string;
  /** Query string as received, without '?', may be "". */
  readonly rawQuery: string;
  /** Node's lower-cased IncomingHttpHeaders. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Raw body bytes (empty Buffer when none). */
  readonly body: Buffer;
}

export interface SigV4VerifyOptions {
  readonly lookupSecret: (accessKeyId: string) => string | undefined;
  /** The only region accepted in the credential scope. */
  readonly region: string;
  /** "medialive" */
  readonly service: string;
  /** Injected clock. */
  readonly nowMs: number;
  /** How far the request time may be from nowMs, e.g. 15 * 60_000. */
  readonly clockSkewMs: number;
}

export type SigV4Result =
  | { readonly ok: true; readonly accessKeyId: string }
  | { readonly ok: false; readonly code: ErrorCode; readonly params: Record<string, string | number> };

type SigV4Failure = Extract<SigV4Result, { ok: false }>;

/** The request shape the smithy signer works on (its HttpRequest from @smithy/types). */
type SignableRequest = Parameters<SignatureV4["presign"]>[0];

/** The scope terminator every SigV4 credential ends with. */
const SCOPE_TERMINATOR = "aws4_request";
/** Lengths we reflect back in error details, so a garbage header cannot bloat a response. */
const MAX_REFLECTED_CHARS = 64;
/**
 * The most query parameters we canonicalize. The smithy canonicalizer copies the array of a
 * repeated key once per value (quadratic: 20,000 repeats take seconds), and no MediaLive
 * operation comes near this many (DeleteTags, the only one with a repeated key, lists the tag
 * keys of one resource).
 */
const MAX_QUERY_PARAMETERS = 1000;

/**
 * Verifies the SigV4 `Authorization` header of a request.
 *
 * Never throws on anything the client sent: every problem becomes `{ ok: false }` with a
 * code from the error catalogue. An exception thrown by `options.lookupSecret` itself is
 * not the client's fault and propagates, so that a broken key store surfaces as a server
 * error rather than as a 403.
 */
export async function verifySigV4(request: SignedRequestParts, options: SigV4VerifyOptions): Promise<SigV4Result> {
  let parsed: ParsedRequest | SigV4Failure;
  try {
    parsed = parseRequest(request, options);
  } catch {
    return malformed("the request could not be read");
  }
  if ("ok" in parsed) return parsed;

  const secretAccessKey = options.lookupSecret(parsed.accessKeyId);
  if (typeof secretAccessKey !== "string" || secretAccessKey === "") return fail("OL_AUTH_UNKNOWN_KEY", {});

  let expected: string;
  try {
    expected = await computeSignature(parsed, { accessKeyId: parsed.accessKeyId, secretAccessKey });
  } catch {
    // Only reachable with input Node would never hand us (e.g. lone surrogates in the path).
    return malformed("the request could not be put in canonical form");
  }
  // Constant-time comparison so response timing does not reveal how many leading
  // characters of a guessed signature were right. Both are 64 lowercase hex digits here.
  const expectedBytes = Buffer.from(expected, "utf8");
  const providedBytes = Buffer.from(parsed.signature, "utf8");
  if (expectedBytes.length !== providedBytes.length || !timingSafeEqual(expectedBytes, providedBytes)) {
    return fail("OL_AUTH_BAD_SIGNATURE", {});
  }
  return { ok: true, accessKeyId: parsed.accessKeyId };
}

interface ParsedRequest {
  readonly accessKeyId: string;
  /** `<yyyymmdd>/<region>/<service>/aws4_request` */
  readonly scope: string;
  readonly region: string;
  readonly service: string;
  readonly requestMs: number;
  /** The request time as YYYYMMDDTHHMMSSZ, the second line of the string to sign. */
  readonly longDate: string;
  readonly signature: string;
  readonly signedHeaderNames: readonly string[];
  readonly signable: SignableRequest;
  readonly body: Buffer;
}

function parseRequest(request: SignedRequestParts, options: SigV4VerifyOptions): ParsedRequest | SigV4Failure {
  const headers = request.headers;
  const authorization = headerValue(headers, "authorization");
  if (authorization === undefined || (typeof authorization === "string" && authorization.trim() === "")) {
    return fail("OL_AUTH_MISSING", {});
  }
  if (typeof authorization !== "string") return malformed("more than one Authorization header");

  const header = parseAuthorizationHeader(authorization);
  if ("ok" in header) return header;

  // Credential scope: <access key>/<yyyymmdd>/<region>/<service>/aws4_request.
  const credentialParts = header.credential.split("/");
  if (credentialParts.length !== 5) {
    return malformed(`Credential must be <access key>/<date>/<region>/<service>/aws4_request, got ${reflect(header.credential)}`);
  }
  const [accessKeyId = "", scopeDate = "", region = "", service = "", terminator = ""] = credentialParts;
  if (!/^[\x21-\x7e]{1,128}$/.test(accessKeyId)) return malformed(`access key id ${reflect(accessKeyId)} is not valid`);
  if (!/^\d{8}$/.test(scopeDate)) return malformed(`credential date ${reflect(scopeDate)} is not YYYYMMDD`);
  if (terminator !== SCOPE_TERMINATOR) return wrongScope(`the scope must end in ${SCOPE_TERMINATOR}, not ${reflect(terminator)}`);
  if (region !== options.region) return wrongScope(`region ${reflect(region)} is not "${options.region}"`);
  if (service !== options.service) return wrongScope(`service ${reflect(service)} is not "${options.service}"`);

  // SignedHeaders: lowercase header names joined by ';'. The spec makes host mandatory, so a
  // signature cannot be replayed against another host.
  const signedHeaderNames = header.signedHeaders.split(";");
  for (const name of signedHeaderNames) {
    if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) return malformed(`SignedHeaders holds ${reflect(name)}, which is not a lowercase header name`);
  }
  if (!signedHeaderNames.includes("host")) return malformed("SignedHeaders must include host");
  if (!/^[0-9a-f]{64}$/.test(header.signature)) return malformed("Signature must be 64 lowercase hexadecimal digits");

  // Request time: X-Amz-Date (ISO 8601 basic), else the HTTP Date header (spec: "Handling
  // dates in Signature Version 4"). Either way the string to sign carries it in basic format.
  const amzDate = headerValue(headers, "x-amz-date");
  let requestMs: number | undefined;
  if (amzDate !== undefined) {
    if (typeof amzDate !== "string") return malformed("more than one X-Amz-Date header");
    requestMs = parseAmzDate(amzDate);
    if (requestMs === undefined) return malformed(`X-Amz-Date ${reflect(amzDate)} is not YYYYMMDDTHHMMSSZ`);
  } else {
    const httpDate = headerValue(headers, "date");
    if (httpDate === undefined) return malformed("the request needs an X-Amz-Date or a Date header");
    if (typeof httpDate !== "string") return malformed("more than one Date header");
    const parsedMs = Date.parse(httpDate);
    if (!Number.isFinite(parsedMs)) return malformed(`Date ${reflect(httpDate)} is not an HTTP date`);
    requestMs = Math.floor(parsedMs / 1000) * 1000;
  }
  const longDate = formatAmzDate(requestMs);
  if (scopeDate !== longDate.slice(0, 8)) {
    return wrongScope(`credential date ${scopeDate} does not match the request date ${longDate.slice(0, 8)}`);
  }
  // Written as "not within" so that a NaN clock fails closed.
  if (!(Math.abs(requestMs - options.nowMs) <= options.clockSkewMs)) {
    return fail("OL_AUTH_CLOCK_SKEW", {
      requestTime: longDate,
      serverTime: formatAmzDate(options.nowMs),
      windowMinutes: options.clockSkewMs / 60_000,
    });
  }

  // Only the headers the client signed take part, with the values Node received. A listed
  // header that is absent cannot have been signed as sent.
  const canonicalHeaderInput: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const name of signedHeaderNames) {
    const value = headerValue(headers, name);
    if (value === undefined) return malformed(`signed header ${name} is not in the request`);
    // Spec: repeated headers are signed as one comma-separated list.
    canonicalHeaderInput[name] = typeof value === "string" ? value : value.join(",");
  }

  const query = parseQuery(request.rawQuery);
  if (query === "too-many") return malformed(`the query string has more than ${MAX_QUERY_PARAMETERS} parameters`);
  if (query === undefined) return malformed("the query string is not valid percent-encoding");

  const signable: SignableRequest = {
    method: request.method,
    protocol: "http:",
    hostname: "",
    // Spec: an empty absolute path is canonicalized as "/".
    path: request.rawPath === "" ? "/" : request.rawPath,
    query,
    headers: canonicalHeaderInput,
    body: request.body,
  };
  return {
    accessKeyId,
    scope: `${scopeDate}/${region}/${service}/${SCOPE_TERMINATOR}`,
    region,
    service,
    requestMs,
    longDate,
    signature: header.signature,
    signedHeaderNames,
    signable,
    body: request.body,
  };
}

interface AuthorizationHeader {
  readonly credential: string;
  readonly signedHeaders: string;
  readonly signature: string;
}

/** `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` (spec: "Authorization header"). */
function parseAuthorizationHeader(authorization: string): AuthorizationHeader | SigV4Failure {
  const text = authorization.trim();
  const space = text.search(/\s/);
  const algorithm = space < 0 ? text : text.slice(0, space);
  if (algorithm !== ALGORITHM_IDENTIFIER) {
    return malformed(`unsupported algorithm ${reflect(algorithm)}; sign with ${ALGORITHM_IDENTIFIER}`);
  }
  const fields = new Map<string, string>();
  for (const part of (space < 0 ? "" : text.slice(space + 1)).split(",")) {
    const item = part.trim();
    const eq = item.indexOf("=");
    const name = eq < 0 ? item : item.slice(0, eq);
    if (name !== "Credential" && name !== "SignedHeaders" && name !== "Signature") {
      return malformed(`expected Credential=, SignedHeaders= and Signature=, found ${reflect(item)}`);
    }
    if (fields.has(name)) return malformed(`${name} appears twice`);
    fields.set(name, item.slice(eq + 1));
  }
  const credential = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    const missing = ["Credential", "SignedHeaders", "Signature"].filter((name) => !fields.has(name));
    return malformed(`missing ${missing.join(", ")}`);
  }
  return { credential, signedHeaders, signature };
}

async function computeSignature(parsed: ParsedRequest, credentials: SigV4Credential): Promise<string> {
  const signer = new CanonicalRequestSigner({
    credentials,
    region: parsed.region,
    service: parsed.service,
    sha256: NodeSha256,
    uriEscapePath: true,
    applyChecksum: false,
  });
  const canonicalHeaders = getCanonicalHeaders(parsed.signable, undefined, new Set(parsed.signedHeaderNames));
  // The payload hash is always that of the bytes received. A signed x-amz-content-sha256
  // header still takes part as a header, so a body that does not match it fails too.
  const payloadHash = createHash("sha256").update(parsed.body).digest("hex");
  const canonicalRequest = signer.canonicalRequest(parsed.signable, canonicalHeaders, payloadHash);
  const stringToSign = await signer.stringToSign(parsed.longDate, parsed.scope, canonicalRequest);
  return signer.sign(stringToSign, {
    signingDate: new Date(parsed.requestMs),
    signingRegion: parsed.region,
    signingService: parsed.service,
  });
}

/** Exposes the smithy signer's canonical-request and string-to-sign steps (protected there). */
class CanonicalRequestSigner extends SignatureV4 {
  canonicalRequest(request: SignableRequest, canonicalHeaders: Record<string, string>, payloadHash: string): string {
    return this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
  }

  stringToSign(longDate: string, scope: string, canonicalRequest: string): Promise<string> {
    return this.createStringToSign(longDate, scope, canonicalRequest, ALGORITHM_IDENTIFIER);
  }
}

/** SHA-256, or HMAC-SHA256 when given a secret, over node:crypto, in the shape smithy expects. */
class NodeSha256 {
  readonly #secret: Uint8Array | string | undefined;
  #hash: Hash | Hmac;

  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#secret =
      secret === undefined || typeof secret === "string"
        ? secret
        : ArrayBuffer.isView(secret)
          ? new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength)
          : new Uint8Array(secret);
    this.#hash = this.#create();
  }

  update(data: Uint8Array | string): void {
    this.#hash.update(data);
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()));
  }

  reset(): void {
    this.#hash = this.#create();
  }

  #create(): Hash | Hmac {
    return this.#secret === undefined ? createHash("sha256") : createHmac("sha256", this.#secret);
  }
}

/**
 * Splits a raw query string into decoded keys and values, keeping repeated keys as arrays.
 * Returns undefined for invalid percent-encoding, which no conforming client produces.
 */
function parseQuery(rawQuery: string): Record<string, string | string[]> | "too-many" | undefined {
  const query: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  if (rawQuery === "") return query;
  const pairs = rawQuery.split("&").filter((pair) => pair !== "");
  if (pairs.length > MAX_QUERY_PARAMETERS) return "too-many";
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
      // Spec: a parameter without a value is signed with an empty value ("key=").
      value = eq < 0 ? "" : decodeURIComponent(pair.slice(eq + 1));
    } catch {
      return undefined;
    }
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else if (typeof existing === "string") query[key] = [existing, value];
    else existing.push(value);
  }
  return query;
}

/** A header's value, own properties only (so "constructor" is not found on a plain object). */
function headerValue(headers: SignedRequestParts["headers"], name: string): string | string[] | undefined {
  if (!Object.prototype.hasOwnProperty.call(headers, name)) return undefined;
  const value: unknown = headers[name];
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "string")) {
    return value.length === 1 ? (value[0] as string) : (value as string[]);
  }
  return undefined;
}

/** Parses YYYYMMDDTHHMMSSZ; undefined unless it names a real UTC instant. */
function parseAmzDate(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Round-tripping rejects 20261332T250000Z, which Date.UTC would silently roll over.
  return formatAmzDate(ms) === text ? ms : undefined;
}

/** YYYYMMDDTHHMMSSZ, the ISO 8601 basic format SigV4 uses. */
function formatAmzDate(ms: number): string {
  const date = new Date(ms);
  if (!Number.isFinite(date.getTime())) return String(ms);
  return date.toISOString().replace(/[-:]|\.\d{3}/g, "");
}

function reflect(value: string): string {
  const shown = value.length > MAX_REFLECTED_CHARS ? `${value.slice(0, MAX_REFLECTED_CHARS)}...` : value;
  return JSON.stringify(shown);
}

function fail(code: ErrorCode, params: Record<string, string | number>): SigV4Failure {
  return { ok: false, code, params };
}

function malformed(detail: string): SigV4Failure {
  return fail("OL_AUTH_MALFORMED", { detail });
}

function wrongScope(detail: string): SigV4Failure {
  return fail("OL_AUTH_WRONG_SCOPE", { detail });
}
