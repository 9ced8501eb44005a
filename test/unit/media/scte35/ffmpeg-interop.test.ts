// Interoperability: the SCTE-35 PID openlive's TsMuxer writes (stream_type 0x86, 'CUEI'
// registration, ANSI/SCTE 35 §8) is what ffmpeg recognises as an scte_35 data stream, and
// ffmpeg hands back the splice_info_section byte for byte.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";

import { TsDemuxer } from "../../../../src/media/mpegts/ts-demuxer.ts";
import { TsMuxer } from "../../../../src/media/mpegts/ts-muxer.ts";
import { scte35PmtStream, scte35ProgramDescriptors } from "../../../../src/media/scte35/scte35-pmt.ts";
import { spliceSection, writeSpliceInfoSection } from "../../../../src/media/scte35/splice-writer.ts";
import { makeCaptures } from "../mpegts/ffmpeg-captures.ts";

const SCTE35_PID = 0x1f0;

function run(command: string, args: readonly string[]): Promise<Buffer | null> {
  return new Promise((resolve) => {
    execFile(command, args, { encoding: "buffer", timeout: 30_000 }, (error, stdout) => resolve(error ? null : stdout));
  });
}

describe("SCTE-35 PID read by ffmpeg", () => {
  it("ffprobe names the PID scte_35 and ffmpeg extracts the section unchanged", async (t) => {
    const capture = (await makeCaptures(["h264-aac"]))?.get("h264-aac");
    if (!capture) return t.skip("ffmpeg is not available");
    const events = new TsDemuxer().push(capture, 0);
    const program = events.find((e) => e.type === "program");
    assert.ok(program?.type === "program");
    const muxer = new TsMuxer({
      streams: [...program.program.streams.map((s) => ({ pid: s.pid, streamType: s.streamType })), scte35PmtStream(SCTE35_PID)],
      programDescriptors: scte35ProgramDescriptors(),
    });
    const packets: Uint8Array[] = [];
    let section: Uint8Array | null = null;
    for (const event of events) {
      if (event.type !== "pes" || event.pes.pts90k === null) continue;
      const { pes } = event;
      packets.push(...muxer.mux({ trackId: pes.pid, pts90k: pes.pts90k ?? 0, dts90k: pes.dts90k ?? pes.pts90k ?? 0, keyframe: pes.randomAccess, data: pes.data }));
      if (!section && pes.kind === "video") {
        section = writeSpliceInfoSection(spliceSection({ kind: "time_signal", spliceTime: { ptsTime90k: (pes.pts90k ?? 0) + 90_000 } }));
        packets.push(...muxer.sections(SCTE35_PID, [section]));
      }
    }
    assert.ok(section);
    const dir = mkdtempSync(path.join(tmpdir(), "openlive-scte35-"));
    try {
      const file = path.join(dir, "with-scte35.ts");
      writeFileSync(file, Buffer.concat(packets));
      const probe = await run("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,id", "-of", "csv=p=0", file]);
      assert.ok(probe?.toString().split("\n").includes(`scte_35,0x${SCTE35_PID.toString(16)}`), probe?.toString());
      const data = await run("ffmpeg", ["-v", "error", "-i", file, "-map", "0:d", "-c", "copy", "-f", "data", "-"]);
      assert.deepEqual(data ? new Uint8Array(data) : null, section);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
