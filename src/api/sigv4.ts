// Server-side AWS Signature Version 4 verification for the MediaLive REST API.
//
// Spec: AWS IAM User Guide, "Create a signed AWS API request", step 1 "Create a canonical
// request" and step 2 "Create a hash of the canonical request" onwards
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html#create-canonical-request),
// and "Elements of an AWS API request signature"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html).
// We rebuild the canonical request from the bytes the client sent and recompute the
// signature with the secret we hold for its access key. Everything is synchronous and uses
// node:crypto only; the request is canonicalised here, not by a client-side signer.
//
//   CanonicalRequest =
//     HTTPMethod                                      "GET"
//     "\n" CanonicalURI                               "/prod/tags/arn%253Aaws%253Amedialive%253A..."
//     "\n" CanonicalQueryString                       "maxResults=5&nextToken=ab%2Bc%2Fd%3D%3D"
//     "\n" CanonicalHeaders                           "host:127.0.0.1:8443\n" +
//                                                     "x-amz-date:20261125T120000Z\n"
//     "\n" SignedHeaders                              "host;x-amz-date"
//     "\n" HexEncode(SHA256(RequestPayload))          "e3b0c442...b855" (sha256 of the body received)
//
//   (CanonicalHeaders ends with its own "\n", so a blank line precedes SignedHeaders.)
//
//   StringToSign = "AWS4-HMAC-SHA256" "\n" <X-Amz-Date> "\n" <yyyymmdd>/<region>/<service>/aws4_request
//                  "\n" HexEncode(SHA256(CanonicalRequest))
//   SigningKey   = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, yyyymmdd), region), service), "aws4_request")
//   Signature    = HexEncode(HMAC(SigningKey, StringToSign))
//
// The rules for each line, as the spec states them for every service but S3:
// - CanonicalURI: the absolute path, normalised per RFC 3986 (empty and "." segments dropped,
//   ".." removes the previous segment; "/" when nothing is left), each segment then
//   URI-encoded (everything but the unreserved A-Z a-z 0-9 - . _ ~ becomes %XX, uppercase).
//   We encode the raw path as received, so a segment the client percent-encoded on the wire
//   is encoded a second time: that is the double encoding the spec asks of clients.
// - CanonicalQueryString: each parameter name and value URI-encoded, sorted by name then by
//   value, joined as name=value with "&"; a parameter without "=" has an empty value.
// - CanonicalHeaders: exactly the headers named in SignedHeaders, lowercase names, values
//   trimmed with inner runs of whitespace collapsed to one space, sorted by name; a repeated
//   header's values are joined with ",".
//
// Findings, checked against aws-cli v1 (botocore) and @aws-sdk/client-medialive (see
// test/integration/api/sigv4-awscli.test.ts):
// - Path: both clients percent-encode URI labels on the wire (an ARN travels as
//   `arn%3Aaws%3A...`) and, as the spec requires for every service but S3, sign that encoded
//   path encoded once more (`arn%253Aaws%253A...`). Re-encoding the raw wire path reproduces
//   that; decoding it first does not verify.
// - Query: both clients encode `+`, `/`, `=` and space as %2B, %2F, %3D and %20, so we
//   percent-decode each key and value and re-encode them (RFC 3986 style, uppercase hex). A
//   literal `+` stays a plus (decodeURIComponent, not the form decoding of URLSearchParams
//   that turns it into a space). Repeated keys (`tagKeys=a&tagKeys=b`) are all kept.
// - curl 7.88's --aws-sigv4 signs the path encoded only once and the query as sent (unsorted,
//   literal `+`), so its requests verify only when the path has no %-escapes and the query is
//   already in canonical form and order. That is curl's deviation from the spec, not ours.
// - Node joins a repeated request header (other than set-cookie) into one string with ", "
//   before we see it, while the spec joins with ",". No MediaLive client signs a repeated
//   header; one that did would not verify.
//
// Speed: a verification costs two SHA-256 passes (body, canonical request) and one HMAC. The
// four HMACs of the signing key are derived once per secret, day, region and service and
// cached (see signingKeyFor).

import * as nodeCrypto from "node:crypto";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
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
  /** Whether the signed Host header names this server (host-check.ts); absent: any Host. */
  readonly acceptHost?: (host: string) => boolean;
}

export type SigV4Result =
  | { readonly ok: true; readonly accessKeyId: string }
  | { readonly ok: false; readonly code: ErrorCode; readonly params: Record<string, string | number> };

type SigV4Failure = Extract<SigV4Result, { ok: false }>;

