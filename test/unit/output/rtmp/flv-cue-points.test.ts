// RTMP onCuePoint ad markers: a video tag whose picture carries a splice mark gets one
// onCuePoint message (Adobe's cue point object with the base64 section) at the picture's
// presentation time (tag timestamp + CompositionTime); the section's splice time is that
// instant; a repeat of the mark, an unmarked picture and an audio tag get none; the reader of
// RTMP_PUSH inputs (protocols/rtmp/rtmp-cue-points.ts) takes the message back to the same splice.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { spliceMarkNal } from "../../../../src/media/scte35/splice-mark-sei.ts";
import { parseSpliceInfoBase64, parseSpliceInfoSection } from "../../../../src/media/scte35/splice-parser.ts";
import { spliceTimeOf } from "../../../../src/media/scte35/splice-pts.ts";
import { programSpliceInsertSection } from "../../../../src/media/scte35/program-splice-insert.ts";
import { SpliceMarkLog } from "../../../../src/output/hls/splice-mark-log.ts";
import { FlvCuePoints } from "../../../../src/output/rtmp/flv-cue-points.ts";
import { FlvTagTypes } from "../../../../src/output/rtmp/flv-tag-reader.ts";
import { decodeAmf0 } from "../../../../src/protocols/rtmp/amf0.ts";
import { RtmpCuePoints } from "../../../../src/protocols/rtmp/rtmp-cue-points.ts";

/** AVCC: each NAL unit with a 4-byte length. */
function avcc(nals: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(nals.flatMap((nal) => [Buffer.from([(nal.length >>> 24) & 0xff, (nal.length >>> 16) & 0xff, (nal.length >>> 8) & 0xff, nal.length & 0xff]), Buffer.from(nal)]));
}

/** An AVC NALU video tag body (VideoTagHeader: frame type, codec 7, AVCPacketType 1, CompositionTime). */
function videoTag(keyframe: boolean, compositionMs: number, nals: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat([Buffer.from([(keyframe ? 0x10 : 0x20) | 7, 1, (compositionMs >> 16) & 0xff, (compositionMs >> 8) & 0xff, compositionMs & 0xff]), avcc(nals)]);
}

const SLICE = Uint8Array.of(0x65, 0x88, 0x84, 0x21, 0x43);

describe("FlvCuePoints", () => {
  it("one onCuePoint before the marked picture, at its presentation time, carrying the section re-based onto it", () => {
    const log = new SpliceMarkLog();
    const mark = log.add({ action: "start", eventId: 77, durationSec: 30, section: programSpliceInsertSection(77, true, 123_456, 30 * 90_000), upid: null });
    const cues = new FlvCuePoints(log);
    assert.deepEqual(cues.before({ type: FlvTagTypes.VIDEO, timestampMs: 960, data: videoTag(true, 0, [SLICE]) }), [], "an unmarked picture");
    const marked = videoTag(true, 80, [spliceMarkNal("H264", mark), SLICE]);
    const messages = cues.before({ type: FlvTagTypes.VIDEO, timestampMs: 2_000, data: marked });
    assert.equal(messages.length, 1);
    const [handler, cue, ...rest] = decodeAmf0(messages[0]!).values;
    assert.equal(handler, "onCuePoint");
    assert.equal(rest.length, 0);
    const object = cue as { name: string; time: number; type: string; parameters: { cue: string; duration: number } };
    assert.equal(object.name, "scte35");
    assert.equal(object.type, "event");
    assert.equal(object.time, 2.08, "DTS 2000 ms + CompositionTime 80 ms");
    assert.equal(object.parameters.duration, 30);
    const parsed = parseSpliceInfoBase64(object.parameters.cue);
    assert.ok(parsed.ok);
    assert.equal(spliceTimeOf(parsed.section), 2_080 * 90, "the splice time is the picture's PTS (90 kHz)");
    const command = parsed.section.command;
    assert.ok(command?.kind === "splice_insert" && !command.spliceEventCancelIndicator, "a splice_insert that is no cancel");
    assert.equal(command.spliceEventId, 77);
    assert.equal(command.outOfNetworkIndicator, true);
    assert.equal(command.breakDuration?.duration90k, 30 * 90_000);
    assert.deepEqual(cues.before({ type: FlvTagTypes.VIDEO, timestampMs: 2_040, data: marked }), [], "a repeat of the marked picture");
    assert.deepEqual(cues.before({ type: FlvTagTypes.AUDIO, timestampMs: 2_000, data: Uint8Array.of(0xaf, 1, ...marked) }), [], "an audio tag");

    // RTMP_PUSH's reader takes the message back to the same splice, on the same clock.
    const back = new RtmpCuePoints().section(handler as string, [cue], 2_000);
    assert.ok(back);
    const reread = parseSpliceInfoSection(back);
    assert.ok(reread.ok);
    assert.equal(spliceTimeOf(reread.section), 2_080 * 90);
  });

  it("an avail end without a return section of its own sends nothing (the start's section is not repeated)", () => {
    const log = new SpliceMarkLog();
    const start = programSpliceInsertSection(5, true, 0, null);
    const mark = log.add({ action: "end", eventId: 5, durationSec: null, section: start, upid: null });
    const back = log.add({ action: "end", eventId: 5, durationSec: null, section: programSpliceInsertSection(5, false, 0, null), upid: null });
    const cues = new FlvCuePoints(log);
    assert.deepEqual(cues.before({ type: FlvTagTypes.VIDEO, timestampMs: 100, data: videoTag(false, 0, [spliceMarkNal("H264", mark), SLICE]) }), []);
    const returns = cues.before({ type: FlvTagTypes.VIDEO, timestampMs: 140, data: videoTag(false, 0, [spliceMarkNal("H264", back), SLICE]) });
    assert.equal(returns.length, 1);
    const cue = decodeAmf0(returns[0]!).values[1] as { parameters: Record<string, unknown> };
    assert.equal("duration" in cue.parameters, false, "a return declares no duration");
  });
});
