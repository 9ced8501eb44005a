import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WebvttSegmenter } from "../../../../src/output/captions/webvtt-segmenter.ts";
import { renderWebvttSegment, webvttTime } from "../../../../src/output/captions/webvtt-text.ts";

const line = (text: string, row = 15, column = 0) => ({ row, column, text });

describe("renderWebvttSegment", () => {
  it("writes the header with X-TIMESTAMP-MAP and escaped cues placed by row and column (PASSTHROUGH)", () => {
    const text = renderWebvttSegment(900_000, [{ startLocal90k: 45_000, endLocal90k: 180_000, lines: [line("A<B & C", 14, 4)] }], "PASSTHROUGH");
    assert.equal(text, "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\n\n00:00:00.500 --> 00:00:02.000 line:79% position:20% align:start\nA&lt;B &amp; C\n");
  });

  it("NO_STYLE_DATA writes no cue settings; MPEGTS wraps at 2^33", () => {
    const text = renderWebvttSegment(2 ** 33 + 10, [{ startLocal90k: 0, endLocal90k: 90_000, lines: [line("ONE", 1), line("TWO", 2)] }], "NO_STYLE_DATA");
    assert.equal(text, "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:10,LOCAL:00:00:00.000\n\n00:00:00.000 --> 00:00:01.000\nONE\nTWO\n");
  });

  it("formats hours", () => {
    assert.equal(webvttTime(90_000 * 3723.25), "01:02:03.250");
  });
});

describe("WebvttSegmenter", () => {
  it("cuts segments of the group's length, clipping a caption across a boundary into both", () => {
    const segmenter = new WebvttSegmenter({ segmentLengthSec: 2, originPts90k: 1_000 });
    segmenter.add([{ lines: [line("SPAN")], startPts90k: 1_000 + 90_000, endPts90k: 1_000 + 270_000 }]);
    assert.deepEqual(segmenter.cut(1_000 + 179_999, undefined), [], "the first segment is not over yet");
    const [first, second, ...rest] = segmenter.cut(1_000 + 360_000, undefined);
    assert.deepEqual(rest, []);
    assert.deepEqual(first, { index: 0, startPts90k: 1_000, durationTicks90k: 180_000, cues: [{ startLocal90k: 90_000, endLocal90k: 180_000, lines: [line("SPAN")] }] });
    assert.deepEqual(second?.cues, [{ startLocal90k: 0, endLocal90k: 90_000, lines: [line("SPAN")] }]);
  });

  it("writes the caption on screen now up to the segment's end, and empty segments when nothing is shown", () => {
    const segmenter = new WebvttSegmenter({ segmentLengthSec: 1, originPts90k: 0 });
    const showing = { lines: [line("NOW")], startPts90k: 45_000, endPts90k: 45_000 };
    const [segment] = segmenter.cut(90_000, showing);
    assert.deepEqual(segment?.cues, [{ startLocal90k: 45_000, endLocal90k: 90_000, lines: [line("NOW")] }]);
    const [empty] = segmenter.cut(180_000, undefined);
    assert.deepEqual(empty?.cues, []);
  });
});
