import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { reasonForFetchError } from "../../../../src/ingest/source-access/fetch-error-reason.ts";

/** The shape undici's fetch rejects with: TypeError("fetch failed") with the socket error as cause. */
function fetchFailed(cause: unknown): TypeError {
  return new TypeError("fetch failed", { cause });
}

function systemError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe("reasonForFetchError", () => {
  it("maps socket and DNS errors to short reasons", () => {
    assert.equal(reasonForFetchError(fetchFailed(systemError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:9")), false, 5000), "connection refused");
    assert.equal(reasonForFetchError(fetchFailed(systemError("ENOTFOUND", "getaddrinfo ENOTFOUND nope.invalid")), false, 5000), "host not found");
    assert.equal(reasonForFetchError(fetchFailed(systemError("ECONNRESET")), false, 5000), "connection reset");
    assert.equal(reasonForFetchError(fetchFailed(systemError("CERT_HAS_EXPIRED")), false, 5000), "TLS: certificate expired");
  });
  it("finds the code inside an AggregateError (several addresses tried)", () => {
    const aggregate = new AggregateError([systemError("ECONNREFUSED"), systemError("ECONNREFUSED")], "all failed");
    assert.equal(reasonForFetchError(fetchFailed(aggregate), false, 5000), "connection refused");
  });
  it("reports the deadline whatever the rejection looks like once the signal fired", () => {
    assert.equal(reasonForFetchError(new DOMException("The operation was aborted due to timeout", "TimeoutError"), false, 5000), "timeout after 5000 ms");
    assert.equal(reasonForFetchError(new DOMException("aborted", "AbortError"), false, 1500), "timeout after 1500 ms");
    assert.equal(reasonForFetchError(fetchFailed(systemError("ECONNRESET")), true, 2000), "timeout after 2000 ms");
  });
  it("explains the fetch spec's blocked ports", () => {
    assert.match(reasonForFetchError(fetchFailed(new Error("bad port")), false, 5000), /bad port/);
  });
  it("keeps an unknown code or message visible rather than inventing a reason", () => {
    assert.equal(reasonForFetchError(fetchFailed(systemError("EWHATEVER")), false, 5000), "network error EWHATEVER");
    assert.equal(reasonForFetchError(fetchFailed(new Error("something odd")), false, 5000), "request failed: something odd");
    assert.equal(reasonForFetchError("a string", false, 5000), "request failed: a string");
  });
  it("does not loop on a cyclic cause chain", () => {
    const a: { cause?: unknown } = new Error("a");
    const b = new Error("b", { cause: a });
    a.cause = b;
    assert.equal(reasonForFetchError(a, false, 5000), "request failed: b");
  });
});
