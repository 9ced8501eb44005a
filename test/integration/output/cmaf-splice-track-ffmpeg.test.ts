// The CMAF ingest SCTE-35 track (output/cmaf-ingest/cmaf-splice-track.ts) on a real CMAF video
// track: a picture carrying a splice mark goes through ffmpeg (libx264 with udu_sei, the mp4
// muxer with the CMAF ingest kind's fragment options), the muxer's output is fed to the track in
// chunks of random sizes, and recording senders stand for the HTTP senders. The video sender gets
// every byte of the video (a header, then one fragment per segment); the SCTE-35 sender gets its
// init segment first, then one segment per video segment over the same range, back to back, the
// splice's emib at the marked picture's presentation time; a second encoder run starts again
// with an init segment. Bytes that are not fMP4 go to the video sender as they came.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { avccToAnnexB } from "../../../src/media/bits/avcc.ts";
import { EmsgSchemes } from "../../../src/media/mp4/emsg.ts";
import { readEventTrackSegment } from "../../../src/media/mp4/event-message-track.ts";
import { mp4Fragments, mp4Tracks } from "../../../src/media/mp4/fragments.ts";
import { spliceMarksIn } from "../../../src/media/scte35/splice-mark-sei.ts";
import { parseSpliceInfoSection } from "../../../src/media/scte35/splice-parser.ts";
import { spliceTimeOf } from "../../../src/media/scte35/splice-pts.ts";
import { CmafSpliceTrack } from "../../../src/output/cmaf-ingest/cmaf-splice-track.ts";
import { SpliceMarkLog } from "../../../src/output/hls/splice-mark-log.ts";
import { MarkedSplices } from "../../../src/output/scte35/scte35-passthrough.ts";
import { markedSpliceTs } from "../../helpers/splice-track-fixtures.ts";
import { encodeCmafTrack } from "../../helpers/marked-encodes.ts";
import { feedInChunks, fmp4Objects, RecordingSender } from "../../helpers/push-track-feed.ts";

const MARKED_PICTURE = 12;

