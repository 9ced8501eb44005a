// Runs Debian ffmpeg (a few frames at 320x180).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { FedGop, makePausePicture } from "../../../../src/pipeline/program/pause-picture.ts";
import type { ProgramLayout } from "../../../../src/pipeline/program/program-layout.ts";

const layout: ProgramLayout = { videoCodec: "H264", width: 320, height: 180, frameRate: { num: 30, den: 1 }, audio: [] };
const dir = mkdtempSync(path.join(tmpdir(), "openlive-pause-picture-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Centre pixel (RGB) of the one picture in an MPEG-TS or raw H.264 file. */
function centre(file: string): number[] {
  const run = spawnSync("ffmpeg", ["-v", "error", "-i", file, "-frames:v", "1", "-vf", "crop=2:2:159:89", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]);
  assert.equal(run.status, 0, run.stderr.toString());
  return [...run.stdout.subarray(0, 3)];
}

describe("pause picture", () => {
  it("is the last picture in display order of the fed GOP (B-frames reordered), all-intra, at the layout's size", async () => {
    // 9 red pictures then 1 blue one, one GOP with B-frames: the blue one is last shown, not last decoded.
    const es = path.join(dir, "gop.h264");
    const make = spawnSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "color=c=red:s=640x360:r=30:d=0.3[r];color=c=blue:s=640x360:r=30:d=0.034[b];[r][b]concat=n=2:v=1:a=0", "-c:v", "libx264", "-g", "100", "-bf", "2", "-pix_fmt", "yuv420p", "-f", "h264", es]);
    assert.equal(make.status, 0, make.stderr.toString());
    const picture = await makePausePicture({ layout, gop: [readFileSync(es)], workDir: dir });
    const out = path.join(dir, "pause.h264");
    writeFileSync(out, picture);
    const [r, g, b] = centre(out);
    assert.ok(b! > 200 && r! < 60 && g! < 60, `blue, not red: ${[r, g, b]}`);
    const probe = spawnSync("ffprobe", ["-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", out], { encoding: "utf8" });
    assert.equal(probe.stdout.trim(), "320,180");
  });

  it("keeps the pictures since the last keyframe", () => {
    const gop = new FedGop();
    gop.picture(new Uint8Array([1]), false);
    assert.deepEqual(gop.snapshot(), [], "nothing before a keyframe");
    gop.picture(new Uint8Array([2]), true);
    gop.picture(new Uint8Array([3]), false);
    assert.deepEqual(gop.snapshot().map((p) => p[0]), [2, 3]);
    gop.picture(new Uint8Array([4]), true);
    assert.deepEqual(gop.snapshot().map((p) => p[0]), [4]);
  });
});
