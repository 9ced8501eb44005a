import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";

import { Amf0EcmaArray, decodeAmf0, encodeAmf0, type Amf0Value } from "../../../../src/protocols/rtmp/amf0.ts";
import { RtmpCuePoints } from "../../../../src/protocols/rtmp/rtmp-cue-points.ts";
import { parseSpliceInfoSection } from "../../../../src/media/scte35/splice-parser.ts";
import { spliceTimeOf } from "../../../../src/media/scte35/splice-pts.ts";

// ANSI/SCTE 35 2023 §14.2: a splice_insert out of the network, event 0x4800008f, 60 s break.
const SPLICE_INSERT_B64 = "/DAvAAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAKAAhDVUVJAAABNWLbowo=";

function decoded(section: Uint8Array | undefined) {
  assert.ok(section, "a section");
  const parsed = parseSpliceInfoSection(section);
  assert.ok(parsed.ok);
  return parsed.section;
}

function insertOf(section: Uint8Array | undefined) {
  const command = decoded(section).command;
  assert.ok(command?.kind === "splice_insert" && !command.spliceEventCancelIndicator);
  return command;
}

describe("RTMP cue points (onCuePoint / onAdCue) → SCTE-35", () => {
  it("Adobe's ad cue: cue-out with a duration starts a break at the cue's time, cue-in ends the same event", () => {
    const cues = new RtmpCuePoints();
    const out = cues.section("onCuePoint", [{ name: "cue-out", time: 12.5, type: "event", parameters: { duration: 30 } }], 9_000);
    const start = insertOf(out);
    assert.equal(start.spliceEventId, 1);
    assert.equal(start.outOfNetworkIndicator, true);
    assert.deepEqual(start.breakDuration, { autoReturn: true, duration90k: 30 * 90_000 });
    assert.equal(spliceTimeOf(decoded(out)), 12.5 * 90_000);
    const back = cues.section("onCuePoint", [new Amf0EcmaArray({ name: "CueIn", time: 40, type: "navigation" })], 39_000);
    assert.equal(insertOf(back).spliceEventId, 1);
    assert.equal(insertOf(back).outOfNetworkIndicator, false);
    assert.equal(spliceTimeOf(decoded(back)), 40 * 90_000);
    // The next break counts on; parameters.id, when numeric, is the event id.
    assert.equal(insertOf(cues.section("onAdCue", [{ name: "ad_start", time: 50 }], 0)).spliceEventId, 2);
    assert.equal(insertOf(cues.section("onCuePoint", [{ name: "x", time: 60, parameters: { type: "splice_out", id: "77" } }], 0)).spliceEventId, 77);
  });

  it("a cue carrying the SCTE-35 message (base64): that message, its splice moved onto the cue's time", () => {
    const section = new RtmpCuePoints().section("onCuePoint", [{ name: "scte35", time: 20, type: "event", parameters: { message: SPLICE_INSERT_B64 } }], 0);
    const insert = insertOf(section);
    assert.equal(insert.spliceEventId, 0x4800008f);
    assert.equal(spliceTimeOf(decoded(section)), 20 * 90_000);
  });

  it("without a time member the message timestamp is the cue's time", () => {
    assert.equal(spliceTimeOf(decoded(new RtmpCuePoints().section("onCuePoint", [{ name: "cue-out" }], 4_321))), 4_321 * 90);
  });

  it("other data messages and cue points that are no ad cue are ignored", () => {
    const cues = new RtmpCuePoints();
    assert.equal(cues.section("onMetaData", [{ name: "cue-out", time: 1 }], 0), undefined);
    assert.equal(cues.section("onCuePoint", [{ name: "chapter-2", time: 1, type: "navigation" }], 0), undefined);
    assert.equal(cues.section("onCuePoint", ["cue-out"], 0), undefined);
    assert.equal(cues.section("onCuePoint", [], 0), undefined);
  });

  it("fuzz: any AMF0 values (also re-decoded from bytes) give a parsable section or nothing, never a throw", () => {
    const leaf = fc.oneof(fc.double(), fc.boolean(), fc.string({ maxLength: 12 }), fc.constant(null), fc.constantFrom("cue-out", "cue-in", SPLICE_INSERT_B64, "12.5"));
    const value: fc.Arbitrary<Amf0Value> = fc.letrec<{ v: Amf0Value }>((tie) => ({
      v: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("v"), { maxLength: 3 }), fc.dictionary(fc.constantFrom("name", "time", "type", "parameters", "duration", "id", "message"), tie("v"), { maxKeys: 5 })),
    })).v;
    fc.assert(
      fc.property(fc.constantFrom("onCuePoint", "onAdCue"), fc.array(value, { maxLength: 3 }), fc.nat(), (name, values, timestampMs) => {
        const cues = new RtmpCuePoints();
        for (const candidate of [values, decodeAmf0(encodeAmf0(...values)).values]) {
          const section = cues.section(name, candidate, timestampMs);
          if (section) assert.ok(parseSpliceInfoSection(section).ok);
        }
      }),
      { numRuns: 500 },
    );
  });
});
