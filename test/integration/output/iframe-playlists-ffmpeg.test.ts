// I-frame-only playlists over what planEncoder's arguments make Debian ffmpeg write: a 4 s
// 320x180 H.264+AAC MPEG-TS fed on stdin, 1 s segments; every listed byte range must decode
// on its own as exactly one key picture.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createReadStream, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import * as HLS from "hls-parser";
import pino from "pino";
import { planEncoder, type EncoderPlan } from "../../../src/output/encoder/encoder-plan.ts";
import { ContinuityPublisher } from "../../../src/output/hls/continuity-publisher.ts";
import { IFramePlaylists } from "../../../src/output/hls/iframe-playlists.ts";
import { MediaFixtures } from "../../helpers/media-fixtures.ts";
import { ffmpegSync } from "../../helpers/ts-file.ts";
import { fileDestination, h264Video, hlsOutput, minimalHls, planRequest } from "../../unit/output/encoder/encoder-fixtures.ts";

/** Feeds `source` to the plan's ffmpeg on stdin until it exits. */
function runPlan(plan: EncoderPlan, source: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn("ffmpeg", [...plan.args], { stdio: ["pipe", "ignore", "ignore", "ignore"] });
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.stdin!.on("error", () => undefined);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      // The encoder writes its own playlist copies; the pipeline publishes the players' ones (as here).
      void new ContinuityPublisher(pino({ level: "silent" })).refresh(plan).then(() => resolve(code), reject);
    });
    createReadStream(source).pipe(child.stdin!);
  });
}

describe("I-frame playlists of planEncoder's output", { timeout: 60_000 }, () => {
  let fixtures: MediaFixtures;
  let out: string;
  let plan: EncoderPlan;

  before(async () => {
    fixtures = new MediaFixtures("openlive-iframes-");
    const source = fixtures.path("source.ts");
    ffmpegSync(["-f", "lavfi", "-i", "testsrc=size=320x180:rate=30:duration=4", "-f", "lavfi", "-i", "sine=sample_rate=48000:duration=4", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-c:a", "aac", "-f", "mpegts", source]);
    const config = minimalHls();
    config.encoderSettings.videoDescriptions = [h264Video("small", 320, 180, { rateControlMode: "CBR", bitrate: 300000, gopSize: 1 })];
    config.encoderSettings.outputGroups[0].outputs = [hlsOutput("small", "small", "_small")];
    Object.assign(config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings, { segmentLength: 1, iFrameOnlyPlaylists: "STANDARD" });
    out = fixtures.path("out");
    mkdirSync(out, { recursive: true });
    plan = planEncoder({ ...planRequest(config, { hls: fileDestination(out) }), fed: { videoCodec: "H264", width: 320, height: 180, frameRate: { num: 30, den: 1 }, audioSelectorNames: ["default"] }, thumbnailFile: fixtures.path("thumb.jpg") });
    assert.equal(await runPlan(plan, source), 0);
  });

  after(async () => {
    await fixtures?.close();
  });

  it("lists every segment of the media playlist by a range that decodes as one key picture", async () => {
    await new IFramePlaylists().refresh(plan);
    const media = HLS.parse(readFileSync(path.join(out, "index_small.m3u8"), "utf8")) as HLS.types.MediaPlaylist;
    const iFrames = HLS.parse(readFileSync(path.join(out, "index_small_iframes.m3u8"), "utf8")) as HLS.types.MediaPlaylist;
    assert.ok(iFrames.isIFrame);
    assert.ok(media.segments.length >= 3, `${media.segments.length} segments`);
    assert.deepEqual(iFrames.segments.map((segment) => segment.uri), media.segments.map((segment) => segment.uri));
    for (const segment of iFrames.segments) {
      const { offset, length } = segment.byterange!;
      const bytes = readFileSync(path.join(out, segment.uri)).subarray(offset, offset + length);
      const probe = spawnSync("ffprobe", ["-v", "error", "-f", "mpegts", "-select_streams", "v", "-show_entries", "frame=key_frame,pict_type", "-of", "json", "pipe:0"], { input: bytes, encoding: "utf8" });
      const frames = (JSON.parse(probe.stdout) as { frames: { key_frame: number; pict_type: string }[] }).frames;
      assert.deepEqual(frames.map((frame) => [frame.key_frame, frame.pict_type]), [[1, "I"]], `${segment.uri} ${length}@${offset}`);
    }
  });
});
