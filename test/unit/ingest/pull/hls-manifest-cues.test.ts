import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";

import { firstPicturePts90k, ManifestCues, manifestSignalsBySequence } from "../../../../src/ingest/pull/hls-manifest-cues.ts";
import { StreamTypes } from "../../../../src/media/mpegts/constants.ts";
import { TsMuxer } from "../../../../src/media/mpegts/ts-muxer.ts";
import type { SpliceInsert } from "../../../../src/media/scte35/splice-info.ts";
import { parseSpliceInfoSection } from "../../../../src/media/scte35/splice-parser.ts";
import { spliceTimeOf } from "../../../../src/media/scte35/splice-pts.ts";

// MediaLive's documented ELEMENTAL_SCTE35 message (sample-manifests-hls.html): a time_signal
// with a segmentation descriptor (provider placement opportunity start).
const DOC_MESSAGE = "/DA0AAAAAAAAAAAABQb+ADAQ6QAeAhxDVUVJQAAAO3/PAAEUrEoICAAAAAAg+2UBNAAANvrtoQ==";
// ANSI/SCTE 35 2023 §14.2: a splice_insert out of the network.
const SPLICE_INSERT_HEX = `0x${Buffer.from("/DAvAAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAKAAhDVUVJAAABNWLbowo=", "base64").toString("hex").toUpperCase()}`;

const playlist = (...lines: string[]): string => ["#EXTM3U", "#EXT-X-TARGETDURATION:2", "#EXT-X-MEDIA-SEQUENCE:40", ...lines].join("\n");

function decoded(section: Uint8Array) {
  const parsed = parseSpliceInfoSection(section);
  assert.ok(parsed.ok, parsed.ok ? "" : parsed.reason);
  return parsed.section;
}

function insertOf(section: Uint8Array): Extract<SpliceInsert, { spliceEventCancelIndicator: false }> {
  const command = decoded(section).command;
  assert.ok(command?.kind === "splice_insert" && !command.spliceEventCancelIndicator);
  return command;
}

/** Runs every segment of a playlist through ManifestCues, segment i starting at PTS 900000 + i × 2 s. */
function sectionsOf(text: string, count: number, pts: (index: number) => number | null = (index) => 900_000 + index * 180_000): Uint8Array[][] {
  const cues = new ManifestCues();
  const signals = manifestSignalsBySequence(text);
  return Array.from({ length: count }, (_, index) => cues.segment(signals.get(40 + index) ?? [], 2, pts(index)));
}

