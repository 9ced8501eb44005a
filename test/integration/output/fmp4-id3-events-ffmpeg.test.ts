// ID3 as emsg in real fMP4 HLS segments: a picture carrying an ID3 mark (the tag of this
// output's carriage, and one of another carriage) goes through ffmpeg (libx264 with udu_sei,
// the HLS muxer writing fMP4 segments with a sidx each), each segment goes through
// withId3Events, and a reader finds one emsg (scheme https://aomedia.org/emsg/ID3, value "",
// version 1) before the moof of the fragment holding the marked picture, with that picture's
// presentation time and the whole tag; no segment keeps a mark, and the samples still decode.

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { avccToAnnexB } from "../../../src/media/bits/avcc.ts";
import { ID3_MARK_UUID, id3MarksIn, insertId3Marks } from "../../../src/media/id3/id3-mark-sei.ts";
import { id3FrameText, readId3Tag } from "../../../src/media/id3/id3-reader.ts";
import { textTag } from "../../../src/media/id3/id3-tag.ts";
import { EMSG_UNKNOWN_DURATION, EmsgSchemes } from "../../../src/media/mp4/emsg.ts";
import { mp4Fragments, mp4Tracks } from "../../../src/media/mp4/fragments.ts";
import { MarkedId3, withId3Events } from "../../../src/output/hls/fmp4-id3-events.ts";
import { markedVideoTrack } from "../../../src/output/hls/fmp4-splice-events.ts";
import { makeCaptures } from "../../unit/media/mpegts/ffmpeg-captures.ts";
import { videoTsMarkedWith } from "../../helpers/ts-demux-run.ts";
import { assertSamplesKept, decodedPictures, emsgBoxes, encodeFmp4Hls } from "../../helpers/marked-encodes.ts";

const MARKED_PICTURE = 30;
const OURS = "HLS/PRIV/10/P/-";
const THEIRS = "CMAF/-/-/P/2";

describe("ID3 emsg in real fMP4 HLS segments", () => {
  it("one emsg before the fragment of the marked picture, at its presentation time, the whole tag; no mark left; the segments still decode", async (t) => {
    const capture = (await makeCaptures(["h264-aac"]))?.get("h264-aac");
    if (!capture) return t.skip("ffmpeg is not available");
    const ours = textTag("TIT2", "Hello fMP4");
    const theirs = textTag("TIT2", "CMAF only");
    const { ts, pictures } = videoTsMarkedWith(capture, MARKED_PICTURE, (accessUnit) =>
      insertId3Marks("H264", accessUnit, [
        { markId: 7, carriers: [OURS, "HLS/-/-/P/-"], tag: ours },
        { markId: 8, carriers: [THEIRS], tag: theirs },
      ]),
    );
    const dir = mkdtempSync(path.join(tmpdir(), "openlive-fmp4-id3-"));
    try {
      const { init, segments } = await encodeFmp4Hls(dir, ts);
      const video = markedVideoTrack(mp4Tracks(init));
      assert.ok(video, "the init segment declares an avc1 video track");
      const marked = new MarkedId3(OURS);
      const found: { emsgAt: number; moofAt: number; presentationTime: number; id: number; value: string; duration: number; text: string | undefined; tag: Buffer }[] = [];
      const markedSamples: number[] = [];
      for (const name of segments) {
        const file = path.join(dir, name);
        const original = readFileSync(file);
        for (const fragment of mp4Fragments(original)) {
          for (const sample of fragment.samples) {
            if (id3MarksIn("H264", avccToAnnexB(original.subarray(sample.offset, sample.offset + sample.size))).some((mark) => mark.markId === 7)) markedSamples.push(sample.presentationTime);
          }
        }
        const bytes: Uint8Array = withId3Events(original, video, marked) ?? original;
        writeFileSync(file, bytes);
        assert.equal(Buffer.from(bytes).indexOf(Buffer.from(ID3_MARK_UUID)), -1, `${name}: no ID3 mark left`);
        for (const { emsgAt, moofAt, message } of emsgBoxes(bytes, EmsgSchemes.ID3, video.timescale)) {
          const tag = readId3Tag(message.messageData);
          assert.ok(tag.ok, "message_data is a whole ID3 tag");
          found.push({ emsgAt, moofAt, presentationTime: message.presentationTime, id: message.id, value: message.value, duration: message.eventDuration, text: id3FrameText(tag.frames[0]!), tag: Buffer.from(message.messageData) });
        }
        // Retiring a mark changes 16 bytes inside a sample: the first bytes and the sizes stay.
        assertSamplesKept(name, original, bytes);
      }
      assert.ok(markedSamples.length >= 1, "the encoder kept the mark");
      assert.equal(found.length, 1, `one emsg (the other carriage's tag and any repeat give none): ${JSON.stringify(found.map(({ tag: _tag, ...rest }) => rest))}`);
      const event = found[0]!;
      assert.equal(event.moofAt, event.emsgAt + 1, "right before a moof");
      assert.equal(event.presentationTime, Math.min(...markedSamples), "at the marked picture's (first) presentation time");
      assert.equal(event.id, 7);
      assert.equal(event.value, "");
      assert.equal(event.duration, EMSG_UNKNOWN_DURATION);
      assert.equal(event.text, "Hello fMP4");
      assert.deepEqual(event.tag, Buffer.from(ours), "the tag as marked");
      assert.equal(await decodedPictures(dir, init, segments), pictures, "every picture still decodes from init + segments");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
