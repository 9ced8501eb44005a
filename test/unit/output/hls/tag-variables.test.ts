// MediaLive's identifiers for variable data in an ID3 segment tag (output/hls/tag-variables.ts):
// the segment's UTC date and time and its number, with %0n padding and $$; the output's own
// facts and unknown identifiers as written. And the HLS action's tag made per segment by the
// schedule (pipeline/program/schedule-id3.ts).

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { id3FrameText, readId3Tag } from "../../../../src/media/id3/id3-reader.ts";
import { resolveTagVariables } from "../../../../src/output/hls/tag-variables.ts";
import { ScheduleId3 } from "../../../../src/pipeline/program/schedule-id3.ts";

const SEGMENT = { utcMs: Date.UTC(2026, 11, 6, 23, 49, 3, 500), sequenceNumber: 7 };

describe("ID3 segment tag variable data", () => {
  it("clamps a zero-padding wider than 255 (a stored tag from before validation refused it) instead of making a huge string", () => {
    assert.equal(resolveTagVariables("$sn%0999999999$", SEGMENT), "7".padStart(255, "0"));
  });

  it("resolves the segment's date, time and number, as MediaLive's $dt$-$sn$ example", () => {
    assert.equal(resolveTagVariables("$dt$-$sn$", SEGMENT), "20261206T234903-7");
    assert.equal(resolveTagVariables("day $d$ at $t$", SEGMENT), "day 20261206 at 234903");
  });

  it("pads with %0n, unescapes $$, and leaves text alone", () => {
    assert.equal(resolveTagVariables("#$sn%05$", SEGMENT), "#00007");
    assert.equal(resolveTagVariables("$t%08$", SEGMENT), "00234903");
    assert.equal(resolveTagVariables("US$$5 $$sn$$", SEGMENT), "US$5 $sn$");
    assert.equal(resolveTagVariables("plain text, 100%", SEGMENT), "plain text, 100%");
    assert.equal(resolveTagVariables("", SEGMENT), "");
  });

  it("writes the output's facts and unknown identifiers as given (not known where the tag is made)", () => {
    assert.equal(resolveTagVariables("$w$x$h$ $f$fps $rv$/$ra$/$rc$ $zz$ $sn$", SEGMENT), "$w$x$h$ $f$fps $rv$/$ra$/$rc$ $zz$ 7");
  });

  it("a number wider than its padding is written whole", () => {
    assert.equal(resolveTagVariables("$sn%02$", { ...SEGMENT, sequenceNumber: 12345 }), "12345");
  });
});

describe("the schedule's HLS segment tag", () => {
  it("carries each segment's own date and number, from the wall clock its first picture is fed at", () => {
    const id3 = new ScheduleId3([{ segmentTaggingSec: 2, pid: 0x1f2 }]);
    const startMs = Date.UTC(2026, 5, 1, 12, 0, 0);
    const texts: string[] = [];
    for (let n = 0; n < 30 * 7; n++) {
      if (n === 15) id3.action({ actionName: "t", type: "hlsId3SegmentTaggingSettings", settings: { tag: "$dt$-$sn$" } });
      for (const unit of id3.picture(n * 3000, startMs + n * 40)) {
        // The fed payload: a 5-byte metadata AU cell header, then the tag.
        const read = readId3Tag(unit.data.subarray(5));
        assert.ok(read.ok);
        texts.push(id3FrameText(read.frames[0]!) ?? "");
      }
    }
    // Segments 2, 3 and 4 start at 2, 4 and 6 s of media, fed 2.4, 4.8 and 7.2 s after the start.
    assert.deepEqual(texts, ["20260601T120002-2", "20260601T120004-3", "20260601T120007-4"]);
  });

  it("without the wall clock, the tag as written", () => {
    const id3 = new ScheduleId3([{ segmentTaggingSec: 1, pid: 0x1f2 }]);
    id3.picture(0);
    id3.action({ actionName: "t", type: "hlsId3SegmentTaggingSettings", settings: { tag: "$dt$-$sn$" } });
    const units = Array.from({ length: 40 }, (_, n) => id3.picture((n + 1) * 3000)).flat();
    const read = readId3Tag(units[0]!.data.subarray(5));
    assert.ok(read.ok);
    assert.equal(id3FrameText(read.frames[0]!), "$dt$-$sn$");
  });
});
