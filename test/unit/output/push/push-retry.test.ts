import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PushRetry } from "../../../../src/output/push/push-retry.ts";

describe("PushRetry (connectionRetryInterval, numRetries, restartDelay)", () => {
  it("raises once, retries numRetries times, then waits restartDelay and starts a new round", () => {
    const retry = new PushRetry({ retryIntervalMs: 2000, numRetries: 2, restartDelayMs: 7000 });
    assert.deepEqual(retry.failed(), { delayMs: 2000, raise: true, exhausted: false });
    assert.deepEqual(retry.failed(), { delayMs: 2000, raise: false, exhausted: false });
    assert.deepEqual(retry.failed(), { delayMs: 7000, raise: false, exhausted: true });
    assert.deepEqual(retry.failed(), { delayMs: 2000, raise: false, exhausted: false }, "a new round of retries");
    assert.equal(retry.failing, true);
  });

  it("clears the alert on delivery, once, and counts afresh afterwards", () => {
    const retry = new PushRetry({ retryIntervalMs: 1000, numRetries: 1, restartDelayMs: 5000 });
    retry.failed();
    assert.equal(retry.delivered(), true);
    assert.equal(retry.delivered(), false, "nothing to clear while delivering");
    assert.deepEqual(retry.failed(), { delayMs: 1000, raise: true, exhausted: false }, "a new failure raises again");
  });

  it("restartDelay 0: no attempt after the last retry", () => {
    const retry = new PushRetry({ retryIntervalMs: 1000, numRetries: 0, restartDelayMs: 0 });
    assert.deepEqual(retry.failed(), { delayMs: undefined, raise: true, exhausted: true });
  });

  it("a new encoder run starts a fresh round without clearing the alert", () => {
    const retry = new PushRetry({ retryIntervalMs: 1000, numRetries: 1, restartDelayMs: 3000 });
    retry.failed();
    retry.newRound();
    assert.deepEqual(retry.failed(), { delayMs: 1000, raise: false, exhausted: false });
    assert.equal(retry.failing, true);
  });
});
