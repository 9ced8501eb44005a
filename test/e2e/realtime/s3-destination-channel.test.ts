// An s3:// HLS destination on a real S3-compatible server on loopback (moto): the channel
// starts before its bucket exists, so the pipeline raises "Failed to Create Output File or
// Socket" naming the bucket; once the bucket is made the alert clears and the playlists
// and segments arrive (read back with the S3 client, a segment decoded by ffprobe), with
// the group's cannedAcl (docs/outputs.md, S3-compatible object storage).

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { CreateChannelCommand, CreateInputCommand, CreateInputSecurityGroupCommand, ListAlertsCommand, StartChannelCommand, StopChannelCommand, waitUntilChannelRunning, waitUntilChannelStopped } from "@aws-sdk/client-medialive";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { makeTempDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { startS3Server, type S3Server } from "../../helpers/s3-server.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

describe("an s3:// destination", { timeout: 180_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  let s3: S3Server | undefined;
  after(async () => {
    await openlive?.stop();
    await s3?.stop();
  });

  it("alerts while the bucket is missing, clears once it exists, and receives playlists before-or-with their segments", async () => {
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
    const channelId = (await client.send(new CreateChannelCommand(channel))).Channel!.Id!;

    // Nothing pushes: the channel publishes input-loss fill, which is enough to see the uploads.
    await client.send(new StartChannelCommand({ ChannelId: channelId }));
    await waitUntilChannelRunning({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { ChannelId: channelId });
    const outputAlerts = async () => ((await client.send(new ListAlertsCommand({ ChannelId: channelId }))).Alerts ?? []).filter((a) => a.AlertType === "Failed to Create Output File or Socket");
    const set = await until("the output alert SET", async () => (await outputAlerts()).find((a) => a.State === "SET"), 40_000);
    assert.match(set.Message ?? "", /s3:\/\/live-bucket\/channel\/index\S* failed after 11 attempts: NoSuchBucket/);

    await s3.client.send(new CreateBucketCommand({ Bucket: "live-bucket" }));
    await until("the output alert CLEARED", async () => ((await outputAlerts()).some((a) => a.State === "CLEARED") ? true : undefined), 40_000);
    const keys = async (): Promise<string[]> => ((await s3!.client.send(new ListObjectsV2Command({ Bucket: "live-bucket", Prefix: "channel/" }))).Contents ?? []).map((o) => o.Key!);
    const read = async (key: string): Promise<Buffer> => Buffer.from(await (await s3!.client.send(new GetObjectCommand({ Bucket: "live-bucket", Key: key }))).Body!.transformToByteArray());
    const variant = await until("a variant playlist listing three segments", async () => {
      if (!(await keys()).includes("channel/index_720p.m3u8")) return undefined;
      const text = (await read("channel/index_720p.m3u8")).toString();
      return text.split("\n").filter((line) => line.endsWith(".ts")).length >= 3 ? text : undefined;
    }, 40_000);
    const stored = await keys();
    assert.ok(stored.includes("channel/index.m3u8"), `the master playlist: ${stored.join(", ")}`);
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
      return names.length > 0 && !names.includes("channel/index_720p_00001.ts") && names.some((key) => /_0000[6-9]\.ts$/.test(key)) ? true : undefined;
    }, 40_000);

    await client.send(new StopChannelCommand({ ChannelId: channelId }));
    await waitUntilChannelStopped({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { ChannelId: channelId });
  });
});
