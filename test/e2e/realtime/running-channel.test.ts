// A STANDARD channel on an RTP_PUSH input, end to end with real parts: two ffmpeg
// upstreams push to the two endpoints, the JS SDK starts the channel (ChannelRunning
// waiter), both pipelines publish HLS to their own folders, ffprobe checks a segment,
// hls.js in Chromium plays from openlive's origin, a SIGKILLed pipeline recovers alone,
// a dead upstream is covered by fill, and StopChannel leaves no process behind.

import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import {
  CreateInputCommand,
  DescribeChannelCommand,
  DescribeThumbnailsCommand,
  ListAlertsCommand,
  StartChannelCommand,
  StopChannelCommand,
  type MediaLiveClient,
} from "@aws-sdk/client-medialive";
import { createChannelId, createIsgId, waitForChannelRunning, waitForChannelStopped } from "../../helpers/channel-lifecycle.ts";
import { launchHlsPlayerAhead, type PlayerLaunch } from "../../helpers/hls-player.ts";
import path from "node:path";
import { makeOutputDir, originUrlOf, startOpenlive, TEST_OUTPUT_ROOT, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";
import { rawRequest } from "../../helpers/signed-fetch.ts";
import { EXAMPLE } from "../../helpers/channel-fixtures.ts";

/** A constant-bitrate test pattern, so the two redundant upstreams match (the seed page's ±10 % rule). */
function pushTestPattern(url: string, size = "640x360"): ChildProcess {
  return spawn(
    "ffmpeg",
    ["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", `testsrc2=size=${size}:rate=30`, "-f", "lavfi", "-i", "sine=frequency=440", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-b:v", "800k", "-maxrate", "800k", "-bufsize", "400k", "-x264-params", "nal-hrd=cbr", "-c:a", "aac", "-b:a", "96k", "-f", "rtp_mpegts", url],
    { stdio: "ignore" },
  );
}

function mediaSequence(playlist: string): number {
  return Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(playlist)?.[1] ?? Number.NaN);
}

function lastSegmentNumber(playlist: string): number {
  const names = playlist.split("\n").filter((line) => line.endsWith(".ts"));
  return Number(/_(\d+)\.ts$/.exec(names.at(-1) ?? "")?.[1] ?? Number.NaN);
}


function pipelinePids(channelId: string): Map<number, number> {
  const pids = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      // The worker sets its title, which replaces its command line: `openlive-pipeline <channelId> <pipeline>`.
      const match = new RegExp(`^openlive-pipeline ${channelId} (\\d)`).exec(cmdline);
      if (match) pids.set(Number(match[1]), Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

function processesMentioning(text: string): number {
  let count = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmdline.includes(text) && !cmdline.includes("node --test")) count += 1;
    } catch {
      // gone
    }
  }
  return count;
}

