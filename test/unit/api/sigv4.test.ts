// Unit tests of the SigV4 verifier. Requests are signed three ways: with the real
// @smithy/signature-v4 signer set up as the AWS SDK for JavaScript and as aws-cli v1 (botocore)
// sign; with published AWS test-suite vectors; and with requests captured from the real aws
// CLI and JS SDK (test/integration/api/sigv4-awscli.test.ts does the capturing live).

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { signSigV4, verifySigV4, type SigV4Result, type SigV4VerifyOptions, type SignedRequestParts } from "../../../src/api/sigv4.ts";
import { ErrorCatalogue, fillTemplate, type ErrorCode } from "../../../src/shared/errors.ts";
// The client-side hash for smithy's signer; independent of src/api/sigv4.ts, which hashes on its own.
import { NodeSha256 } from "../../helpers/signed-fetch.ts";

type SignableRequest = Parameters<SignatureV4["presign"]>[0];

const ACCESS_KEY_ID = "AKIAOPENLIVETEST0001";
const SECRET = "openlive/test+secret/0123456789abcdefghijKLMN";
const REGION = "us-east-1";
const SERVICE = "medialive";
const HOST = "127.0.0.1:8443";
const NOW_MS = Date.UTC(2026, 10, 25, 12, 0, 0);
const MINUTE_MS = 60_000;
const CLOCK_SKEW_MS = 15 * MINUTE_MS;
const ARN_PATH = "/prod/tags/arn%3Aaws%3Amedialive%3Aus-east-1%3A000000000000%3Ainput%3A1234567";
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const AUTH_CODES: readonly ErrorCode[] = [
  "OL_AUTH_MISSING",
  "OL_AUTH_MALFORMED",
  "OL_AUTH_UNKNOWN_KEY",
  "OL_AUTH_BAD_SIGNATURE",
  "OL_AUTH_CLOCK_SKEW",
  "OL_AUTH_WRONG_SCOPE",
];

interface RequestSpec {
  readonly method: string;
  /** The path as the client puts it on the wire (URI labels already percent-encoded). */
  readonly path: string;
  /** Decoded query parameters; arrays are repeated keys. */
  readonly query?: Record<string, string | string[]>;
  readonly body?: string;
}

interface SignOptions {
  readonly dateMs?: number;
  readonly accessKeyId?: string;
  readonly secret?: string;
  readonly region?: string;
  readonly service?: string;
}

/** RFC 3986 encoding as the SDK's query builder and botocore both put it on the wire. */
function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function wireQuery(query: Record<string, string | string[]> | undefined): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) pairs.push(`${encodeRfc3986(key)}=${encodeRfc3986(item)}`);
  }
  return pairs.join("&");
}

async function signWith(
  signer: SignatureV4,
  spec: RequestSpec,
  signedHeaders: Record<string, string>,
  unsignedHeaders: Record<string, string>,
  dateMs: number,
): Promise<SignedRequestParts> {
  const body = Buffer.from(spec.body ?? "", "utf8");
  const request: SignableRequest = {
    method: spec.method,
    protocol: "http:",
    hostname: "127.0.0.1",
    port: 8443,
    path: spec.path,
    query: spec.query ?? {},
    headers: signedHeaders,
    ...(spec.body === undefined ? {} : { body }),
  };
  const signed = await signer.sign(request, { signingDate: new Date(dateMs) });
  const headers: Record<string, string> = { ...unsignedHeaders };
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
  return { method: spec.method, rawPath: spec.path, rawQuery: wireQuery(spec.query), headers, body };
}

/**
 * Signs as @aws-sdk/client-* does: every header it sets is signed except user-agent, and the
 * signer adds x-amz-content-sha256 itself (applyChecksum defaults to true).
 */
function signLikeJsSdk(spec: RequestSpec, options: SignOptions = {}): Promise<SignedRequestParts> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: options.accessKeyId ?? ACCESS_KEY_ID, secretAccessKey: options.secret ?? SECRET },
    region: options.region ?? REGION,
    service: options.service ?? SERVICE,
    sha256: NodeSha256,
  });
  const headers: Record<string, string> = {
    host: HOST,
    "amz-sdk-invocation-id": "6c0d3e0a-44ad-4d0b-8a57-6c6a2c0f3f0e",
    "amz-sdk-request": "attempt=1; max=3",
    "x-amz-user-agent": "aws-sdk-js/3.1136.0",
    "user-agent": "aws-sdk-js/3.1136.0 ua/2.1 os/linux lang/js md/nodejs#20 api/medialive#3.1136.0",
  };
  if (spec.body !== undefined) {
    headers["content-type"] = "application/json";
    headers["content-length"] = String(Buffer.byteLength(spec.body));
  }
  return signWith(signer, spec, headers, {}, options.dateMs ?? NOW_MS);
}

/**
 * Signs as aws-cli v1 (botocore) does: host, x-amz-date and, with a body, content-type; the
 * headers botocore adds after signing travel unsigned.
 */
function signLikeAwsCli(spec: RequestSpec, options: SignOptions = {}): Promise<SignedRequestParts> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: options.accessKeyId ?? ACCESS_KEY_ID, secretAccessKey: options.secret ?? SECRET },
    region: options.region ?? REGION,
    service: options.service ?? SERVICE,
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const signed: Record<string, string> = { host: HOST };
  if (spec.body !== undefined) signed["content-type"] = "application/json";
  const unsigned: Record<string, string> = {
    "accept-encoding": "identity",
    "user-agent": "aws-cli/1.45.11 md/Botocore#1.43.11 ua/2.1 os/linux lang/python#3.11.7 botocore/1.43.11",
    "amz-sdk-invocation-id": "0f5b7c4e-7f7e-4d55-9b0e-2d0f3b1a9c11",
    "amz-sdk-request": "attempt=1",
  };
  if (spec.body !== undefined || spec.method === "DELETE") unsigned["content-length"] = String(Buffer.byteLength(spec.body ?? ""));
  return signWith(signer, spec, signed, unsigned, options.dateMs ?? NOW_MS);
}

function options(overrides: Partial<SigV4VerifyOptions> = {}): SigV4VerifyOptions {
  return {
    lookupSecret: (accessKeyId) => (accessKeyId === ACCESS_KEY_ID ? SECRET : undefined),
    region: REGION,
    service: SERVICE,
    nowMs: NOW_MS,
    clockSkewMs: CLOCK_SKEW_MS,
    ...overrides,
  };
}

function withHeaders(request: SignedRequestParts, changes: Record<string, string | string[] | undefined>): SignedRequestParts {
  return { ...request, headers: { ...request.headers, ...changes } };
}

function authorizationOf(request: SignedRequestParts): string {
  const value = request.headers["authorization"];
  assert.equal(typeof value, "string");
  return value as string;
}

function signedHeadersOf(request: SignedRequestParts): string {
  return /SignedHeaders=([^,]+)/.exec(authorizationOf(request))?.[1] ?? "";
}

function assertOk(result: SigV4Result, accessKeyId = ACCESS_KEY_ID): void {
  assert.deepEqual(result, { ok: true, accessKeyId });
}

