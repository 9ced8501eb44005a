// RTMP_PULL, MP4_FILE and TS_FILE: a supervised Debian ffmpeg remuxes to MPEG-TS on
// stdout (RTMP_PULL: the FLV openlive's RTMP player pulls). Real sources: ffmpeg as an RTMP
// server (-listen 1) with a live test stream, and
// MP4 / TS files made by ffmpeg. The TS goes through SourceMonitor as a pipeline would see it.

import assert from "node:assert/strict";
import { execFile, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import { after, describe, it } from "node:test";
import type { SupportedInputType } from "../../../src/domain/records.ts";
import { ChildPullSource } from "../../../src/ingest/pull/child-pull-source.ts";
import { PullStates, type PullSourceOptions } from "../../../src/ingest/pull/pull-source.ts";
import { clippingToMs } from "../../../src/pipeline/switching/timecode.ts";
import {
  freeTcpPort,
  killAndWait,
  makeMp4File,
  makeTsFile,
  MediaFixtures,
  spawnLiveEncoder,
  waitForBound,
  waitUntil,
} from "../../helpers/media-fixtures.ts";
import { inputRecord } from "../../helpers/input-record.ts";
import { assertBackAfterReconnect, assertLiveAtRealTime, INPUT_UNAVAILABLE, PullSources, type Pulled } from "../../helpers/pull-fixtures.ts";

const fixtures = new MediaFixtures("openlive-pull-ffmpeg-");
const sources = new PullSources();
const servers: ChildProcess[] = [];
after(async () => {
  await sources.close();
  await Promise.all(servers.map((child) => killAndWait(child)));
  await fixtures.close();
});

function pull(type: SupportedInputType, url: string, options: Partial<PullSourceOptions> = {}): Pulled {
  const input = inputRecord({ id: "7654321", name: type.toLowerCase(), type, sources: [{ url }] });
  return sources.pull({ input, resolveSecret: () => undefined, ...options });
}

async function rtmpServer(port: number): Promise<ChildProcess> {
  const child = spawnLiveEncoder(["-f", "flv", "-listen", "1", `rtmp://127.0.0.1:${port}/live/a`]);
  servers.push(child);
  await waitForBound(port, "tcp", child);
  return child;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("RTMP_PULL, MP4_FILE, TS_FILE through a supervised ffmpeg", { timeout: 90_000 }, () => {
  it("RTMP_PULL: H.264 + AAC at real time; alert when the server dies, reconnect when it is back", async () => {
    const port = await freeTcpPort();
    let server = await rtmpServer(port);
    const pulled = pull("RTMP_PULL", `rtmp://127.0.0.1:${port}/live/a`);
    const { source, alerts } = pulled;
    await assertLiveAtRealTime(pulled);

    const pid = (source as ChildPullSource).childPidForTesting;
    await killAndWait(server);
    await waitUntil(() => alerts.some((alert) => alert.alertType === INPUT_UNAVAILABLE && alert.state === "SET"), "the alert", 10_000);
    assert.equal(source.state, PullStates.RETRYING);
    // The player's reason: the server went away.
    assert.match(alerts[0]!.message, /^rtmp:\/\/127\.0\.0\.1:\d+\/live\/a: (the server closed the connection|read ECONNRESET)$/);

    server = await rtmpServer(port);
    await assertBackAfterReconnect(pulled, "frames from the restarted server");
    assert.notEqual((source as ChildPullSource).childPidForTesting, pid);
    await source.close();
    await source.close();
    assert.equal((source as ChildPullSource).childPidForTesting, undefined);
  });

  it("MP4_FILE with CONTINUE: the file plays once at real time (H.264 turned into Annex B), then ENDED", async () => {
    const file = await makeMp4File(fixtures.path("clip.mp4"), 2);
    const { source, ts, alerts } = pull("MP4_FILE", `file://${file}`, { sourceEndBehavior: "CONTINUE" });
    await waitUntil(() => source.state === PullStates.ENDED, "ENDED", 15_000);
    const snapshot = ts.snapshot();
    // Width and height come from the SPS, which the demuxer finds only in Annex B.
    assert.equal(snapshot.streamInfo.video[0]?.codec, "H264");
    assert.deepEqual([snapshot.streamInfo.video[0]?.width, snapshot.streamInfo.video[0]?.height], [320, 180]);
    assert.equal(snapshot.streamInfo.audio[0]?.codec, "AAC");
    assert.ok(ts.videoFrames.length >= 45 && ts.videoFrames.length <= 55, `frames: ${ts.videoFrames.length}`);
    const spanMs = ts.videoFrames.at(-1)!.atMs - ts.videoFrames[0]!.atMs;
    assert.ok(spanMs >= 1_400, `2 s of video arrived within ${spanMs} ms`);
    assert.equal(alerts.length, 0);
    assert.equal(source.stats.reconnects, 0);
  });

  it("MP4_FILE clipped 00:00:02:00–00:00:04:00 (ZEROBASED, 25 fps): 2 s of the file at real time, then ENDED", async () => {
    // Keyframes every second, so the clip's start (stream copy starts at a keyframe) is exact.
    const file = fixtures.path("clip-gop25.mp4");
    await promisify(execFile)("ffmpeg", [
      ...["-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine", "-t", "6"],
      ...["-c:v", "libx264", "-g", "25", "-c:a", "aac", "-movflags", "+faststart", file],
    ]);
    const clipping = clippingToMs({ inputTimecodeSource: "ZEROBASED", startTimecode: "00:00:02:00", stopTimecode: "00:00:04:00" }, 25);
    const { source, ts } = pull("MP4_FILE", `file://${file}`, { sourceEndBehavior: "CONTINUE", clipping });
    await waitUntil(() => source.state === PullStates.ENDED, "ENDED", 15_000);
    assert.ok(ts.videoFrames.length >= 48 && ts.videoFrames.length <= 53, `frames: ${ts.videoFrames.length} (2 s at 25 fps)`);
    const pts = ts.videoFrames.map((frame) => frame.pts90k);
    const spanS = (Math.max(...pts) - Math.min(...pts)) / 90_000;
    assert.ok(spanS >= 1.9 && spanS <= 2.1, `PTS span ${spanS} s`);
    const arrivalMs = ts.videoFrames.at(-1)!.atMs - ts.videoFrames[0]!.atMs;
    assert.ok(arrivalMs >= 1_400, `delivered at real time: ${arrivalMs} ms`);
  });

  it("a clipped file with LOOP plays the clip again and again (one child per pass, not a reconnect)", async () => {
    const file = await makeTsFile(fixtures.path("loop-clip.ts"), 3);
    const { source, ts, alerts } = pull("TS_FILE", `file://${file}`, { sourceEndBehavior: "LOOP", clipping: { stopMs: 1_000 } });
    await waitUntil(() => source.stats.loops >= 2, "two passes", 15_000);
    assert.equal(source.state, PullStates.RECEIVING);
    assert.equal(source.stats.reconnects, 0);
    assert.equal(alerts.length, 0);
    // Two passes of 1 s (~50 frames), where one pass of the whole 3 s file alone would be 75.
    assert.ok(ts.videoFrames.length >= 45 && ts.videoFrames.length <= 65, `frames: ${ts.videoFrames.length}`);
  });

  it("TS_FILE with LOOP keeps delivering beyond the file's length, timestamps moving on", async () => {
    const file = await makeTsFile(fixtures.path("clip.ts"), 1);
    const { source, ts } = pull("TS_FILE", `file://${file}`, { sourceEndBehavior: "LOOP" });
    await waitUntil(() => ts.videoFrames.length > 0, "video frames", 10_000);
    await sleep(3_500);
    assert.equal(source.state, PullStates.RECEIVING);
    // ~4 s at 25 fps: more than the file holds, and not a burst of many loops.
    assert.ok(ts.videoFrames.length >= 70 && ts.videoFrames.length <= 130, `frames: ${ts.videoFrames.length}`);
    const pts = ts.videoFrames.map((frame) => frame.pts90k);
    const spanS = (Math.max(...pts) - Math.min(...pts)) / 90_000;
    assert.ok(spanS >= 2.5, `PTS span ${spanS} s from a 1 s file`);
    assert.equal(ts.snapshot().usable, true);
    assert.equal(source.stats.reconnects, 0);
  });

  it("a missing file: alert, RETRYING, and restarts with backoff", async () => {
    const { source, alerts } = pull("TS_FILE", `file://${fixtures.path("nowhere.ts")}`);
    await waitUntil(() => alerts.length > 0, "the alert", 10_000);
    assert.equal(alerts[0]!.alertType, INPUT_UNAVAILABLE);
    assert.match(alerts[0]!.message, /No such file or directory/);
    assert.equal(source.state, PullStates.RETRYING);
    await waitUntil(() => source.stats.reconnects >= 2, "two restarts", 10_000);
    // One alert while down, not one per attempt.
    assert.equal(alerts.length, 1);
  });
});
