// SCTE-35 pass-through against the real encoder: a picture carrying a splice mark goes through
// ffmpeg (libx264 with udu_sei, re-timed by -output_ts_offset, as the encoder re-times a
// channel's program), the output TS goes through the SCTE-35 inserter, and ffprobe lists the
// scte_35 stream on the PID while the section's splice time is the marked picture's PTS in the
// output.

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

const SCTE35_PID = 500;
const MARKED_PICTURE = 10;

describe("SCTE-35 pass-through through the real encoder", () => {
  it("ffprobe lists the scte_35 stream on its PID and the splice time is the marked picture's PTS after re-timing", async (t) => {
    const capture = (await makeCaptures(["h264-aac"]))?.get("h264-aac");
    if (!capture) return t.skip("ffmpeg is not available");
    // The source: the capture's video with a splice mark on one picture, and the mark's section (splice at the source's PTS).
    const log = new SpliceMarkLog();
    const { videoPid, pictures: video } = captureVideo(capture);
    const muxer = new TsMuxer({ streams: [{ pid: videoPid, streamType: 0x1b }] });
    const packets: Uint8Array[] = [...muxer.psi(0)];
    let pictures = 0;
    for (const pes of video) {
      let data = pes.data;
      if (pictures === MARKED_PICTURE) {
        const section = writeSpliceInfoSection(spliceSection({ kind: "time_signal", spliceTime: { ptsTime90k: pes.pts90k! } }));
        data = insertSpliceMark("H264", data, log.add({ action: "start", eventId: 1, durationSec: null, section, upid: null }));
      }
      packets.push(...muxer.mux({ trackId: videoPid, pts90k: pes.pts90k!, dts90k: pes.dts90k ?? pes.pts90k!, keyframe: pes.randomAccess, data }));
      pictures += 1;
    }
    assert.ok(pictures > MARKED_PICTURE);
    const dir = mkdtempSync(path.join(tmpdir(), "openlive-scte35-pass-"));
    try {
      const source = path.join(dir, "source.ts");
      const encoded = path.join(dir, "encoded.ts");
      const passed = path.join(dir, "passed.ts");
      writeFileSync(source, Buffer.concat(packets));
      // Re-encoded and re-timed (the output starts 7 s later than the source), keeping the marks.
      const encode = await run("ffmpeg", ["-v", "error", "-i", source, "-c:v", "libx264", "-preset", "ultrafast", "-udu_sei", "1", "-bf", "2", "-output_ts_offset", "7", "-muxrate", "2000000", "-f", "mpegts", "-y", encoded]);
      assert.ok(encode, "ffmpeg encoded the marked source");
      const inserter = scte35Inserter(log, SCTE35_PID);
      const input = readFileSync(encoded);
      writeFileSync(passed, Buffer.concat([inserter.push(input), inserter.flush()]));
      assert.equal(readFileSync(passed).length, input.length, "the CBR mux keeps its size: null packets made room");
      assert.equal(inserter.counters.sectionsInserted, 1);

      const probe = await run("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,id", "-of", "csv=p=0", passed]);
      assert.ok(probe?.toString().split("\n").includes(`scte_35,0x${SCTE35_PID.toString(16)}`), probe?.toString());
      const frames = await run("ffprobe", ["-v", "error", "-select_streams", "v", "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", passed]);
      assert.equal(Number(frames?.toString().trim().split(/\s+/)[0]), pictures, `every picture still decodes: ${frames?.toString()}`);

      // The section's splice time is the PTS of the picture that carries the mark in the output.
      const out = demux(readFileSync(passed));
      const marked = out.flatMap((event) => (event.type === "pes" && event.pes.kind === "video" && spliceMarksIn("H264", event.pes.data).length > 0 ? [event.pes] : []));
      assert.equal(marked.length, 1);
      const sections = out.flatMap((event) => (event.type === "scte35" ? [event.section] : []));
      assert.equal(sections.length, 1);
      const parsed = parseSpliceInfoSection(sections[0]!);
      assert.ok(parsed.ok);
      assert.equal(spliceTimeOf(parsed.section), marked[0]!.pts90k! % 2 ** 33);
      assert.ok(marked[0]!.pts90k! >= 7 * 90_000, "the output's timeline, not the source's");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