/** The only algorithm we verify (SigV4a, AWS4-ECDSA-P256-SHA256, is not supported). */
const ALGORITHM = "AWS4-HMAC-SHA256";
/** The scope terminator every SigV4 credential ends with. */
const SCOPE_TERMINATOR = "aws4_request";
/** Lengths we reflect back in error details, so a garbage header cannot bloat a response. */
const MAX_REFLECTED_CHARS = 64;
/**
 * The most query parameters we canonicalize, so that a request stays cheap to refuse (each
 * one is decoded, encoded and sorted). No MediaLive operation comes near this many:
 * DeleteTags, the only one with a repeated key, lists the tag keys of one resource.
 */
const MAX_QUERY_PARAMETERS = 1000;
/** SHA-256 of zero bytes: the payload hash of every GET and DELETE. */
const EMPTY_PAYLOAD_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/** Strings made of RFC 3986 unreserved characters only: URI-encoding leaves them as they are. */
const UNRESERVED_ONLY = /^[A-Za-z0-9\-._~]*$/;
/** Characters encodeURIComponent leaves alone that are not unreserved in RFC 3986. */
const SUB_DELIMS_KEPT_BY_ENCODE_URI_COMPONENT = /[!'()*]/g;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * Verifies the SigV4 `Authorization` header of a request.
 *
 * Never throws on anything the client sent: every problem becomes `{ ok: false }` with a
 * code from the error catalogue. An exception thrown by `options.lookupSecret` itself is
 * not the client's fault and propagates (as a rejection), so that a broken key store
 * surfaces as a server error rather than as a 403.
 *
 * The work is synchronous; the function stays `async` so that callers and tests keep one
 * contract, a key-store failure included (a rejected promise, not a synchronous throw).
 */
export async function verifySigV4(request: SignedRequestParts, options: SigV4VerifyOptions): Promise<SigV4Result> {
  return verifySigV4Sync(request, options);
}

/**
 * The same verification without the promise, for the server's request path (one microtask
 * less per call). An exception thrown by `options.lookupSecret` propagates as a throw.
 */
export function verifySigV4Sync(request: SignedRequestParts, options: SigV4VerifyOptions): SigV4Result {
  let parsed: ParsedRequest | SigV4Failure;
  try {
    parsed = parseRequest(request, options);
  } catch {
    return malformed("the request could not be read");
  }
  if ("ok" in parsed) return parsed;

  const secretAccessKey = options.lookupSecret(parsed.accessKeyId);
  if (typeof secretAccessKey !== "string" || secretAccessKey === "") return fail("OL_AUTH_UNKNOWN_KEY", {});

  let expected: Buffer;
  try {
    const stringToSign = `${ALGORITHM}\n${parsed.longDate}\n${parsed.scope}\n${sha256Hex(canonicalRequest(parsed))}`;
    const signingKey = signingKeyFor(secretAccessKey, parsed.scopeDate, parsed.region, parsed.service);
    expected = hmacSha256(signingKey, stringToSign);
  } catch {
    // Only reachable with input Node would never hand us (e.g. lone surrogates in the path).
    return malformed("the request could not be put in canonical form");
  }
  // Constant-time comparison so response timing does not reveal how many leading bytes of a
  // guessed signature were right. parseRequest checked it is 64 lowercase hex digits.
  const provided = Buffer.from(parsed.signature, "hex");
  if (provided.length !== expected.length || !timingSafeEqual(expected, provided)) {
    return fail("OL_AUTH_BAD_SIGNATURE", {});
  }
  // Checked once the signature holds, so that only a caller with the keys learns about the
  // Host rule. parseRequest made sure host is signed, so this is the value the signature covers.
  if (options.acceptHost !== undefined) {
    const host = parsed.headers.find(([name]) => name === "host")?.[1] ?? "";
    if (!options.acceptHost(host)) return fail("OL_AUTH_WRONG_HOST", { host: reflect(host) });
  }
  return { ok: true, accessKeyId: parsed.accessKeyId };
}

interface ParsedRequest {
  readonly accessKeyId: string;
  /** `<yyyymmdd>/<region>/<service>/aws4_request` */
  readonly scope: string;
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  /** The request time as YYYYMMDDTHHMMSSZ, the second line of the string to sign. */
  readonly longDate: string;
  readonly signature: string;
  readonly method: string;
  readonly rawPath: string;
  /** Decoded query parameters in wire order, repeated keys included. */
  readonly query: readonly QueryParameter[];
  /** The signed headers: lowercase name and value as received (repeats joined with ","). */
  readonly headers: readonly SignedHeader[];
  readonly body: Buffer;
}

type QueryParameter = readonly [name: string, value: string];
type SignedHeader = readonly [name: string, value: string];

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
  let longDate: string;
  if (amzDate !== undefined) {
    if (typeof amzDate !== "string") return malformed("more than one X-Amz-Date header");
    requestMs = parseAmzDate(amzDate);
    if (requestMs === undefined) return malformed(`X-Amz-Date ${reflect(amzDate)} is not YYYYMMDDTHHMMSSZ`);
    // parseAmzDate accepts only a real instant written in canonical form, so this is it.
    longDate = amzDate;
  } else {
    const httpDate = headerValue(headers, "date");
    if (httpDate === undefined) return malformed("the request needs an X-Amz-Date or a Date header");
    if (typeof httpDate !== "string") return malformed("more than one Date header");
    const parsedMs = Date.parse(httpDate);
    if (!Number.isFinite(parsedMs)) return malformed(`Date ${reflect(httpDate)} is not an HTTP date`);
    requestMs = Math.floor(parsedMs / 1000) * 1000;
    longDate = formatAmzDate(requestMs);
  }
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
  const signedHeaders: SignedHeader[] = [];
  for (const name of signedHeaderNames) {
    const value = headerValue(headers, name);
    if (value === undefined) return malformed(`signed header ${name} is not in the request`);
    // Spec: repeated headers are signed as one comma-separated list.
    signedHeaders.push([name, typeof value === "string" ? value : value.join(",")]);
  }

  const query = parseQuery(request.rawQuery);
  if (query === "too-many") return malformed(`the query string has more than ${MAX_QUERY_PARAMETERS} parameters`);
  if (query === undefined) return malformed("the query string is not valid percent-encoding");

  return {
    accessKeyId,
    scope: `${scopeDate}/${region}/${service}/${SCOPE_TERMINATOR}`,
    scopeDate,
    region,
    service,
    longDate,
    signature: header.signature,
    method: request.method,
    rawPath: request.rawPath,
    query,
    headers: signedHeaders,
    body: request.body,
  };
}

