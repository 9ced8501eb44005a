// The Microsoft Smooth SCTE-35 sparse track (output/ms-smooth/smooth-splice-track.ts) on a real
// Smooth live feed: a picture carrying a splice mark (in the second fragment, whose tfxd is not 0) goes through ffmpeg (libx264 with udu_sei
// and B-frames, the ismv muxer with the Smooth kind's fragment options, written to a pipe as the
// encoder writes to its relay socket), the feed is given to the track in chunks of random sizes,
// and recording senders stand for the HTTP senders. The feed sender gets every byte; the sparse
// sender gets its header (parentTrackName the feed's video trackName, the video's timescale) and
// one sparse fragment, whose time is the marked picture's presentation time — checked against
// ffprobe's timestamps of that packet, re-based on its fragment's tfxd — and whose section's
// splice time is the same instant. A second encoder run sends the header again and no splice.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { avccToAnnexB } from "../../../src/media/bits/avcc.ts";
import { childBoxes, walkBoxes } from "../../../src/media/mp4/boxes.ts";
import { mp4Fragments, mp4Tracks } from "../../../src/media/mp4/fragments.ts";
import { readSparseFragment, readSparseTrackHeader } from "../../../src/media/mp4/smooth-sparse-track.ts";
import { readTfxd } from "../../../src/media/mp4/tfxd.ts";
import { spliceMarksIn } from "../../../src/media/scte35/splice-mark-sei.ts";
import { parseSpliceInfoSection } from "../../../src/media/scte35/splice-parser.ts";
import { spliceTimeOf } from "../../../src/media/scte35/splice-pts.ts";
import { fragmentOptions } from "../../../src/output/fmp4/fmp4-slave.ts";
import { SpliceMarkLog } from "../../../src/output/hls/splice-mark-log.ts";
import { SmoothSpliceTrack } from "../../../src/output/ms-smooth/smooth-splice-track.ts";
import { MarkedSplices } from "../../../src/output/scte35/scte35-passthrough.ts";
import { feedInChunks, fmp4Objects, RecordingSender } from "../../helpers/push-track-feed.ts";
import { markedSpliceSource } from "../../helpers/splice-track-fixtures.ts";
import { stdoutOf as run } from "../../helpers/ts-demux-run.ts";

const MARKED_PICTURE = 37;

/** The raw tfxd time of a fragment's first track fragment. */
function tfxdTime(fragment: Buffer): number {
  const moof = walkBoxes(fragment).boxes[0]!;
  const traf = childBoxes(fragment, moof).find((box) => box.type === "traf")!;
  for (const box of childBoxes(fragment, traf)) {
    const found = box.type === "uuid" ? readTfxd(fragment, box.payload, box.end) : undefined;
    if (found) return found.absoluteTime;
  }
  throw new Error("no tfxd");
}

