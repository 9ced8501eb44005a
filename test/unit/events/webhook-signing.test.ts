import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, it } from "node:test";
import { retryable, retryDelayMs, signBody, webhookHeaders } from "../../../src/events/webhook-signing.ts";

describe("webhook signing", () => {
  it("signs the body with HMAC-SHA256 as sha256=<hex>", () => {
    // RFC 4231 test case 2.
    assert.equal(signBody("Jefe", "what do ya want for nothing?"), "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    const body = '{"id":"e1"}';
    assert.deepEqual(webhookHeaders("s3cret", "e1", body), {
      "content-type": "application/json",
      "x-openlive-event-id": "e1",
      "x-openlive-signature": `sha256=${createHmac("sha256", "s3cret").update(body).digest("hex")}`,
    });
  });

  it("leaves the signature out when no secret is configured", () => {
    assert.equal(webhookHeaders("", "e1", "{}")["x-openlive-signature"], undefined);
  });

  it("waits 0.5 s, 1 s, 2 s, 4 s between five tries, then gives up", () => {
    assert.deepEqual([1, 2, 3, 4, 5].map(retryDelayMs), [500, 1000, 2000, 4000, undefined]);
  });

  it("retries network failures, 5xx, 408 and 429 only", () => {
    assert.deepEqual([undefined, 500, 503, 408, 429, 400, 401, 404].map(retryable), [true, true, true, true, true, false, false, false]);
  });
});
