import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Backoff, PROCESS_BACKOFF, PULL_BACKOFF } from "../../../src/shared/backoff.ts";

describe("Backoff", () => {
  it("doubles from the initial delay to the cap, and starts over after a healthy run (processes: by run time)", () => {
    const backoff = new Backoff();
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8].map(() => backoff.next(100)), [250, 500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    assert.equal(backoff.next(PROCESS_BACKOFF.healthyAfterMs - 1), 8_000, "a run just short of healthy does not reset");
    assert.equal(backoff.next(PROCESS_BACKOFF.healthyAfterMs), 250);
    assert.equal(backoff.next(0), 500);
  });

  it("gives the same delays from healthy/failed reports (sources: by the time media flowed)", () => {
    const backoff = new Backoff(PULL_BACKOFF);
    assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => backoff.failed(0)), [500, 1_000, 2_000, 4_000, 8_000, 10_000]);
    backoff.healthy(1_000);
    backoff.healthy(20_000); // the first report of a run counts
    assert.equal(backoff.failed(30_999), 10_000, "healthy for 29,999 ms: no reset");
    backoff.healthy(40_000);
    assert.equal(backoff.failed(70_000), 500, "healthy for 30 s: back to the start");
    assert.equal(backoff.failed(70_001), 1_000, "a failure without a healthy report since continues doubling");
  });
});
