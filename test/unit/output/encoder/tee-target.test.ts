import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { escapeTeeOptionValue, escapeTeeSlave, teeTarget, type TeeSlave } from "../../../../src/output/encoder/tee-target.ts";
import { getToken, parseTeeTarget } from "./tee-parse.ts";

const TRICKY = ["plain", "a:b", "it's", "back\\slash", "pipe|d", "]closing", "%05d", "k=v:k2=v2", "  spaced  ", "a\\:b'c|d]e"];

describe("tee target escaping", () => {
  it("an option value reads back unchanged through ffmpeg's second pass", () => {
    for (const value of TRICKY) {
      const [token, rest] = getToken(`${escapeTeeOptionValue(value)}]tail`, ":]");
      assert.equal(token, value, `value ${JSON.stringify(value)}`);
      assert.equal(rest, "]tail");
    }
  });

  it("a whole slave reads back unchanged through ffmpeg's first pass", () => {
    for (const value of TRICKY) {
      const [token, rest] = getToken(`${escapeTeeSlave(value)}|next`, "|");
      assert.equal(token, value);
      assert.equal(rest, "|next");
    }
  });

  it("slaves keep their format, options, stream selection, onfail=abort and path", () => {
    const slaves: TeeSlave[] = [
      { format: "hls", options: [["hls_segment_options", "mpegts_service_id=3:mpegts_pmt_start_pid=256"], ["hls_segment_filename", "/srv/o:ut/it's|x y/seg_%05d.ts"]], streamIndexes: [1, 3], path: "/srv/o:ut/it's|x y/a.m3u8" },
      { format: "mpegts", options: [], streamIndexes: [0], path: "udp://239.1.1.1:5000?pkt_size=1316" },
    ];
    const parsed = parseTeeTarget(teeTarget(slaves));
    assert.deepEqual(
      parsed.map((slave) => [Object.fromEntries(slave.options), slave.path]),
      [
        [{ f: "hls", hls_segment_options: "mpegts_service_id=3:mpegts_pmt_start_pid=256", hls_segment_filename: "/srv/o:ut/it's|x y/seg_%05d.ts", select: "1,3", onfail: "abort" }, "/srv/o:ut/it's|x y/a.m3u8"],
        [{ f: "mpegts", select: "0", onfail: "abort" }, "udp://239.1.1.1:5000?pkt_size=1316"],
      ],
    );
  });
});

describe("tee target with the real ffmpeg", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "tee-target-"));
  after(() => rmSync(root, { recursive: true, force: true }));

  it("writes each slave's segments under a path with ':', '|', a quote and a space, with its own program number, PMT PID and the shared stream PIDs", () => {
    const folders = [path.join(root, "a:b|c'd e"), path.join(root, "second")];
    for (const folder of folders) mkdirSync(folder);
    const slave = (folder: string, program: number, pmtPid: number, streamIndexes: number[]): TeeSlave => ({
      format: "hls",
      options: [
        ["hls_time", "1"],
        ["start_number", "1"],
        ["hls_segment_options", `mpegts_service_id=${program}:mpegts_pmt_start_pid=${pmtPid}`],
        ["hls_segment_filename", path.join(folder, "seg_%05d.ts")],
      ],
      streamIndexes,
      path: path.join(folder, "index.m3u8"),
    });
    const target = teeTarget([slave(folders[0]!, 7, 480, [0, 2]), slave(folders[1]!, 9, 300, [1, 2])]);
    const run = spawnSync(
      "ffmpeg",
      [
        ...["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=128x72:rate=10:duration=2", "-f", "lavfi", "-i", "sine=duration=2:sample_rate=48000"],
        ...["-filter_complex", "[0:v]split=2[x][y];[y]scale=64:36[z]", "-map", "[x]", "-map", "[z]", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-c:a", "aac"],
        ...["-streamid", "0:481", "-streamid", "1:482", "-streamid", "2:492", "-f", "tee", target],
      ],
      { encoding: "utf8", timeout: 30_000 },
    );
    assert.equal(run.status, 0, run.stderr);
    for (const [k, folder] of folders.entries()) {
      assert.deepEqual(readdirSync(folder).filter((name) => name.endsWith(".ts")).sort(), ["seg_00001.ts", "seg_00002.ts"]);
      const probe = spawnSync("ffprobe", ["-v", "error", "-show_entries", "program=program_id,pmt_pid:stream=id,width", "-of", "json", `file:${path.join(folder, "seg_00001.ts")}`], { encoding: "utf8" });
      const program = JSON.parse(probe.stdout).programs[0];
      assert.deepEqual([program.program_id, program.pmt_pid], k === 0 ? [7, 480] : [9, 300]);
      assert.deepEqual(
        program.streams.map((stream: { id: string; width?: number }) => [stream.id, stream.width ?? null]),
        k === 0 ? [["0x1e1", 128], ["0x1ec", null]] : [["0x1e2", 64], ["0x1ec", null]],
      );
    }
  });
});
