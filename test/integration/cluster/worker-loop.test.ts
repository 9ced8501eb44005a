// Three WorkerLoops (a1, a2 in zone a, b1 in zone b) on a real PostgreSQL, each through its own
// TCP gate so a test can cut it off the database: a STANDARD channel lands in two zones, a
// worker cut from the database stops its pipeline before its zone peer takes it with a higher
// epoch, a graceful close hands the pipeline over within a poll, and a database outage longer
// than the lease stops nothing (the failsafe rule, answered over the workers' probe servers).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ClusterStore } from "../../../src/cluster/cluster-store.ts";
import type { ClaimedPipeline, HeldPipeline } from "../../../src/cluster/cluster-types.ts";
import { WorkerLoop, type StopReason, type WorkerTimings } from "../../../src/cluster/worker-loop.ts";
import { probeZonePeers, startZoneProbeServer, type ZoneProbeServer } from "../../../src/cluster/zone-probe-http.ts";
import { createClusterDatabase, openDatabaseGate, type DatabaseGate } from "../../helpers/cluster-db.ts";
import { startPostgresServer, type PostgresServer } from "../../helpers/postgres-server.ts";
import { until } from "../../helpers/until.ts";

// Short but in the proportions of the defaults: a failed heartbeat (200 ms + 400 ms timeout)
// and a probe (a peer's 400 ms check) both fit in the trust window (lease − margin), with
// room for a loaded 2-core machine.
const TIMINGS: WorkerTimings = { leaseMs: 2000, heartbeatMs: 200, pollMs: 100, marginMs: 400, checkMs: 20, probeTimeoutMs: 600, probeAnswerMs: 300 };
const STORE_TIMEOUTS = { statementTimeoutMs: 400, connectTimeoutMs: 400 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Stopped {
  readonly pipeline: HeldPipeline;
  readonly reason: StopReason;
  readonly atMs: number;
}

interface TestWorker {
  readonly nodeId: string;
  readonly gate: DatabaseGate;
  readonly loop: WorkerLoop;
  /** What runs on it now (started and not stopped), by "channel/pipeline". */
  readonly running: Map<string, ClaimedPipeline & { startedAtMs: number }>;
  readonly stopped: Stopped[];
  kept: number;
  close(): Promise<void>;
}

let server: PostgresServer;
before(async () => {
  server = await startPostgresServer();
});
after(async () => {
  await server.stop();
});

async function startWorker(url: string, nodeId: string, zone: string, timings: WorkerTimings = TIMINGS): Promise<TestWorker> {
  const gate = await openDatabaseGate(url);
  const store = ClusterStore.open(gate.url, STORE_TIMEOUTS);
  let loop: WorkerLoop | undefined;
  const probeServer: ZoneProbeServer = await startZoneProbeServer({ host: "127.0.0.1", port: 0, nodeId, takeOverInMs: async () => (loop ? loop.takeOverInMs() : TIMINGS.leaseMs) });
  const running = new Map<string, ClaimedPipeline & { startedAtMs: number }>();
  const stopped: Stopped[] = [];
  const worker = { nodeId, gate, running, stopped, kept: 0 } as unknown as TestWorker & { loop: WorkerLoop };
  loop = await WorkerLoop.start({
    store,
    node: { nodeId, role: "worker", zone, capacityUnits: 100, controlUrl: probeServer.url },
    timings,
    probe: probeZonePeers,
    callbacks: {
      start: (pipeline) => void running.set(`${pipeline.channelId}/${pipeline.pipeline}`, { ...pipeline, startedAtMs: performance.now() }),
      stop: (pipeline, reason) => {
        running.delete(`${pipeline.channelId}/${pipeline.pipeline}`);
        stopped.push({ pipeline, reason, atMs: performance.now() });
      },
    },
    onEvent: (event) => {
      if (event.kind === "kept-failsafe") worker.kept++;
    },
  });
  worker.loop = loop;
  worker.close = async () => {
    await loop!.close();
    await probeServer.close();
    await store.close();
    await gate.close();
  };
  return worker;
}

async function threeWorkers(url: string, timings?: WorkerTimings): Promise<TestWorker[]> {
  return [await startWorker(url, "a1", "a", timings), await startWorker(url, "a2", "a", timings), await startWorker(url, "b1", "b", timings)];
}

async function clusterDatabase(): Promise<{ url: string; store: ClusterStore }> {
  const url = await createClusterDatabase(server);
  const store = ClusterStore.open(url);
  await store.syncZones([{ name: "a", pushAddresses: ["10.0.1.10"] }, { name: "b", pushAddresses: ["10.0.2.10"] }]);
  return { url, store };
}

const holderOf = (workers: TestWorker[], key: string) => workers.find((worker) => worker.running.has(key));

describe("WorkerLoop", () => {
  it("runs a STANDARD channel in two zones; a worker cut from the database stops before its zone peer takes over with a higher epoch", async (t) => {
    const { url, store } = await clusterDatabase();
    const workers = await threeWorkers(url);
    try {
      assert.ok((await store.placeChannel("ch", { pipelineCount: 2, costUnits: 10, endpointZones: ["a", "b"], freshMs: 5000 })).ok);
      const [holder, sibling] = await until("both pipelines running", () => {
        const zoneA = holderOf(workers, "ch/0");
        const zoneB = holderOf(workers, "ch/1");
        return zoneA && zoneB ? [zoneA, zoneB] : undefined;
      }, 10_000);
      assert.ok(holder.nodeId.startsWith("a"), `pipeline 0 on ${holder.nodeId}`);
      assert.equal(sibling.nodeId, "b1");
      const old = holder.running.get("ch/0")!;
      const siblingEpoch = sibling.running.get("ch/1")!.epoch;
      const peer = workers.find((worker) => worker.nodeId !== holder.nodeId && worker.nodeId.startsWith("a"))!;

      const cutAtMs = performance.now();
      holder.gate.cut();
      const taken = await until("the zone peer runs pipeline 0", () => peer.running.get("ch/0"), 10_000);
      const fenced = holder.stopped.find((stop) => stop.pipeline.channelId === "ch");
      assert.deepEqual(fenced && [fenced.reason, fenced.pipeline.epoch], ["FENCE", old.epoch], "the cut holder fenced itself");
      assert.ok(fenced!.atMs < taken.startedAtMs, "stopped before the peer took it");
      assert.ok(taken.epoch > old.epoch, `epoch ${taken.epoch} after ${old.epoch}`);
      const handOverMs = taken.startedAtMs - cutAtMs;
      assert.ok(handOverMs >= TIMINGS.leaseMs - TIMINGS.heartbeatMs, `taken after ${Math.round(handOverMs)} ms, not before the lease could expire`);
      assert.ok(handOverMs < 3 * TIMINGS.leaseMs, `taken after ${Math.round(handOverMs)} ms`);
      t.diagnostic(`lease ${TIMINGS.leaseMs} ms: fenced ${Math.round(fenced!.atMs - cutAtMs)} ms after the cut, taken over after ${Math.round(handOverMs)} ms`);

      // Back on the network, the old holder's writes under its epoch change nothing.
      holder.gate.restore();
      assert.equal(await store.writeReport(holder.nodeId, old, { state: "RUNNING", alerts: [] }), false);
      assert.deepEqual(await store.renew(holder.nodeId, [old], TIMINGS.leaseMs), { renewed: [], lost: [old] });
      assert.equal(holder.running.size, 0);
      const views = await store.readPipelines("ch");
      assert.deepEqual(views.map((view) => [view.pipeline, view.holder, view.epoch]), [[0, peer.nodeId, taken.epoch], [1, "b1", siblingEpoch]], "pipeline 1 untouched");
    } finally {
      for (const worker of workers) await worker.close();
      await store.close();
    }
  });

  it("hands a pipeline over within a poll on graceful close, not after the lease", async (t) => {
    const slowLease = { ...TIMINGS, leaseMs: 5000, marginMs: 1000 };
    const { url, store } = await clusterDatabase();
    const workers = await threeWorkers(url, slowLease);
    try {
      await store.desireChannel("drain", [{ pipeline: 0, zone: "a", costUnits: 10 }]);
      const holder = await until("pipeline running", () => holderOf(workers, "drain/0"), 10_000);
      const peer = workers.find((worker) => worker.nodeId !== holder.nodeId && worker.nodeId.startsWith("a"))!;
      const closedAtMs = performance.now();
      await holder.close();
      assert.deepEqual(holder.stopped.map((stop) => stop.reason), ["RELEASED"]);
      const taken = await until("the peer runs it", () => peer.running.get("drain/0"), 10_000);
      const handOverMs = taken.startedAtMs - closedAtMs;
      assert.ok(handOverMs < slowLease.leaseMs / 2, `taken ${Math.round(handOverMs)} ms after close (lease ${slowLease.leaseMs} ms)`);
      t.diagnostic(`graceful close: taken over ${Math.round(handOverMs)} ms after close (poll ${slowLease.pollMs} ms, lease ${slowLease.leaseMs} ms)`);
      assert.equal((await store.listNodes()).find((node) => node.nodeId === holder.nodeId)?.state, "LEFT");
      assert.equal(workers.find((worker) => worker.nodeId === "b1")!.running.size, 0, "zone b never takes zone a's pipeline");
    } finally {
      for (const worker of workers) await worker.close();
      await store.close();
    }
  });

  it("keeps every pipeline on air through a database outage longer than the lease, with no epoch change", async () => {
    const { url, store } = await clusterDatabase();
    const workers = await threeWorkers(url);
    try {
      await store.placeChannel("ch", { pipelineCount: 2, costUnits: 10, freshMs: 5000 });
      await until("both pipelines running", () => (holderOf(workers, "ch/0") && holderOf(workers, "ch/1") ? true : undefined), 10_000);
      const before = await store.readPipelines("ch");
      for (const worker of workers) worker.gate.cut();
      await sleep(3 * TIMINGS.leaseMs);
      assert.deepEqual(workers.flatMap((worker) => worker.stopped), [], "nothing stopped during the outage");
      assert.equal(workers.filter((worker) => worker.kept > 0).length, 2, "both holders kept their pipeline under the failsafe rule");
      for (const worker of workers) worker.gate.restore();
      await until("every worker reaches the database again", () => (workers.every((worker) => worker.loop.databaseReachable()) ? true : undefined), 10_000);
      await sleep(2 * TIMINGS.leaseMs);
      assert.deepEqual(workers.flatMap((worker) => worker.stopped), [], "nothing stopped after the outage");
      const afterOutage = await store.readPipelines("ch");
      assert.deepEqual(afterOutage.map((view) => [view.holder, view.epoch, view.leaseLive]), before.map((view) => [view.holder, view.epoch, true]));
    } finally {
      for (const worker of workers) await worker.close();
      await store.close();
    }
  });

  it("stops what it holds and claims nothing more once another process registers its node id", async () => {
    const { url, store } = await clusterDatabase();
    const a1 = await startWorker(url, "a1", "a");
    try {
      await store.desireChannel("dup", [{ pipeline: 0, zone: "a", costUnits: 10 }]);
      await until("a1 runs it", () => a1.running.get("dup/0"), 10_000);
      await store.registerNode({ nodeId: "a1", role: "worker", zone: "a", capacityUnits: 100 });
      await until("a1 stops it", () => a1.stopped.find((stop) => stop.reason === "REPLACED_NODE"), 10_000);
      await sleep(3 * TIMINGS.pollMs);
      assert.equal(a1.running.size, 0, "the replaced process claims nothing again");
      assert.equal((await store.readPipelines("dup"))[0]?.holder, undefined);
    } finally {
      await a1.close();
      await store.close();
    }
  });
});
