import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FENCE_VERDICTS, fenceFromDatabase, fenceFromMemory, fenceWithoutDatabase } from "../../../src/origin/epoch-fence.ts";

const RECHECK_MS = 1_000;

describe("epoch fence", () => {
  it("asks the database for a pipeline it has not seen, and for the same epoch once the recheck is due", () => {
    assert.equal(fenceFromMemory(undefined, 3, 0, RECHECK_MS), FENCE_VERDICTS.ASK);
    const entry = { epoch: 3, confirmedAtMs: 10_000 };
    assert.equal(fenceFromMemory(entry, 3, 10_999, RECHECK_MS), FENCE_VERDICTS.ACCEPT);
    assert.equal(fenceFromMemory(entry, 3, 11_000, RECHECK_MS), FENCE_VERDICTS.ASK);
    assert.equal(fenceFromMemory(entry, 4, 10_001, RECHECK_MS), FENCE_VERDICTS.ASK, "a newer epoch is confirmed first");
    assert.equal(fenceFromMemory(entry, 2, 10_001, RECHECK_MS), FENCE_VERDICTS.REFUSE, "an older one needs no question");
  });

  it("accepts only the database's current epoch and remembers the highest", () => {
    assert.deepEqual(fenceFromDatabase(undefined, 5, 5, 100), { verdict: FENCE_VERDICTS.ACCEPT, entry: { epoch: 5, confirmedAtMs: 100 } });
    assert.deepEqual(fenceFromDatabase({ epoch: 5, confirmedAtMs: 0 }, 5, 7, 100), { verdict: FENCE_VERDICTS.REFUSE, entry: { epoch: 7, confirmedAtMs: 100 } });
    assert.equal(fenceFromDatabase(undefined, 9, 7, 100).verdict, FENCE_VERDICTS.REFUSE, "an epoch the database never gave");
    assert.deepEqual(fenceFromDatabase({ epoch: 5, confirmedAtMs: 0 }, 5, undefined, 100), { verdict: FENCE_VERDICTS.REFUSE, entry: { epoch: 5, confirmedAtMs: 0 } }, "not wanted: refused");
  });

  it("without the database: the confirmed epoch writes on, an older one is refused, a newer one waits", () => {
    const entry = { epoch: 5, confirmedAtMs: 0 };
    assert.equal(fenceWithoutDatabase(entry, 5), FENCE_VERDICTS.ACCEPT);
    assert.equal(fenceWithoutDatabase(entry, 4), FENCE_VERDICTS.REFUSE);
    assert.equal(fenceWithoutDatabase(entry, 6), FENCE_VERDICTS.UNAVAILABLE);
    assert.equal(fenceWithoutDatabase(undefined, 1), FENCE_VERDICTS.UNAVAILABLE);
  });
});
