// ID3 marks to emsg in an fMP4 segment (output/hls/fmp4-id3-events.ts), on a hand-built
// fragment: one AOM ID3 emsg per new tag of the output's carriage before the moof, at the
// earliest showing of its mark (a repeat shown earlier, later in decoding order, as B-frames
// and the fps filter make it); every mark retired, other carriages' tags left out; a mark passed
// in an earlier segment gives nothing again.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { annexBToAvcc } from "../../../../src/media/bits/avcc.ts";
import { joinAnnexB } from "../../../../src/media/bits/annex-b.ts";
import { ID3_MARK_UUID, insertId3Marks } from "../../../../src/media/id3/id3-mark-sei.ts";
import { textTag } from "../../../../src/media/id3/id3-tag.ts";
import { walkBoxes } from "../../../../src/media/mp4/boxes.ts";
import { EMSG_UNKNOWN_DURATION, EmsgSchemes, parseEmsg } from "../../../../src/media/mp4/emsg.ts";
import { mp4Fragments } from "../../../../src/media/mp4/fragments.ts";
import { MarkedId3, withId3Events } from "../../../../src/output/hls/fmp4-id3-events.ts";
import type { MarkedVideoTrack } from "../../../../src/output/hls/fmp4-marked-events.ts";

const VIDEO: MarkedVideoTrack = { trackId: 1, timescale: 12_800, handler: "vide", sampleEntry: "avc1", codec: "H264" };
const OURS = "HLS/-/-/P/-";
const TAG = textTag("TIT2", "now");
const OTHER = textTag("TIT2", "not ours");

function box(type: string, ...parts: readonly (Uint8Array | number[])[]): Uint8Array {
  const body = parts.flatMap((part) => [...part]);
  const size = 8 + body.length;
  return Uint8Array.from([(size >>> 24) & 0xff, (size >>> 16) & 0xff, (size >>> 8) & 0xff, size & 0xff, ...Buffer.from(type, "latin1"), ...body]);
}
const u32 = (value: number): number[] => [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];

/** One moof + mdat of the video track from `base`: samples of 512 ticks with their composition offsets, data offsets from the moof. */
function segment(base: number, samples: readonly { readonly data: Uint8Array; readonly cto: number }[]): Uint8Array {
  const moof = (dataOffset: number): Uint8Array =>
    box(
      "moof",
      box("mfhd", [0, 0, 0, 0], u32(1)),
      box("traf", box("tfhd", [0, 0x02, 0, 0], u32(1)), box("tfdt", [1, 0, 0, 0], u32(0), u32(base)), box("trun", [0, 0, 0x0b, 0x01], u32(samples.length), u32(dataOffset), ...samples.flatMap((sample) => [u32(512), u32(sample.data.length), u32(sample.cto)]))),
    );
  const moofBytes = moof(moof(0).length + 8);
  return Uint8Array.from([...moofBytes, ...box("mdat", ...samples.map((sample) => sample.data))]);
}

const slice = (first: number): Uint8Array => Uint8Array.of(first, 0x88, 0x84, 0x21, 0x43);
const picture = (first: number, marks: Parameters<typeof insertId3Marks>[2] = []): Uint8Array => annexBToAvcc(insertId3Marks("H264", joinAnnexB([Uint8Array.of(0x09, 0xf0), slice(first)]), marks));

function emsgs(bytes: Uint8Array) {
  return walkBoxes(bytes).boxes.flatMap((each, i, all) => (each.type === "emsg" ? [{ message: parseEmsg(bytes.subarray(each.start, each.end))!, beforeMoof: all[i + 1]?.type === "moof" }] : []));
}

describe("ID3 marks to AOM ID3 emsg in fMP4 segments", () => {
  it("one emsg before the moof at the earliest showing of the mark; every mark retired; another carriage's tag left out", () => {
    const marks = [
      { markId: 11, carriers: [OURS], tag: TAG },
      { markId: 12, carriers: ["CMAF/-/-/P/2"], tag: OTHER },
    ];
    // Decoding order: the marked picture shown at 1024, its repeat shown at 512, a plain picture.
    const original = segment(0, [
      { data: picture(0x65, marks), cto: 1024 },
      { data: picture(0x41, marks), cto: 0 },
      { data: picture(0x41), cto: 512 },
    ]);
    const marked = new MarkedId3(OURS);
    const out = withId3Events(original, VIDEO, marked);
    assert.ok(out);
    const found = emsgs(out);
    assert.equal(found.length, 1, JSON.stringify(found));
    const { message, beforeMoof } = found[0]!;
    assert.ok(beforeMoof, "right before the moof");
    assert.deepEqual(
      { scheme: message.schemeIdUri, value: message.value, version: message.version, timescale: message.timescale, time: message.presentationTime, duration: message.eventDuration, id: message.id },
      { scheme: EmsgSchemes.ID3, value: "", version: 1, timescale: 12_800, time: 512, duration: EMSG_UNKNOWN_DURATION, id: 11 },
    );
    assert.deepEqual(Buffer.from(message.messageData), Buffer.from(TAG));
    assert.equal(Buffer.from(out).indexOf(Buffer.from(ID3_MARK_UUID)), -1, "no mark left");
    assert.deepEqual(
      mp4Fragments(out).flatMap((fragment) => fragment.samples.map((sample) => [sample.presentationTime, sample.size])),
      mp4Fragments(original).flatMap((fragment) => fragment.samples.map((sample) => [sample.presentationTime, sample.size])),
      "the samples as they were, where the trun says",
    );

    // The next segment repeats the marked picture: its mark was passed, so no emsg, and it is retired still.
    const next = withId3Events(segment(1536, [{ data: picture(0x41, marks), cto: 0 }]), VIDEO, marked);
    assert.ok(next);
    assert.deepEqual(emsgs(next), []);
    assert.equal(Buffer.from(next).indexOf(Buffer.from(ID3_MARK_UUID)), -1);
  });

  it("a segment without marks is left alone (undefined: nothing to write)", () => {
    assert.equal(withId3Events(segment(0, [{ data: picture(0x65), cto: 0 }]), VIDEO, new MarkedId3(OURS)), undefined);
  });
});
