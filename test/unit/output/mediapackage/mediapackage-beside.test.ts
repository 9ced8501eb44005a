// What runs beside the encoder for MediaPackage groups, against a real folder and a real HTTP
// server on 127.0.0.1: the own origin's folder is made inside the origin root; a channel the
// targets map to a WebDAV ingest gets a staging folder whose files the HLS kind's http mirror
// PUTs to the configured URL with the configured user and the password from the secret store.

import { fileObjectStoreResolver } from "../../../../src/config/object-stores.ts";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import pino from "pino";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { MEDIAPACKAGE_OUTPUT } from "../../../../src/output/mediapackage/mediapackage-output.ts";
import type { MediaPackageSetup } from "../../../../src/output/mediapackage/mediapackage-targets.ts";
import { OutputRoots } from "../../../../src/output/roots/output-roots.ts";
import type { AlertEvent } from "../../../../src/shared/alerts.ts";
import { until } from "../../../helpers/until.ts";
import { minimalMediaPackage } from "./mediapackage-fixtures.ts";
import { box } from "../fmp4/fmp4-boxes.ts";
import { startReceiver } from "../fmp4/http-receiver.ts";
import { AlertCatalogue } from "../../../../src/shared/alerts.ts";
import net from "node:net";

const base = mkdtempSync(path.join(os.tmpdir(), "openlive-mp-beside-"));
after(() => rmSync(base, { recursive: true, force: true }));

function context(setup: MediaPackageSetup, workDir: string, alerts: AlertEvent[] = [], config = minimalMediaPackage()) {
  return {
    config: config as unknown as ChannelConfig,
    pipelineIndex: 0 as const,
    workDir,
    resolveSecret: (name: string) => (name === "mp-ingest" ? "s3cret" : undefined),
    roots: new OutputRoots([]),
    mediaPackage: setup,
    objectStores: fileObjectStoreResolver(path.join(workDir, "s3.json")),
    logger: pino({ level: "silent" }),
    alert: (alert: AlertEvent) => void alerts.push(alert),
  };
}

describe("MediaPackage beside", () => {
  it("publishes to the own origin: a folder made inside the origin root", async () => {
    const originRoot = path.join(base, "own", "mediapackage");
    mkdirSync(originRoot, { recursive: true, mode: 0o755 });
    const beside = await MEDIAPACKAGE_OUTPUT.startBeside(context({ originRoot, targets: {} }, path.join(base, "own", "work")));
    try {
      assert.deepEqual([...beside.destinations], [["mp-group", { kind: "file", folder: path.join(originRoot, "mp-channel"), baseName: "channel" }]]);
      assert.ok(statSync(path.join(originRoot, "mp-channel")).isDirectory());
    } finally {
      await beside.close();
    }
  });

  it("sends a configured v1 channel's files to its WebDAV ingest, with basic authentication", async () => {
    const received = new Map<string, { authorization: string | undefined; body: string }>();
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        if (request.method === "PUT") received.set(request.url ?? "", { authorization: request.headers.authorization, body: Buffer.concat(chunks).toString("utf8") });
        response.writeHead(201).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const port = (server.address() as { port: number }).port;
    const originRoot = path.join(base, "webdav", "mediapackage");
    const setup = { originRoot, targets: { "mp-channel": { settings: [{ url: `http://127.0.0.1:${port}/in/v2/abc/abc/channel`, username: "ingest", passwordParam: "mp-ingest" }] } } };
    const beside = await MEDIAPACKAGE_OUTPUT.startBeside(context(setup, path.join(base, "webdav", "work")));
    try {
      const staged = beside.destinations.get("mp-group");
      assert.ok(staged && staged.baseName === "channel" && !staged.folder.startsWith(originRoot), JSON.stringify(staged));
      assert.equal(existsSync(originRoot), false, "nothing is written to the own origin");
      for (const [name, text] of [["channel_1280x720_00001.ts", "segment"], ["channel_1280x720.m3u8", "#EXTM3U\n#EXTINF:10,\nchannel_1280x720_00001.ts\n"]] as const) {
        writeFileSync(path.join(staged.folder, `${name}.tmp`), text);
        renameSync(path.join(staged.folder, `${name}.tmp`), path.join(staged.folder, name));
      }
      await until("the playlist at the ingest", () => (received.has("/in/v2/abc/abc/channel_1280x720.m3u8") ? true : undefined), 5_000);
      const segment = received.get("/in/v2/abc/abc/channel_1280x720_00001.ts");
      assert.equal(segment?.body, "segment");
      assert.equal(segment?.authorization, `Basic ${Buffer.from("ingest:s3cret").toString("base64")}`);
    } finally {
      await beside.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("sends a configured v2 channel's tracks by CMAF ingest with its credentials; the group's alert is SET while the ingest refuses and CLEARED when it accepts", async () => {
    const receiver = await startReceiver((index) => (index === 0 ? 503 : 200));
    const originRoot = path.join(base, "cmaf", "mediapackage");
    const setup = { originRoot, targets: { "g/n": { settings: [{ url: `${receiver.url}/in/v1/g/1/n/index`, username: "ingest", passwordParam: "mp-ingest" }] } } };
    const alerts: AlertEvent[] = [];
    const beside = await MEDIAPACKAGE_OUTPUT.startBeside(context(setup, path.join(base, "cmaf", "work"), alerts, minimalMediaPackage({ channelGroup: "g", channelName: "n" })));
    try {
      assert.deepEqual([...beside.destinations], [], "nothing is staged for HLS");
      assert.equal(existsSync(originRoot), false, "nothing is written to the own origin");
      assert.deepEqual([...(beside.slaveTargets?.keys() ?? [])], ["mp-group/_1280x720#video", "mp-group/_1280x720#audio0", "mp-group/AAC-LC-128-EN#audio0"]);
      const header = Buffer.concat([box("ftyp", "cmfc"), box("moov", "v")]);
      const fragment = Buffer.concat([box("moof", "1"), box("mdat", "segment 1")]);
      // The relay is a Unix socket ("unix:<path>"), as the encoder's tee slave reaches it.
      const relayPath = beside.slaveTargets!.get("mp-group/_1280x720#video")!.replace(/^unix:/, "");
      const encoder = net.createConnection({ path: relayPath });
      encoder.end(Buffer.concat([header, fragment]));
      await until("init and segment accepted", () => (receiver.requests.filter((request) => request.body.equals(fragment)).length > 0 ? true : undefined), 10_000);
      const accepted = receiver.requests.slice(1);
      assert.ok(accepted[0]!.body.equals(header) && accepted[1]!.body.equals(fragment));
      assert.deepEqual(new Set(receiver.requests.map((request) => `${request.method} ${request.url}`)), new Set(["POST /in/v1/g/1/n/index/Streams(_1280x720.cmfv)"]));
      assert.equal(receiver.requests[0]!.authorization, `Basic ${Buffer.from("ingest:s3cret").toString("base64")}`);
      await until("the alert cleared", () => (alerts.some((alert) => alert.state === "CLEARED") ? true : undefined), 5_000);
      assert.deepEqual(
        alerts.map((alert) => [alert.alertType, alert.state]),
        [
          [AlertCatalogue.OUTPUT_REFUSED.alertType, "SET"],
          [AlertCatalogue.OUTPUT_REFUSED.alertType, "CLEARED"],
        ],
      );
      assert.match(alerts[0]!.message, /^output group "mp-group": .*HTTP 503/);
    } finally {
      await beside.close();
      await receiver.close();
    }
  });
});