/** Asserts the failure code and that its params fill every placeholder of the message template. */
function assertFails(result: SigV4Result, code: ErrorCode, detail?: RegExp): void {
  assert.equal(result.ok, false, "expected the request to be refused");
  if (result.ok) return;
  assert.equal(result.code, code, `got ${result.code} ${JSON.stringify(result.params)}`);
  const message = fillTemplate(ErrorCatalogue[result.code].template, result.params);
  assert.doesNotMatch(message, /\{\w+\}/, `unfilled placeholder in: ${message}`);
  if (detail) assert.match(String(result.params["detail"]), detail);
}

// The four request shapes the MediaLive API uses: a GET with a paging query (nextToken is
// base64, so it carries + / =), a POST with a JSON body, a DELETE with a repeated query key
// and a path with a percent-encoded ARN.
const LIST_INPUTS: RequestSpec = { method: "GET", path: "/prod/inputs", query: { maxResults: "5", nextToken: "ab+c/d==" } };
const CREATE_ISG: RequestSpec = { method: "POST", path: "/prod/inputSecurityGroups", body: '{"whitelistRules":[{"cidr":"10.0.0.0/8"}]}' };
const DELETE_TAGS: RequestSpec = { method: "DELETE", path: ARN_PATH, query: { tagKeys: ["a b", "b+c", "env"] } };
const LIST_TAGS: RequestSpec = { method: "GET", path: ARN_PATH };
const SHAPES = { LIST_INPUTS, CREATE_ISG, DELETE_TAGS, LIST_TAGS } as const;

const SIGNERS = { "the JS SDK": signLikeJsSdk, "aws-cli v1": signLikeAwsCli } as const;

describe("verifySigV4 accepts requests signed", () => {
  for (const [clientName, sign] of Object.entries(SIGNERS)) {
    for (const [shapeName, spec] of Object.entries(SHAPES)) {
      test(`by ${clientName}: ${shapeName} (${spec.method} ${spec.path})`, async () => {
        const request = await sign(spec);
        assertOk(await verifySigV4(request, options()));
      });
    }
  }

  test("with the header sets the JS SDK and aws-cli really sign", async () => {
    assert.equal(
      signedHeadersOf(await signLikeJsSdk(LIST_INPUTS)),
      "amz-sdk-invocation-id;amz-sdk-request;host;x-amz-content-sha256;x-amz-date;x-amz-user-agent",
    );
    assert.equal(
      signedHeadersOf(await signLikeJsSdk(CREATE_ISG)),
      "amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-user-agent",
    );
    assert.equal(signedHeadersOf(await signLikeAwsCli(LIST_INPUTS)), "host;x-amz-date");
    assert.equal(signedHeadersOf(await signLikeAwsCli(CREATE_ISG)), "content-type;host;x-amz-date");
  });

  test("whose query puts + / = and space on the wire as %2B %2F %3D %20", async () => {
    const list = await signLikeJsSdk(LIST_INPUTS);
    assert.equal(list.rawQuery, "maxResults=5&nextToken=ab%2Bc%2Fd%3D%3D");
    assertOk(await verifySigV4(list, options()));
    const remove = await signLikeAwsCli(DELETE_TAGS);
    assert.equal(remove.rawQuery, "tagKeys=a%20b&tagKeys=b%2Bc&tagKeys=env");
    assertOk(await verifySigV4(remove, options()));
  });

  test("whatever the order of the query parameters and of repeated keys on the wire", async () => {
    const request = await signLikeAwsCli(DELETE_TAGS);
    assertOk(await verifySigV4({ ...request, rawQuery: "tagKeys=env&tagKeys=b%2Bc&tagKeys=a%20b" }, options()));
    const list = await signLikeJsSdk(LIST_INPUTS);
    assertOk(await verifySigV4({ ...list, rawQuery: "nextToken=ab%2Bc%2Fd%3D%3D&maxResults=5" }, options()));
  });

  test("with lowercase percent-encoding, encoded unreserved characters or a literal + on the wire", async () => {
    // Decoding before canonicalizing makes these equivalent spellings of the same query. A
    // literal + is a plus (RFC 3986), not a space (HTML form encoding), so it equals %2B.
    const list = await signLikeJsSdk(LIST_INPUTS);
    assertOk(await verifySigV4({ ...list, rawQuery: "maxResults=%35&nextToken=ab%2bc%2fd%3d%3d" }, options()));
    assertOk(await verifySigV4({ ...list, rawQuery: "maxResults=5&nextToken=ab+c/d==" }, options()));
  });

  test("when unsigned headers change or are added", async () => {
    const request = await signLikeAwsCli(CREATE_ISG);
    const changed = withHeaders(request, { "user-agent": "something else", "x-forwarded-for": "203.0.113.9", "amz-sdk-request": "attempt=2" });
    assertOk(await verifySigV4(changed, options()));
  });

  test("with extra whitespace in a signed header value, as the spec's trimming allows", async () => {
    const request = await signLikeJsSdk(LIST_INPUTS);
    assertOk(await verifySigV4(withHeaders(request, { "x-amz-user-agent": "  aws-sdk-js/3.1136.0 " }), options()));
  });

  for (const offsetMinutes of [-14, 14, -15, 15]) {
    test(`when the request time is ${offsetMinutes} minutes from the server clock`, async () => {
      const request = await signLikeJsSdk(LIST_INPUTS, { dateMs: NOW_MS + offsetMinutes * MINUTE_MS });
      assertOk(await verifySigV4(request, options()));
    });
  }

  test("with any access key the lookup knows, and passes the key id to the lookup", async () => {
    const seen: string[] = [];
    const lookupSecret = (id: string): string | undefined => {
      seen.push(id);
      return id === "AKIDSECOND" ? "second-secret" : undefined;
    };
    const request = await signLikeAwsCli(LIST_TAGS, { accessKeyId: "AKIDSECOND", secret: "second-secret" });
    const result = await verifySigV4(request, options({ lookupSecret }));
    assertOk(result, "AKIDSECOND");
    assert.deepEqual(seen, ["AKIDSECOND"]);
  });

  test("with the configured region and service, whatever they are", async () => {
    const request = await signLikeJsSdk(LIST_INPUTS, { region: "eu-west-3" });
    assertOk(await verifySigV4(request, options({ region: "eu-west-3" })));
  });

  test("with a Date header instead of X-Amz-Date (the spec's fallback)", async () => {
    // The smithy signer always signs X-Amz-Date, so this one is signed by hand.
    const date = "Wed, 25 Nov 2026 12:00:00 GMT";
    const request = signByHand({
      method: "GET",
      path: "/prod/inputs",
      canonicalQuery: "maxResults=5",
      rawQuery: "maxResults=5",
      headers: { date, host: HOST },
      longDate: "20261125T120000Z",
    });
    assertOk(await verifySigV4(request, options()));
    assertFails(await verifySigV4(withHeaders(request, { date: "Wed, 25 Nov 2026 12:00:01 GMT" }), options()), "OL_AUTH_BAD_SIGNATURE");
  });
});

