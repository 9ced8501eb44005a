import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ScheduleId3, txxxTag } from "../../../../src/pipeline/program/schedule-id3.ts";
import { textTag } from "../../../../src/media/id3/id3-tag.ts";

const FRAME = 3000;
const TIT2 = textTag("TIT2", "Hello");
const feeds = [
  { frame: "PRIV" as const, periodSec: 10, pid: 0x1f0 },
  { passthrough: true as const, pid: 0x1f1 },
  { segmentTaggingSec: 2, pid: 0x1f2 },
];

/** The tag in a fed payload (after the 5-byte metadata AU cell header). */
const tagOf = (data: Uint8Array) => Buffer.from(data.subarray(5));

describe("ScheduleId3", () => {
  it("writes a one-time tag once, with the next picture, on the pass-through streams only", () => {
    const id3 = new ScheduleId3(feeds);
    assert.deepEqual(id3.picture(0), []);
    id3.action({ actionName: "once", type: "hlsTimedMetadataSettings", settings: { id3: Buffer.from(TIT2).toString("base64") } });
    const units = id3.picture(FRAME);
    assert.deepEqual(units.map((u) => [u.pid, u.pts90k]), [[0x1f1, FRAME]]);
    assert.deepEqual(tagOf(units[0]!.data), Buffer.from(TIT2));
    assert.deepEqual(id3.picture(2 * FRAME), []);
  });

  it("tags the first picture of every segment of the tagging streams from the next segment on, until replaced", () => {
    const id3 = new ScheduleId3(feeds);
    const tagged: { pts: number; tag: Buffer }[] = [];
    const origin = 900_000;
    for (let n = 0; n < 30 * 7; n++) {
      if (n === 15) id3.action({ actionName: "t1", type: "hlsId3SegmentTaggingSettings", settings: { tag: "first" } });
      if (n === 30 * 4 + 5) id3.action({ actionName: "t2", type: "hlsId3SegmentTaggingSettings", settings: { id3: Buffer.from(TIT2).toString("base64") } });
      for (const unit of id3.picture(origin + n * FRAME)) {
        assert.equal(unit.pid, 0x1f2);
        tagged.push({ pts: (unit.pts90k - origin) / 90_000, tag: tagOf(unit.data) });
      }
    }
    assert.deepEqual(tagged.map((t) => t.pts), [2, 4, 6], "one at each 2 s boundary after the action");
    assert.deepEqual(tagged[0]!.tag, Buffer.from(txxxTag("first")));
    assert.deepEqual(tagged[1]!.tag, Buffer.from(txxxTag("first")));
    assert.deepEqual(tagged[2]!.tag, Buffer.from(TIT2), "replaced by the later action");
  });

  it("builds a TXXX frame: UTF-8, empty description, the value", () => {
    const tag = txxxTag("é$sn$");
    assert.equal(Buffer.from(tag.subarray(10, 14)).toString("latin1"), "TXXX");
    assert.deepEqual([...tag.subarray(20)], [0x03, 0x00, ...Buffer.from("é$sn$", "utf8")]);
  });

  it("a restarted encoder tags its first picture (a new segment grid)", () => {
    const id3 = new ScheduleId3(feeds);
    assert.equal(id3.picture(0).length, 0);
    id3.action({ actionName: "t", type: "hlsId3SegmentTaggingSettings", settings: { tag: "x" } });
    assert.equal(id3.picture(1000).length, 0, "mid-segment");
    id3.restart();
    assert.equal(id3.picture(5000).length, 1);
  });
});

describe("ScheduleId3 segment grid", () => {
  it("counts from the earliest timestamp fed, audio included, as ffmpeg counts from the input's start time", () => {
    const id3 = new ScheduleId3([{ segmentTaggingSec: 2, pid: 0x1f2 }]);
    id3.observe(900_000 - 27_000); // audio 300 ms ahead of the first picture
    id3.picture(900_000);
    id3.action({ actionName: "t", type: "hlsId3SegmentTaggingSettings", settings: { tag: "x" } });
    const tagged: number[] = [];
    for (let n = 1; n < 150; n++) tagged.push(...id3.picture(900_000 + n * FRAME).map((u) => u.pts90k - (900_000 - 27_000)));
    assert.deepEqual(tagged, [180_000, 360_000]);
  });
});