describe("a running STANDARD channel (RTP push, two pipelines, HLS)", { timeout: 240_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let player: PlayerLaunch;
  let channelId: string;
  let outDir: string;
  let endpoints: string[];
  let inputId: string;
  /** DescribeInput as raw JSON: the SDK drops members it does not know, such as openlive's detectedProperties. */
  const fetchSignedDescribeInput = async (): Promise<unknown> => {
    const response = await rawRequest(openlive, { method: "GET", path: `/prod/inputs/${inputId}` });
    assert.equal(response.status, 200);
    return response.json;
  };
  const upstreams: ChildProcess[] = [];

  before(async () => {
    openlive = await startOpenlive({ ownPushPorts: true });
    client = sdkClient(openlive);
    player = launchHlsPlayerAhead();
    const input = await client.send(new CreateInputCommand({ Name: "rtp-in", Type: "RTP_PUSH", InputSecurityGroups: [await createIsgId(client)] }));
    endpoints = input.Input!.Destinations!.map((d) => d.Url!);
    inputId = input.Input!.Id!;
    outDir = makeOutputDir("openlive-hls-");
    const channel = JSON.parse(EXAMPLE) as Record<string, any>;
    channel.ChannelClass = "STANDARD";
    channel.InputAttachments[0].InputId = input.Input!.Id;
    channel.Destinations[0].Settings = [{ Url: `file://${outDir}/p0/live` }, { Url: `file://${outDir}/p1/live` }];
    channel.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.SegmentLength = 2;
    channel.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.RedundantManifest = "ENABLED";
    channel.EncoderSettings.GlobalConfiguration = { InputLossBehavior: { RepeatFrameMsec: 500, BlackFrameMsec: 1000, InputLossImageType: "COLOR", InputLossImageColor: "336699" } };
    channel.EncoderSettings.VideoDescriptions[0].Width = 640;
    channel.EncoderSettings.VideoDescriptions[0].Height = 360;
    channel.EncoderSettings.VideoDescriptions[0].CodecSettings.H264Settings.Bitrate = 800_000;
    channelId = await createChannelId(client, channel);
    for (const url of endpoints) upstreams.push(pushTestPattern(url));
  });

  after(async () => {
    for (const upstream of upstreams) upstream.kill("SIGKILL");
    await player?.close();
    await openlive?.stop();
    assert.equal(pipelinePids(channelId).size, 0, "no pipeline outlives openlive");
  });

  it("starts: STARTING, then RUNNING with both pipelines (ChannelRunning waiter)", async () => {
    const started = await client.send(new StartChannelCommand({ ChannelId: channelId }));
    assert.equal(started.State, "STARTING");
    await waitForChannelRunning(client, channelId);
    const described = await client.send(new DescribeChannelCommand({ ChannelId: channelId }));
    assert.equal(described.State, "RUNNING");
    assert.equal(described.PipelinesRunningCount, 2);
    assert.deepEqual(
      described.PipelineDetails?.map((p) => [p.PipelineId, p.ActiveInputAttachmentName]),
      [
        ["0", "main"],
        ["1", "main"],
      ],
    );
    const pids = pipelinePids(channelId);
    assert.equal(pids.size, 2, "one OS process per pipeline");
    const title = readFileSync(`/proc/${pids.get(0)}/comm`, "utf8").trim();
    assert.match(title, /^openlive-pipeli/, "process title (comm is cut at 15 characters)");
  });

  it("publishes HLS with MediaLive's names at both destinations, redundant master, right codecs", async () => {
    for (const pipeline of ["p0", "p1"]) {
      await until(`3 segments in ${pipeline}`, () => {
        const file = `${outDir}/${pipeline}/live_720p.m3u8`;
        return existsSync(file) && readFileSync(file, "utf8").split("\n").filter((l) => l.endsWith(".ts")).length >= 3 ? true : undefined;
      });
    }
    const master = readFileSync(`${outDir}/p0/live.m3u8`, "utf8");
    assert.match(master, /^live_720p\.m3u8$/m);
    assert.match(master, /^\.\.\/p1\/live_720p\.m3u8$/m, "redundant manifest lists pipeline 1's variant");
    assert.match(master, /RESOLUTION=640x360/);
    const segment = readdirSync(`${outDir}/p1`).filter((f) => /^live_720p_\d{5}\.ts$/.test(f)).sort()[0]!;
    const probe = spawnSync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,width,height,sample_rate", "-of", "json", `${outDir}/p1/${segment}`], { encoding: "utf8" });
    const streams = (JSON.parse(probe.stdout) as { streams: { codec_name: string; width?: number; height?: number; sample_rate?: string }[] }).streams;
    assert.deepEqual(
      streams.map((s) => s.codec_name),
      ["h264", "aac"],
    );
    assert.equal(streams[0]!.width, 640);
    assert.equal(streams[0]!.height, 360);
    assert.equal(streams[1]!.sample_rate, "48000");
  });

  it("plays in Chromium with hls.js from openlive's origin", async () => {
    // The player stops once the 8 s the test checks have played (10 s stays the limit).
    const report = await (await player.ready).play(originUrlOf(openlive, `${outDir}/p0`, "live.m3u8"), { watchMs: 10_000, untilPlayedSeconds: 8 });
    assert.deepEqual(report.fatalErrors, [], JSON.stringify(report));
    assert.ok(report.playedSeconds >= 8, `played ${report.playedSeconds} s of 10`);
    assert.equal(report.videoWidth, 640);
    const outside = await fetch(`${openlive.originUrl}/etc/passwd`);
    assert.equal(outside.status, 404, "the origin serves channel folders only");
    // fetch() would normalise "..": send it raw, as a client that means it would.
    for (const climbing of [`/${path.basename(TEST_OUTPUT_ROOT)}/../../etc/passwd`, `/${path.basename(TEST_OUTPUT_ROOT)}/%2e%2e/%2e%2e/etc/passwd`]) {
      const answer = await rawRequest({ url: openlive.originUrl, credentials: openlive.credentials }, { method: "GET", path: climbing, sign: false });
      assert.equal(answer.status, 404, `the origin never leaves the output root (${climbing})`);
    }
    const oldOrigin = await fetch(`${openlive.url}/origin${outDir}/p0/live.m3u8`);
    assert.equal(oldOrigin.status, 404, "the API port serves no files");
  });

  it("returns a current thumbnail per pipeline", async () => {
    const thumbnails = await until("a thumbnail", async () => {
      const answer = await client.send(new DescribeThumbnailsCommand({ ChannelId: channelId, PipelineId: "0", ThumbnailType: "CURRENT_ACTIVE" }));
      return answer.ThumbnailDetails?.[0]?.Thumbnails?.length ? answer : undefined;
    });
    const jpeg = Buffer.from(thumbnails.ThumbnailDetails![0]!.Thumbnails![0]!.Body!, "base64");
    assert.equal(jpeg[0], 0xff);
    assert.equal(jpeg[1], 0xd8, "JPEG SOI");
  });

  // Known defect: the restarted pipeline's segment numbers can run ahead, scrolling the discontinuity out.
  it("a SIGKILLed pipeline: RECOVERING, the other keeps publishing, then RUNNING again by itself", async () => {
    const before1 = lastSegmentNumber(readFileSync(`${outDir}/p1/live_720p.m3u8`, "utf8"));
    const playlistBefore0 = readFileSync(`${outDir}/p0/live_720p.m3u8`, "utf8");
    const before0 = mediaSequence(playlistBefore0);
    const lastBefore0 = lastSegmentNumber(playlistBefore0);
    const pid0 = pipelinePids(channelId).get(0)!;
    process.kill(pid0, "SIGKILL");
    await until("RECOVERING", async () => ((await client.send(new DescribeChannelCommand({ ChannelId: channelId }))).State === "RECOVERING" ? true : undefined), 10_000);
    const recovering = await client.send(new DescribeChannelCommand({ ChannelId: channelId }));
    assert.equal(recovering.PipelinesRunningCount, 1);
    await waitForChannelRunning(client, channelId);
    assert.notEqual(pipelinePids(channelId).get(0), pid0, "a new process runs pipeline 0");
    await until("pipeline 1 published meanwhile", () => (lastSegmentNumber(readFileSync(`${outDir}/p1/live_720p.m3u8`, "utf8")) > before1 + 1 ? true : undefined));
    const playlist0 = await until("pipeline 0 publishes again", () => {
      const text = readFileSync(`${outDir}/p0/live_720p.m3u8`, "utf8");
      // The killed pipeline's encoder flushes at most one more segment; two more come from the new one.
      return lastSegmentNumber(text) > lastBefore0 + 2 ? text : undefined;
    });
    assert.ok(mediaSequence(playlist0) >= before0, "the media sequence never goes back");
    assert.match(playlist0, /#EXT-X-DISCONTINUITY/);
  });

  // Known defect: after a loss the encoder sometimes publishes segments faster than real time.
  it("an upstream that dies is covered by input-loss fill: segments keep coming, an alert is set", async () => {
    upstreams[0]!.kill("SIGKILL");
    const alerts = await until("the input-loss alert", async () => {
      const set = await client.send(new ListAlertsCommand({ ChannelId: channelId, StateFilter: "SET" }));
      return set.Alerts?.some((a) => a.AlertType === "Video Not Detected" && a.PipelineId === "0") ? set : undefined;
    }, 10_000);
    assert.ok(!alerts.Alerts?.some((a) => a.AlertType === "Video Not Detected" && a.PipelineId === "1"), "pipeline 1's upstream still pushes");
    // The fed stream is paced by the wall clock; the encoder may catch up a backlog it had while live (fill pictures
    // are cheap to encode), so count segments over a longer window: they keep coming, and no faster than time allows.
    const segmentNow = (): number => lastSegmentNumber(readFileSync(`${outDir}/p0/live_720p.m3u8`, "utf8"));
    const fromMs = Date.now();
    const fromSegment = segmentNow();
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    const made = segmentNow() - fromSegment;
    const elapsedSegments = (Date.now() - fromMs) / 2_000;
    assert.ok(made >= 3, `${made} segments in ${elapsedSegments * 2} s of input loss: the output keeps publishing`);
    assert.ok(made <= elapsedSegments + 2, `${made} segments of 2 s in ${elapsedSegments * 2} s: fill is paced by time (at most a 2-segment catch-up)`);
    const during = readFileSync(`${outDir}/p0/live_720p.m3u8`, "utf8");
    for (const duration of [...during.matchAll(/#EXTINF:([\d.]+)/g)].map((m) => Number(m[1])).slice(-4)) assert.ok(Math.abs(duration - 2) < 0.1, `fill segments last 2 s (${duration})`);
    // The upstream comes back (at another resolution): the alert clears, and the two sources now differ.
    upstreams[0] = pushTestPattern(endpoints[0]!, "480x270");
    await until("the alert clears", async () => {
      const all = await client.send(new ListAlertsCommand({ ChannelId: channelId, StateFilter: "ALL" }));
      return all.Alerts?.some((a) => a.AlertType === "Video Not Detected" && a.PipelineId === "0" && a.State === "CLEARED") ? true : undefined;
    });
  });

  it("shows what each pipeline detects on its source (DescribeInput detectedProperties) and flags sources that differ", async () => {
    // A source that just (re)started may first differ only in bitrate (no picture size yet);
    // the alert then names the differences seen last once they persist.
    let lastMessage = "";
    const alert = await until("the redundant-sources alert naming the resolution", async () => {
      const set = await client.send(new ListAlertsCommand({ ChannelId: channelId, StateFilter: "SET" }));
      const found = set.Alerts?.filter((a) => a.AlertType === "Redundant Sources Differ") ?? [];
      assert.ok(found.length <= 1, `one redundant-sources alert per input: ${JSON.stringify(found)}`);
      lastMessage = found[0]?.Message ?? lastMessage;
      return /resolution/.test(found[0]?.Message ?? "") ? found[0] : undefined;
    }).catch((error: Error) => assert.fail(`${error.message}; last message: ${lastMessage}`));
    assert.match(alert.Message ?? "", /resolution 480x270 vs 640x360/);
    const described = (await fetchSignedDescribeInput()) as { detectedProperties?: { pipelineId: string; video: { codec: string; width: number; height: number }[]; audio: { codec: string }[] }[] };
    assert.deepEqual(
      described.detectedProperties?.map((d) => [d.pipelineId, d.video[0]?.codec, d.video[0]?.width, d.video[0]?.height, d.audio[0]?.codec]),
      [
        ["0", "H264", 480, 270, "AAC"],
        ["1", "H264", 640, 360, "AAC"],
      ],
    );
  });

  it("stops: STOPPING, then IDLE with no pipeline or encoder process left (ChannelStopped waiter)", async () => {
    const stopping = await client.send(new StopChannelCommand({ ChannelId: channelId }));
    assert.equal(stopping.State, "STOPPING");
    await waitForChannelStopped(client, channelId);
    assert.equal(pipelinePids(channelId).size, 0);
    assert.equal(processesMentioning(`${outDir}/p0/live_720p.m3u8`), 0, "the encoder of pipeline 0 is gone");
    assert.equal(processesMentioning(`${outDir}/p1/live_720p.m3u8`), 0, "the encoder of pipeline 1 is gone");
    const idle = await client.send(new DescribeChannelCommand({ ChannelId: channelId }));
    assert.equal(idle.PipelinesRunningCount, 0);
    const stillSet = await client.send(new ListAlertsCommand({ ChannelId: channelId, StateFilter: "SET" }));
    assert.deepEqual(stillSet.Alerts, [], "alerts clear when the channel stops");
    const described = (await fetchSignedDescribeInput()) as { detectedProperties?: unknown; state?: string };
    assert.equal(described.state, "ATTACHED");
    assert.equal(described.detectedProperties, undefined, "nothing reads the input any more, so nothing is detected on it");
  });
});
