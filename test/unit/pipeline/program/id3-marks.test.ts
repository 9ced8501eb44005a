// The ID3 marks of the fed pictures (pipeline/program/id3-marks.ts): per carriage the tags a
// timed-metadata stream of its kind would get, one mark per distinct tag naming every carriage
// that takes it; the HLS actions go to HLS carriages, the CMAF Ingest actions to CMAF ones.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { id3FrameText, readId3Tag } from "../../../../src/media/id3/id3-reader.ts";
import { textTag } from "../../../../src/media/id3/id3-tag.ts";
import { id3CarriageKey, type FeedKind } from "../../../../src/output/encoder/timed-metadata-feeds.ts";
import { Id3PictureMarks } from "../../../../src/pipeline/program/id3-marks.ts";

const FRAME = 3000;
const HLS: FeedKind = { frame: "PRIV", periodSec: 2, passthrough: true };
const HLS_SAME: FeedKind = { frame: "PRIV", periodSec: 2, passthrough: true, segmentTaggingSec: 6 };
const CMAF: FeedKind = { passthrough: true, segmentTaggingSec: 1, cmafActions: true };
const text = (tag: Uint8Array): string | undefined => {
  const read = readId3Tag(tag);
  return read.ok ? id3FrameText(read.frames[0]!) : undefined;
};

describe("Id3PictureMarks", () => {
  it("timestamps on the first picture and every period; a tag two carriages take is one mark naming both", () => {
    const marks = new Id3PictureMarks([HLS, HLS_SAME, CMAF]);
    const seen: { pts: number; carriers: readonly string[] }[] = [];
    for (let n = 0; n < 150; n++) for (const mark of marks.picture(90_000 + n * FRAME, Date.UTC(2026, 0, 1) + n * 33)) seen.push({ pts: (n * FRAME) / 90_000, carriers: mark.carriers });
    assert.deepEqual(seen.map((each) => each.pts), [0, 2, 4]);
    for (const each of seen) assert.deepEqual(each.carriers, [id3CarriageKey(HLS), id3CarriageKey(HLS_SAME)]);
  });

  it("hlsTimedMetadataSettings goes to the HLS carriages, timedMetadataSettings to the CMAF one, each once; mark ids run on", () => {
    const marks = new Id3PictureMarks([{ passthrough: true }, CMAF]);
    marks.action({ actionName: "a", type: "hlsTimedMetadataSettings", settings: { id3: Buffer.from(textTag("TIT2", "for HLS")).toString("base64") } });
    marks.action({ actionName: "b", type: "timedMetadataSettings", settings: { id3: Buffer.from(textTag("TIT2", "for CMAF")).toString("base64") } });
    const first = marks.picture(0, 0);
    assert.deepEqual(first.map((mark) => [text(mark.tag), mark.carriers]), [["for HLS", ["HLS/-/-/P/-"]], ["for CMAF", ["CMAF/-/-/P/1"]]]);
    assert.deepEqual(marks.picture(FRAME, 0), [], "once");
    marks.action({ actionName: "c", type: "timedMetadataSettings", settings: { id3: Buffer.from(textTag("TIT2", "again")).toString("base64") } });
    const next = marks.picture(2 * FRAME, 0);
    assert.equal(next.length, 1);
    assert.ok(next[0]!.markId > Math.max(...first.map((mark) => mark.markId)), "a new mark id");
  });

  it("id3SegmentTaggingSettings tags the first picture of each of the CMAF group's segments from the next on, its variable data resolved per segment", () => {
    const marks = new Id3PictureMarks([CMAF, { passthrough: true, segmentTaggingSec: 1 }]);
    const tagged: { pts: number; text: string | undefined; carriers: readonly string[] }[] = [];
    // Pictures fed 40 ms apart on the wall clock, from one second before midnight UTC.
    const startMs = Date.UTC(2026, 0, 31, 23, 59, 59);
    for (let n = 0; n < 90; n++) {
      if (n === 10) marks.action({ actionName: "t", type: "id3SegmentTaggingSettings", settings: { tag: "seg $sn%03$ $dt$ $w$ $$" } });
      for (const mark of marks.picture(n * FRAME, startMs + n * 40)) tagged.push({ pts: (n * FRAME) / 90_000, text: text(mark.tag), carriers: mark.carriers });
    }
    // The segment from 1 s is the second (fed at 1.2 s past the start), the one from 2 s the third (2.4 s).
    const expected = [
      { pts: 1, text: "seg 002 20260201T000000 $w$ $", carriers: ["CMAF/-/-/P/1"] },
      { pts: 2, text: "seg 003 20260201T000001 $w$ $", carriers: ["CMAF/-/-/P/1"] },
    ];
    assert.deepEqual(tagged, expected, "the HLS carriage takes no CMAF Ingest segment tag");
  });

  it("is empty without carriages", () => {
    const marks = new Id3PictureMarks([]);
    assert.ok(marks.empty);
    assert.deepEqual(marks.picture(0, 0), []);
  });
});
