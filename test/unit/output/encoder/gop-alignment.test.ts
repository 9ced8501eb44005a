import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { commonKeyframePeriodSec, segmentKeyframeExpr } from "../../../../src/output/encoder/gop-alignment.ts";

describe("keyframes on the boundaries of every group an encode feeds", () => {
  it("one length is its own period; several give their greatest common divisor", () => {
    assert.equal(commonKeyframePeriodSec([6]), 6);
    assert.equal(commonKeyframePeriodSec([6, 4]), 2);
    assert.equal(commonKeyframePeriodSec([6, 10, 6]), 2);
    assert.equal(commonKeyframePeriodSec([7, 4]), 1);
    assert.equal(commonKeyframePeriodSec([1.5, 2]), 0.5, "in whole milliseconds");
  });

  it("every boundary of each length is a multiple of the period", () => {
    const lengths = [6, 4, 10];
    const period = commonKeyframePeriodSec(lengths);
    for (const length of lengths) assert.equal((length * 1000) % (period * 1000), 0);
    assert.equal(segmentKeyframeExpr(period), "expr:gte(t+0.001,n_forced*2)");
  });

  it("refuses an empty list", () => {
    assert.throws(() => commonKeyframePeriodSec([]), /no segment length/);
  });
});
