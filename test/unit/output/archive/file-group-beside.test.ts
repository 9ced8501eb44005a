import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { CreateBucketCommand, GetObjectAclCommand, HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { pino } from "pino";
import { fileObjectStoreResolver } from "../../../../src/config/object-stores.ts";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { ARCHIVE_FILE_GROUPS } from "../../../../src/output/archive/archive-output.ts";
import { startFileGroupBeside } from "../../../../src/output/archive/file-group-beside.ts";
import type { BesideContext } from "../../../../src/output/output-kind.ts";
import { OutputRoots } from "../../../../src/output/roots/output-roots.ts";
import type { AlertEvent } from "../../../../src/shared/alerts.ts";
import { minimalHls } from "../../../helpers/minimal-channel.ts";
import { startS3Server, type S3Server } from "../../../helpers/s3-server.ts";

type Json = Record<string, any>;

function archiveChannel(url: string): Json {
  const config = minimalHls();
  config.destinations.push({ id: "rec", settings: [{ url }, { url: `${url}-b` }] });
  config.encoderSettings.outputGroups.push({
    name: "my archive",
    outputGroupSettings: { archiveGroupSettings: { destination: { destinationRefId: "rec" }, archiveCdnSettings: { archiveS3Settings: { cannedAcl: "BUCKET_OWNER_FULL_CONTROL" } } } },
    outputs: [{ outputName: "a", videoDescriptionName: "v", outputSettings: { archiveOutputSettings: { nameModifier: "_a", containerSettings: { m2tsSettings: {} } } } }],
  });
  return config;
}

describe("archive beside the encoder", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "file-group-beside-"));
  mkdirSync(path.join(root, "out"), { mode: 0o700 });
  after(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;

  function context(config: Json, alerts: AlertEvent[]): BesideContext {
    const workDir = path.join(root, `work${++n}`);
    mkdirSync(workDir);
    return { config: config as unknown as ChannelConfig, pipelineIndex: 1, workDir, resolveSecret: () => undefined, roots: new OutputRoots([path.join(root, "out")]), mediaPackage: { originRoot: path.join(root, "mediapackage"), targets: {} }, objectStores: fileObjectStoreResolver(path.join(root, "s3.json")), logger: pino({ level: "silent" }), alert: (alert) => void alerts.push(alert) };
  }

  it("gives the encoder a staging folder and moves finished files into the pipeline's file:// folder", async () => {
    const ctx = context(archiveChannel(`file://${root}/out/rec/main`), []);
    const beside = await startFileGroupBeside(ctx, ARCHIVE_FILE_GROUPS);
    const staging = beside.destinations.get("my archive")!;
    assert.equal(staging.folder, path.join(ctx.workDir, "archive", "my_archive"));
    writeFileSync(path.join(staging.folder, "o0.000000.ts"), "x");
    beside.encoderStarting(undefined as never, true);
    // Pipeline 1 writes to its own URL (settings[1]).
    assert.deepEqual(readdirSync(path.join(root, "out/rec")), ["main-b_a.000000.m2ts"]);
    assert.equal(beside.counters(undefined).segmentsPublished, 1);
    await beside.close();
    await beside.close();
  });

  it("refuses a file:// folder outside the output roots with an alert", async () => {
    const alerts: AlertEvent[] = [];
    await assert.rejects(startFileGroupBeside(context(archiveChannel("file:///elsewhere/rec"), alerts), ARCHIVE_FILE_GROUPS), /output root/);
    assert.equal(alerts[0]?.state, "SET");
  });

  describe("to an S3 destination (a real S3-compatible server on loopback)", () => {
    let s3: S3Server;
    before(async () => {
      s3 = await startS3Server();
      // The context's objectStores read <root>/s3.json at each upload: one store for every bucket but the unmapped one.
      const store = { endpoint: s3.endpoint, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey };
      writeFileSync(path.join(root, "s3.json"), JSON.stringify({ "rec-bucket": store }));
      await s3.client.send(new CreateBucketCommand({ Bucket: "rec-bucket" }));
    });
    after(() => s3?.stop());

    it("publishes each finished file under the destination's key folder with MediaLive's name, content type and canned ACL", async () => {
      const ctx = context(archiveChannel("s3://rec-bucket/live/rec"), []);
      const beside = await startFileGroupBeside(ctx, ARCHIVE_FILE_GROUPS);
      const staging = beside.destinations.get("my archive")!.folder;
      writeFileSync(path.join(staging, "o0.000000.ts"), "x");
      writeFileSync(path.join(staging, "o0.000001.ts"), "y");
      await beside.close();
      const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: "rec-bucket", Prefix: "live/" }));
      assert.deepEqual((listed.Contents ?? []).map((object) => object.Key).sort(), ["live/rec-b_a.000000.m2ts", "live/rec-b_a.000001.m2ts"]);
      const head = await s3.client.send(new HeadObjectCommand({ Bucket: "rec-bucket", Key: "live/rec-b_a.000001.m2ts" }));
      assert.equal(head.ContentType, "video/mp2t");
      const acl = await s3.client.send(new GetObjectAclCommand({ Bucket: "rec-bucket", Key: "live/rec-b_a.000001.m2ts" }));
      assert.ok((acl.Grants ?? []).some((grant) => grant.Permission === "FULL_CONTROL"), "the owner keeps full control");
      assert.deepEqual(readdirSync(path.join(staging, "finished")), [], "stored files leave the staging folder");
    });

    it("raises the group's output alert for a bucket with no configured store, naming the entry to add", async () => {
      const alerts: AlertEvent[] = [];
      const ctx = context(archiveChannel("s3://unmapped-bucket/rec"), alerts);
      const beside = await startFileGroupBeside(ctx, ARCHIVE_FILE_GROUPS);
      writeFileSync(path.join(beside.destinations.get("my archive")!.folder, "o0.000000.ts"), "x");
      await beside.close();
      const set = alerts.find((alert) => alert.state === "SET");
      assert.match(set?.message ?? "", /unmapped-bucket/);
      assert.match(set?.message ?? "", /my archive/);
    });
  });
});