// Published vectors of the AWS SigV4 test suite (aws-sig-v4-test-suite: get-vanilla,
// get-vanilla-query-order-key-case, post-vanilla), checked without any signer of ours.
describe("verifySigV4 agrees with the AWS SigV4 test suite", () => {
  const suiteOptions = options({
    lookupSecret: (id) => (id === "AKIDEXAMPLE" ? "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" : undefined),
    service: "service",
    nowMs: Date.UTC(2015, 7, 30, 12, 36, 0),
  });
  const vector = (method: string, rawQuery: string, signature: string): SignedRequestParts => ({
    method,
    rawPath: "/",
    rawQuery,
    headers: {
      host: "example.amazonaws.com",
      "x-amz-date": "20150830T123600Z",
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`,
    },
    body: Buffer.alloc(0),
  });

  test("get-vanilla", async () => {
    const request = vector("GET", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    assertOk(await verifySigV4(request, suiteOptions), "AKIDEXAMPLE");
  });

  test("get-vanilla-query-order-key-case", async () => {
    const request = vector("GET", "Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    assertOk(await verifySigV4(request, suiteOptions), "AKIDEXAMPLE");
  });

  test("post-vanilla", async () => {
    const request = vector("POST", "", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
    assertOk(await verifySigV4(request, suiteOptions), "AKIDEXAMPLE");
    assertFails(await verifySigV4({ ...request, method: "PUT" }, suiteOptions), "OL_AUTH_BAD_SIGNATURE");
  });
});

// Requests captured from aws-cli 1.45.11 (botocore 1.43.11) and @aws-sdk/client-medialive
// against a local server, secret "secret". They pin the path double-encoding the real
// clients do without needing the aws binary.
describe("verifySigV4 accepts requests captured from the real clients", () => {
  const captured = (
    method: string,
    url: string,
    headers: Record<string, string>,
    body = "",
  ): { request: SignedRequestParts; nowMs: number } => {
    const [rawPath = "", rawQuery = ""] = url.split("?");
    const amzDate = headers["x-amz-date"] ?? "";
    const nowMs = Date.parse(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
    return { request: { method, rawPath, rawQuery, headers, body: Buffer.from(body, "utf8") }, nowMs };
  };
  const capturedOptions = (nowMs: number, secret = "secret"): SigV4VerifyOptions =>
    options({ nowMs, lookupSecret: (id) => (id === "AKIDEXAMPLE" ? secret : undefined) });

  const cases = {
    "aws-cli: medialive list-inputs --max-results 5 --next-token ab+c/d==": captured(
      "GET",
      "/prod/inputs?maxResults=5&nextToken=ab%2Bc%2Fd%3D%3D",
      {
        host: "127.0.0.1:37821",
        "accept-encoding": "identity",
        "x-amz-date": "20261125T011327Z",
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/medialive/aws4_request, SignedHeaders=host;x-amz-date, Signature=4700c412a8a679660434a3cf4fd0ed9e44efb70b458dd56cf6bdd670bd0e5f6a",
        "amz-sdk-invocation-id": "b7bbcd96-8185-4b1f-bc1d-8b743fe36c0a",
        "amz-sdk-request": "attempt=1",
      },
    ),
    "aws-cli: medialive delete-tags --resource-arn arn:aws:... --tag-keys 'a b' 'b+c'": captured(
      "DELETE",
      "/prod/tags/arn%3Aaws%3Amedialive%3Aus-east-1%3A000000000000%3Ainput%3A1234567?tagKeys=a%20b&tagKeys=b%2Bc",
      {
        host: "127.0.0.1:37821",
        "accept-encoding": "identity",
        "x-amz-date": "20261125T011329Z",
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/medialive/aws4_request, SignedHeaders=host;x-amz-date, Signature=fc4d6744a4e625df4abc25099fd01444e1df8584e887eb61a9e981c5d7643e2c",
        "amz-sdk-invocation-id": "80d5d4eb-67db-49ab-afcd-9caf7cc44a9c",
        "amz-sdk-request": "attempt=1",
        "content-length": "0",
      },
    ),
    "aws-cli: medialive create-input-security-group --whitelist-rules Cidr=10.0.0.0/8": captured(
      "POST",
      "/prod/inputSecurityGroups",
      {
        host: "127.0.0.1:37821",
        "accept-encoding": "identity",
        "content-type": "application/json",
        "x-amz-date": "20261125T011329Z",
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/medialive/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0b8d959fea03891b50d51f4bff4bc2dc408f062451f605504f1a085e782ce862",
        "amz-sdk-invocation-id": "15335fee-95b3-4217-96bb-ff7159a44949",
        "amz-sdk-request": "attempt=1",
        "content-length": "44",
      },
      '{"whitelistRules": [{"cidr": "10.0.0.0/8"}]}',
    ),
    "JS SDK: DeleteTags with an ARN and TagKeys ['a b', 'b+c']": captured(
      "DELETE",
      "/prod/tags/arn%3Aaws%3Amedialive%3Aus-east-1%3A000000000000%3Ainput%3A1234567?tagKeys=a%20b&tagKeys=b%2Bc",
      {
        "x-amz-user-agent": "aws-sdk-js/3.1135.0",
        host: "127.0.0.1:37821",
        "amz-sdk-invocation-id": "79687567-9b32-42f5-9ab9-bdf7c58d1345",
        "amz-sdk-request": "attempt=1; max=1",
        "x-amz-date": "20261125T011330Z",
        "x-amz-content-sha256": EMPTY_SHA256,
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/medialive/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;host;x-amz-content-sha256;x-amz-date;x-amz-user-agent, Signature=44d90854aa4b91377fbba2d229169f5b11afd5688c3071a0fdf9cd3864933e59",
        connection: "keep-alive",
      },
    ),
  };

  for (const [name, { request, nowMs }] of Object.entries(cases)) {
    test(name, async () => {
      assertOk(await verifySigV4(request, capturedOptions(nowMs)), "AKIDEXAMPLE");
      assertFails(await verifySigV4(request, capturedOptions(nowMs, "wrong")), "OL_AUTH_BAD_SIGNATURE");
    });
  }

  test("not when the ARN path is decoded before verifying (the clients sign it double-encoded)", async () => {
    const { request, nowMs } = cases["aws-cli: medialive delete-tags --resource-arn arn:aws:... --tag-keys 'a b' 'b+c'"];
    assertFails(await verifySigV4({ ...request, rawPath: decodeURIComponent(request.rawPath) }, capturedOptions(nowMs)), "OL_AUTH_BAD_SIGNATURE");
  });
});

describe("verifySigV4 refuses", () => {
  test("a request without Authorization as OL_AUTH_MISSING", async () => {
    const request = await signLikeJsSdk(LIST_INPUTS);
    assertFails(await verifySigV4(withHeaders(request, { authorization: undefined }), options()), "OL_AUTH_MISSING");
    assertFails(await verifySigV4(withHeaders(request, { authorization: "" }), options()), "OL_AUTH_MISSING");
    assertFails(await verifySigV4(withHeaders(request, { authorization: "   " }), options()), "OL_AUTH_MISSING");
    assertFails(await verifySigV4({ ...request, headers: {} }, options()), "OL_AUTH_MISSING");
  });

  test("a malformed Authorization header as OL_AUTH_MALFORMED", async () => {
    const request = await signLikeJsSdk(LIST_INPUTS);
    const good = authorizationOf(request);
    const credential = `${ACCESS_KEY_ID}/20261125/${REGION}/${SERVICE}/aws4_request`;
    const signature = /Signature=(\w+)/.exec(good)?.[1] ?? "";
    const signedHeaders = signedHeadersOf(request);
    const cases: Record<string, [string, RegExp]> = {
      "SigV2": [`AWS ${ACCESS_KEY_ID}:c2lnbmF0dXJl`, /unsupported algorithm "AWS"/],
      "SigV4a": [good.replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256"), /unsupported algorithm/],
      "lowercase algorithm": [good.replace("AWS4-HMAC-SHA256", "aws4-hmac-sha256"), /unsupported algorithm/],
      "Bearer token": ["Bearer abc.def.ghi", /unsupported algorithm "Bearer"/],
      "algorithm only": ["AWS4-HMAC-SHA256", /found ""/],
      "no Signature": [`AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=${signedHeaders}`, /missing Signature/],
      "no Credential": [`AWS4-HMAC-SHA256 SignedHeaders=${signedHeaders}, Signature=${signature}`, /missing Credential/],
      "Credential twice": [`${good}, Credential=${credential}`, /Credential appears twice/],
      "unknown component": [`${good}, Foo=bar`, /found "Foo=bar"/],
      "short credential": [good.replace(credential, `${ACCESS_KEY_ID}/20261125/${REGION}/${SERVICE}`), /Credential must be/],
      "empty access key": [good.replace(credential, `/20261125/${REGION}/${SERVICE}/aws4_request`), /access key id "" is not valid/],
      "bad scope date": [good.replace(credential, `${ACCESS_KEY_ID}/2026-11-25/${REGION}/${SERVICE}/aws4_request`), /credential date/],
      "short signature": [good.replace(signature, signature.slice(1)), /64 lowercase hexadecimal/],
      "uppercase signature": [good.replace(signature, signature.toUpperCase()), /64 lowercase hexadecimal/],
      "SignedHeaders without host": [good.replace(signedHeaders, signedHeaders.replace("host;", "")), /must include host/],
      "empty SignedHeaders": [good.replace(signedHeaders, ""), /not a lowercase header name/],
      "uppercase SignedHeaders": [good.replace(signedHeaders, signedHeaders.toUpperCase()), /not a lowercase header name/],
    };
    for (const [name, [authorization, detail]] of Object.entries(cases)) {
      const result = await verifySigV4(withHeaders(request, { authorization }), options());
      assert.equal(result.ok, false, name);
      assertFails(result, "OL_AUTH_MALFORMED", detail);
    }
  });

  test("a request whose date headers are missing, duplicated or unreadable as OL_AUTH_MALFORMED", async () => {
    const request = await signLikeAwsCli(LIST_INPUTS);
    assertFails(await verifySigV4(withHeaders(request, { "x-amz-date": undefined }), options()), "OL_AUTH_MALFORMED", /X-Amz-Date or a Date header/);
    for (const bad of ["2026-11-25T12:00:00Z", "20261125T120000", "20261332T120000Z", "20261125T250000Z", "00500101T000000Z", ""]) {
      assertFails(await verifySigV4(withHeaders(request, { "x-amz-date": bad }), options()), "OL_AUTH_MALFORMED", /X-Amz-Date/);
    }
    // Node joins repeated X-Amz-Date headers with ", ".
    assertFails(await verifySigV4(withHeaders(request, { "x-amz-date": "20261125T120000Z, 20261125T120000Z" }), options()), "OL_AUTH_MALFORMED");
    assertFails(await verifySigV4(withHeaders(request, { "x-amz-date": ["20261125T120000Z", "20261125T120000Z"] }), options()), "OL_AUTH_MALFORMED", /more than one/);
    const dateOnly = withHeaders(request, { "x-amz-date": undefined, date: "not a date" });
    assertFails(await verifySigV4(dateOnly, options()), "OL_AUTH_MALFORMED", /not an HTTP date/);
  });

  test("duplicated Authorization headers as OL_AUTH_MALFORMED", async () => {
    const request = await signLikeAwsCli(LIST_INPUTS);
    const authorization = authorizationOf(request);
    assertFails(await verifySigV4(withHeaders(request, { authorization: [authorization, authorization] }), options()), "OL_AUTH_MALFORMED", /more than one/);
  });

  test("a signed header that is not in the request as OL_AUTH_MALFORMED", async () => {
    const request = await signLikeJsSdk(CREATE_ISG);
    assertFails(await verifySigV4(withHeaders(request, { "content-type": undefined }), options()), "OL_AUTH_MALFORMED", /content-type is not in the request/);
  });

  test("a query with more than 1000 parameters as OL_AUTH_MALFORMED, and verifies one with 1000", async () => {
    // The canonicalizer is quadratic in repeated keys; the cap keeps a request cheap to refuse.
    const thousand = Array.from({ length: 1000 }, (_, i) => `key-${i}`);
    const request = await signLikeAwsCli({ method: "DELETE", path: ARN_PATH, query: { tagKeys: thousand } });
    assertOk(await verifySigV4(request, options()));
    const tooMany = `${request.rawQuery}&tagKeys=one-more`;
    assertFails(await verifySigV4({ ...request, rawQuery: tooMany }, options()), "OL_AUTH_MALFORMED", /more than 1000 parameters/);
  });

  test("a query string that is not valid percent-encoding as OL_AUTH_MALFORMED", async () => {
    const request = await signLikeAwsCli(LIST_INPUTS);
    for (const rawQuery of ["maxResults=%", "maxResults=5&nextToken=%zz", "%E0%A4%A=1"]) {
      assertFails(await verifySigV4({ ...request, rawQuery }, options()), "OL_AUTH_MALFORMED", /percent-encoding/);
    }
  });

  test("an access key the lookup does not know as OL_AUTH_UNKNOWN_KEY", async () => {
    const request = await signLikeJsSdk(LIST_INPUTS, { accessKeyId: "AKIDNOBODYKNOWS" });
    assertFails(await verifySigV4(request, options()), "OL_AUTH_UNKNOWN_KEY");
    assertFails(await verifySigV4(request, options({ lookupSecret: () => "" })), "OL_AUTH_UNKNOWN_KEY");
  });

  for (const [clientName, sign] of Object.entries(SIGNERS)) {
    describe(`a request signed by ${clientName} as OL_AUTH_BAD_SIGNATURE when`, () => {
      test("the secret is wrong", async () => {
        for (const spec of Object.values(SHAPES)) {
          const request = await sign(spec, { secret: `${SECRET}x` });
          assertFails(await verifySigV4(request, options()), "OL_AUTH_BAD_SIGNATURE");
        }
      });

      test("the body is tampered with", async () => {
        const request = await sign(CREATE_ISG);
        const tampered = Buffer.from(CREATE_ISG.body?.replace("10.0.0.0/8", "0.0.0.0/0") ?? "", "utf8");
        assertFails(await verifySigV4({ ...request, body: tampered }, options()), "OL_AUTH_BAD_SIGNATURE");
        assertFails(await verifySigV4({ ...request, body: Buffer.alloc(0) }, options()), "OL_AUTH_BAD_SIGNATURE");
        // A body on a request signed without one.
        const list = await sign(LIST_INPUTS);
        assertFails(await verifySigV4({ ...list, body: Buffer.from("{}") }, options()), "OL_AUTH_BAD_SIGNATURE");
      });

      test("the path is tampered with", async () => {
        const request = await sign(LIST_TAGS);
        const otherInput = ARN_PATH.replace("1234567", "7654321");
        assertFails(await verifySigV4({ ...request, rawPath: otherInput }, options()), "OL_AUTH_BAD_SIGNATURE");
        assertFails(await verifySigV4({ ...request, rawPath: decodeURIComponent(ARN_PATH) }, options()), "OL_AUTH_BAD_SIGNATURE");
        assertFails(await verifySigV4({ ...request, rawPath: ARN_PATH.toLowerCase() }, options()), "OL_AUTH_BAD_SIGNATURE");
        const list = await sign(LIST_INPUTS);
        assertFails(await verifySigV4({ ...list, rawPath: "/prod/channels" }, options()), "OL_AUTH_BAD_SIGNATURE");
      });

      test("the method is changed", async () => {
        const request = await sign(LIST_TAGS);
        assertFails(await verifySigV4({ ...request, method: "DELETE" }, options()), "OL_AUTH_BAD_SIGNATURE");
      });

      test("the query is tampered with", async () => {
        const list = await sign(LIST_INPUTS);
        for (const rawQuery of [
          "maxResults=6&nextToken=ab%2Bc%2Fd%3D%3D",
          "maxResults=5",
          "maxResults=5&nextToken=ab%2Bc%2Fd%3D%3D&extra=1",
          "maxResults=5&nextToken=ab%20c%2Fd%3D%3D",
          "",
        ]) {
          assertFails(await verifySigV4({ ...list, rawQuery }, options()), "OL_AUTH_BAD_SIGNATURE");
        }
        const remove = await sign(DELETE_TAGS);
        for (const rawQuery of ["tagKeys=a%20b&tagKeys=b%2Bc", "tagKeys=a%20b&tagKeys=b%2Bc&tagKeys=env&tagKeys=env", "tagKeys=a%20b,b%2Bc,env"]) {
          assertFails(await verifySigV4({ ...remove, rawQuery }, options()), "OL_AUTH_BAD_SIGNATURE");
        }
      });

      test("a signed header is changed", async () => {
        const request = await sign(CREATE_ISG);
        const amzDate = String(request.headers["x-amz-date"]);
        const changes: Record<string, string>[] = [
          { host: "127.0.0.1:8444" },
          { host: "127.0.0.1" },
          { "content-type": "application/x-amz-json-1.1" },
          // One second later: the same day and well inside the window, so only the signature can catch it.
          { "x-amz-date": amzDate.replace(/00Z$/, "01Z") },
        ];
        for (const change of changes) {
          assertFails(await verifySigV4(withHeaders(request, change), options()), "OL_AUTH_BAD_SIGNATURE");
        }
      });

      test("the Signature is someone else's", async () => {
        const request = await sign(LIST_INPUTS);
        const authorization = authorizationOf(request).replace(/Signature=\w+/, `Signature=${"0".repeat(64)}`);
        assertFails(await verifySigV4(withHeaders(request, { authorization }), options()), "OL_AUTH_BAD_SIGNATURE");
      });
    });
  }

  test("a signed x-amz-content-sha256 that does not match the body as OL_AUTH_BAD_SIGNATURE", async () => {
    // The JS SDK signs the body hash as a header; a verifier that trusted that header instead
    // of hashing the body would accept any body sent along with a valid header.
    const request = await signLikeJsSdk(CREATE_ISG);
    assertFails(await verifySigV4({ ...request, body: Buffer.from('{"whitelistRules":[{"cidr":"0.0.0.0/0"}]}') }, options()), "OL_AUTH_BAD_SIGNATURE");
    assertFails(await verifySigV4(withHeaders(request, { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" }), options()), "OL_AUTH_BAD_SIGNATURE");
  });

  for (const offsetMinutes of [-16, 16]) {
    test(`a request ${offsetMinutes} minutes from the server clock as OL_AUTH_CLOCK_SKEW`, async () => {
      const request = await signLikeJsSdk(LIST_INPUTS, { dateMs: NOW_MS + offsetMinutes * MINUTE_MS });
      const result = await verifySigV4(request, options());
      assertFails(result, "OL_AUTH_CLOCK_SKEW");
      assert.deepEqual(!result.ok && result.params, {
        requestTime: offsetMinutes < 0 ? "20261125T114400Z" : "20261125T121600Z",
        serverTime: "20261125T120000Z",
        windowMinutes: 15,
      });
    });
  }

  test("a request one millisecond past the window as OL_AUTH_CLOCK_SKEW", async () => {
    const request = await signLikeJsSdk(LIST_INPUTS);
    assertFails(await verifySigV4(request, options({ nowMs: NOW_MS + CLOCK_SKEW_MS + 1 })), "OL_AUTH_CLOCK_SKEW");
    assertFails(await verifySigV4(request, options({ nowMs: Number.NaN })), "OL_AUTH_CLOCK_SKEW");
  });

  test("a credential scoped to another region as OL_AUTH_WRONG_SCOPE", async () => {
    const request = await signLikeAwsCli(LIST_INPUTS, { region: "eu-west-1" });
    assertFails(await verifySigV4(request, options()), "OL_AUTH_WRONG_SCOPE", /region "eu-west-1" is not "us-east-1"/);
  });

  test("a credential scoped to another service as OL_AUTH_WRONG_SCOPE", async () => {
    const request = await signLikeJsSdk(LIST_INPUTS, { service: "mediapackage" });
    assertFails(await verifySigV4(request, options()), "OL_AUTH_WRONG_SCOPE", /service "mediapackage" is not "medialive"/);
  });

  test("a credential scope with another terminator or another day as OL_AUTH_WRONG_SCOPE", async () => {
    const request = await signLikeJsSdk(LIST_INPUTS);
    const authorization = authorizationOf(request);
    assertFails(
      await verifySigV4(withHeaders(request, { authorization: authorization.replace("/aws4_request", "/aws4_reqest") }), options()),
      "OL_AUTH_WRONG_SCOPE",
      /aws4_request, not "aws4_reqest"/,
    );
    assertFails(
      await verifySigV4(withHeaders(request, { authorization: authorization.replace("/20261125/", "/20261124/") }), options()),
      "OL_AUTH_WRONG_SCOPE",
      /20261124 does not match the request date 20261125/,
    );
  });

  test("a request one second before midnight signed with the next day's scope as OL_AUTH_WRONG_SCOPE", async () => {
    const request = await signLikeJsSdk(LIST_INPUTS, { dateMs: Date.UTC(2026, 10, 25, 23, 59, 59) });
    const authorization = authorizationOf(request).replace("/20261125/", "/20261126/");
    const result = await verifySigV4(withHeaders(request, { authorization }), options({ nowMs: Date.UTC(2026, 10, 26, 0, 0, 0) }));
    assertFails(result, "OL_AUTH_WRONG_SCOPE");
  });
});

describe("verifySigV4 never throws", () => {
  test("except with the key store's own error, which is a server fault rather than a bad request", async () => {
    const request = await signLikeAwsCli(LIST_INPUTS);
    const lookupSecret = (): string | undefined => {
      throw new Error("key store unavailable");
    };
    await assert.rejects(verifySigV4(request, options({ lookupSecret })), /key store unavailable/);
  });

  test("on garbage in every field", async () => {
    const base = await signLikeJsSdk(CREATE_ISG);
    const authorization = authorizationOf(base);
    const garbageHeaders: Record<string, string | string[] | undefined>[] = [
      { authorization: "\u0000\uffff\ud800" },
      { authorization: "AWS4-HMAC-SHA256 ,,,,,," },
      { authorization: "AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=" },
      { authorization: "AWS4-HMAC-SHA256 Credential==, SignedHeaders===, Signature====" },
      { authorization: "AWS4-HMAC-SHA256 Credential=a/b/c/d/e/f/g, SignedHeaders=host, Signature=x" },
      { authorization: `AWS4-HMAC-SHA256 ${"Credential=x, ".repeat(10_000)}` },
      { authorization: "x".repeat(100_000) },
      { authorization: [] },
      { authorization: authorization.replace(/SignedHeaders=[^,]+/, "SignedHeaders=constructor;host;__proto__;toString") },
      { authorization: authorization.replace(/SignedHeaders=[^,]+/, "SignedHeaders=host;;x-amz-date") },
      { authorization: authorization.replace(/SignedHeaders=[^,]+/, "SignedHeaders=host;host;x-amz-date") },
      { authorization: authorization.replace(/Credential=[^,]+/, "Credential=constructor/20261125/us-east-1/medialive/aws4_request") },
      { authorization: authorization.replace(/Credential=[^,]+/, "Credential=__proto__/20261125/us-east-1/medialive/aws4_request") },
      { "x-amz-date": "\ud800" },
      { "x-amz-date": "99999999T999999Z" },
      { "x-amz-date": "+275760-09-13T00:00:00Z" },
      { "x-amz-date": [] },
      { "x-amz-date": undefined, date: "Sat, 13 Sep 275760 00:00:00 GMT" },
      { "x-amz-date": undefined, date: ["a", "b"] },
      { host: undefined },
      { host: ["a", "b"] },
      { host: "\r\n\t\u0000" },
      { "content-length": "-1" },
      { "x-amz-content-sha256": "\ud800" },
      { "amz-sdk-request": [] },
    ];
    const requests: unknown[] = [
      ...garbageHeaders.map((change) => withHeaders(base, change)),
      { ...base, method: "" },
      { ...base, method: "\ud800" },
      { ...base, rawPath: "" },
      { ...base, rawPath: "\ud800" },
      { ...base, rawPath: "/%%%/../../..//./%zz" },
      { ...base, rawPath: "http://evil.example/prod/inputSecurityGroups" },
      { ...base, rawPath: "/".repeat(100_000) },
      { ...base, rawQuery: "%" },
      { ...base, rawQuery: "%zz=%E0%A4%A" },
      { ...base, rawQuery: "\ud800=\udfff" },
      { ...base, rawQuery: "&&&===&&&" },
      { ...base, rawQuery: "__proto__=1&constructor=2&toString=3&x-amz-signature=4" },
      { ...base, rawQuery: "a=1&".repeat(20_000) },
      { ...base, body: Buffer.alloc(1_000_000, 0xff) },
      // Values the types rule out but a careless caller could still pass.
      { ...base, headers: null },
      { ...base, headers: { authorization: 42 } },
      { ...base, headers: { ...base.headers, host: 42 } },
      { ...base, body: undefined },
      { ...base, body: "a string" },
      { ...base, rawPath: undefined },
      { ...base, rawQuery: undefined },
      { ...base, rawQuery: 7 },
      {},
      null,
      undefined,
    ];
    // Odd shapes that still carry the valid request, so accepting them is right.
    const stillValid: unknown[] = [
      withHeaders(base, { authorization: [authorization] }),
      { ...base, headers: Object.assign(Object.create(null) as object, base.headers) },
    ];
    for (const [index, request] of [...requests, ...stillValid].entries()) {
      let result: SigV4Result;
      try {
        result = await verifySigV4(request as SignedRequestParts, options());
      } catch (error) {
        assert.fail(`request #${index} threw ${String(error)}`);
      }
      if (index >= requests.length) {
        assertOk(result);
        continue;
      }
      assert.equal(result.ok, false, `request #${index} was accepted`);
      if (result.ok) continue;
      assert.ok(AUTH_CODES.includes(result.code), `request #${index}: ${result.code}`);
      assertFails(result, result.code);
    }
  });

  test("on random mutations of a valid Authorization header", async () => {
    // Deterministic (xorshift) so a failure reproduces.
    let seed = 0x2f6b_3a1d;
    const random = (limit: number): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % limit;
    };
    const base = await signLikeAwsCli(DELETE_TAGS);
    const authorization = authorizationOf(base);
    const alphabet = "AWS4-HMAC-SHA256 Credential=/;,= \t0123456789abcdefxyz%\u00e9\ud800";
    for (let round = 0; round < 500; round++) {
      const chars = [...authorization];
      for (let edits = 1 + random(4); edits > 0; edits--) {
        const at = random(chars.length + 1);
        const op = random(3);
        const char = alphabet[random(alphabet.length)] ?? "x";
        if (op === 0) chars.splice(at, 1);
        else if (op === 1) chars.splice(at, 0, char);
        else chars[at] = char;
      }
      const mutated = chars.join("");
      const result = await verifySigV4(withHeaders(base, { authorization: mutated }), options());
      if (mutated === authorization) continue;
      if (result.ok) {
        // Only edits that do not change the meaning may pass: whitespace around the separators.
        const normalized = mutated.trim().replace(/\s*,\s*/g, ", ").replace(/^(\S+)\s+/, "$1 ");
        assert.equal(normalized, authorization, `accepted mutation: ${mutated}`);
        continue;
      }
      assert.ok(AUTH_CODES.includes(result.code));
      assertFails(result, result.code);
    }
  });
});

