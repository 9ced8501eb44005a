// ID3 timed metadata (hlsGroupSettings.timedMetadataId3Frame PRIV / TDRL with
// timedMetadataId3Period): every segment of the group carries a timed-metadata stream
// (stream_type 0x15, ffprobe's timed_id3) on m3u8Settings.timedMetadataPid whose ID3v2.4
// tags hold the UTC time, one every period (docs/channels.md, HlsGroupSettings).

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { CreateChannelCommand, CreateInputCommand, CreateInputSecurityGroupCommand, StartChannelCommand, StopChannelCommand } from "@aws-sdk/client-medialive";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { waitForChannelRunning, waitForChannelStopped } from "../../helpers/channel-lifecycle.ts";
import { makeOutputDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { pesPackets, type PesPacket } from "../../helpers/ts-pes.ts";
import { until } from "../../helpers/until.ts";

const PRIV_OWNER = "com.elementaltechnologies.timestamp.utc";

/** The tags of a folder's segments, in order. */
function tagsOf(folder: string, pid: number): PesPacket[] {
  const segments = readdirSync(folder).filter((name) => name.endsWith(".ts")).sort();
  return segments.flatMap((name) => pesPackets(readFileSync(path.join(folder, name)), pid));
}

/** A whole ID3v2.4 tag of one frame: its frame id and body. */
function id3Frame(tag: Buffer): { id: string; body: Buffer } {
  assert.equal(tag.subarray(0, 5).toString("latin1"), "ID3\x04\x00", `an ID3v2.4 header: ${tag.subarray(0, 16).toString("hex")}`);
  const size = (tag[6]! << 21) | (tag[7]! << 14) | (tag[8]! << 7) | tag[9]!;
  assert.equal(tag.length, 10 + size, "the tag fills the PES payload");
  const frameSize = (tag[14]! << 21) | (tag[15]! << 14) | (tag[16]! << 7) | tag[17]!;
  return { id: tag.subarray(10, 14).toString("latin1"), body: tag.subarray(20, 20 + frameSize) };
}

describe("ID3 timed metadata in HLS segments", { timeout: 180_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  after(async () => {
    await openlive?.stop();
  });

  it("carries PRIV every 2 s in one group and TDRL every 4 s in another, with the UTC time, on timedMetadataPid", async () => {
    openlive = await startOpenlive({ ownPushPorts: true });
    const client = sdkClient(openlive);
    const isg = await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "127.0.0.1/32" }] }));
    const input = await client.send(new CreateInputCommand({ Name: "silent", Type: "RTP_PUSH", InputSecurityGroups: [isg.SecurityGroup!.Id!] }));
    const outDir = makeOutputDir("openlive-id3-");
    const channel = smallChannel(input.Input!.Id!, `file://${outDir}/priv/index`, { segmentLengthS: 2 });
    channel.Destinations.push({ Id: "tdrl-dest", Settings: [{ Url: `file://${outDir}/tdrl/index` }] });
    const privGroup = channel.EncoderSettings.OutputGroups[0];
    Object.assign(privGroup.OutputGroupSettings.HlsGroupSettings, { TimedMetadataId3Frame: "PRIV", TimedMetadataId3Period: 2 });
    privGroup.Outputs[0].OutputSettings.HlsOutputSettings.HlsSettings.StandardHlsSettings.M3u8Settings = { TimedMetadataPid: "600" };
    const tdrlGroup = structuredClone(privGroup);
    tdrlGroup.Name = "tdrl";
    Object.assign(tdrlGroup.OutputGroupSettings.HlsGroupSettings, { Destination: { DestinationRefId: "tdrl-dest" }, TimedMetadataId3Frame: "TDRL", TimedMetadataId3Period: 4 });
    tdrlGroup.Outputs[0].OutputSettings.HlsOutputSettings.HlsSettings.StandardHlsSettings.M3u8Settings = {};
    channel.EncoderSettings.OutputGroups.push(tdrlGroup);
    const channelId = (await client.send(new CreateChannelCommand(channel))).Channel!.Id!;

    // Nothing pushes: the input-loss fill is encoded and published, with its timestamps.
    const startedMs = Date.now();
    await client.send(new StartChannelCommand({ ChannelId: channelId }));
    await waitForChannelRunning(client, channelId);
    const privFolder = path.join(outDir, "priv");
    const tdrlFolder = path.join(outDir, "tdrl");
    await until("five PRIV tags and three TDRL tags", () => (tagsOf(privFolder, 600).length >= 5 && tagsOf(tdrlFolder, 502).length >= 3 ? true : undefined), 60_000);
    await client.send(new StopChannelCommand({ ChannelId: channelId }));
    await waitForChannelStopped(client, channelId);
    const stoppedMs = Date.now();

    const firstSegment = readdirSync(privFolder).filter((name) => name.endsWith(".ts")).sort()[0]!;
    const probe = spawnSync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name:stream=id", "-of", "json", path.join(privFolder, firstSegment)], { encoding: "utf8" });
    const streams = (JSON.parse(probe.stdout) as { streams: { codec_name?: string; id: string }[] }).streams;
    assert.ok(streams.some((stream) => stream.codec_name === "timed_id3" && stream.id === "0x258"), `ffprobe sees timed_id3 on PID 600: ${probe.stdout}`);

    const check = (tags: PesPacket[], frameId: string, periodS: number, timeOf: (body: Buffer) => number, precisionMs: number): void => {
      const times = tags.map((tag) => {
        assert.equal(tag.streamId, 0xbd, "private_stream_1, as HLS timed metadata is carried");
        const frame = id3Frame(tag.payload);
        assert.equal(frame.id, frameId);
        const utcMs = timeOf(frame.body);
        assert.ok(utcMs >= startedMs - 1000 - precisionMs && utcMs <= stoppedMs + precisionMs, `${new Date(utcMs).toISOString()} lies within the run`);
        return { pts90k: tag.pts90k!, utcMs };
      });
      for (let i = 1; i < times.length; i++) {
        const ptsStepS = (times[i]!.pts90k - times[i - 1]!.pts90k) / 90_000;
        // A tag goes with the first picture at or after its time: a picture late at most.
        assert.ok(ptsStepS >= periodS - 0.05 && ptsStepS <= periodS + 0.05, `tags ${periodS} s apart on the program clock, not ${ptsStepS}`);
        const utcStepMs = times[i]!.utcMs - times[i - 1]!.utcMs;
        assert.ok(Math.abs(utcStepMs - ptsStepS * 1000) <= precisionMs, `the times advance with the pictures: ${utcStepMs} ms for ${ptsStepS} s`);
      }
    };
    check(tagsOf(privFolder, 600), "PRIV", 2, (body) => {
      const owner = body.subarray(0, body.indexOf(0)).toString("latin1");
      assert.equal(owner, PRIV_OWNER);
      const text = body.subarray(owner.length + 1).toString("latin1");
      assert.match(text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
      return Date.parse(text);
    }, 2);
    check(tagsOf(tdrlFolder, 502), "TDRL", 4, (body) => {
      assert.equal(body[0], 0x03, "UTF-8 text");
      const text = body.subarray(1).toString("utf8");
      assert.match(text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      return Date.parse(`${text}Z`);
    }, 1000);
  });
});
