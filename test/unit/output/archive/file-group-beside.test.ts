import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { pino } from "pino";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { ARCHIVE_FILE_GROUPS } from "../../../../src/output/archive/archive-output.ts";
import { startFileGroupBeside } from "../../../../src/output/archive/file-group-beside.ts";
import type { FinishedFileSink } from "../../../../src/output/archive/finished-file-sink.ts";
import type { BesideContext } from "../../../../src/output/output-kind.ts";
import { OutputRoots } from "../../../../src/output/roots/output-roots.ts";
import type { AlertEvent } from "../../../../src/shared/alerts.ts";
import { minimalHls } from "../../../helpers/minimal-channel.ts";

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
    return { config: config as unknown as ChannelConfig, pipelineIndex: 1, workDir, resolveSecret: () => undefined, roots: new OutputRoots([path.join(root, "out")]), mediaPackage: { originRoot: path.join(root, "mediapackage"), targets: {} }, logger: pino({ level: "silent" }), alert: (alert) => void alerts.push(alert) };
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

  it("hands S3 destinations' finished files to the S3 sink with the bucket, prefix and canned ACL", async () => {
    const handed: string[] = [];
    const made: string[] = [];
    const sink: FinishedFileSink = { fileFinished: (localPath, name) => void handed.push(`${name} ${path.basename(path.dirname(localPath))}`), close: () => Promise.resolve() };
    const beside = await startFileGroupBeside(context(archiveChannel("s3ssl://rec-bucket/live/rec"), []), {
      ...ARCHIVE_FILE_GROUPS,
      s3Sink: (destination, cannedAcl) => {
        made.push(`${destination.bucket} ${destination.prefix} ${destination.baseName} ${cannedAcl}`);
        return sink;
      },
    });
    const staging = beside.destinations.get("my archive")!.folder;
    writeFileSync(path.join(staging, "o0.000000.ts"), "x");
    writeFileSync(path.join(staging, "o0.000001.ts"), "y");
    await beside.close();
    assert.deepEqual(made, ["rec-bucket live rec-b BUCKET_OWNER_FULL_CONTROL"]);
    assert.deepEqual(handed, ["rec-b_a.000000.m2ts finished", "rec-b_a.000001.m2ts finished"]);
  });

  it("raises an alert when this build has no S3 sink, and keeps the files", async () => {
    const alerts: AlertEvent[] = [];
    const beside = await startFileGroupBeside(context(archiveChannel("s3://rec-bucket/rec"), alerts), ARCHIVE_FILE_GROUPS);
    assert.match(alerts[0]?.message ?? "", /cannot be published by this build/);
    await beside.close();
  });
});
