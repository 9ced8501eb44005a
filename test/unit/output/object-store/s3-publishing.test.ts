// The folder mirror and the object publisher against a real S3-compatible server on
// loopback (moto): a segment is stored before the playlist that lists it, an expired
// segment is deleted, cannedAcl reaches the object, a bucket that does not exist yet is an
// alert that clears once it exists; a large file goes as a multipart upload and its local
// copy is removed; a bucket with no configured store names the entry to add.

import assert from "node:assert/strict";
import { mkdtempSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { CreateBucketCommand, GetObjectAclCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { objectStoreFor, type ObjectStoreResolver } from "../../../../src/config/object-stores.ts";
import { FolderMirror, type MirrorTransport } from "../../../../src/output/hls/folder-mirror.ts";
import { s3MirrorTransport } from "../../../../src/output/hls/s3-transport.ts";
import { openObjectPublisher } from "../../../../src/output/object-store/object-publisher.ts";
import { S3Clients } from "../../../../src/output/object-store/s3-clients.ts";
import type { AlertEvent } from "../../../../src/shared/alerts.ts";
import { startS3Server, type S3Server } from "../../../helpers/s3-server.ts";
import { until } from "../../../helpers/until.ts";

function publish(folder: string, name: string, content: string | Buffer): void {
  writeFileSync(path.join(folder, `${name}.tmp`), content);
  renameSync(path.join(folder, `${name}.tmp`), path.join(folder, name));
}

const playlist = (segments: readonly string[]): string => ["#EXTM3U", "#EXT-X-TARGETDURATION:1", ...segments.flatMap((s) => ["#EXTINF:1.0,", s]), ""].join("\n");

describe("S3 publishing", { timeout: 60_000 }, () => {
  let s3: S3Server;
  let stores: ObjectStoreResolver;
  const cleanups: (() => unknown)[] = [];
  before(async () => {
    s3 = await startS3Server();
    const config = { "*": { endpoint: s3.endpoint, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } };
    stores = (bucket) => (bucket.startsWith("unmapped") ? objectStoreFor({ mapped: {} }, bucket, "s3.json") : objectStoreFor(config, bucket, "s3.json"));
  });
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await s3?.stop();
  });

  const keys = async (bucket: string): Promise<string[]> => ((await s3.client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key!).sort();
  const text = async (bucket: string, key: string): Promise<string> => (await (await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString());

  it("mirrors a folder: segments before playlists, expired segments deleted, cannedAcl, an alert until the bucket exists", async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), "openlive-s3-mirror-"));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const clients = new S3Clients();
    cleanups.push(() => clients.close());
    const inner = s3MirrorTransport({ kind: "s3", bucket: "late-bucket", keyPrefix: "live/", baseName: "index", tls: false }, stores, clients, "PUBLIC_READ");
    const stored: string[] = [];
    const outOfOrder: string[] = [];
    const transport: MirrorTransport = {
      describe: inner.describe,
      async put(name, body) {
        await inner.put(name, body);
        if (name.endsWith(".m3u8")) outOfOrder.push(...body.toString().split("\n").filter((line) => line.endsWith(".ts") && !stored.includes(line)));
        stored.push(name);
      },
      delete: inner.delete,
    };
    const alerts: string[] = [];
    const mirror = new FolderMirror({ folder, transport, numRetries: 40, retryIntervalMs: 100, onFailure: (m) => alerts.push(`SET ${m}`), onRecovered: () => alerts.push("CLEARED") });
    cleanups.push(() => mirror.close());
    mirror.start();

    // The bucket does not exist yet: every attempt fails (NoSuchBucket) until it is given up.
    publish(folder, "index.m3u8", playlist([]));
    await until("the first playlist given up", () => (alerts.length ? true : undefined), 15_000);
    assert.match(alerts[0]!, /^SET PUT s3:\/\/late-bucket\/live\/index\.m3u8 failed after 41 attempts: NoSuchBucket/);

    await s3.client.send(new CreateBucketCommand({ Bucket: "late-bucket" }));
    publish(folder, "index_00001.ts", "segment one");
    publish(folder, "index_00002.ts", "segment two");
    publish(folder, "index.m3u8", playlist(["index_00001.ts", "index_00002.ts"]));
    await until("the playlist stored", async () => ((await keys("late-bucket")).includes("live/index.m3u8") ? true : undefined), 15_000);
    assert.deepEqual(alerts.slice(1), ["CLEARED"]);
    assert.deepEqual(outOfOrder, [], "no playlist went before a segment it lists");
    assert.deepEqual(await keys("late-bucket"), ["live/index.m3u8", "live/index_00001.ts", "live/index_00002.ts"]);
    assert.equal(await text("late-bucket", "live/index_00002.ts"), "segment two");
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: "late-bucket", Key: "live/index.m3u8" }));
    assert.equal(head.ContentType, "application/vnd.apple.mpegurl");
    const acl = await s3.client.send(new GetObjectAclCommand({ Bucket: "late-bucket", Key: "live/index_00002.ts" }));
    assert.ok(acl.Grants?.some((g) => g.Grantee?.URI?.endsWith("/global/AllUsers") && g.Permission === "READ"), JSON.stringify(acl.Grants));

    rmSync(path.join(folder, "index_00001.ts"));
    await until("the expired segment deleted", async () => (!(await keys("late-bucket")).includes("live/index_00001.ts") ? true : undefined), 15_000);
  });

  it("publishes a large file as a multipart upload and removes the local copy", async () => {
    await s3.client.send(new CreateBucketCommand({ Bucket: "archive-bucket" }));
    const folder = mkdtempSync(path.join(os.tmpdir(), "openlive-s3-publish-"));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const alerts: AlertEvent[] = [];
    const publisher = openObjectPublisher("s3://archive-bucket/rec/channel", { objectStores: stores, alert: (a) => alerts.push(a), groupName: "archive", retryIntervalMs: 100, contentTypeOf: () => "video/mp2t" });
    const big = Buffer.alloc(18 * 1024 * 1024, 7);
    writeFileSync(path.join(folder, "channel.000001.ts"), big);
    publisher.publish(path.join(folder, "channel.000001.ts"), "channel.000001.ts");
    await publisher.close();
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: "archive-bucket", Key: "rec/channel.000001.ts" }));
    assert.equal(head.ContentLength, big.length);
    assert.match(head.ETag ?? "", /-3"$/, "an 18 MiB file goes in three 8 MiB parts");
    assert.equal(existsSync(path.join(folder, "channel.000001.ts")), false);
    assert.deepEqual(alerts, []);
  });

  it("holds the files given up while the bucket is missing and stores them once it exists (one alert SET, then CLEARED)", async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), "openlive-s3-held-"));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const alerts: AlertEvent[] = [];
    const puts: string[] = [];
    const publisher = openObjectPublisher("s3://held-bucket/frames/cap", { objectStores: stores, alert: (a) => alerts.push(a), groupName: "frames", numRetries: 2, retryIntervalMs: 10 });
    const capture = (n: number): void => {
      const name = `cap.0000${n}.jpg`;
      writeFileSync(path.join(folder, name), `jpeg ${n}`);
      puts.push(name);
      publisher.publish(path.join(folder, name), name);
    };
    capture(0);
    capture(1);
    capture(2);
    await until("three captures held", () => (publisher.held === 3 ? true : undefined), 10_000);
    assert.deepEqual(alerts.map((a) => [a.state, a.outputGroup]), [["SET", "frames"]]);
    assert.match(alerts[0]!.message, /cap\.00000\.jpg failed after 3 attempts: NoSuchBucket/);
    assert.equal(publisher.failures, 3, "the first capture got its 3 attempts, the next ones one each");

    await s3.client.send(new CreateBucketCommand({ Bucket: "held-bucket" }));
    capture(3);
    await publisher.close();
    assert.deepEqual(await keys("held-bucket"), puts.map((name) => `frames/${name}`), "every capture stored, the held ones too");
    assert.equal(await text("held-bucket", "frames/cap.00001.jpg"), "jpeg 1");
    assert.deepEqual(alerts.map((a) => a.state), ["SET", "CLEARED"]);
    assert.equal(publisher.held, 0);
    for (const name of puts) assert.equal(existsSync(path.join(folder, name)), false, `${name}: the local copy is removed once stored`);
  });

  it("alerts, naming the configuration entry to add, for a bucket with no store", async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), "openlive-s3-publish-"));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const alerts: AlertEvent[] = [];
    const publisher = openObjectPublisher("s3ssl://unmapped-bucket/x/base", { objectStores: stores, alert: (a) => alerts.push(a), groupName: "frames", numRetries: 1, retryIntervalMs: 10 });
    writeFileSync(path.join(folder, "base.jpg"), "jpeg");
    publisher.publish(path.join(folder, "base.jpg"), "base.jpg");
    await publisher.close();
    assert.equal(publisher.failures, 1);
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]!.state, "SET");
    assert.match(alerts[0]!.message, /^output group frames: PUT s3:\/\/unmapped-bucket\/x\/base\.jpg failed after 2 attempts: no S3 endpoint is configured for bucket "unmapped-bucket": add an entry "unmapped-bucket" or "\*" to s3\.json/);
    assert.equal(existsSync(path.join(folder, "base.jpg")), true, "a file not stored stays");
  });
});