describe("Smooth SCTE-35 sparse track on a real Smooth live feed", () => {
  it("the header first, one sparse fragment at the marked picture's presentation time, its section the same instant; again after a new run", async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), "openlive-smooth-scte-"));
    try {
      const fixture = await markedSpliceSource(dir, MARKED_PICTURE);
      if (!fixture) return t.skip("ffmpeg is not available");
      const { source, log, mark } = fixture;
      const muxerOptions = fragmentOptions(1, true, ["isml"]).flatMap(([name, value]) => [`-${name}`, value]);
      const bytes = await run("ffmpeg", ["-v", "error", "-i", source, "-c:v", "libx264", "-preset", "ultrafast", "-x264-params", "bframes=2", "-udu_sei", "1", "-g", "25", "-force_key_frames", "expr:gte(t,n_forced*1)", "-f", "ismv", ...muxerOptions, "pipe:1"]);
      assert.ok(bytes && bytes.length > 0, "ffmpeg wrote a Smooth live feed");
      const feedFile = path.join(dir, "feed.ismv");
      writeFileSync(feedFile, bytes);

      const feedSender = new RecordingSender();
      const sparse = new RecordingSender();
      const track = new SmoothSpliceTrack({ feed: feedSender, sparse, splices: new MarkedSplices(log), trackName: "scte35" });
      feedInChunks(track, bytes, 7);
      feedInChunks(track, bytes, 11);

      // The feed: every byte, in order.
      assert.equal(feedSender.runs.length, 2);
      assert.ok(Buffer.concat(feedSender.runs[0]!).equals(bytes), "the feed sender got the muxer's bytes unchanged");
      const [feedHeader, ...fragments] = fmp4Objects(bytes);
      const video = mp4Tracks(feedHeader!).find((each) => each.handler === "vide")!;
      // Decode order across the feed: fragment and sample index of each packet, and the marked one.
      const packets = fragments.flatMap((fragment, index) => mp4Fragments(fragment).flatMap((parsed) => parsed.samples.map((sample, n) => ({ index, n, time: sample.presentationTime, marked: spliceMarksIn("H264", avccToAnnexB(fragment.subarray(sample.offset, sample.offset + sample.size))).includes(mark) }))));
      const marked = packets.filter((packet) => packet.marked);
      assert.equal(marked.length, 1, "the encoder kept the mark on one picture");
      const markedPacket = marked[0]!;

      // The same instant from ffprobe's timestamps: ffmpeg's mov demuxer ignores tfxd, but the
      // distance from the fragment's first packet is the same; tfxd is that first packet's time.
      const probed = spawnSync("ffprobe", ["-v", "error", "-select_streams", "v", "-show_entries", "packet=pts", "-of", "csv=p=0", feedFile], { encoding: "utf8" })
        .stdout.trim()
        .split("\n")
        .map(Number);
      assert.equal(probed.length, packets.length, "ffprobe sees every packet");
      const global = packets.indexOf(markedPacket);
      const fragmentFirst = packets.findIndex((packet) => packet.index === markedPacket.index);
      const probedTime = Math.round(((probed[global]! - probed[fragmentFirst]!) * video.timescale) / 10_000_000) + tfxdTime(fragments[markedPacket.index]!);
      assert.equal(markedPacket.time, probedTime, "the marked picture's time read with tfxd agrees with ffprobe's");

      // The sparse stream, first run: its header, then one fragment.
      const [sparseHeader, ...sparseFragments] = fmp4Objects(Buffer.concat(sparse.runs[0]!));
      const header = readSparseTrackHeader(sparseHeader!);
      assert.ok(header, "ftyp, Live Server Manifest Box, moov");
      assert.equal(header.params.get("parentTrackName"), "video", "the feed's video trackName (ffmpeg names it video)");
      assert.equal(header.params.get("trackName"), "scte35");
      assert.equal(header.params.get("timescale"), String(video.timescale));
      assert.deepEqual(mp4Tracks(sparseHeader!), [{ trackId: 1, timescale: video.timescale, handler: "meta", sampleEntry: "scte" }]);
      assert.equal(sparseFragments.length, 1, "one sparse fragment: one splice");
      const message = readSparseFragment(sparseFragments[0]!);
      assert.ok(message);
      assert.equal(message.time, markedPacket.time, "the fragment's time (tfxd) is the marked picture's presentation time");
      assert.equal(message.presentationTimeDelta, 0);
      assert.equal(message.duration, 1.5 * video.timescale, "the break's duration");
      assert.equal(message.id, mark);
      const parsed = parseSpliceInfoSection(message.message);
      assert.ok(parsed.ok);
      assert.equal(spliceTimeOf(parsed.section), Math.round((message.time * 90_000) / video.timescale) % 2 ** 33, "the section's splice time is the same instant");

      // The second run (the same bytes again): its own sparse header, no splice again, the repeat's mark retired.
      const [secondHeader, ...secondFragments] = fmp4Objects(Buffer.concat(sparse.runs[1]!));
      assert.ok(readSparseTrackHeader(secondHeader!));
      assert.equal(secondFragments.length, 0, "a splice is passed once");
      const second = Buffer.concat(feedSender.runs[1]!);
      assert.equal(second.length, bytes.length);
      const secondMarks = fmp4Objects(second).slice(1).flatMap((fragment) => mp4Fragments(fragment).flatMap((parsed) => parsed.samples.flatMap((sample) => spliceMarksIn("H264", avccToAnnexB(fragment.subarray(sample.offset, sample.offset + sample.size))))));
      assert.deepEqual(secondMarks, [], "the repeat's mark is retired in the feed sent on");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("bytes that are not fMP4 go to the feed sender as they came, and nothing to the sparse sender", () => {
    const feedSender = new RecordingSender();
    const sparse = new RecordingSender();
    const track = new SmoothSpliceTrack({ feed: feedSender, sparse, splices: new MarkedSplices(new SpliceMarkLog()), trackName: "scte35" });
    const junk = Buffer.from("this is not a box stream at all, whatever its length");
    track.streamStarted();
    track.data(junk.subarray(0, 10));
    track.data(junk.subarray(10));
    assert.ok(Buffer.concat(feedSender.runs[0]!).equals(junk));
    assert.equal(Buffer.concat(sparse.runs[0]!).length, 0);
  });
});
