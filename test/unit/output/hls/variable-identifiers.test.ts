import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hlsVariantNames, isHlsVariantFile, plannedVariantNames } from "../../../../src/output/hls/hls-file-names.ts";
import { segmentNamePattern, segmentNumbersIn } from "../../../../src/output/hls/stale-segments.ts";
import { dateValue, modifierPattern, parseModifier, resolveModifier, strftimeModifier } from "../../../../src/output/hls/variable-identifiers.ts";

const facts = { widthPx: 1280, heightPx: 720, frameRate: { num: 30000, den: 1001 }, videoBitrateBps: 3_000_000, audioBitratesBps: [128_000, 96_000] };
const AT_MS = Date.UTC(2026, 11, 6, 23, 49, 3);

describe("MediaLive's identifiers for variable data", () => {
  it("resolves the fixed ones from the output's descriptions, with %0n padding and $$", () => {
    assert.equal(resolveModifier("_$w$x$h$_$f$fps_$rv$k_$ra$k_$rc$k", facts, AT_MS), "_1280x720_29fps_3000k_224k_3224k");
    assert.equal(resolveModifier("_$h%05$", facts, AT_MS), "_00720");
    assert.equal(resolveModifier("_$$w$$", facts, AT_MS), "_$w$");
    assert.equal(resolveModifier("_plain", facts, AT_MS), "_plain");
  });

  it("dates are UTC yyyyMMddTHHmmss, yyyyMMdd and HHmmss", () => {
    assert.equal(dateValue("dt", AT_MS), "20261206T234903");
    assert.equal(resolveModifier("_$d$_$t$", facts, AT_MS), "_20261206_234903");
  });

  it("leaves unknown identifiers as text", () => {
    assert.deepEqual(parseModifier("_$zz$"), [{ kind: "text", text: "_$zz$" }]);
  });

  it("writes segment dates as strftime conversions and doubles a literal %", () => {
    assert.equal(strftimeModifier("_$dt$_$h$p%", facts), "_%Y%m%dT%H%M%S_720p%%");
    assert.equal(strftimeModifier("$t%08$", facts), "00%H%M%S");
  });

  it("matches every name a modifier can resolve to", () => {
    const pattern = new RegExp(`^${modifierPattern("_$w$x$h$_$dt$")}$`);
    assert.ok(pattern.test("_1280x720_20261206T234903"));
    assert.ok(!pattern.test("_1280x720_2026"));
    assert.ok(!pattern.test("_wxh_20261206T234903"));
  });
});

describe("a variant's file names with identifiers", () => {
  it("plans printf names when the segmentModifier has no date", () => {
    const names = plannedVariantNames("live", { nameModifier: "_$h$p", segmentModifier: "_%$rv$" }, facts, AT_MS);
    assert.deepEqual(names, { playlistName: "live_720p.m3u8", segmentTemplate: "live_720p_%%3000_%05d.ts", strftime: false });
  });

  it("plans a strftime template when the segmentModifier has $dt$; nameModifier dates are the start time", () => {
    const names = plannedVariantNames("live", { nameModifier: "_$d$", segmentModifier: "_$dt$" }, facts, AT_MS);
    assert.deepEqual(names, { playlistName: "live_20261206.m3u8", segmentTemplate: "live_20261206_%Y%m%dT%H%M%S_%%05d.ts", strftime: true });
    const found = segmentNumbersIn(["live_20261206_20261206T234903_00007.ts", "live_20261206_00007.ts", "http://cdn/x/live_20261206_20261207T000001_00012.ts"], names.segmentTemplate, true);
    assert.deepEqual([...found], [["live_20261206_20261206T234903_00007.ts", 7], ["live_20261206_20261207T000001_00012.ts", 12]]);
  });

  it("segment patterns: printf %% is a literal %, strftime %d is a day", () => {
    assert.ok(segmentNamePattern("a%%b_%05d.ts").test("a%b_00001.ts"));
    assert.equal(segmentNamePattern("a_%d_%%05d.ts", true).exec("a_06_00003.ts")?.[1], "00003");
  });

  it("the origin serves the names the identifiers resolve to, and nothing else", () => {
    const names = hlsVariantNames("live", { nameModifier: "_$h$p", segmentModifier: "_$dt$" });
    assert.ok(isHlsVariantFile(names, "live_720p.m3u8", "live"));
    assert.ok(isHlsVariantFile(names, "live_720p_20261206T234903_00001.ts", "live"));
    assert.ok(!isHlsVariantFile(names, "live_720p_00001.ts", "live"));
    assert.ok(!isHlsVariantFile(names, "live_720p.m3u8.tmp", "live"));
    const plain = hlsVariantNames("live", { nameModifier: "_720p" });
    assert.ok(isHlsVariantFile(plain, "live_720p_00001.ts", "live"));
    assert.ok(!isHlsVariantFile(plain, "live_720p_0001.ts", "live"));
  });
});
