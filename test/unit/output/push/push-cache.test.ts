import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PushCache, WAIT_FOR_SERVER_MS } from "../../../../src/output/push/push-cache.ts";

describe("PushCache (cacheLength, cacheFullBehavior)", () => {
  it("writes while the peer keeps up or stalls for less than cacheLength", () => {
    const cache = new PushCache({ cacheLengthMs: 30_000, behavior: "DISCONNECT_IMMEDIATELY", maxBytes: 1_000_000 });
    assert.equal(cache.offer(0, 0, 1000), "write");
    assert.equal(cache.offer(1_000, 5000, 1000), "write", "queued bytes: the stall starts");
    assert.equal(cache.offer(31_000, 9000, 1000), "write", "30 s stalled: not past cacheLength yet");
    assert.equal(cache.offer(31_001, 9000, 1000), "disconnect");
  });

  it("an empty queue ends the stall", () => {
    const cache = new PushCache({ cacheLengthMs: 1000, behavior: "DISCONNECT_IMMEDIATELY", maxBytes: 1_000_000 });
    cache.offer(0, 100, 10);
    assert.equal(cache.offer(900, 0, 10), "write");
    assert.equal(cache.offer(1500, 100, 10), "write", "a new stall counts from 1500");
    assert.equal(cache.offer(2600, 100, 10), "disconnect");
  });

  it("WAIT_FOR_SERVER drops new bytes for 5 minutes past cacheLength, then disconnects", () => {
    const cache = new PushCache({ cacheLengthMs: 1000, behavior: "WAIT_FOR_SERVER", maxBytes: 1_000_000 });
    cache.offer(0, 100, 10);
    assert.equal(cache.offer(2000, 100, 10), "drop");
    assert.equal(cache.offer(1000 + WAIT_FOR_SERVER_MS, 100, 10), "drop");
    assert.equal(cache.offer(1001 + WAIT_FOR_SERVER_MS, 100, 10), "disconnect");
  });

  it("never queues past maxBytes, whatever cacheLength says", () => {
    const cache = new PushCache({ cacheLengthMs: 300_000, behavior: "WAIT_FOR_SERVER", maxBytes: 1000 });
    assert.equal(cache.offer(0, 900, 100), "write");
    assert.equal(cache.offer(10, 950, 100), "drop");
    cache.reset();
    assert.equal(cache.offer(20, 0, 100), "write");
  });
});
