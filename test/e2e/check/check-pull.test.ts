// `./openlive check` pulling: a live HLS source (ffmpeg -f hls into a temp folder, served by
// a local node:http origin) passes; a dead URL fails with the reason; an RTMP push passes.

import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { ChildProcess } from "node:child_process";
import { freeTcpPort, killAndWait, liveHlsArgs, MediaFixtures, spawnLiveEncoder, waitForFile } from "../../helpers/media-fixtures.ts";
import { failingLines, ffmpegUpstream, H264_AAC, lineOf, runOpenliveCheck } from "./check-process.ts";

describe("openlive check: pull sources and RTMP push", { timeout: 90_000 }, () => {
  const fixtures = new MediaFixtures("openlive-check-");
  let encoder: ChildProcess | undefined;
  before(() => {
    encoder = spawnLiveEncoder(liveHlsArgs(fixtures.path("live")));
  });
  after(async () => {
    await killAndWait(encoder);
    await fixtures.close();
  });

  it("a live HLS source served over HTTP passes (exit 0)", async () => {
    await waitForFile(path.join(fixtures.path("live"), "index.m3u8"), (text) => (text.match(/#EXTINF/g)?.length ?? 0) >= 3, 20_000);
    const origin = await fixtures.serveHttp();
    const outcome = await runOpenliveCheck([`${origin.url}/live/index.m3u8`, "--seconds", "4", "--json"]);
    assert.equal(outcome.code, 0, outcome.stdout + outcome.stderr);
    assert.deepEqual(failingLines(outcome.report), []);
    assert.equal(outcome.report?.inputType, "URL_PULL");
    assert.match(lineOf(outcome.report, "direction").detail, /^pull: openlive connects to the source; it answered and media flowed/);
    assert.match(lineOf(outcome.report, "video.codec").detail, /^H\.264/);
    assert.match(lineOf(outcome.report, "addresses").detail, /no input security group/);
  });

  it("a dead pull URL fails the push-or-pull line with the reason", async () => {
    const port = await freeTcpPort();
    const outcome = await runOpenliveCheck([`http://127.0.0.1:${port}/live/index.m3u8`, "--seconds", "4", "--timeout-ms", "2000", "--json"]);
    assert.equal(outcome.code, 1, outcome.stdout + outcome.stderr);
    assert.deepEqual(failingLines(outcome.report), ["direction@1"]);
    assert.equal(lineOf(outcome.report, "direction").detail, `pull: http://127.0.0.1:${port}/live/index.m3u8 is not ready: connection refused`);
  });

  it("an RTMP push of H.264 + AAC on app/instance live/a passes", async () => {
    const port = await freeTcpPort();
    const outcome = await runOpenliveCheck([`rtmp://127.0.0.1:${port}/live/a`, "--seconds", "4", "--json"], {
      listeners: 1,
      whenListening: () => [ffmpegUpstream([...H264_AAC, "-f", "flv", `rtmp://127.0.0.1:${port}/live/a`])],
    });
    assert.equal(outcome.code, 0, outcome.stdout + outcome.stderr);
    assert.equal(outcome.report?.inputType, "RTMP_PUSH");
    assert.equal(lineOf(outcome.report, "protocol").verdict, "pass");
    assert.match(lineOf(outcome.report, "video.gop").detail, /^a keyframe every 25 pictures/);
  });
});
