// The origin ingest route against a real PostgreSQL cluster database: a write under the
// pipeline's current epoch is taken, one under an older epoch after a takeover is refused
// with 409 and changes nothing, paths leaving the ingest folder and unauthenticated writes
// are refused; the http mirror of a replaced writer stops for good on that 409.

import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import Fastify, { type FastifyInstance } from "fastify";
import pino from "pino";
import { ClusterStore } from "../../../src/cluster/cluster-store.ts";
import { FolderMirror } from "../../../src/output/hls/folder-mirror.ts";
import { HttpTransport } from "../../../src/output/hls/http-mirror.ts";
import type { Repository } from "../../../src/domain/repository.ts";
import { OutputRoots } from "../../../src/output/roots/output-roots.ts";
import { startOrigin } from "../../../src/origin/hls-origin.ts";
import { ingestRoots, ingestTarget } from "../../../src/origin/origin-ingest.ts";
import { registerOriginIngestRoute, type PipelineEpochs } from "../../../src/origin/origin-ingest-route.ts";
import { createClusterDatabase } from "../../helpers/cluster-db.ts";
import { startPostgresServer, type PostgresServer } from "../../helpers/postgres-server.ts";
import { until } from "../../helpers/until.ts";

const ACCESS_KEY = "AKIDINGEST";
const SECRET = "ingest-secret";
const LEASE_MS = 300;
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const AUTH = basic(ACCESS_KEY, SECRET);
const fenced = (channelId: string, pipeline: number, epoch: number): Record<string, string> => ({ "x-openlive-channel-id": channelId, "x-openlive-pipeline": String(pipeline), "x-openlive-epoch": String(epoch) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: PostgresServer;
before(async () => {
  server = await startPostgresServer();
});
after(async () => {
  await server.stop();
});

/** The API's body handling (every body a Buffer) and the ingest route on a fresh data dir. */
function ingestApp(epochs: PipelineEpochs, nowMs?: () => number): { app: FastifyInstance; dataDir: string } {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ingest-"));
  const app = Fastify({ logger: false });
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
  registerOriginIngestRoute(app, { roots: ingestRoots(dataDir), epochs, lookupSecret: (id) => (id === ACCESS_KEY ? SECRET : undefined), logger: pino({ level: "silent" }), ...(nowMs ? { nowMs } : {}) });
  return { app, dataDir };
}

/** A cluster database with channel "ch" pipeline 0 wanted in zone a, claimed by worker a1. */
async function claimedPipeline(): Promise<{ store: ClusterStore; epoch: number }> {
  const store = ClusterStore.open(await createClusterDatabase(server));
  await store.syncZones([{ name: "a", pushAddresses: [] }]);
  await store.registerNode({ nodeId: "a1", role: "worker", zone: "a", capacityUnits: 100 });
  await store.registerNode({ nodeId: "a2", role: "worker", zone: "a", capacityUnits: 100 });
  await store.desireChannel("ch", [{ pipeline: 0, zone: "a", costUnits: 10 }]);
  const [claimed] = await store.claim("a1", { leaseMs: LEASE_MS, maxClaims: 1, takeExpired: true });
  assert.ok(claimed);
  return { store, epoch: claimed.epoch };
}

/** a1's lease runs out and a2 takes the pipeline: a higher epoch. */
async function takeOver(store: ClusterStore): Promise<number> {
  await sleep(LEASE_MS + 100);
  const [claimed] = await store.claim("a2", { leaseMs: 60_000, maxClaims: 1, takeExpired: true });
  assert.ok(claimed);
  return claimed.epoch;
}

describe("origin ingest route", () => {
  it("takes the current epoch's writes and refuses an older epoch's after a takeover (409, nothing changed)", async () => {
    const { store, epoch: first } = await claimedPipeline();
    const { app, dataDir } = ingestApp(store);
    try {
      const file = path.join(dataDir, "origin-ingest", "sports", "live_720p.m3u8");
      const put = (epoch: number, body: string) => app.inject({ method: "PUT", url: "/origin/ingest/sports/live_720p.m3u8", headers: { authorization: AUTH, "content-type": "application/vnd.apple.mpegurl", ...fenced("ch", 0, epoch) }, payload: body });
      assert.equal((await put(first, "#EXTM3U\n#first\n")).statusCode, 201);
      assert.equal(readFileSync(file, "utf8"), "#EXTM3U\n#first\n");

      const second = await takeOver(store);
      assert.ok(second > first);
      assert.equal((await put(second, "#EXTM3U\n#second\n")).statusCode, 201);
      const stale = await put(first, "#EXTM3U\n#stale\n");
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.headers["x-amzn-errortype"], "ConflictException");
      assert.match(stale.json().message, new RegExp(`held under epoch ${second}; this write under epoch ${first} comes from a replaced holder`));
      const staleDelete = await app.inject({ method: "DELETE", url: "/origin/ingest/sports/live_720p.m3u8", headers: { authorization: AUTH, ...fenced("ch", 0, first) } });
      assert.equal(staleDelete.statusCode, 409);
      assert.equal(readFileSync(file, "utf8"), "#EXTM3U\n#second\n", "the new holder's playlist is untouched");

      // Players read it from the origin listener at the same path (no authentication, like every origin file).
      const origin = await startOrigin({ host: "127.0.0.1", port: 0, roots: new OutputRoots([]), repository: {} as Repository, logger: pino({ level: "silent" }), ingested: (rawPath) => ingestTarget(ingestRoots(dataDir), rawPath) });
      try {
        const played = await fetch(`${origin.url}/origin/ingest/sports/live_720p.m3u8`);
        assert.equal(played.status, 200);
        assert.equal(await played.text(), "#EXTM3U\n#second\n");
        assert.equal((await fetch(`${origin.url}/origin/ingest/sports/live_720p.m3u8.encoder`)).status, 404);
      } finally {
        await origin.close();
      }
      // The worker reads its last playlist back (before its encoder continues it).
      const got = await app.inject({ method: "GET", url: "/origin/ingest/sports/live_720p.m3u8", headers: { authorization: AUTH } });
      assert.equal(got.statusCode, 200);
      assert.equal(got.body, "#EXTM3U\n#second\n");
      assert.equal((await app.inject({ method: "GET", url: "/origin/ingest/sports/none.m3u8", headers: { authorization: AUTH } })).statusCode, 404);
      assert.equal((await app.inject({ method: "DELETE", url: "/origin/ingest/sports/live_720p.m3u8", headers: { authorization: AUTH, ...fenced("ch", 0, second) } })).statusCode, 204);
      assert.equal(existsSync(file), false);
    } finally {
      await app.close();
      await store.close();
    }
  });

  it("refuses a write once the channel stopped (its pipeline is no longer wanted)", async () => {
    const { store, epoch } = await claimedPipeline();
    let now = 0;
    const { app } = ingestApp(store, () => now);
    try {
      const put = () => app.inject({ method: "PUT", url: "/origin/ingest/s/a_00001.ts", headers: { authorization: AUTH, ...fenced("ch", 0, epoch) }, payload: Buffer.from([0x47]) });
      assert.equal((await put()).statusCode, 201);
      await store.undesireChannel("ch");
      now += 5_000; // past the recheck: the database is asked again
      const refused = await put();
      assert.equal(refused.statusCode, 409);
      assert.match(refused.json().message, /is not running in the cluster/);
    } finally {
      await app.close();
      await store.close();
    }
  });

  it("refuses unauthenticated writes and paths that leave the ingest folder or name no HLS file", async () => {
    const { store, epoch } = await claimedPipeline();
    const { app, dataDir } = ingestApp(store);
    try {
      const headers = fenced("ch", 0, epoch);
      for (const authorization of [undefined, basic(ACCESS_KEY, "wrong"), basic("AKIDOTHER", SECRET), `Bearer ${SECRET}`]) {
        const answer = await app.inject({ method: "PUT", url: "/origin/ingest/s/live.m3u8", headers: { ...headers, ...(authorization ? { authorization } : {}) }, payload: "#EXTM3U\n" });
        assert.equal(answer.statusCode, 403, String(authorization));
        assert.equal(answer.headers["www-authenticate"], 'Basic realm="openlive origin ingest"');
      }
      assert.equal((await app.inject({ method: "GET", url: "/origin/ingest/s/live.m3u8" })).statusCode, 403);
      for (const url of ["/origin/ingest/../escape.m3u8", "/origin/ingest/s/%2e%2e/%2e%2e/escape.m3u8", "/origin/ingest/s/..%2f..%2fescape.ts", "/origin/ingest/s//live.m3u8", "/origin/ingest/s/run.sh", "/origin/ingest/s/.hidden.m3u8", "/origin/ingest/s/live.m3u8.encoder", "/origin/ingest/s/live.m3u8.tmp", "/origin/ingest/.s/live.m3u8"]) {
        const answer = await app.inject({ method: "PUT", url, headers: { authorization: AUTH, ...headers }, payload: "#EXTM3U\n" });
        // A literal ".." segment may already be refused by the router (404) before the route sees it.
        if (/\/(\.\.|%2e%2e)\//i.test(url)) assert.ok(answer.statusCode === 400 || answer.statusCode === 404, `${url}: ${answer.statusCode}`);
        else assert.equal(answer.headers["x-amzn-errortype"], "BadRequestException", `${url}: ${answer.statusCode}`);
      }
      assert.equal(existsSync(path.join(dataDir, "escape.m3u8")), false);
      assert.equal(existsSync(path.join(dataDir, "origin-ingest", "escape.ts")), false);
      const missing = await app.inject({ method: "PUT", url: "/origin/ingest/s/live.m3u8", headers: { authorization: AUTH, "x-openlive-channel-id": "ch", "x-openlive-pipeline": "2", "x-openlive-epoch": String(epoch) }, payload: "#EXTM3U\n" });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.json().message, /x-openlive-pipeline is "2"/);
    } finally {
      await app.close();
      await store.close();
    }
  });

  it("keeps the confirmed epoch writing while the database cannot answer, and makes a newer one try again (502)", async () => {
    let down = false;
    const epochs: PipelineEpochs = { currentEpoch: async () => (down ? Promise.reject(new Error("connection refused")) : 7) };
    let now = 0;
    const { app } = ingestApp(epochs, () => now);
    try {
      const put = (epoch: number) => app.inject({ method: "PUT", url: "/origin/ingest/s/a_00001.ts", headers: { authorization: AUTH, ...fenced("ch", 1, epoch) }, payload: Buffer.from([0x47]) });
      assert.equal((await put(7)).statusCode, 201);
      down = true;
      now += 60_000;
      assert.equal((await put(7)).statusCode, 201, "a database outage takes nothing off the air");
      assert.equal((await put(6)).statusCode, 409);
      const newer = await put(8);
      assert.equal(newer.statusCode, 502);
      assert.match(newer.json().message, /cannot confirm epoch 8/);
    } finally {
      await app.close();
    }
  });

  it("the http mirror of a replaced writer sends its epoch, stops on 409 for good and says it was replaced", async () => {
    const { store, epoch: first } = await claimedPipeline();
    const second = await takeOver(store);
    const { app, dataDir } = ingestApp(store);
    const url = await app.listen({ host: "127.0.0.1", port: 0 });
    const mirrors: FolderMirror[] = [];
    try {
      const mirrorOf = (epoch: number, onReplaced: (message: string) => void): string => {
        const folder = mkdtempSync(path.join(tmpdir(), "ingest-mirror-"));
        const transport = new HttpTransport({ url: `${url}/origin/ingest/sports/`, username: ACCESS_KEY, password: SECRET, fencing: { channelId: "ch", pipelineIndex: 0, epoch } });
        const mirror = new FolderMirror({ folder, transport, numRetries: 3, retryIntervalMs: 50, onReplaced });
        mirror.start();
        mirrors.push(mirror);
        return folder;
      };
      const replaced: string[] = [];
      const current = mirrorOf(second, (message) => assert.fail(`the current holder was told it was replaced: ${message}`));
      const stale = mirrorOf(first, (message) => replaced.push(message));
      writeFileSync(path.join(current, "live_00001.ts"), "new holder");
      const published = path.join(dataDir, "origin-ingest", "sports", "live_00001.ts");
      await until("the current holder's segment arrives", () => (existsSync(published) ? true : undefined), 5_000);
      writeFileSync(path.join(stale, "live_00001.ts"), "stale holder");
      await until("the stale mirror hears it was replaced", () => (replaced.length > 0 ? true : undefined), 5_000);
      assert.equal(replaced.length, 1);
      assert.match(replaced[0]!, /PUT .*live_00001\.ts: HTTP 409 .*held under epoch/);
      // Stopped for good: later files are not sent.
      writeFileSync(path.join(stale, "live_00002.ts"), "stale holder");
      await sleep(300);
      assert.equal(existsSync(path.join(dataDir, "origin-ingest", "sports", "live_00002.ts")), false);
      assert.equal(readFileSync(published, "utf8"), "new holder");
      // The encoder's own playlist (playlist-continuity.ts) never leaves the worker.
      mkdirSync(path.join(current, "sub"), { recursive: true });
      writeFileSync(path.join(current, "live.m3u8.encoder"), "#EXTM3U\n");
      writeFileSync(path.join(current, "live.m3u8"), "#EXTM3U\nlive_00001.ts\n");
      await until("the playlist arrives", () => (existsSync(path.join(dataDir, "origin-ingest", "sports", "live.m3u8")) ? true : undefined), 5_000);
      assert.equal(existsSync(path.join(dataDir, "origin-ingest", "sports", "live.m3u8.encoder")), false);
      // The transport reads a file back.
      const transport = new HttpTransport({ url: `${url}/origin/ingest/sports/`, username: ACCESS_KEY, password: SECRET });
      assert.equal((await transport.get("live.m3u8"))?.toString(), "#EXTM3U\nlive_00001.ts\n");
      assert.equal(await transport.get("gone.m3u8"), undefined);
    } finally {
      for (const mirror of mirrors) mirror.close();
      await app.close();
      await store.close();
    }
  });

  it("names files only below the ingest folder", () => {
    const roots = ingestRoots("/srv/data");
    assert.equal(ingestTarget(roots, "/origin/ingest/a/b/live.m3u8")?.folder, "/srv/data/origin-ingest/a/b");
    assert.equal(ingestTarget(roots, "/origin/ingest/live_00001.ts")?.folder, "/srv/data/origin-ingest");
    assert.equal(ingestTarget(roots, "/origin/mediapackage/live.m3u8"), undefined);
    assert.equal(ingestTarget(roots, "/origin/ingest/a/../live.m3u8"), undefined);
  });
});