interface AuthorizationHeader {
  readonly credential: string;
  readonly signedHeaders: string;
  readonly signature: string;
}

/**
 * The header exactly as every SDK and aws-cli write it: the three fields in this order,
 * separated by ", " (or ","), nothing around them. Anything else takes the general parser,
 * which reads such a header to the same three values, so this only saves its garbage.
 */
const CANONICAL_AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^,\s]*), ?SignedHeaders=([^,\s]*), ?Signature=([^,\s]*)$/;

/** `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` (spec: "Authorization header"). */
function parseAuthorizationHeader(authorization: string): AuthorizationHeader | SigV4Failure {
  const canonical = CANONICAL_AUTHORIZATION.exec(authorization);
  if (canonical !== null) return { credential: canonical[1]!, signedHeaders: canonical[2]!, signature: canonical[3]! };
  const text = authorization.trim();
  const space = text.search(/\s/);
  const algorithm = space < 0 ? text : text.slice(0, space);
  if (algorithm !== ALGORITHM) {
    return malformed(`unsupported algorithm ${reflect(algorithm)}; sign with ${ALGORITHM}`);
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

// ---------------------------------------------------------------- signing (openlive's own clients)

export interface SigV4SignInput {
  readonly method: string;
  /** Host header value the request is sent with: hostname[:port]. */
  readonly host: string;
  /** Wire path, URI labels already percent-encoded, no query. */
  readonly rawPath: string;
  /** Decoded query parameters (they go on the wire RFC 3986-encoded). */
  readonly query: readonly QueryParameter[];
  readonly body: string;
  readonly date: Date;
}

/**
 * The x-amz-date and authorization headers that sign a request with host and x-amz-date, for
 * openlive's own node clients (the demo). They sign with this verifier's canonical request, so
 * the two cannot drift apart; the aws CLI and the JS SDK are the independent signers the tests
 * hold the verifier to.
 */
export function signSigV4(credential: SigV4Credential & { readonly region: string; readonly service: string }, input: SigV4SignInput): { "x-amz-date": string; authorization: string } {
  const longDate = formatAmzDate(input.date.getTime());
  const scopeDate = longDate.slice(0, 8);
  const scope = `${scopeDate}/${credential.region}/${credential.service}/${SCOPE_TERMINATOR}`;
  const headers: SignedHeader[] = [
    ["host", input.host],
    ["x-amz-date", longDate],
  ];
  const canonical = canonicalRequest({ method: input.method, rawPath: input.rawPath, query: input.query, headers, body: Buffer.from(input.body, "utf8") });
  const stringToSign = `${ALGORITHM}\n${longDate}\n${scope}\n${sha256Hex(canonical)}`;
  const signature = hmacSha256(signingKeyFor(credential.secretAccessKey, scopeDate, credential.region, credential.service), stringToSign).toString("hex");
  return {
    "x-amz-date": longDate,
    authorization: `${ALGORITHM} Credential=${credential.accessKeyId}/${scope}, SignedHeaders=host;x-amz-date, Signature=${signature}`,
  };
}

// ---------------------------------------------------------------- canonical request

/** The canonical request of the spec (layout at the top of this file). Throws URIError on lone surrogates. */
function canonicalRequest(parsed: Pick<ParsedRequest, "method" | "rawPath" | "query" | "headers" | "body">): string {
  // Sorted by name; a name listed twice in SignedHeaders is signed once. Clients list them
  // sorted already (the spec's SignedHeaders is sorted), so the copy is made only when not.
  const headers = sortedByName(parsed.headers) ? parsed.headers : [...parsed.headers].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let canonicalHeaders = "";
  let signedHeaders = "";
  let previous: string | undefined;
  for (const [name, value] of headers) {
    if (name === previous) continue;
    previous = name;
    canonicalHeaders += `${name}:${value.trim().replace(/\s+/g, " ")}\n`;
    signedHeaders += signedHeaders === "" ? name : `;${name}`;
  }
  // The payload hash is always that of the bytes received. A signed x-amz-content-sha256
  // header still takes part as a header, so a body that does not match it fails too.
  const payloadHash = parsed.body.length === 0 ? EMPTY_PAYLOAD_SHA256 : sha256Hex(parsed.body);
  return `${parsed.method}\n${canonicalUri(parsed.rawPath)}\n${canonicalQueryString(parsed.query)}\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
}

function sortedByName(headers: readonly SignedHeader[]): boolean {
  for (let i = 1; i < headers.length; i++) if (headers[i - 1]![0] > headers[i]![0]) return false;
  return true;
}

/**
 * CanonicalURI: the raw path with its dot segments and empty segments removed (RFC 3986
 * §5.2.4 as the spec and both clients apply it), each segment URI-encoded once more. The
 * server refuses raw paths that hold such segments before verifying (canonical-path.ts), so
 * for every request it verifies, this path and the routed path are the same.
 */
function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(uriEncode(segment));
  }
  const leading = rawPath.startsWith("/") ? "/" : "";
  const trailing = segments.length > 0 && rawPath.endsWith("/") ? "/" : "";
  const path = leading + segments.join("/") + trailing;
  // Spec: an empty absolute path is canonicalized as "/".
  return path === "" ? "/" : path;
}

/** CanonicalQueryString: names and values URI-encoded, sorted by name then value, repeats kept. */
function canonicalQueryString(query: readonly QueryParameter[]): string {
  if (query.length === 0) return "";
  const encoded = query.map(([name, value]): QueryParameter => [uriEncode(name), uriEncode(value)]);
  // Encoded strings are ASCII, so comparing UTF-16 code units is the byte order the spec sorts by.
  encoded.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  let out = "";
  for (const [name, value] of encoded) out += out === "" ? `${name}=${value}` : `&${name}=${value}`;
  return out;
}

/** The spec's UriEncode: every byte of the UTF-8 form but A-Z a-z 0-9 - . _ ~ as %XX (uppercase hex). */
export function uriEncode(text: string): string {
  if (UNRESERVED_ONLY.test(text)) return text;
  return encodeURIComponent(text).replace(SUB_DELIMS_KEPT_BY_ENCODE_URI_COMPONENT, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Splits a raw query string into decoded names and values in wire order, repeated names kept.
 * Returns undefined for invalid percent-encoding, which no conforming client produces.
 */
function parseQuery(rawQuery: string): QueryParameter[] | "too-many" | undefined {
  if (rawQuery === "") return [];
  const pairs = rawQuery.split("&").filter((pair) => pair !== "");
  if (pairs.length > MAX_QUERY_PARAMETERS) return "too-many";
  const query: QueryParameter[] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    try {
      // Spec: a parameter without a value is signed with an empty value ("key=").
      query.push([percentDecode(eq < 0 ? pair : pair.slice(0, eq)), eq < 0 ? "" : percentDecode(pair.slice(eq + 1))]);
    } catch {
      return undefined;
    }
  }
  return query;
}

/** decodeURIComponent, skipped when there is nothing to decode; a literal "+" stays a plus. */
function percentDecode(text: string): string {
  return text.includes("%") ? decodeURIComponent(text) : text;
}

// ---------------------------------------------------------------- signing key

/** Derived signing keys; bounded by clearing it whenever it would grow past the limit. */
const signingKeyCache = new Map<string, SigningKey>();
const SIGNING_KEY_CACHE_LIMIT = 64;

/**
 * The SigV4 signing key for a secret and a credential scope, derived once and then cached.
 * The cache holds derived keys only. Its map key names the secret, the day, the region and
 * the service together, so an entry can never serve another secret (a rotated one, say) or
 * another day. The day is 8 digits and region and service come out of the credential split on
 * "/", so none of them holds a "/": the first three "/" of the map key delimit them and
 * everything after is the secret, which makes the map key unambiguous.
 */
function signingKeyFor(secret: string, scopeDate: string, region: string, service: string): SigningKey {
  const cacheKey = `${scopeDate}/${region}/${service}/${secret}`;
  const cached = signingKeyCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const dateKey = createHmac("sha256", `AWS4${secret}`).update(scopeDate, "utf8").digest();
  const regionKey = createHmac("sha256", dateKey).update(region, "utf8").digest();
  const serviceKey = createHmac("sha256", regionKey).update(service, "utf8").digest();
  const signingKey = hmacKey(createHmac("sha256", serviceKey).update(SCOPE_TERMINATOR, "utf8").digest());
  if (signingKeyCache.size >= SIGNING_KEY_CACHE_LIMIT) signingKeyCache.clear();
  signingKeyCache.set(cacheKey, signingKey);
  return signingKey;
}

/** A derived signing key (32 bytes) with its HMAC pads (RFC 2104) computed once. */
interface SigningKey {
  readonly key: Buffer;
  /** key XOR 0x36.., then key XOR 0x5c.., each one SHA-256 block (64 bytes). */
  readonly innerPad: Buffer;
  readonly outerPad: Buffer;
}

const SHA256_BLOCK_BYTES = 64;

function hmacKey(key: Buffer): SigningKey {
  const innerPad = Buffer.alloc(SHA256_BLOCK_BYTES, 0x36);
  const outerPad = Buffer.alloc(SHA256_BLOCK_BYTES, 0x5c);
  for (let i = 0; i < key.length; i++) {
    innerPad[i]! ^= key[i]!;
    outerPad[i]! ^= key[i]!;
  }
  return { key, innerPad, outerPad };
}

/**
 * HMAC-SHA256(key, message) of RFC 2104, H(outerPad | H(innerPad | message)), with the pads
 * precomputed per key and the one-shot crypto.hash: about half the cost of a createHmac
 * object per call. Falls back to createHmac where crypto.hash is missing (Node < 20.12).
 */
const hmacSha256: (key: SigningKey, message: string) => Buffer =
  typeof nodeCrypto.hash === "function"
    ? (key, message) => {
        const inner = Buffer.allocUnsafe(SHA256_BLOCK_BYTES + Buffer.byteLength(message, "utf8"));
        key.innerPad.copy(inner, 0);
        inner.write(message, SHA256_BLOCK_BYTES, "utf8");
        const outer = Buffer.allocUnsafe(SHA256_BLOCK_BYTES + 32);
        key.outerPad.copy(outer, 0);
        (nodeCrypto.hash("sha256", inner, "buffer") as unknown as Buffer).copy(outer, SHA256_BLOCK_BYTES);
        return nodeCrypto.hash("sha256", outer, "buffer") as unknown as Buffer;
      }
    : (key, message) => createHmac("sha256", key.key).update(message, "utf8").digest();

/**
 * SHA-256 as lowercase hex (a string is hashed as UTF-8). The one-shot crypto.hash (Node >=
 * 20.12) costs about a third of createHash on inputs this short; Node 20.11, which
 * package.json still allows, lacks it, hence the namespace import and the fallback.
 */
const sha256Hex: (data: string | Buffer) => string =
  typeof nodeCrypto.hash === "function"
    ? (data) => nodeCrypto.hash("sha256", data, "hex")
    : (data) => createHash("sha256").update(data).digest("hex");

// ---------------------------------------------------------------- helpers

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
  const match = AMZ_DATE.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = Number(match[6]);
  // Range checks instead of letting Date.UTC roll 20261332T250000Z over into another date.
  // Date.UTC reads years 0-99 as 1900-1999, so those (which no client signs) are refused too.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** YYYYMMDDTHHMMSSZ, the ISO 8601 basic format SigV4 uses (only off the fast path). */
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
