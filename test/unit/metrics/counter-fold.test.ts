import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CounterFold, increase } from "../../../src/metrics/counter-fold.ts";

describe("increase", () => {
  it("counts a first sighting in full, growth as the difference, a drop as a restart from zero", () => {
    assert.equal(increase(undefined, 42), 42);
    assert.equal(increase(40, 42), 2);
    assert.equal(increase(42, 42), 0);
    assert.equal(increase(42, 5), 5);
  });

  it("ignores values that cannot be counts", () => {
    assert.equal(increase(undefined, -1), 0);
    assert.equal(increase(3, Number.NaN), 0);
    assert.equal(increase(3, Infinity), 0);
    assert.equal(increase(3, 0), 0);
  });
});

describe("CounterFold", () => {
  it("turns cumulative reports into increases whose sum never goes down", () => {
    const fold = new CounterFold();
    const reports = [10, 25, 25, 3, 9, 100];
    let total = 0;
    const totals: number[] = [];
    for (const value of reports) {
      total += fold.fold("ch/0", new Map([["bytes|run1", value]])).get("bytes|run1")!;
      totals.push(total);
    }
    assert.deepEqual(totals, [10, 25, 25, 28, 34, 125]);
  });

  it("treats a new key (a restarted worker's epoch) as counting from zero, and forgets keys that stop reporting", () => {
    const fold = new CounterFold();
    assert.deepEqual([...fold.fold("ch/0", new Map([["f|w1", 500]]))], [["f|w1", 500]]);
    assert.deepEqual([...fold.fold("ch/0", new Map([["f|w1", 700]]))], [["f|w1", 200]]);
    // The worker restarted: its new count (already above the old one) still counts in full.
    assert.deepEqual([...fold.fold("ch/0", new Map([["f|w2", 900]]))], [["f|w2", 900]]);
    // w1 was forgotten: were it to report again, it would count from zero.
    assert.deepEqual([...fold.fold("ch/0", new Map([["f|w1", 700], ["f|w2", 950]]))], [["f|w1", 700], ["f|w2", 50]]);
  });

  it("keeps groups apart and drops a group on forget()", () => {
    const fold = new CounterFold();
    fold.fold("a/0", new Map([["k", 5]]));
    assert.equal(fold.fold("b/0", new Map([["k", 7]])).get("k"), 7);
    assert.equal(fold.fold("a/0", new Map([["k", 6]])).get("k"), 1);
    assert.equal(fold.groupCount, 2);
    fold.forget("a/0");
    assert.equal(fold.groupCount, 1);
    assert.equal(fold.fold("a/0", new Map([["k", 6]])).get("k"), 6);
  });
});
