import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { AccessUnit } from "../../../src/media/types.ts";
import { MediaAnalyser, type MediaAnalyserOptions } from "../../../src/pipeline/analysis/media-analyser.ts";
import { SILENCE_DBFS } from "../../../src/pipeline/analysis/picture-level.ts";
import { accessUnitsOfTsFile, ffmpegSync } from "../../helpers/ts-file.ts";
import { until } from "../../helpers/until.ts";

/** 2 s red + tone, then 2 s black + silence; H.264 with a keyframe every 12 frames, AAC. */
function makeFixture(dir: string): string {
  const file = path.join(dir, "red-black.ts");
  ffmpegSync([
    "-f", "lavfi", "-i", "color=red:size=320x180:rate=25:duration=2",
    "-f", "lavfi", "-i", "color=black:size=320x180:rate=25:duration=2",
    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=2",
    "-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo:d=2",
    "-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0[v];[2:a]aformat=channel_layouts=stereo[tone];[tone][3:a]concat=n=2:v=0:a=1[a]",
    "-map", "[v]", "-map", "[a]",
    "-c:v", "libx264", "-preset", "ultrafast", "-g", "12", "-c:a", "aac", "-b:a", "96k", "-f", "mpegts", file,
  ]);
  return file;
}


/** Pushes the units paced by their DTS at `speed` × real time. */
async function pushPaced(analyser: MediaAnalyser, units: readonly AccessUnit[], speed: number): Promise<void> {
  const firstDts = units[0]!.dts90k;
  const started = Date.now();
  for (const unit of units) {
    const dueMs = (unit.dts90k - firstDts) / 90 / speed;
    const waitMs = started + dueMs - Date.now();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    analyser.push(unit);
  }
}

interface Observed {
  readonly pictures: boolean[];
  readonly audio: number[];
}

function makeAnalyser(observed: Observed, extra: Partial<MediaAnalyserOptions> = {}): MediaAnalyser {
  return new MediaAnalyser({
    videoCodec: "H264",
    audioCodec: "AAC",
    blackDetectThreshold: 0.1,
    onPicture: (black) => observed.pictures.push(black),
    onAudio: (peakDbfs) => observed.audio.push(peakDbfs),
    backoff: { initialMs: 50, maxMs: 200, healthyAfterMs: 10_000 },
    ...extra,
  });
}

describe("MediaAnalyser (Debian ffmpeg)", () => {
  let dir: string;
  let units: AccessUnit[];

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "openlive-analysis-"));
    units = accessUnitsOfTsFile(makeFixture(dir));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("sees the red pictures as not black, the black ones as black, the tone as sound and the rest as silence", async () => {
    const observed: Observed = { pictures: [], audio: [] };
    const analyser = makeAnalyser(observed);
    try {
      const keyframes = units.filter((u) => u.kind === "video" && u.keyframe).length;
      await pushPaced(analyser, units, 2);
      // Every picture comes out without waiting for a later one: the last keyframe too.
      await until("every keyframe analysed", () => (observed.pictures.length >= keyframes ? true : undefined), 10_000);
      assert.equal(observed.pictures.length, keyframes, "one picture per keyframe, no more");
      const firstBlack = observed.pictures.indexOf(true);
      assert.ok(firstBlack >= 3, `the red pictures come first: ${observed.pictures}`);
      assert.ok(observed.pictures.slice(firstBlack).every(Boolean), `then only black: ${observed.pictures}`);
      assert.ok(observed.pictures.length - firstBlack >= 3, `several black pictures: ${observed.pictures}`);

      // 4 s of audio in 100 ms blocks; the decoder's delay shifts the boundary a little.
      await until("the audio analysed", () => (observed.audio.length >= 36 ? true : undefined), 10_000);
      const tone = observed.audio.slice(2, 16);
      const silence = observed.audio.slice(-14);
      assert.ok(tone.every((dbfs) => dbfs > SILENCE_DBFS), `tone louder than -50 dBFS: ${tone}`);
      assert.ok(silence.every((dbfs) => dbfs <= SILENCE_DBFS), `silence at or under -50 dBFS: ${silence}`);
      const stats = analyser.stats;
      assert.equal(stats.spawns, 1, "video and audio gathered into the first child's program");
      assert.equal(stats.restarts, 0);
      assert.equal(stats.unitsDropped, 0);
      assert.ok(stats.bytesWritten > 0);
    } finally {
      await analyser.close();
    }
  });

  it("survives garbage and a killed child: restarts it and keeps analysing", async () => {
    const observed: Observed = { pictures: [], audio: [] };
    const warnings: unknown[] = [];
    const analyser = makeAnalyser(observed, { logger: { warn: (...args: unknown[]) => warnings.push(args), debug: () => {} } as never });
    try {
      const garbage = new Uint8Array(4000);
      for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) & 0xff;
      analyser.push({ trackId: 256, kind: "video", codec: "H264", pts90k: 0, dts90k: 0, keyframe: true, data: garbage });
      analyser.push({ trackId: 257, kind: "audio", codec: "AAC", pts90k: 0, dts90k: 0, keyframe: true, data: garbage });
      const firstHalf = units.filter((u) => u.dts90k - units[0]!.dts90k < 2 * 90_000);
      await pushPaced(analyser, firstHalf, 4);
      const firstPid = await until("a child", () => analyser.pid);
      await until("pictures despite the garbage", () => (observed.pictures.length > 0 ? true : undefined), 10_000);

      process.kill(firstPid, "SIGKILL");
      await until("the child restarted", () => (analyser.stats.restarts === 1 && analyser.pid !== undefined && analyser.pid !== firstPid ? true : undefined), 10_000);
      assert.equal(warnings.length, 1, "the death was logged");

      const before = observed.pictures.length;
      const secondHalf = units.filter((u) => u.dts90k - units[0]!.dts90k >= 2 * 90_000);
      await pushPaced(analyser, secondHalf, 4);
      await until("pictures from the new child", () => (observed.pictures.length > before ? true : undefined), 10_000);
      assert.ok(observed.pictures.slice(before).every(Boolean), "the black half is black");
    } finally {
      await analyser.close();
      await analyser.close(); // idempotent
    }
    assert.equal(analyser.pid, undefined);
    analyser.push(units[0]!); // ignored after close
    assert.equal(analyser.stats.restarts, 1);
  });

  it("starts video-only and restarts with audio when audio shows up later", async () => {
    const observed: Observed = { pictures: [], audio: [] };
    const analyser = makeAnalyser(observed);
    try {
      const base = units[0]!.dts90k;
      const videoFirst = units.filter((u) => u.kind === "video" || u.dts90k - base >= 90_000);
      await pushPaced(analyser, videoFirst, 4);
      await until("audio analysed", () => (observed.audio.length > 0 ? true : undefined), 10_000);
      assert.equal(analyser.stats.spawns, 2, "one child for video, one for video + audio");
      assert.equal(analyser.stats.restarts, 0, "a wider program is not a failure");
    } finally {
      await analyser.close();
    }
  });
});
