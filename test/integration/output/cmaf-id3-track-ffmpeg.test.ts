// The CMAF ingest ID3 track (output/cmaf-ingest/cmaf-id3-track.ts) on a real CMAF video track,
// behind the SCTE-35 track as the group's sender chains them: a picture carrying an ID3 mark
// (and a splice mark) goes through ffmpeg (libx264 with udu_sei, the mp4 muxer with the CMAF
// ingest kind's fragment options), the muxer's output is fed in chunks of random sizes, and
// recording senders stand for the HTTP senders. The ID3 sender gets its init segment first
// (handler meta, sample entry evte, the video's timescale), then one segment per video segment,
// the tag's emib (scheme https://aomedia.org/emsg/ID3) at the marked picture's presentation
// time in the segment over its video segment and nowhere else; the video sent on keeps no ID3
// mark; the SCTE-35 track still gets its splice; a second run passes no tag again.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { avccToAnnexB } from "../../../src/media/bits/avcc.ts";
import { ID3_MARK_UUID, id3MarksIn, insertId3Marks } from "../../../src/media/id3/id3-mark-sei.ts";
import { id3FrameText, readId3Tag } from "../../../src/media/id3/id3-reader.ts";
import { timestampTag } from "../../../src/media/id3/timestamp-tags.ts";
import { EMSG_UNKNOWN_DURATION, EmsgSchemes } from "../../../src/media/mp4/emsg.ts";
import { readEventTrackSegment } from "../../../src/media/mp4/event-message-track.ts";
import { mp4Fragments, mp4Tracks } from "../../../src/media/mp4/fragments.ts";
import { insertSpliceMark } from "../../../src/media/scte35/splice-mark-sei.ts";
import { spliceSection, writeSpliceInfoSection } from "../../../src/media/scte35/splice-writer.ts";
import { CmafId3Track } from "../../../src/output/cmaf-ingest/cmaf-id3-track.ts";
import { CmafSpliceTrack } from "../../../src/output/cmaf-ingest/cmaf-splice-track.ts";
import { MarkedId3 } from "../../../src/output/hls/fmp4-id3-events.ts";
import { SpliceMarkLog } from "../../../src/output/hls/splice-mark-log.ts";
import { MarkedSplices } from "../../../src/output/scte35/scte35-passthrough.ts";
import { makeCaptures } from "../../unit/media/mpegts/ffmpeg-captures.ts";
import { videoTsMarkedWith } from "../../helpers/ts-demux-run.ts";
import { encodeCmafTrack } from "../../helpers/marked-encodes.ts";
import { feedInChunks, fmp4Objects, RecordingSender } from "../../helpers/push-track-feed.ts";

const MARKED_PICTURE = 12;
const CARRIAGE = "CMAF/PRIV/10/P/1";

describe("CMAF ingest ID3 track on a real CMAF video track", () => {
  it("init first, one segment per video segment, the tag's emib at the marked picture only; no mark in the video sent on; passed once", async (t) => {
    const capture = (await makeCaptures(["h264-aac"]))?.get("h264-aac");
    if (!capture) return t.skip("ffmpeg is not available");
    const log = new SpliceMarkLog();
    const splice = log.add({ action: "start", eventId: 4, durationSec: null, section: writeSpliceInfoSection(spliceSection({ kind: "time_signal", spliceTime: { ptsTime90k: 0 } })), upid: null });
    const tag = timestampTag("PRIV", Date.UTC(2026, 0, 31, 12, 34, 56, 789));
    const { ts } = videoTsMarkedWith(capture, MARKED_PICTURE, (accessUnit) => insertId3Marks("H264", insertSpliceMark("H264", accessUnit, splice), [{ markId: 21, carriers: [CARRIAGE], tag }]));
    const dir = mkdtempSync(path.join(tmpdir(), "openlive-cmaf-id3-"));
    try {
      const bytes = await encodeCmafTrack(dir, ts);

      const video = new RecordingSender();
      const id3 = new RecordingSender();
      const scte35 = new RecordingSender();
      const track = new CmafSpliceTrack({ video: new CmafId3Track({ video, events: id3, marks: new MarkedId3(CARRIAGE) }), events: scte35, splices: new MarkedSplices(log) });
      feedInChunks(track, bytes, 5);
      feedInChunks(track, bytes, 13);

      const [videoInit, ...videoSegments] = fmp4Objects(bytes);
      const timescale = mp4Tracks(videoInit!)[0]!.timescale;
      const markedAt = videoSegments.flatMap((segment, index) => mp4Fragments(segment).flatMap((fragment) => fragment.samples.filter((sample) => id3MarksIn("H264", avccToAnnexB(segment.subarray(sample.offset, sample.offset + sample.size))).some((mark) => mark.markId === 21)).map((sample) => ({ index, time: sample.presentationTime }))));
      assert.ok(markedAt.length >= 1, "the encoder kept the mark");

      // The video sent on: the same length, no ID3 mark left.
      const sent = Buffer.concat(video.runs[0]!);
      assert.equal(sent.length, bytes.length);
      assert.equal(sent.indexOf(Buffer.from(ID3_MARK_UUID)), -1, "no ID3 mark in the video sent on");

      const [id3Init, ...id3Segments] = fmp4Objects(Buffer.concat(id3.runs[0]!));
      assert.deepEqual(mp4Tracks(id3Init!), [{ trackId: 1, timescale, handler: "meta", sampleEntry: "evte" }]);
      assert.equal(id3Segments.length, videoSegments.length, "one ID3 segment per video segment");
      const found = id3Segments.flatMap((segment, index) => readEventTrackSegment(segment).flatMap((sample) => sample.events.map((event) => ({ index, event }))));
      assert.equal(found.length, 1, `one event in the whole track: ${JSON.stringify(found.map((each) => [each.index, each.event.presentationTime]))}`);
      const { index, event } = found[0]!;
      const first = markedAt.reduce((earliest, each) => (each.time < earliest.time ? each : earliest));
      assert.equal(index, first.index, "in the segment over the marked picture's video segment");
      assert.equal(event.presentationTime, first.time, "at the marked picture's (first) presentation time");
      assert.equal(event.schemeIdUri, EmsgSchemes.ID3);
      assert.equal(event.value, "");
      assert.equal(event.id, 21);
      assert.equal(event.eventDuration, EMSG_UNKNOWN_DURATION);
      assert.deepEqual(Buffer.from(event.messageData), Buffer.from(tag));
      const read = readId3Tag(event.messageData);
      assert.ok(read.ok);
      assert.equal(id3FrameText(read.frames[0]!), "com.elementaltechnologies.timestamp.utc:2026-01-31T12:34:56.789+00:00");

      const splices = fmp4Objects(Buffer.concat(scte35.runs[0]!)).slice(1).flatMap((segment) => readEventTrackSegment(segment).flatMap((sample) => sample.events));
      assert.deepEqual(splices.map((each) => each.id), [splice], "the SCTE-35 track still gets its splice");

      // The second run: its own init; the tag was passed already.
      const [secondInit, ...secondSegments] = fmp4Objects(Buffer.concat(id3.runs[1]!));
      assert.deepEqual(mp4Tracks(secondInit!).map((each) => each.sampleEntry), ["evte"]);
      assert.ok(secondSegments.every((segment) => readEventTrackSegment(segment).every((sample) => sample.events.length === 0)), "a tag is passed once");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
