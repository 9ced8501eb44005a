// The cluster's change relay against a real PostgreSQL: a schedule change (or a pipeline restart
// request) emitted on one node's feed reaches the other node's feed once (never echoed back, never relayed twice); a node cut
// off the database queues what it emits and sends it when it is back, and re-reads what it
// may have missed (its resync) once it listens again.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pino from "pino";
import { ClusterChangeRelay } from "../../../src/cluster/change-relay.ts";
import { ChangeFeed, type ChangeFeedEvents } from "../../../src/domain/change-feed.ts";
import { createClusterDatabase, openDatabaseGate, type DatabaseGate } from "../../helpers/cluster-db.ts";
import { startPostgresServer, type PostgresServer } from "../../helpers/postgres-server.ts";
import { until } from "../../helpers/until.ts";

/** Waits until `condition` holds. */
const holds = (what: string, condition: () => boolean, timeoutMs: number): Promise<true> => until(what, () => (condition() ? true : undefined), timeoutMs);

interface Node {
  readonly feed: ChangeFeed;
  readonly relay: ClusterChangeRelay;
  readonly seen: { event: string; payload: unknown }[];
  resyncs: number;
}

function startNode(url: string, nodeId: string): Node {
  const feed = new ChangeFeed();
  const seen: Node["seen"] = [];
  for (const event of ["scheduleChanged", "isgChanged", "inputChanged", "pipelinesRestartRequested", "channelChanged"] as const) feed.on(event, (payload) => seen.push({ event, payload }));
  const node: Node = {
    feed,
    seen,
    resyncs: 0,
    relay: ClusterChangeRelay.start({ url, nodeId, changes: feed, logger: pino({ level: "silent" }), onResync: () => node.resyncs++, connectTimeoutMs: 500, pingIntervalMs: 200, backoff: { initialMs: 100, maxMs: 300, healthyAfterMs: 10_000 } }),
  };
  return node;
}

const emit = <K extends "scheduleChanged" | "isgChanged" | "pipelinesRestartRequested">(node: Node, event: K, payload: ChangeFeedEvents[K]): void => node.feed.emit(event, payload);

describe("ClusterChangeRelay", () => {
  let server: PostgresServer;
  let url: string;
  let gate: DatabaseGate;
  const nodes: Node[] = [];

  before(async () => {
    server = await startPostgresServer();
    url = await createClusterDatabase(server);
    gate = await openDatabaseGate(url);
  });
  after(async () => {
    for (const node of nodes) await node.relay.close();
    await gate?.close();
    await server?.stop();
  });

  it("delivers another node's schedule and security-group changes once, and not channel states", async () => {
    const api = startNode(url, "api-1");
    const worker = startNode(gate.url, "a1");
    nodes.push(api, worker);
    await holds("both relays listening", () => api.relay.listening && worker.relay.listening, 10_000);
    emit(api, "scheduleChanged", { channelId: "4711001" });
    emit(api, "isgChanged", { isgId: "1234567", cidrs: ["10.0.0.0/8"], deleted: false });
    api.feed.emit("channelChanged", { channelId: "4711001" });
    emit(api, "pipelinesRestartRequested", { channelId: "4711001", pipelineIndices: [1] });
    await holds("the worker seeing three changes", () => worker.seen.length >= 3, 5_000);
    // One more round trip: anything echoed or relayed twice would have arrived by then.
    emit(worker, "scheduleChanged", { channelId: "4711002" });
    await holds("the api node seeing the worker's change", () => api.seen.some((entry) => (entry.payload as { channelId?: string }).channelId === "4711002"), 5_000);
    assert.deepEqual(worker.seen, [
      { event: "scheduleChanged", payload: { channelId: "4711001" } },
      { event: "isgChanged", payload: { isgId: "1234567", cidrs: ["10.0.0.0/8"], deleted: false } },
      { event: "pipelinesRestartRequested", payload: { channelId: "4711001", pipelineIndices: [1] } },
      { event: "scheduleChanged", payload: { channelId: "4711002" } },
    ]);
    assert.deepEqual(api.seen.map((entry) => entry.event), ["scheduleChanged", "isgChanged", "channelChanged", "pipelinesRestartRequested", "scheduleChanged"], "the api node's own changes once each, the worker's once");
    assert.equal(worker.resyncs, 0);
  });

  it("queues what a cut-off node emits, and resynchronises it when it listens again", async () => {
    const [api, worker] = nodes as [Node, Node];
    gate.cut();
    await holds("the worker losing its connection", () => !worker.relay.listening, 5_000);
    emit(worker, "scheduleChanged", { channelId: "4711003" });
    emit(api, "scheduleChanged", { channelId: "4711004" }); // missed by the worker: NOTIFY is not durable
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(!api.seen.some((entry) => (entry.payload as { channelId?: string }).channelId === "4711003"), "nothing passes the cut");
    gate.restore();
    await holds("the worker listening again after one resync", () => worker.relay.listening && worker.resyncs === 1, 10_000);
    await holds("the api node seeing the queued change", () => api.seen.some((entry) => (entry.payload as { channelId?: string }).channelId === "4711003"), 5_000);
    assert.ok(!worker.seen.some((entry) => (entry.payload as { channelId?: string }).channelId === "4711004"), "the missed change is covered by the resync, not replayed");
  });
});
