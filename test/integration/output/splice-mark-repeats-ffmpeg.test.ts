// Why an output showed two marked pictures for one splice: the encoder's fps filter (the video
// chain always starts with it, output/encoder/video-filter.ts) fills a gap in the fed timestamps
// by repeating the picture before the gap, and the repeat carries the same user_data_unregistered
// SEI, so the splice mark. The pipeline's timeline leaves such a gap when it relocks after a
// stall (no larger than the stall). Reproduced here with the real encoder; the SCTE-35 inserter
// then passes the splice once, on the first picture, and retires the repeats' marks.

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { TsMuxer } from "../../../src/media/mpegts/ts-muxer.ts";
import { insertSpliceMark, spliceMarksIn } from "../../../src/media/scte35/splice-mark-sei.ts";
import { parseSpliceInfoSection } from "../../../src/media/scte35/splice-parser.ts";
import { spliceTimeOf } from "../../../src/media/scte35/splice-pts.ts";
import { spliceSection, writeSpliceInfoSection } from "../../../src/media/scte35/splice-writer.ts";
import { SpliceMarkLog } from "../../../src/output/hls/splice-mark-log.ts";
import { scte35Inserter } from "../../../src/output/scte35/scte35-passthrough.ts";
import { makeCaptures } from "../../unit/media/mpegts/ffmpeg-captures.ts";
import { captureVideo, demuxAll as demux, stdoutOf as run } from "../../helpers/ts-demux-run.ts";

const MARKED_PICTURE = 10;
const GAP_FRAMES = 2;
const FRAME_90K = 3600;

function markedPictures(ts: Uint8Array): { pts90k: number; marks: number[] }[] {
  return demux(ts).flatMap((event) => (event.type === "pes" && event.pes.kind === "video" && spliceMarksIn("H264", event.pes.data).length > 0 ? [{ pts90k: event.pes.pts90k ?? -1, marks: spliceMarksIn("H264", event.pes.data) }] : []));
}

describe("a splice mark repeated by the encoder", () => {
  it("a gap in the fed timestamps after the marked picture repeats its mark; the output passes one section and one marked picture", async (t) => {
    const capture = (await makeCaptures(["h264-aac"]))?.get("h264-aac");
    if (!capture) return t.skip("ffmpeg is not available");
    const log = new SpliceMarkLog();
    const { videoPid, pictures: video } = captureVideo(capture);
    const muxer = new TsMuxer({ streams: [{ pid: videoPid, streamType: 0x1b }] });
    const packets: Uint8Array[] = [...muxer.psi(0)];
    const mark = log.add({ action: "start", eventId: 1, durationSec: null, section: writeSpliceInfoSection(spliceSection({ kind: "time_signal", spliceTime: { ptsTime90k: 0 } })), upid: null });
    let pictures = 0;
    // Fed in decoding order; the picture after the marked one (in presentation order too: the capture has B-frames, so shift all later DTS).
    const markedPts = [...video].map((pes) => pes.pts90k!).sort((a, b) => a - b)[MARKED_PICTURE]!;
    const markedIndex = video.findIndex((pes) => pes.pts90k === markedPts);
    for (const pes of video) {
      // Every picture presented after the marked one moves GAP_FRAMES later: a gap right after it, as at a relock.
      const shift = pes.pts90k! > markedPts ? GAP_FRAMES * FRAME_90K : 0;
      const dtsShift = pictures > markedIndex ? GAP_FRAMES * FRAME_90K : 0;
      const data = pictures === markedIndex ? insertSpliceMark("H264", pes.data, mark) : pes.data;
      packets.push(...muxer.mux({ trackId: videoPid, pts90k: pes.pts90k! + shift, dts90k: (pes.dts90k ?? pes.pts90k!) + dtsShift, keyframe: pes.randomAccess, data }));
      pictures += 1;
    }
    const dir = mkdtempSync(path.join(tmpdir(), "openlive-splice-repeat-"));
    try {
      const source = path.join(dir, "source.ts");
      const encoded = path.join(dir, "encoded.ts");
      writeFileSync(source, Buffer.concat(packets));
      // The encoder's video chain: fps filter first, libx264 writing the SEI back, cfr.
      const encode = await run("ffmpeg", ["-v", "error", "-i", source, "-vf", "fps=25", "-c:v", "libx264", "-preset", "ultrafast", "-udu_sei", "1", "-fps_mode:v", "cfr", "-f", "mpegts", "-y", encoded]);
      assert.ok(encode, "ffmpeg encoded the marked source");
      const fromEncoder = markedPictures(readFileSync(encoded));
      assert.equal(fromEncoder.length, 1 + GAP_FRAMES, `the encoder repeats the marked picture to fill the gap: ${JSON.stringify(fromEncoder)}`);
      assert.ok(fromEncoder.every((picture) => picture.marks.length === 1 && picture.marks[0] === mark), "one splice, repeated");

      const inserter = scte35Inserter(log, 500);
      const input = readFileSync(encoded);
      const passed = Buffer.concat([inserter.push(input), inserter.flush()]);
      const marked = markedPictures(passed);
      assert.equal(marked.length, 1, "one marked picture in the output");
      assert.equal(marked[0]!.pts90k, Math.min(...fromEncoder.map((picture) => picture.pts90k)), "the first one: the splice's own picture");
      const sections = demux(passed).flatMap((event) => (event.type === "scte35" ? [event.section] : []));
      assert.equal(sections.length, 1, "one section");
      const parsed = parseSpliceInfoSection(sections[0]!);
      assert.ok(parsed.ok);
      assert.equal(spliceTimeOf(parsed.section), marked[0]!.pts90k % 2 ** 33);
      writeFileSync(path.join(dir, "passed.ts"), passed);
      const frames = await run("ffprobe", ["-v", "error", "-select_streams", "v", "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path.join(dir, "passed.ts")]);
      const encodedFrames = await run("ffprobe", ["-v", "error", "-select_streams", "v", "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", encoded]);
      assert.equal(Number(frames?.toString().trim()), Number(encodedFrames?.toString().trim()), "every picture still decodes after the marks are retired");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