describe("CMAF ingest SCTE-35 track on a real CMAF video track", () => {
  it("init first, one segment per video segment over its range, the emib at the marked picture; again after a new run", async (t) => {
    const marked = await markedSpliceTs(MARKED_PICTURE);
    if (!marked) return t.skip("ffmpeg is not available");
    const { ts, log, mark } = marked;
    const dir = mkdtempSync(path.join(tmpdir(), "openlive-cmaf-scte-"));
    try {
      const bytes = await encodeCmafTrack(dir, ts);

      const video = new RecordingSender();
      const events = new RecordingSender();
      const track = new CmafSpliceTrack({ video, events, splices: new MarkedSplices(log) });
      feedInChunks(track, bytes, 7);
      feedInChunks(track, bytes, 11);

      // The video: every byte, in order.
      assert.equal(video.runs.length, 2);
      assert.ok(Buffer.concat(video.runs[0]!).equals(bytes), "the video sender got the muxer's bytes unchanged");
      const [videoInit, ...videoSegments] = fmp4Objects(bytes);
      const timescale = mp4Tracks(videoInit!)[0]!.timescale;
      const markedAt = videoSegments.flatMap((segment, index) => mp4Fragments(segment).flatMap((fragment) => fragment.samples.filter((sample) => spliceMarksIn("H264", avccToAnnexB(segment.subarray(sample.offset, sample.offset + sample.size))).includes(mark)).map((sample) => ({ index, time: sample.presentationTime }))));
      assert.equal(markedAt.length, 1, "the encoder kept the mark on one picture");

      // The SCTE-35 track, first run: init, then one segment per video segment.
      const [scteInit, ...scteSegments] = fmp4Objects(Buffer.concat(events.runs[0]!));
      assert.deepEqual(mp4Tracks(scteInit!), [{ trackId: 1, timescale, handler: "meta", sampleEntry: "evte" }]);
      assert.equal(scteSegments.length, videoSegments.length);
      let previousEnd: number | undefined;
      scteSegments.forEach((segment, index) => {
        const samples = mp4Fragments(segment).flatMap((fragment) => fragment.samples);
        const videoStart = Math.min(...mp4Fragments(videoSegments[index]!).flatMap((fragment) => fragment.samples.map((sample) => sample.presentationTime)));
        assert.equal(samples[0]!.presentationTime, previousEnd ?? videoStart, `segment ${index} starts where the previous ended (or its video segment starts)`);
        previousEnd = samples.reduce((end, sample) => end + sample.duration, samples[0]!.presentationTime);
      });
      const found = scteSegments.flatMap((segment, index) => readEventTrackSegment(segment).flatMap((sample) => sample.events.map((event) => ({ index, sampleTime: sample.time, event }))));
      const opening = found.filter((each) => each.event.delta === 0);
      assert.equal(opening.length, 1, `one event opens: ${JSON.stringify(found.map((each) => [each.index, each.sampleTime, each.event.delta]))}`);
      const { index, event } = opening[0]!;
      assert.equal(index, markedAt[0]!.index, "in the segment over the marked picture's video segment");
      assert.equal(event.presentationTime, markedAt[0]!.time, "at the marked picture's presentation time");
      assert.equal(event.schemeIdUri, EmsgSchemes.SCTE35_BIN);
      assert.equal(event.id, mark);
      assert.equal(event.eventDuration, 1.5 * timescale);
      const parsed = parseSpliceInfoSection(event.messageData);
      assert.ok(parsed.ok);
      assert.equal(spliceTimeOf(parsed.section), Math.round((event.presentationTime * 90_000) / timescale) % 2 ** 33, "the section's splice time is the same instant");
      // Active for 1.5 s: repeated in later samples until then, never after.
      for (const each of found.filter((other) => other.event.delta !== 0)) {
        assert.ok(each.event.delta < 0 && each.sampleTime < event.presentationTime + event.eventDuration, `repeated only while active: ${each.sampleTime}`);
      }
      assert.ok(found.some((each) => each.event.delta < 0), `repeated in a later segment: ${JSON.stringify({ segments: scteSegments.length, index, at: event.presentationTime, timescale, found: found.map((each) => [each.index, each.sampleTime, each.event.delta]) })}`);

      // The second run (the same bytes again): its own init first; the splice was passed in the
      // first run, so no event opens again and the picture's mark is retired as a repeat's.
      const second = Buffer.concat(video.runs[1]!);
      assert.equal(second.length, bytes.length);
      const secondMarks = fmp4Objects(second).slice(1).flatMap((segment) => mp4Fragments(segment).flatMap((fragment) => fragment.samples.flatMap((sample) => spliceMarksIn("H264", avccToAnnexB(segment.subarray(sample.offset, sample.offset + sample.size))))));
      assert.deepEqual(secondMarks, [], "the repeat's mark is retired in the video sent on");
      const [secondInit, ...secondSegments] = fmp4Objects(Buffer.concat(events.runs[1]!));
      assert.deepEqual(mp4Tracks(secondInit!).map((each) => each.sampleEntry), ["evte"]);
      assert.equal(secondSegments.length, videoSegments.length);
      assert.ok(secondSegments.every((segment) => readEventTrackSegment(segment).every((sample) => sample.events.length === 0)), "a splice is passed once");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("bytes that are not fMP4 go to the video sender as they came, and nothing to the SCTE-35 sender", () => {
    const video = new RecordingSender();
    const events = new RecordingSender();
    const track = new CmafSpliceTrack({ video, events, splices: new MarkedSplices(new SpliceMarkLog()) });
    const junk = Buffer.from("this is not a box stream at all, whatever its length");
    track.streamStarted();
    track.data(junk.subarray(0, 10));
    track.data(junk.subarray(10));
    assert.ok(Buffer.concat(video.runs[0]!).equals(junk));
    assert.equal(Buffer.concat(events.runs[0]!).length, 0);
  });
});
