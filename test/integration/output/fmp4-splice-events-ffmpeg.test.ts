// SCTE-35 as emsg in real fMP4 HLS segments: a picture carrying a splice mark goes through
// ffmpeg (libx264 with udu_sei, the HLS muxer writing fMP4 segments with a sidx each),
// each segment goes through withSpliceEvents, and a reader finds one emsg
// (scheme urn:scte:scte35:2013:bin, version 1) before the moof of the fragment holding the
// marked picture, with that picture's presentation time and a section whose splice time is the
// same instant in 90 kHz; the samples still decode.

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { avccToAnnexB } from "../../../src/media/bits/avcc.ts";
import { EmsgSchemes } from "../../../src/media/mp4/emsg.ts";
import { mp4Fragments, mp4Tracks } from "../../../src/media/mp4/fragments.ts";
import { spliceMarksIn } from "../../../src/media/scte35/splice-mark-sei.ts";
import { parseSpliceInfoSection } from "../../../src/media/scte35/splice-parser.ts";
import { spliceTimeOf } from "../../../src/media/scte35/splice-pts.ts";
import { spliceSection, writeSpliceInfoSection } from "../../../src/media/scte35/splice-writer.ts";
import { markedVideoTrack, withSpliceEvents } from "../../../src/output/hls/fmp4-splice-events.ts";
import { SpliceMarkLog } from "../../../src/output/hls/splice-mark-log.ts";
import { MarkedSplices } from "../../../src/output/scte35/scte35-passthrough.ts";
import { makeCaptures } from "../../unit/media/mpegts/ffmpeg-captures.ts";
import { markedVideoTs } from "../../helpers/ts-demux-run.ts";
import { assertSamplesKept, decodedPictures, emsgBoxes, encodeFmp4Hls } from "../../helpers/marked-encodes.ts";

const MARKED_PICTURE = 30;

describe("SCTE-35 emsg in real fMP4 HLS segments", () => {
  it("one emsg before the fragment of the marked picture, at its presentation time; the segments still decode", async (t) => {
    const capture = (await makeCaptures(["h264-aac"]))?.get("h264-aac");
    if (!capture) return t.skip("ffmpeg is not available");
    const log = new SpliceMarkLog();
    const section = writeSpliceInfoSection(spliceSection({ kind: "time_signal", spliceTime: { ptsTime90k: 0 } }));
    const mark = log.add({ action: "start", eventId: 9, durationSec: 30, section, upid: null });
    const { ts, pictures } = markedVideoTs(capture, MARKED_PICTURE, mark);
    const dir = mkdtempSync(path.join(tmpdir(), "openlive-fmp4-emsg-"));
    try {
      const { init, segments } = await encodeFmp4Hls(dir, ts);
      const video = markedVideoTrack(mp4Tracks(init));
      assert.ok(video, "the init segment declares an avc1 video track");
      const splices = new MarkedSplices(log);
      const found: { segment: string; emsgAt: number; moofAt: number; presentationTime: number; splice90k: number | null; duration: number }[] = [];
      let markedSample: number | undefined;
      for (const name of segments) {
        const file = path.join(dir, name);
        const original = readFileSync(file);
        const rewritten = withSpliceEvents(original, video, splices);
        const bytes = rewritten ?? original;
        writeFileSync(file, bytes);
        for (const fragment of mp4Fragments(original)) {
          for (const sample of fragment.samples) {
            if (spliceMarksIn("H264", avccToAnnexB(original.subarray(sample.offset, sample.offset + sample.size))).includes(mark)) markedSample = sample.presentationTime;
          }
        }
        for (const { emsgAt, moofAt, message } of emsgBoxes(bytes, EmsgSchemes.SCTE35_BIN, video.timescale)) {
          const parsed = parseSpliceInfoSection(message.messageData);
          assert.ok(parsed.ok);
          found.push({ segment: name, emsgAt, moofAt, presentationTime: message.presentationTime, splice90k: spliceTimeOf(parsed.section), duration: message.eventDuration });
        }
        assertSamplesKept(name, original, bytes);
      }
      assert.ok(markedSample !== undefined, "the encoder kept the mark");
      assert.equal(found.length, 1, `one emsg: ${JSON.stringify(found)}`);
      const event = found[0]!;
      assert.equal(event.moofAt, event.emsgAt + 1, "right before a moof");
      assert.equal(event.presentationTime, markedSample, "at the marked picture's presentation time");
      assert.equal(event.splice90k, Math.round((markedSample! * 90_000) / video.timescale) % 2 ** 33, "the section's splice time is the same instant");
      assert.equal(event.duration, 30 * video.timescale);
      assert.equal(await decodedPictures(dir, init, segments), pictures, "every picture still decodes from init + segments");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
