// Turns what the global fetch (undici) throws into a short reason. Pure.
// fetch wraps every network failure in `TypeError: fetch failed` with the socket/DNS error
// in `cause`; with Happy Eyeballs (several addresses) the cause is an AggregateError whose
// `errors` hold the per-address failures.

import { NetworkReasons } from "./network-reasons.ts";

const REASON_BY_CODE: Readonly<Record<string, string>> = {
  ECONNREFUSED: NetworkReasons.connectionRefused,
  ECONNRESET: NetworkReasons.connectionReset,
  ENOTFOUND: NetworkReasons.hostNotFound,
  EAI_NONAME: NetworkReasons.hostNotFound,
  EAI_AGAIN: "DNS lookup failed (temporary failure)",
  EHOSTUNREACH: NetworkReasons.hostUnreachable,
  ENETUNREACH: "network unreachable",
  UND_ERR_SOCKET: "connection closed by the server",
  UND_ERR_CLOSED: "connection closed by the server",
  UND_ERR_CONNECT_TIMEOUT: "TCP connect timed out",
  UND_ERR_HEADERS_TIMEOUT: "no response headers",
  UND_ERR_BODY_TIMEOUT: "response body stalled",
  UND_ERR_HEADERS_OVERFLOW: "response headers too large",
  HPE_INVALID_CONSTANT: "not an HTTP server",
  DEPTH_ZERO_SELF_SIGNED_CERT: "TLS: self-signed certificate",
  SELF_SIGNED_CERT_IN_CHAIN: "TLS: self-signed certificate in chain",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS: certificate not trusted",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "TLS: certificate not trusted",
  CERT_HAS_EXPIRED: "TLS: certificate expired",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS: certificate does not match the host name",
  ERR_SSL_WRONG_VERSION_NUMBER: "TLS handshake failed (is it plain HTTP?)",
};

/**
 * @param aborted whether the check's deadline signal had fired: then the failure is the
 *   timeout, whatever shape the rejection took (fetch rejects with the signal's reason, the
 *   body stream with an AbortError).
 */
export function reasonForFetchError(error: unknown, aborted: boolean, timeoutMs: number): string {
  if (aborted || isTimeoutError(error)) return NetworkReasons.timeout(timeoutMs);
  const code = errorCode(error);
  if (code !== undefined) return REASON_BY_CODE[code] ?? `network error ${code}`;
  const cause = (error as { cause?: unknown } | null)?.cause;
  // undici refuses the fetch spec's "bad ports" (e.g. 1, 6000, 10080) itself, before connecting.
  if (cause instanceof Error && cause.message === "bad port") return "port blocked by the HTTP client (a fetch \"bad port\")";
  const message = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  return `request failed: ${message}`;
}

function isTimeoutError(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

function errorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  // Walk the cause chain (TypeError → cause → AggregateError.errors[0]) to the first code.
  while (current !== null && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return code;
    const nested = (current as { errors?: unknown }).errors;
    if (Array.isArray(nested) && nested.length > 0) {
      current = nested[0];
      continue;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