interface HandSignedSpec {
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly canonicalQuery: string;
  readonly headers: Record<string, string>;
  readonly longDate: string;
}

/** SigV4 written out step by step from the spec, for cases the smithy signer cannot produce. */
function signByHand(spec: HandSignedSpec): SignedRequestParts {
  const sha256Hex = (data: string): string => createHash("sha256").update(data, "utf8").digest("hex");
  const hmac = (key: string | Buffer, data: string): Buffer => createHmac("sha256", key).update(data, "utf8").digest();
  const names = Object.keys(spec.headers).sort();
  const canonicalRequest = [
    spec.method,
    spec.path,
    spec.canonicalQuery,
    ...names.map((name) => `${name}:${spec.headers[name]?.trim()}`),
    "",
    names.join(";"),
    EMPTY_SHA256,
  ].join("\n");
  const scopeDate = spec.longDate.slice(0, 8);
  const scope = `${scopeDate}/${REGION}/${SERVICE}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", spec.longDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = [REGION, SERVICE, "aws4_request"].reduce<Buffer>((key, part) => hmac(key, part), hmac(`AWS4${SECRET}`, scopeDate));
  const signature = createHmac("sha256", signingKey).update(stringToSign, "utf8").digest("hex");
  return {
    method: spec.method,
    rawPath: spec.path,
    rawQuery: spec.rawQuery,
    headers: {
      ...spec.headers,
      authorization: `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`,
    },
    body: Buffer.alloc(0),
  };
}

// More published vectors of the AWS SigV4 test suite (aws-sig-v4-test-suite and its successor
// in awslabs/aws-c-auth, tests/aws-signing-test-suite/v4), for the canonicalisation rules the
// verifier implements itself: path normalisation and encoding, query encoding and order,
// header trimming and repeated headers, and the payload hash. The suite's request lines carry
// paths unencoded (GET /example space/), so those go in as the raw path.
describe("verifySigV4 agrees with more of the AWS SigV4 test suite", () => {
  const SUITE_KEY_ID = "AKIDEXAMPLE";
  const SUITE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  const suiteOptions = options({
    lookupSecret: (id) => (id === SUITE_KEY_ID ? SUITE_SECRET : undefined),
    service: "service",
    nowMs: Date.UTC(2015, 7, 30, 12, 36, 0),
  });
  interface Vector {
    readonly method?: string;
    readonly rawPath?: string;
    readonly rawQuery?: string;
    readonly headers?: Record<string, string | string[]>;
    readonly body?: string;
    readonly signature: string;
  }
  const UNRESERVED = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const GET_VANILLA = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
  const STS_TOKEN =
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
  const vectors: Record<string, Vector> = {
    "get-vanilla-query-order-key": { rawQuery: "Param1=value2&Param1=Value1", signature: "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1" },
    "get-vanilla-query-order-value": { rawQuery: "Param1=value2&Param1=value1", signature: "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694" },
    "get-vanilla-query-order-encoded": {
      rawQuery: "Param-3=Value3&Param=Value2&%E1%88%B4=Value1",
      signature: "371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac",
    },
    "get-vanilla-query-unreserved": { rawQuery: `${UNRESERVED}=${UNRESERVED}`, signature: "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197" },
    "get-vanilla-empty-query-key": { rawQuery: "Param1=value1", signature: "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb" },
    "get-vanilla-utf8-query": { rawQuery: "\u1234=bar", signature: "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04" },
    "get-vanilla-utf8-query, percent-encoded on the wire": {
      rawQuery: "%E1%88%B4=bar",
      signature: "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04",
    },
    "get-unreserved": { rawPath: `/${UNRESERVED}`, signature: "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f" },
    "get-utf8": { rawPath: "/\u1234", signature: "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85" },
    "normalize-path/get-relative": { rawPath: "/example/..", signature: GET_VANILLA },
    "normalize-path/get-relative-relative": { rawPath: "/example1/example2/../..", signature: GET_VANILLA },
    "normalize-path/get-slash": { rawPath: "//", signature: GET_VANILLA },
    "normalize-path/get-slash-dot-slash": { rawPath: "/./", signature: GET_VANILLA },
    "normalize-path/get-slash-pointless-dot": { rawPath: "/./example", signature: "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5" },
    "normalize-path/get-slashes": { rawPath: "//example//", signature: "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84" },
    "normalize-path/get-space": { rawPath: "/example space/", signature: "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741" },
    "get-header-key-duplicate": {
      headers: { "my-header1": ["value2", "value2", "value1"] },
      signature: "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
    },
    "get-header-value-order": {
      headers: { "my-header1": ["value4", "value1", "value3", "value2"] },
      signature: "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01",
    },
    "get-header-value-trim": {
      headers: { "my-header1": " value1", "my-header2": ' "a   b   c"' },
      signature: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
    },
    "post-vanilla-query": { method: "POST", rawQuery: "Param1=value1", signature: "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11" },
    "post-x-www-form-urlencoded": {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Param1=value1",
      signature: "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
    },
    "post-sts-header-before": {
      method: "POST",
      headers: { "x-amz-security-token": STS_TOKEN },
      signature: "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead",
    },
  };

  const requestOf = (vector: Vector): SignedRequestParts => {
    const headers: Record<string, string | string[]> = { host: "example.amazonaws.com", "x-amz-date": "20150830T123600Z", ...vector.headers };
    const signedHeaders = Object.keys(headers).sort().join(";");
    return {
      method: vector.method ?? "GET",
      rawPath: vector.rawPath ?? "/",
      rawQuery: vector.rawQuery ?? "",
      headers: {
        ...headers,
        authorization: `AWS4-HMAC-SHA256 Credential=${SUITE_KEY_ID}/20150830/us-east-1/service/aws4_request, SignedHeaders=${signedHeaders}, Signature=${vector.signature}`,
      },
      body: Buffer.from(vector.body ?? "", "utf8"),
    };
  };

  for (const [name, vector] of Object.entries(vectors)) {
    test(name, async () => {
      const request = requestOf(vector);
      assertOk(await verifySigV4(request, suiteOptions), SUITE_KEY_ID);
      // And the same signature does not cover a request that differs in one place.
      assertFails(await verifySigV4({ ...request, rawPath: `${request.rawPath}x` }, suiteOptions), "OL_AUTH_BAD_SIGNATURE");
      assertFails(await verifySigV4({ ...request, rawQuery: `${request.rawQuery}&z=1` }, suiteOptions), "OL_AUTH_BAD_SIGNATURE");
    });
  }

  test("post-x-www-form-urlencoded with another body", async () => {
    const request = requestOf(vectors["post-x-www-form-urlencoded"]!);
    assertFails(await verifySigV4({ ...request, body: Buffer.from("Param1=value2") }, suiteOptions), "OL_AUTH_BAD_SIGNATURE");
  });
});

// The verifier caches derived signing keys (secret, day, region, service). These tests pin
// that a cached key only ever signs for the very tuple it was derived from.
describe("verifySigV4's signing-key cache", () => {
  const hmacSha256 = (key: string | Buffer, data: string): Buffer => createHmac("sha256", key).update(data, "utf8").digest();
  const signingKeyOf = (secret: string, day: string, region = REGION): Buffer =>
    [region, SERVICE, "aws4_request"].reduce<Buffer>((key, part) => hmacSha256(key, part), hmacSha256(`AWS4${secret}`, day));

  /** GET /prod/inputs signed over host and x-amz-date with a signing key given as is. */
  const signWithKey = (signingKey: Buffer, longDate: string, accessKeyId = ACCESS_KEY_ID, region = REGION): SignedRequestParts => {
    const canonicalRequest = ["GET", "/prod/inputs", "", `host:${HOST}`, `x-amz-date:${longDate}`, "", "host;x-amz-date", EMPTY_SHA256].join("\n");
    const scope = `${longDate.slice(0, 8)}/${region}/${SERVICE}/aws4_request`;
    const stringToSign = ["AWS4-HMAC-SHA256", longDate, scope, createHash("sha256").update(canonicalRequest).digest("hex")].join("\n");
    const signature = createHmac("sha256", signingKey).update(stringToSign).digest("hex");
    return {
      method: "GET",
      rawPath: "/prod/inputs",
      rawQuery: "",
      headers: {
        host: HOST,
        "x-amz-date": longDate,
        authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=host;x-amz-date, Signature=${signature}`,
      },
      body: Buffer.alloc(0),
    };
  };
  const withSecret = (secret: string, overrides: Partial<SigV4VerifyOptions> = {}): SigV4VerifyOptions =>
    options({ lookupSecret: () => secret, ...overrides });

  test("never serves the key of another secret, however similar the secrets", async () => {
    // Secrets that share prefixes or suffixes, and ones that spell out a scope, so that a
    // cache keyed by plain concatenation would confuse them.
    const secrets = [SECRET, `${SECRET}x`, `x${SECRET}`, SECRET.slice(0, -1), "a", "a/", "/a", "20261125/us-east-1/medialive/a", "us-east-1/medialive/a", "medialive/a", "A"];
    const requests = secrets.map((secret) => signWithKey(signingKeyOf(secret, "20261125"), "20261125T120000Z"));
    // Twice round, so the second pass runs with every key already cached.
    for (let round = 0; round < 2; round++) {
      for (const [i, request] of requests.entries()) {
        for (const [j, secret] of secrets.entries()) {
          const result = await verifySigV4(request, withSecret(secret));
          if (i === j) assertOk(result);
          else assertFails(result, "OL_AUTH_BAD_SIGNATURE");
        }
      }
    }
  });

  test("follows a rotated secret at once", async () => {
    const before = await signLikeAwsCli(LIST_TAGS, { secret: "rotated-secret-1" });
    const after = await signLikeAwsCli(LIST_TAGS, { secret: "rotated-secret-2" });
    assertOk(await verifySigV4(before, withSecret("rotated-secret-1")));
    assertFails(await verifySigV4(before, withSecret("rotated-secret-2")), "OL_AUTH_BAD_SIGNATURE");
    assertOk(await verifySigV4(after, withSecret("rotated-secret-2")));
    assertFails(await verifySigV4(after, withSecret("rotated-secret-1")), "OL_AUTH_BAD_SIGNATURE");
  });

  test("never serves the key of another day", async () => {
    const nowMs = Date.UTC(2026, 10, 26, 0, 0, 0);
    const dayOne = signWithKey(signingKeyOf(SECRET, "20261125"), "20261125T235959Z");
    const dayTwo = signWithKey(signingKeyOf(SECRET, "20261126"), "20261126T000001Z");
    // Day two's request and scope, signed with day one's key: valid only to a verifier that
    // reused day one's cached key.
    const dayTwoWithDayOneKey = signWithKey(signingKeyOf(SECRET, "20261125"), "20261126T000001Z");
    for (let round = 0; round < 2; round++) {
      assertOk(await verifySigV4(dayOne, options({ nowMs })));
      assertOk(await verifySigV4(dayTwo, options({ nowMs })));
      assertFails(await verifySigV4(dayTwoWithDayOneKey, options({ nowMs })), "OL_AUTH_BAD_SIGNATURE");
    }
  });

  test("never serves the key of another region", async () => {
    const west = signWithKey(signingKeyOf(SECRET, "20261125", "eu-west-3"), "20261125T120000Z", ACCESS_KEY_ID, "eu-west-3");
    const eastKeyInWestScope = signWithKey(signingKeyOf(SECRET, "20261125", REGION), "20261125T120000Z", ACCESS_KEY_ID, "eu-west-3");
    assertOk(await verifySigV4(signWithKey(signingKeyOf(SECRET, "20261125"), "20261125T120000Z"), options()));
    assertOk(await verifySigV4(west, options({ region: "eu-west-3" })));
    assertFails(await verifySigV4(eastKeyInWestScope, options({ region: "eu-west-3" })), "OL_AUTH_BAD_SIGNATURE");
  });

  test("keeps verifying while far more secrets pass through than it holds", async () => {
    const first = signWithKey(signingKeyOf(SECRET, "20261125"), "20261125T120000Z");
    for (let i = 0; i < 300; i++) {
      const secret = `churn-secret-${i}`;
      const request = signWithKey(signingKeyOf(secret, "20261125"), "20261125T120000Z");
      assertOk(await verifySigV4(request, withSecret(secret)));
      assertFails(await verifySigV4(request, withSecret(`churn-secret-${i + 1}`)), "OL_AUTH_BAD_SIGNATURE");
      if (i % 25 === 0) {
        assertOk(await verifySigV4(first, options()));
        assertFails(await verifySigV4(first, withSecret(secret)), "OL_AUTH_BAD_SIGNATURE");
      }
    }
  });
});

