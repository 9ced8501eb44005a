import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { retryPolicy, RetryState } from "../../../../src/output/fmp4/retry-state.ts";

describe("RetryState", () => {
  it("waits connectionRetryInterval between retries, restartDelay once numRetries are used, and starts over", () => {
    const state = new RetryState({ retryIntervalMs: 1000, numRetries: 2, restartDelayMs: 30_000 });
    assert.deepEqual(state.failed(0), { nextAttemptAtMs: 1000, exhausted: false, started: true });
    assert.deepEqual(state.failed(1000), { nextAttemptAtMs: 2000, exhausted: false, started: false });
    assert.deepEqual(state.failed(2000), { nextAttemptAtMs: 32_000, exhausted: true, started: false });
    assert.deepEqual(state.failed(32_000), { nextAttemptAtMs: 33_000, exhausted: false, started: false });
    assert.equal(state.failing, true);
  });

  it("says when the peer recovers, once", () => {
    const state = new RetryState({ retryIntervalMs: 1000, numRetries: 0, restartDelayMs: 5000 });
    assert.equal(state.succeeded(), false);
    assert.deepEqual(state.failed(10), { nextAttemptAtMs: 5010, exhausted: true, started: true });
    assert.equal(state.succeeded(), true);
    assert.equal(state.succeeded(), false);
    assert.equal(state.failed(20).started, true);
  });

  it("reads MediaLive's seconds, with defaults for absent members", () => {
    assert.deepEqual(retryPolicy({ connectionRetryInterval: 3, numRetries: 0 }, { retryIntervalSec: 1, numRetries: 10, restartDelaySec: 15 }), { retryIntervalMs: 3000, numRetries: 0, restartDelayMs: 15_000 });
  });
});
