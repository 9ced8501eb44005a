// A MediaPackage output group run for real, shaped as the CDK Live Event Framework's MediaPackage
// v2 channel (a destination naming channelGroup/channelName, video outputs without audio, one
// audio-only output, a frame capture output), at small pictures with 1 s segments: openlive
// has no MediaPackage, so the group publishes to its own origin at
// /origin/mediapackage/<channelGroup>/<channelName>/index.m3u8, and hls.js in Chromium plays it
// from there (a page on another origin: the origin must answer with CORS headers).

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { CreateInputCommand, DescribeChannelCommand, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { EXAMPLE } from "../../helpers/channel-fixtures.ts";
import { createChannelId, createIsgId, startChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { launchHlsPlayerAhead, type PlayerLaunch } from "../../helpers/hls-player.ts";
import { startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { rawRequest } from "../../helpers/signed-fetch.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

type Json = Record<string, any>;

const MASTER_PATH = "/origin/mediapackage/my-event-group/my-event/index.m3u8";

function pushTestPattern(url: string): ChildProcess {
  return spawn(
    "ffmpeg",
    ["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-f", "lavfi", "-i", "sine=frequency=440", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-b:v", "300k", "-c:a", "aac", "-b:a", "96k", "-f", "rtp_mpegts", url],
    { stdio: "ignore" },
  );
}

function h264(name: string, width: number, height: number, bitrate: number): Json {
  return { Name: name, Width: width, Height: height, CodecSettings: { H264Settings: { RateControlMode: "CBR", Bitrate: bitrate, FramerateControl: "SPECIFIED", FramerateNumerator: 30, FramerateDenominator: 1, GopSize: 1, GopSizeUnits: "SECONDS", Profile: "MAIN" } } };
}

/** The Live Event Framework's MediaPackage group, two renditions of its ladder at a quarter of their size. */
function mediaPackageChannel(inputId: string): Json {
  const channel = JSON.parse(EXAMPLE) as Json;
  channel.Name = "mediapackage-v2";
  channel.InputAttachments[0].InputId = inputId;
  channel.Destinations = [{ Id: "media-destination", MediaPackageSettings: [{ ChannelName: "my-event", ChannelGroup: "my-event-group" }] }];
  const settings = channel.EncoderSettings;
  settings.VideoDescriptions = [h264("960x540", 320, 180, 300_000), h264("480x270", 160, 90, 150_000), { Name: "frame-capture", Width: 160, Height: 90, CodecSettings: { FrameCaptureSettings: { CaptureInterval: 2 } } }];
  settings.AudioDescriptions = [{ Name: "audio_aac_128000_en", AudioSelectorName: "default", LanguageCode: "eng", CodecSettings: { AacSettings: { Bitrate: 96_000, CodingMode: "CODING_MODE_2_0", SampleRate: 48_000 } } }];
  const mediaPackage = { MediaPackageOutputSettings: {} };
  settings.OutputGroups = [
    {
      Name: "MediaPackage",
      OutputGroupSettings: { MediaPackageGroupSettings: { Destination: { DestinationRefId: "media-destination" }, MediapackageV2GroupSettings: { SegmentLength: 1, SegmentLengthUnits: "SECONDS" } } },
      Outputs: [
        { OutputName: "3000", VideoDescriptionName: "960x540", CaptionDescriptionNames: [], OutputSettings: mediaPackage },
        { OutputName: "1000", VideoDescriptionName: "480x270", CaptionDescriptionNames: [], OutputSettings: mediaPackage },
        { OutputName: "frame-capture-960x540", VideoDescriptionName: "frame-capture", CaptionDescriptionNames: [], OutputSettings: mediaPackage },
        { OutputName: "AAC-LC-128-EN", AudioDescriptionNames: ["audio_aac_128000_en"], CaptionDescriptionNames: [], OutputSettings: mediaPackage },
      ],
    },
  ];
  return channel;
}

describe("a MediaPackage output group (v2 channel group and name) on openlive's own origin", { timeout: 180_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let player: PlayerLaunch;
  let upstream: ChildProcess | undefined;
  let channelId: string;

  before(async () => {
    openlive = await startOpenlive({ ownPushPorts: true });
    client = sdkClient(openlive);
    player = launchHlsPlayerAhead();
    const input = await client.send(new CreateInputCommand({ Name: "rtp-in", Type: "RTP_PUSH", InputSecurityGroups: [await createIsgId(client)] }));
    channelId = await createChannelId(client, mediaPackageChannel(input.Input!.Id!));
    upstream = pushTestPattern(input.Input!.Destinations![0]!.Url!);
  });

  after(async () => {
    upstream?.kill("SIGKILL");
    await player?.close();
    await openlive?.stop();
  });

  it("is accepted as MediaLive accepts it, the frame capture output told", async () => {
    const described = await rawRequest(openlive, { method: "GET", path: `/prod/channels/${channelId}` });
    assert.equal(described.status, 200);
    const told = (described.json.openliveNotHonoured as { elementPath: string; reason: string }[]).map((setting) => setting.elementPath);
    assert.ok(told.includes("encoderSettings.outputGroups[0].outputs[2].videoDescriptionName"), JSON.stringify(told));
    assert.deepEqual(described.json.destinations[0].mediaPackageSettings, [{ channelName: "my-event", channelGroup: "my-event-group" }]);
  });

  it("publishes MediaLive's HLS for MediaPackage at /origin/mediapackage/<group>/<name>/, with CORS", async () => {
    await startChannelAndWait(client, channelId);
    assert.equal((await client.send(new DescribeChannelCommand({ ChannelId: channelId }))).State, "RUNNING");
    const variant = await until("3 segments of index3000.m3u8", async () => {
      const answer = await fetch(`${openlive.originUrl}/origin/mediapackage/my-event-group/my-event/index3000.m3u8`);
      const text = answer.ok ? await answer.text() : "";
      return text.split("\n").filter((line) => /^index3000_\d{5}\.ts$/.test(line)).length >= 3 ? text : undefined;
    }, 60_000);
    assert.match(variant, /#EXT-X-TARGETDURATION:1\n/);
    assert.match(variant, /#EXT-X-PROGRAM-DATE-TIME:/);
    const master = await fetch(`${openlive.originUrl}${MASTER_PATH}`, { headers: { origin: "http://player.example" } });
    assert.equal(master.status, 200);
    assert.equal(master.headers.get("access-control-allow-origin"), "*");
    assert.match(master.headers.get("content-type") ?? "", /mpegurl/i);
    const text = await master.text();
    assert.match(text, /^index3000\.m3u8$/m);
    assert.match(text, /^index1000\.m3u8$/m);
    assert.match(text, /#EXT-X-MEDIA:TYPE=AUDIO,[^\n]*URI="indexAAC-LC-128-EN\.m3u8"/);
    assert.doesNotMatch(text, /frame-capture/);
    const preflight = await fetch(`${openlive.originUrl}${MASTER_PATH}`, { method: "OPTIONS", headers: { origin: "http://player.example", "access-control-request-method": "GET" } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
    for (const climbing of ["/origin/mediapackage/../../openlive.db", "/origin/mediapackage/%2e%2e/secrets.json", "/origin/mediapackage/my-event-group/my-event/../../../credentials.json"]) {
      const answer = await rawRequest({ url: openlive.originUrl, credentials: openlive.credentials }, { method: "GET", path: climbing, sign: false });
      assert.equal(answer.status, 404, climbing);
    }
  });

  it("plays in Chromium with hls.js from openlive's origin", async () => {
    const report = await (await player.ready).play(`${openlive.originUrl}${MASTER_PATH}`, { watchMs: 6_000, untilPlayedSeconds: 4 });
    assert.deepEqual(report.fatalErrors, [], JSON.stringify(report));
    assert.ok(report.playedSeconds >= 4, `played ${report.playedSeconds} s of 6: ${JSON.stringify(report)}`);
    assert.deepEqual(report.levels.map((level) => [level.width, level.height]).sort(), [[160, 90], [320, 180]]);
  });
});
