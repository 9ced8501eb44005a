// ID3 as emsg in real fMP4 HLS segments: a picture carrying an ID3 mark (the tag of this
// output's carriage, and one of another carriage) goes through ffmpeg (libx264 with udu_sei,
// the HLS muxer writing fMP4 segments with a sidx each), each segment goes through
// withId3Events, and a reader finds one emsg (scheme https://aomedia.org/emsg/ID3, value "",
// version 1) before the moof of the fragment holding the marked picture, with that picture's
// presentation time and the whole tag; no segment keeps a mark, and the samples still decode.

import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { avccToAnnexB } from "../../../src/media/bits/avcc.ts";
import { ID3_MARK_UUID, id3MarksIn, insertId3Marks } from "../../../src/media/id3/id3-mark-sei.ts";
import { id3FrameText, readId3Tag } from "../../../src/media/id3/id3-reader.ts";
import { textTag } from "../../../src/media/id3/id3-tag.ts";
import { walkBoxes } from "../../../src/media/mp4/boxes.ts";
import { EMSG_UNKNOWN_DURATION, EmsgSchemes, parseEmsg } from "../../../src/media/mp4/emsg.ts";
import { mp4Fragments, mp4Tracks, sidxReferences } from "../../../src/media/mp4/fragments.ts";
import { MarkedId3, withId3Events } from "../../../src/output/hls/fmp4-id3-events.ts";
import { markedVideoTrack } from "../../../src/output/hls/fmp4-splice-events.ts";
import { makeCaptures } from "../../unit/media/mpegts/ffmpeg-captures.ts";
import { stdoutOf as run, videoTsMarkedWith } from "../../helpers/ts-demux-run.ts";

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
      const source = path.join(dir, "source.ts");
      writeFileSync(source, ts);
      const encode = await run("ffmpeg", ["-v", "error", "-i", source, "-c:v", "libx264", "-preset", "ultrafast", "-udu_sei", "1", "-g", "25", "-f", "hls", "-hls_segment_type", "fmp4", "-hls_time", "1", "-hls_fmp4_init_filename", "main_init.mp4", "-hls_segment_filename", path.join(dir, "main_%05d.mp4"), path.join(dir, "main.m3u8")]);
      assert.ok(encode, "ffmpeg wrote fMP4 HLS");
      const init = readFileSync(path.join(dir, "main_init.mp4"));
      const video = markedVideoTrack(mp4Tracks(init));
      assert.ok(video, "the init segment declares an avc1 video track");
      const marked = new MarkedId3(OURS);
      const found: { emsgAt: number; moofAt: number; presentationTime: number; id: number; value: string; duration: number; text: string | undefined; tag: Buffer }[] = [];
      const markedSamples: number[] = [];
      const segments = readdirSync(dir).filter((each) => /^main_\d+\.mp4$/.test(each)).sort();
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
        const boxes = walkBoxes(bytes).boxes;
        boxes.forEach((box, i) => {
          if (box.type !== "emsg") return;
          const message = parseEmsg(bytes.subarray(box.start, box.end));
          assert.ok(message);
          assert.equal(message.version, 1);
          assert.equal(message.schemeIdUri, EmsgSchemes.ID3);
          assert.equal(message.timescale, video.timescale);
          const tag = readId3Tag(message.messageData);
          assert.ok(tag.ok, "message_data is a whole ID3 tag");
          found.push({ emsgAt: i, moofAt: boxes.findIndex((other, j) => j > i && other.type === "moof"), presentationTime: message.presentationTime, id: message.id, value: message.value, duration: message.eventDuration, text: id3FrameText(tag.frames[0]!), tag: Buffer.from(message.messageData) });
        });
        const before = mp4Fragments(original).flatMap((fragment) => fragment.samples.map((sample) => sample.size));
        const after = mp4Fragments(bytes).flatMap((fragment) => fragment.samples.map((sample) => sample.size));
        assert.deepEqual(after, before, `${name}: the samples keep their sizes`);
        for (const sidx of boxes.filter((box) => box.type === "sidx")) assert.equal(sidxReferences(bytes, sidx).at(-1)?.end, bytes.length, `${name}: the sidx's subsegments run to the end`);
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
      const joined = path.join(dir, "joined.mp4");
      writeFileSync(joined, Buffer.concat([init, ...segments.map((name) => readFileSync(path.join(dir, name)))]));
      const frames = await run("ffprobe", ["-v", "error", "-select_streams", "v", "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", joined]);
      assert.equal(Number(frames?.toString().trim()), pictures, `every picture decodes: ${frames?.toString()}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
