// RTMP and SRT output groups beside an HLS group, from one encode: the RTMP server and the
// SRT listener (which requires the channel's AES-128 passphrase) start only after the channel
// runs, so each output's alert is SET, then CLEARED once the output delivers, and the HLS
// group keeps publishing throughout. What the receivers got is decoded with ffprobe.

import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { CreateChannelCommand, CreateInputCommand, CreateInputSecurityGroupCommand, ListAlertsCommand, StartChannelCommand, StopChannelCommand, waitUntilChannelRunning, waitUntilChannelStopped } from "@aws-sdk/client-medialive";
import { fileUrls, smallChannel } from "../../helpers/channel-fixtures.ts";
import { freeTcpPort, freeUdpPort, killAndWait, pidsWithMarker, waitForBound } from "../../helpers/media-fixtures.ts";
import { makeTempDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

const PASSPHRASE = "push-outputs-e2e-passphrase";

interface Probed {
  readonly streams: { codec_name: string; codec_type: string; width?: number; height?: number; id?: string }[];
  readonly programs?: { program_id: number; pmt_pid: number }[];
}

function ffprobe(file: string): Probed {
  const result = spawnSync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,codec_type,width,height,id:program=program_id,pmt_pid", "-of", "json", file], { encoding: "utf8" });
  return JSON.parse(result.stdout || "{}") as Probed;
}

const sizeOf = (file: string): number => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

describe("RTMP and SRT outputs", { timeout: 240_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  const receivers: ChildProcess[] = [];
  after(async () => {
    for (const receiver of receivers) await killAndWait(receiver);
    await openlive?.stop();
  });

  it("push FLV to an RTMP server and encrypted MPEG-TS to an SRT listener that both come late (alerts SET, then CLEARED), while HLS publishes", async () => {
    const dataDir = makeTempDir();
    const work = makeTempDir("openlive-push-");
    writeFileSync(path.join(dataDir, "secrets.json"), JSON.stringify({ "/openlive/srt-out": PASSPHRASE }));
    openlive = await startOpenlive({ dataDir, ownPushPorts: true });
    const client = sdkClient(openlive);
    const isg = await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "127.0.0.1/32" }] }));
    const input = await client.send(new CreateInputCommand({ Name: "silent", Type: "RTP_PUSH", InputSecurityGroups: [isg.SecurityGroup!.Id!] }));

    const srtPort = await freeUdpPort();
    const rtmpPort = await freeTcpPort();
    const hlsUrl = fileUrls("push-outputs")();
    const channel = smallChannel(input.Input!.Id!, hlsUrl, { segmentLengthS: 1 });
    channel.Destinations.push(
      { Id: "rtmp-dest", Settings: [{ Url: `rtmp://127.0.0.1:${rtmpPort}/live`, StreamName: "stream-key" }] },
      { Id: "srt-dest", SrtSettings: [{ Url: `srt://127.0.0.1:${srtPort}`, EncryptionPassphraseSecretArn: "/openlive/srt-out" }] },
    );
    const names = { VideoDescriptionName: "v720", AudioDescriptionNames: ["a_aac"] };
    channel.EncoderSettings.OutputGroups.push(
      {
        Name: "social",
        OutputGroupSettings: { RtmpGroupSettings: { RestartDelay: 1 } },
        Outputs: [{ OutputName: "rtmp", ...names, OutputSettings: { RtmpOutputSettings: { Destination: { DestinationRefId: "rtmp-dest" }, ConnectionRetryInterval: 1, NumRetries: 100 } } }],
      },
      {
        Name: "contribution",
        OutputGroupSettings: { SrtGroupSettings: {} },
        Outputs: [{ OutputName: "srt", ...names, OutputSettings: { SrtOutputSettings: { Destination: { DestinationRefId: "srt-dest" }, EncryptionType: "AES128", Latency: 200, ContainerSettings: { M2tsSettings: { PmtPid: "500", ProgramNum: 7 } } } } }],
      },
    );
    const channelId = (await client.send(new CreateChannelCommand(channel))).Channel!.Id!;
    await client.send(new StartChannelCommand({ ChannelId: channelId }));
    await waitUntilChannelRunning({ client, maxWaitTime: 60, minDelay: 0.2, maxDelay: 0.2 }, { ChannelId: channelId });
    const alerts = async () => (await client.send(new ListAlertsCommand({ ChannelId: channelId }))).Alerts ?? [];

    // No RTMP server and no SRT listener yet: each output's alert is raised, and HLS publishes regardless.
    const failed = await until("the RTMP output alert SET", async () => (await alerts()).find((a) => a.AlertType === "RTMP Output Connection Failed" && a.State === "SET"), 40_000);
    assert.match(failed.Message ?? "", /output "rtmp" of group "social": cannot deliver to rtmp:\/\/127\.0\.0\.1:\d+\/live/);
    assert.doesNotMatch(failed.Message ?? "", /stream-key/, "the stream key stays out of alerts");
    const srtFailed = await until("the SRT output alert SET", async () => (await alerts()).find((a) => a.AlertType === "SRT Output Connection Failed" && a.State === "SET"), 40_000);
    assert.match(srtFailed.Message ?? "", new RegExp(`output "srt" of group "contribution": cannot deliver to srt://127\\.0\\.0\\.1:${srtPort}\\?mode=caller`));
    assert.doesNotMatch(srtFailed.Message ?? "", new RegExp(PASSPHRASE), "the passphrase stays out of alerts");
    const variantFile = new URL(`${hlsUrl}_720p.m3u8`).pathname;
    // The number of segments the variant has listed so far (its window's first sequence number plus its length).
    const mediaSequence = (): number => {
      // The output alert can be SET before the encoder's first segment: no playlist yet is -1.
      if (sizeOf(variantFile) === 0) return -1;
      const playlist = readFileSync(variantFile, "utf8");
      const first = /#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(playlist)?.[1];
      return first === undefined ? -1 : Number(first) + (playlist.match(/#EXTINF:/g) ?? []).length;
    };
    const sequenceBefore = await until("HLS segments", () => (mediaSequence() >= 0 ? mediaSequence() : undefined), 30_000);

    const srtFile = path.join(work, "srt.ts");
    const srt = spawn("srt-live-transmit", ["-q", `srt://127.0.0.1:${srtPort}?mode=listener&passphrase=${PASSPHRASE}&pbkeylen=16`, "file://con"], { stdio: ["ignore", "pipe", "ignore"] });
    receivers.push(srt);
    srt.stdout!.pipe(createWriteStream(srtFile));
    await waitForBound(srtPort, "udp", srt);
    const flvFile = path.join(work, "rtmp.flv");
    const rtmp = spawn("ffmpeg", ["-hide_banner", "-loglevel", "error", "-listen", "1", "-f", "flv", "-i", `rtmp://127.0.0.1:${rtmpPort}/live/stream-key`, "-c", "copy", "-f", "flv", flvFile], { stdio: "ignore" });
    receivers.push(rtmp);
    await until("the RTMP output alert CLEARED", async () => (await alerts()).find((a) => a.AlertType === "RTMP Output Connection Failed" && a.State === "CLEARED"), 40_000);
    // The SRT sender retries every 2 s (10 times, then after 5 s): the listener takes it within a round.
    await until("the SRT output alert CLEARED", async () => (await alerts()).find((a) => a.AlertType === "SRT Output Connection Failed" && a.State === "CLEARED"), 40_000);
    await until("FLV and MPEG-TS received", () => (sizeOf(flvFile) > 40_000 && sizeOf(srtFile) > 40_000 ? true : undefined), 40_000);

    // The passphrase and the stream key are on no command line but the test's own receivers'.
    const receiverPids = new Set(receivers.map((child) => child.pid));
    for (const secret of [PASSPHRASE, "stream-key"]) assert.deepEqual(pidsWithMarker(secret).filter((pid) => !receiverPids.has(pid)), [], `${secret} on a command line`);

    const flv = ffprobe(flvFile);
    assert.deepEqual(flv.streams.map((s) => s.codec_name).sort(), ["aac", "h264"], JSON.stringify(flv));
    assert.deepEqual(flv.streams.filter((s) => s.codec_type === "video").map((s) => [s.width, s.height]), [[320, 180]]);
    const ts = ffprobe(srtFile);
    assert.deepEqual(ts.streams.map((s) => s.codec_name).sort(), ["aac", "h264"], JSON.stringify(ts));
    // The output's m2tsSettings reached the listener unchanged (the sender copies bytes); the
    // elementary PIDs are the HLS output's, which shares the encode (MediaLive's 481/492).
    assert.deepEqual(ts.streams.map((s) => s.id).sort(), ["0x1e1", "0x1ec"]);
    assert.deepEqual(ts.programs?.map((p) => [p.program_id, p.pmt_pid]), [[7, 500]]);
    assert.ok(mediaSequence() > sequenceBefore, "HLS kept publishing");

    await client.send(new StopChannelCommand({ ChannelId: channelId }));
    await waitUntilChannelStopped({ client, maxWaitTime: 60, minDelay: 0.2, maxDelay: 0.2 }, { ChannelId: channelId });
  });
});
