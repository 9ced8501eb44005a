// AWS Signature Version 4 in the browser, the same canonical request as the verifier in
// src/api/sigv4.ts builds (and signs with for the demo's node client): the signed
// headers are host and x-amz-date, URI labels are percent-encoded on the wire and encoded once
// more in the canonical URI, query names and values are RFC 3986-encoded and sorted. Hashes and
// HMACs come from WebCrypto (crypto.subtle) where the page is a secure context, from sha256.ts
// otherwise.

import { hmacSha256 as jsHmac, sha256 as jsSha256 } from "./sha256.ts";

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
}

export interface SignInput {
  readonly method: string;
  /** Host header value the browser will send: location.host for same-origin requests. */
  readonly host: string;
  /** Wire path, URI labels already encoded with uriEncode, no query. */
  readonly path: string;
  readonly query: readonly (readonly [string, string])[];
  readonly body: string;
  readonly date: Date;
}

const SERVICE = "medialive";
const encoder = new TextEncoder();

/** RFC 3986 / SigV4 UriEncode: everything but A-Z a-z 0-9 - . _ ~ as %XX, uppercase hex. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `20261125T120000Z` */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** The query string as sent: encoded pairs in the given order. */
export function queryString(query: readonly (readonly [string, string])[]): string {
  return query.map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`).join("&");
}

function hex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

const subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle;

async function sha256Hex(text: string): Promise<string> {
  const data = encoder.encode(text);
  return hex(subtle ? new Uint8Array(await subtle.digest("SHA-256", data)) : jsSha256(data));
}

async function hmac(key: Uint8Array<ArrayBuffer>, text: string): Promise<Uint8Array<ArrayBuffer>> {
  const data = encoder.encode(text);
  if (!subtle) return jsHmac(key, data);
  const cryptoKey = await subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await subtle.sign("HMAC", cryptoKey, data));
}

/** The headers (x-amz-date, authorization) that sign a request. */
export async function signRequest(credentials: Credentials, input: SignInput): Promise<Record<string, string>> {
  const stamp = amzDate(input.date);
  const day = stamp.slice(0, 8);
  const canonicalUri = input.path.split("/").map(uriEncode).join("/") || "/";
  const canonicalQuery = input.query
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const signedHeaders = "host;x-amz-date";
  const canonical = [input.method, canonicalUri, canonicalQuery, `host:${input.host}\nx-amz-date:${stamp}\n`, signedHeaders, await sha256Hex(input.body)].join("\n");
  const scope = `${day}/${credentials.region}/${SERVICE}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", stamp, scope, await sha256Hex(canonical)].join("\n");
  let key = await hmac(encoder.encode(`AWS4${credentials.secretAccessKey}`), day);
  key = await hmac(key, credentials.region);
  key = await hmac(key, SERVICE);
  key = await hmac(key, "aws4_request");
  const signature = hex(await hmac(key, stringToSign));
  return {
    "x-amz-date": stamp,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}
