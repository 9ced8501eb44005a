import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AdMarkerTrack, withMarkerLines } from "../../../../src/output/hls/ad-marker-track.ts";
import type { SegmentSpliceMark } from "../../../../src/output/hls/segment-splice-marks.ts";
import type { SpliceMarkRecord } from "../../../../src/output/hls/splice-mark-log.ts";

const section = Uint8Array.of(0xfc, 0x30, 0x11);
const records = new Map<number, SpliceMarkRecord>([
  [1, { markId: 1, action: "start", eventId: 7, durationSec: 4, section, upid: null }],
  [2, { markId: 2, action: "end", eventId: 7, durationSec: 4, section, upid: null }],
]);
const lookup = (id: number) => records.get(id);

function playlist(first: number, count: number): string {
  const lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:2", `#EXT-X-MEDIA-SEQUENCE:${first}`];
  for (let n = first; n < first + count; n++) lines.push("#EXTINF:2.000000,", `seg${n}.ts`);
  return `${lines.join("\n")}\n`;
}

const marks = (entries: [string, SegmentSpliceMark[]][]): Map<string, SegmentSpliceMark[]> => new Map(entries);

describe("AdMarkerTrack: ad markers on the segments that start and end an avail", () => {
  it("a mark inside a segment starts the avail on the next one; a mark on a first picture on its own; lines go before EXTINF", () => {
    const track = new AdMarkerTrack();
    const text = playlist(1, 6);
    assert.deepEqual(track.unread(text), ["seg1.ts", "seg2.ts", "seg3.ts", "seg4.ts", "seg5.ts", "seg6.ts"]);
    track.observe(text, marks([["seg1.ts", []], ["seg2.ts", [{ markId: 1, onFirstPicture: false }]], ["seg3.ts", []], ["seg4.ts", [{ markId: 2, onFirstPicture: true }]], ["seg5.ts", []], ["seg6.ts", []]]), lookup);
    assert.deepEqual(track.unread(text), []);
    const lines = track.linesBySequence(text, "ELEMENTAL");
    assert.deepEqual([...lines], [[1, []], [2, []], [3, ["#EXT-X-CUE-OUT:4.000"]], [4, ["#EXT-X-CUE-IN"]], [5, []], [6, []]]);
    const marked = withMarkerLines(text, lines);
    assert.match(marked, /seg2\.ts\n#EXT-X-CUE-OUT:4\.000\n#EXTINF:2\.000000,\nseg3\.ts\n#EXT-X-CUE-IN\n#EXTINF/);
    assert.equal(withMarkerLines(marked, new Map()), text, "earlier marker lines are dropped");
  });

  it("continuation lines; an unread segment waits; a segment gone from the window is forgotten; ELEMENTAL_SCTE35 carries the message", () => {
    const track = new AdMarkerTrack();
    track.observe(playlist(1, 3), marks([["seg1.ts", [{ markId: 1, onFirstPicture: true }]], ["seg2.ts", []]]), lookup);
    assert.deepEqual(track.unread(playlist(1, 3)), ["seg3.ts"]);
    const later = playlist(2, 3);
    track.observe(later, marks([["seg3.ts", []], ["seg4.ts", []]]), lookup);
    assert.deepEqual([...track.linesBySequence(later, "ELEMENTAL")], [[2, ["#EXT-X-CUE-OUT-CONT:2.000/4"]], [3, ["#EXT-X-CUE-OUT-CONT:4.000/4"]], [4, ["#EXT-X-CUE-OUT-CONT:6.000/4"]]]);
    assert.deepEqual(track.linesBySequence(later, "ELEMENTAL_SCTE35").get(2), ["#EXT-X-CUE-OUT-CONT:ElapsedTime=2.000,Duration=4,SCTE35=/DAR"]);
    assert.deepEqual(track.linesBySequence(later, "ADOBE").get(2), []);
  });
});
