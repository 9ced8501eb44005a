// s3:// destinations on a real S3-compatible server on loopback (moto): an HLS group, an
// archive group and a frame capture group, each to a bucket of its own. The channel starts
// before the buckets exist, so the pipeline raises "Failed to Create Output File or Socket"
// for each group, naming its bucket; once the buckets are made each group's alert clears,
// the playlists and segments arrive (read back with the S3 client, a segment decoded by
// ffprobe) with the group's cannedAcl, and the archive files and captures written while
// the buckets were missing arrive too, none lost (docs/outputs.md, When a destination fails).

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { CreateChannelCommand, CreateInputCommand, CreateInputSecurityGroupCommand, ListAlertsCommand, StartChannelCommand, StopChannelCommand } from "@aws-sdk/client-medialive";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { waitForChannelRunning, waitForChannelStopped } from "../../helpers/channel-lifecycle.ts";
import { makeTempDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { startS3Server, type S3Server } from "../../helpers/s3-server.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

describe("s3:// destinations", { timeout: 240_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  let s3: S3Server | undefined;
  after(async () => {
    await openlive?.stop();
    await s3?.stop();
  });

  it("alert per group while the buckets are missing, clear once they exist; playlists before-or-with their segments; archive files and captures of the outage held, not lost", async () => {
    s3 = await startS3Server();
    const dataDir = makeTempDir();
    writeFileSync(path.join(dataDir, "s3.json"), JSON.stringify({ "*": { endpoint: s3.endpoint, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } }), { mode: 0o600 });
    openlive = await startOpenlive({ dataDir, ownPushPorts: true });
    const client = sdkClient(openlive);
    const isg = await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "127.0.0.1/32" }] }));
    const input = await client.send(new CreateInputCommand({ Name: "silent", Type: "RTP_PUSH", InputSecurityGroups: [isg.SecurityGroup!.Id!] }));
    const channel = smallChannel(input.Input!.Id!, "s3://live-bucket/channel/index");
    const group = channel.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings;
    Object.assign(group, { SegmentLength: 1, IndexNSegments: 3, KeepSegments: 4, HlsCdnSettings: { HlsS3Settings: { CannedAcl: "BUCKET_OWNER_FULL_CONTROL" } } });
    const encoder = channel.EncoderSettings as { VideoDescriptions: unknown[]; OutputGroups: unknown[] };
    encoder.VideoDescriptions.push({ Name: "stills", Width: 160, Height: 90, CodecSettings: { FrameCaptureSettings: { CaptureInterval: 1, CaptureIntervalUnits: "SECONDS" } } });
    channel.Destinations.push({ Id: "rec", Settings: [{ Url: "s3://archive-bucket/rec/main" }] }, { Id: "caps", Settings: [{ Url: "s3://stills-bucket/caps/cap" }] });
    encoder.OutputGroups.push(
      {
        Name: "recording",
        OutputGroupSettings: { ArchiveGroupSettings: { Destination: { DestinationRefId: "rec" }, RolloverInterval: 2 } },
        Outputs: [{ OutputName: "ts", VideoDescriptionName: "v720", AudioDescriptionNames: ["a_aac"], OutputSettings: { ArchiveOutputSettings: { NameModifier: "_a", ContainerSettings: { M2tsSettings: {} } } } }],
      },
      {
        Name: "stills",
        OutputGroupSettings: { FrameCaptureGroupSettings: { Destination: { DestinationRefId: "caps" } } },
        Outputs: [{ OutputName: "thumbs", VideoDescriptionName: "stills", OutputSettings: { FrameCaptureOutputSettings: { NameModifier: "_t" } } }],
      },
    );
    const channelId = (await client.send(new CreateChannelCommand(channel))).Channel!.Id!;

    // Nothing pushes: the channel publishes input-loss fill, which is enough to see the uploads.
    await client.send(new StartChannelCommand({ ChannelId: channelId }));
    await waitForChannelRunning(client, channelId);
    // One alert per group (MediaLive raises output alerts per output group), each naming its group.
    const outputAlerts = async (groupName: string) => ((await client.send(new ListAlertsCommand({ ChannelId: channelId }))).Alerts ?? []).filter((a) => a.AlertType === "Failed to Create Output File or Socket" && a.Message?.startsWith(`output group ${groupName}: `));
    const set = await until("the HLS group's alert SET", async () => (await outputAlerts("hls")).find((a) => a.State === "SET"), 40_000);
    assert.match(set.Message ?? "", /s3:\/\/live-bucket\/channel\/index\S* failed after 11 attempts: NoSuchBucket/);
    const archiveSet = await until("the archive group's alert SET", async () => (await outputAlerts("recording")).find((a) => a.State === "SET"), 40_000);
    assert.match(archiveSet.Message ?? "", /s3:\/\/archive-bucket\/rec\/main_a\.000000\.m2ts failed after 11 attempts: NoSuchBucket/);
    const stillsSet = await until("the frame capture group's alert SET", async () => (await outputAlerts("stills")).find((a) => a.State === "SET"), 40_000);
    assert.match(stillsSet.Message ?? "", /s3:\/\/stills-bucket\/caps\/cap_t\.00000\.jpg failed after 11 attempts: NoSuchBucket/);

    for (const bucket of ["live-bucket", "archive-bucket", "stills-bucket"]) await s3.client.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const groupName of ["hls", "recording", "stills"]) {
      await until(`the ${groupName} group's alert CLEARED`, async () => ((await outputAlerts(groupName)).some((a) => a.State === "CLEARED") ? true : undefined), 40_000);
    }
    const keys = async (): Promise<string[]> => ((await s3!.client.send(new ListObjectsV2Command({ Bucket: "live-bucket", Prefix: "channel/" }))).Contents ?? []).map((o) => o.Key!);
    const read = async (key: string): Promise<Buffer> => Buffer.from(await (await s3!.client.send(new GetObjectCommand({ Bucket: "live-bucket", Key: key }))).Body!.transformToByteArray());
    const variant = await until("a variant playlist listing three segments", async () => {
      if (!(await keys()).includes("channel/index_720p.m3u8")) return undefined;
      const text = (await read("channel/index_720p.m3u8")).toString();
      return text.split("\n").filter((line) => line.endsWith(".ts")).length >= 3 ? text : undefined;
    }, 40_000);
    const stored = await keys();
    // The master playlist, given up during the outage, is sent again once the bucket takes files (behind what was queued then).
    await until("the master playlist", async () => ((await keys()).includes("channel/index.m3u8") ? true : undefined), 20_000).catch(async (error: Error) => {
      throw new Error(`${error.message}: ${(await keys()).join(", ")}`);
    });
    assert.match((await read("channel/index.m3u8")).toString(), /^index_720p\.m3u8$/m);
    const listed = variant.split("\n").filter((line) => line.endsWith(".ts"));
    // The variant playlist was read after the listing: every segment it names was stored before it.
    for (const name of listed) assert.ok(stored.includes(`channel/${name}`), `${name} stored (${stored.join(", ")})`);

    const segment = path.join(dataDir, "segment.ts");
    writeFileSync(segment, await read(`channel/${listed.at(-1)}`));
    const probe = spawnSync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "json", segment], { encoding: "utf8" });
    const streams = (JSON.parse(probe.stdout) as { streams: { codec_name: string; width?: number; height?: number }[] }).streams;
    assert.deepEqual(streams.map((s) => s.codec_name).sort(), ["aac", "h264"]);
    assert.equal(streams.find((s) => s.codec_name === "h264")?.width, 320);

    // keepSegments 4: segments older than that are deleted from the bucket.
    await until("an expired segment deleted", async () => {
      const names = (await keys()).filter((key) => key.endsWith(".ts"));
      return names.length > 0 && !names.includes("channel/index_720p_00001.ts") && names.some((key) => Number(/_(\d{5})\.ts$/.exec(key)?.[1]) >= 6) ? true : undefined;
    }, 40_000);

    // The archive files and captures finished while the buckets were missing were held, not
    // lost: each group's objects count up from its first file without a gap.
    const counted = async (bucket: string, pattern: RegExp): Promise<number[]> =>
      ((await s3!.client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).flatMap((o) => Number(pattern.exec(o.Key!)?.[1] ?? NaN)).filter((n) => !Number.isNaN(n)).sort((a, b) => a - b);
    const gapless = (counters: readonly number[]): boolean => counters.every((counter, index) => counter === index);
    for (const [bucket, pattern, atLeast] of [
      ["archive-bucket", /^rec\/main_a\.(\d{6})\.m2ts$/, 8],
      ["stills-bucket", /^caps\/cap_t\.(\d{5})\.jpg$/, 16],
    ] as const) {
      // The files of the outage (about 2 s of archive, one capture a second, for over 11 s) and those since.
      await until(`${atLeast} gapless ${bucket} objects`, async () => {
        const counters = await counted(bucket, pattern);
        return counters.length >= atLeast && gapless(counters) ? true : undefined;
      }, 40_000).catch(async (error: Error) => {
        throw new Error(`${error.message}: ${(await counted(bucket, pattern)).join(", ")}`);
      });
    }
    const heldFile = path.join(dataDir, "held.m2ts");
    writeFileSync(heldFile, Buffer.from(await (await s3.client.send(new GetObjectCommand({ Bucket: "archive-bucket", Key: "rec/main_a.000000.m2ts" }))).Body!.transformToByteArray()));
    const heldProbe = spawnSync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "json", heldFile], { encoding: "utf8" });
    const heldStreams = (JSON.parse(heldProbe.stdout) as { streams: { codec_name: string }[] }).streams;
    assert.deepEqual(heldStreams.map((s) => s.codec_name).sort(), ["aac", "h264"], "the first archive file, held through the outage, decodes");

    await client.send(new StopChannelCommand({ ChannelId: channelId }));
    await waitForChannelStopped(client, channelId);
  });
});