describe("HLS manifest cues (scte35Source MANIFEST)", () => {
  it("EXT-X-CUE-OUT:duration → splice_insert out of network at the segment's first picture, event ids from 1; CONT adds nothing; CUE-IN returns", () => {
    const text = playlist("#EXTINF:2,", "a.ts", "#EXT-X-CUE-OUT:4", "#EXTINF:2,", "b.ts", "#EXT-X-CUE-OUT-CONT:2/4", "#EXTINF:2,", "c.ts", "#EXT-X-CUE-IN", "#EXTINF:2,", "d.ts");
    const out = sectionsOf(text, 4);
    assert.deepEqual(out.map((list) => list.length), [0, 1, 0, 1]);
    const start = insertOf(out[1]![0]!);
    assert.equal(start.spliceEventId, 1);
    assert.equal(start.outOfNetworkIndicator, true);
    assert.equal(spliceTimeOf(decoded(out[1]![0]!)), 900_000 + 180_000);
    assert.deepEqual(start.breakDuration, { autoReturn: true, duration90k: 4 * 90_000 });
    const end = insertOf(out[3]![0]!);
    assert.equal(end.spliceEventId, 1);
    assert.equal(end.outOfNetworkIndicator, false);
    assert.equal(spliceTimeOf(decoded(out[3]![0]!)), 900_000 + 3 * 180_000);
  });

  it("the attribute form DURATION=… and a second break count the event id on", () => {
    const text = playlist("#EXT-X-CUE-OUT:DURATION=\"2.5\"", "#EXTINF:2,", "a.ts", "#EXT-X-CUE-IN", "#EXTINF:2,", "b.ts", "#EXT-X-CUE-OUT", "#EXTINF:2,", "c.ts");
    const out = sectionsOf(text, 3);
    assert.deepEqual(insertOf(out[0]![0]!).breakDuration, { autoReturn: true, duration90k: 225_000 });
    assert.equal(insertOf(out[2]![0]!).spliceEventId, 2);
    assert.equal(insertOf(out[2]![0]!).breakDuration, null);
  });

  it("joined in the middle of a break: the first CUE-OUT-CONT starts it for what remains", () => {
    const out = sectionsOf(playlist("#EXT-X-CUE-OUT-CONT:ElapsedTime=10,Duration=30", "#EXTINF:2,", "a.ts", "#EXT-X-CUE-OUT-CONT:12/30", "#EXTINF:2,", "b.ts"), 2);
    assert.deepEqual(out.map((list) => list.length), [1, 0]);
    assert.deepEqual(insertOf(out[0]![0]!).breakDuration, { autoReturn: true, duration90k: 20 * 90_000 });
  });

  it("a CONT after the declared duration ran out starts a new break (the old one returned by itself)", () => {
    const out = sectionsOf(playlist("#EXT-X-CUE-OUT:2", "#EXTINF:2,", "a.ts", "#EXT-X-CUE-OUT-CONT:1/4", "#EXTINF:2,", "b.ts"), 2);
    assert.equal(out[1]!.length, 1);
    assert.equal(insertOf(out[1]![0]!).spliceEventId, 2);
  });

  it("EXT-OATCLS-SCTE35 before EXT-X-CUE-OUT: the message itself, its splice moved onto the segment's first picture", () => {
    const out = sectionsOf(playlist("#EXTINF:2,", "a.ts", `#EXT-OATCLS-SCTE35:${DOC_MESSAGE}`, "#EXT-X-CUE-OUT:201.467", "#EXTINF:2,", "b.ts"), 2);
    assert.equal(out[1]!.length, 1);
    const section = decoded(out[1]![0]!);
    assert.equal(section.command?.kind, "time_signal");
    assert.equal(spliceTimeOf(section), 900_000 + 180_000);
    assert.equal(section.descriptors.length, 1);
  });

  it("EXT-X-DATERANGE SCTE35-OUT (hex, RFC 8216 §4.3.2.7.1) keeps the message's event id", () => {
    const out = sectionsOf(playlist(`#EXT-X-DATERANGE:ID="splice-1",START-DATE="2026-12-07T10:00:00Z",PLANNED-DURATION=60,SCTE35-OUT=${SPLICE_INSERT_HEX}`, "#EXTINF:2,", "a.ts"), 1);
    const insert = insertOf(out[0]![0]!);
    assert.equal(insert.spliceEventId, 0x4800008f);
    assert.equal(spliceTimeOf(decoded(out[0]![0]!)), 900_000);
  });

  it("without a picture PTS the splice is immediate; a damaged message is dropped", () => {
    const out = sectionsOf(playlist("#EXT-X-CUE-OUT:4", "#EXTINF:2,", "a.ts", "#EXT-X-SCTE35:CUE=\"AAAA\"", "#EXTINF:2,", "b.ts"), 2, () => null);
    assert.equal(insertOf(out[0]![0]!).spliceImmediateFlag, true);
    assert.deepEqual(out[1], []);
  });

  it("firstPicturePts90k: the PTS of the segment's first video PES", () => {
    const muxer = new TsMuxer({ streams: [{ pid: 256, streamType: StreamTypes.H264 }, { pid: 257, streamType: StreamTypes.AAC_ADTS }] });
    const data = new Uint8Array([0, 0, 0, 1, 0x65, 1, 2, 3]);
    const packets = [
      ...muxer.mux({ trackId: 257, pts90k: 123_000, dts90k: 123_000, keyframe: true, data: new Uint8Array(40) }),
      ...muxer.mux({ trackId: 256, pts90k: 126_000, dts90k: 123_000, keyframe: true, data }),
      ...muxer.mux({ trackId: 256, pts90k: 129_600, dts90k: 126_600, keyframe: false, data }),
      ...muxer.mux({ trackId: 257, pts90k: 130_000, dts90k: 130_000, keyframe: true, data: new Uint8Array(40) }),
    ];
    const segment = new Uint8Array(packets.reduce((sum, packet) => sum + packet.length, 0));
    packets.reduce((offset, packet) => (segment.set(packet, offset), offset + packet.length), 0);
    assert.equal(firstPicturePts90k(segment), 126_000);
    assert.equal(firstPicturePts90k(new Uint8Array(0)), null);
  });

  it("fuzz: any playlist text gives sections that parse (never a throw), whatever the PTS", () => {
    const tag = fc.constantFrom("#EXT-X-CUE-OUT", "#EXT-X-CUE-OUT-CONT", "#EXT-X-CUE-IN", "#EXT-OATCLS-SCTE35", "#EXT-X-CUE", "#EXT-X-DATERANGE", "#EXT-X-SCTE35", "#EXTINF", "#EXT-X-MEDIA-SEQUENCE");
    const value = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(DOC_MESSAGE, `SCTE35-OUT=${SPLICE_INSERT_HEX}`, "DURATION=30", "10/30", "ElapsedTime=5,Duration=9"));
    const line = fc.oneof(fc.tuple(tag, value).map(([t, rest]) => `${t}:${rest}`), fc.constantFrom("a.ts", "#EXTINF:2,"), fc.string({ maxLength: 20 }));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.option(fc.integer({ min: 0, max: 2 ** 33 - 1 })), (lines, pts) => {
        const cues = new ManifestCues();
        const signals = manifestSignalsBySequence(lines.join("\n"));
        for (const [, list] of signals) for (const section of cues.segment(list, 2, pts)) assert.ok(parseSpliceInfoSection(section).ok);
      }),
      { numRuns: 500 },
    );
  });
});