describe("signSigV4 (the demo's client signer)", () => {
  const specs: readonly RequestSpec[] = [
    { method: "GET", path: ARN_PATH, query: { tagKeys: ["b", "a"], nextToken: "ab+c/d== e" } },
    { method: "POST", path: "/prod/channels", body: JSON.stringify({ name: "demo ✓" }) },
    { method: "DELETE", path: "/prod/inputs/1234567" },
  ];

  test("signs host and x-amz-date exactly as @smithy/signature-v4 does, and verifySigV4 accepts it", async () => {
    for (const spec of specs) {
      const smithy = new SignatureV4({ credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET }, region: REGION, service: SERVICE, sha256: NodeSha256, applyChecksum: false });
      const reference = await signWith(smithy, spec, { host: HOST }, {}, NOW_MS);
      const query = Object.entries(spec.query ?? {}).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((item) => [name, item] as const));
      const ours = signSigV4(
        { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, region: REGION, service: SERVICE },
        { method: spec.method, host: HOST, rawPath: spec.path, query, body: spec.body ?? "", date: new Date(NOW_MS) },
      );
      assert.equal(ours.authorization, reference.headers.authorization, `${spec.method} ${spec.path}`);
      assert.equal(ours["x-amz-date"], reference.headers["x-amz-date"]);
      const request: SignedRequestParts = { method: spec.method, rawPath: spec.path, rawQuery: wireQuery(spec.query), headers: { host: HOST, ...ours }, body: Buffer.from(spec.body ?? "", "utf8") };
      assertOk(await verifySigV4(request, options()));
      const tampered = { ...request, body: Buffer.from(`${spec.body ?? ""} `, "utf8") };
      assertFails(await verifySigV4(tampered, options()), "OL_AUTH_BAD_SIGNATURE");
    }
  });
});
