import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { applyPtsAdjustment, rebasePts, rebaseSection, spliceTimeOf, wrap33 } from "../../../../src/media/scte35/splice-pts.ts";
import { parseSpliceInfoSection } from "../../../../src/media/scte35/splice-parser.ts";
import { spliceSection, writeSpliceInfoSection } from "../../../../src/media/scte35/splice-writer.ts";

const TWO_33 = 2 ** 33;

describe("SCTE-35 splice times (ANSI/SCTE 35 §9.6.1 pts_adjustment)", () => {
  it("adds pts_adjustment modulo 2^33", () => {
    assert.equal(applyPtsAdjustment(1000, 500), 1500);
    assert.equal(applyPtsAdjustment(TWO_33 - 10, 25), 15);
    assert.equal(wrap33(-1), TWO_33 - 1);
  });

  it("the splice PTS of time_signal and program splice_insert; null when immediate or cancelled", () => {
    assert.equal(spliceTimeOf(spliceSection({ kind: "time_signal", spliceTime: { ptsTime90k: TWO_33 - 90_000 } }, [], 180_000)), 90_000);
    assert.equal(spliceTimeOf(spliceSection({ kind: "time_signal", spliceTime: { ptsTime90k: null } })), null);
    const insert = {
      kind: "splice_insert" as const,
      spliceEventId: 1,
      spliceEventCancelIndicator: false as const,
      outOfNetworkIndicator: true,
      programSpliceFlag: true,
      spliceImmediateFlag: false,
      eventIdComplianceFlag: true,
      spliceTime: { ptsTime90k: 450_000 },
      components: [],
      breakDuration: null,
      uniqueProgramId: 0,
      availNum: 0,
      availsExpected: 0,
    };
    assert.equal(spliceTimeOf(spliceSection(insert, [], 10)), 450_010);
    assert.equal(spliceTimeOf(spliceSection({ ...insert, spliceImmediateFlag: true, spliceTime: null })), null);
    assert.equal(spliceTimeOf(spliceSection({ kind: "splice_insert", spliceEventId: 1, spliceEventCancelIndicator: true })), null);
    assert.equal(spliceTimeOf(spliceSection({ kind: "splice_null" })), null);
  });

  it("re-bases a PTS onto the output timeline across a wrap of either clock", () => {
    // Input anchor near the wrap, output anchor at 10 s: 2 s after the input anchor is 12 s out.
    assert.equal(rebasePts(wrap33(TWO_33 - 90_000 + 180_000), TWO_33 - 90_000, 900_000), 1_080_000);
    // Output anchor near the wrap.
    assert.equal(rebasePts(1_000, 0, TWO_33 - 500), 500);
    // A splice slightly before the anchor stays before it.
    assert.equal(rebasePts(900_000 - 9_000, 900_000, 90_000), 81_000);
  });

  it("re-basing a section changes pts_adjustment only: the command bytes are kept", () => {
    const section = spliceSection({ kind: "time_signal", spliceTime: { ptsTime90k: 123_456 } }, [], TWO_33 - 1);
    const moved = rebaseSection(section, 90_001);
    assert.equal(moved.ptsAdjustment90k, 90_000);
    assert.equal(spliceTimeOf(moved), 123_456 + 90_000);
    const before = writeSpliceInfoSection(section);
    const after = writeSpliceInfoSection(moved);
    assert.deepEqual(after.subarray(13, after.length - 4), before.subarray(13, before.length - 4));
    assert.ok(parseSpliceInfoSection(after).ok);
  });
});
