// Worker nodes and an API node's runtime in one process against one PostgreSQL database: each
// ClusterWorker runs what it claims through runtimePipelineHost on a fake local runtime that
// counts starts, stops and epochs and says what its pipeline does; ClusterChannelRuntime (what
// the API of a cluster node talks to) starts and stops the channel and reads DescribeChannel's
// state, pipelines and ListAlerts from the holders' reports.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { ClusterChannelRuntime } from "../../../src/cluster/cluster-channel-runtime.ts";
import { ClusterPlacement } from "../../../src/cluster/cluster-placement.ts";
import { ClusterStore } from "../../../src/cluster/cluster-store.ts";
import { ClusterWorker } from "../../../src/cluster/cluster-worker.ts";
import { runtimePipelineHost, type PipelineRuntime } from "../../../src/cluster/runtime-pipeline-host.ts";
import type { StopReason, WorkerTimings } from "../../../src/cluster/worker-loop.ts";
import { ChangeFeed } from "../../../src/domain/change-feed.ts";
import type { ChannelRecord } from "../../../src/domain/channels/channel-record.ts";
import type { ChannelAlert, ChannelRunView, DetectedInputProperties } from "../../../src/domain/channels/channel-runtime-port.ts";
import type { ChannelState } from "../../../src/domain/records.ts";
import type { StreamInfo } from "../../../src/media/types.ts";
import type { Repository } from "../../../src/domain/repository.ts";
import { AlertCatalogue } from "../../../src/shared/alerts.ts";
import { createClusterDatabase } from "../../helpers/cluster-db.ts";
import { startPostgresServer, type PostgresServer } from "../../helpers/postgres-server.ts";

// The proportions of the defaults, shorter (as in worker-loop.test.ts).
const TIMINGS: WorkerTimings = { leaseMs: 2000, heartbeatMs: 200, pollMs: 100, marginMs: 400, checkMs: 20, probeTimeoutMs: 600, probeAnswerMs: 300 };

let server: PostgresServer;
before(async () => {
  server = await startPostgresServer();
});
after(async () => {
  await server.stop();
});

/** Polls every 50 ms (the loops tick every 100–200 ms). */
async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface FakePipeline {
  readonly pipelineIndex: 0 | 1;
  readonly clusterEpoch: number;
  readonly onChange: () => void;
  running: boolean;
  alerts: ChannelAlert[];
  detected?: { inputId: string; streamInfo: StreamInfo; atMs: number };
}

/** The local runtime of a worker, as far as the worker uses it: what runs, with which epoch, and what it says. */
class FakeRuntime implements PipelineRuntime {
  readonly starts: { channelId: string; pipelineIndex: number; clusterEpoch: number }[] = [];
  readonly stops: { channelId: string; reason?: StopReason }[] = [];
  readonly pipelines = new Map<string, FakePipeline>();

  async runPipeline(channelId: string, run: { pipelineIndex: 0 | 1; clusterEpoch: number; onChange: () => void }): Promise<void> {
    assert.ok(!this.pipelines.has(channelId), "one pipeline of a channel per node");
    this.starts.push({ channelId, pipelineIndex: run.pipelineIndex, clusterEpoch: run.clusterEpoch });
    // The encoder produces output at once.
    this.pipelines.set(channelId, { ...run, running: true, alerts: [] });
  }

  async stopPipeline(channelId: string): Promise<void> {
    if (this.pipelines.delete(channelId)) this.stops.push({ channelId });
  }

  async view(channelId: string): Promise<ChannelRunView | undefined> {
    const pipeline = this.pipelines.get(channelId);
    if (!pipeline) return undefined;
    return { pipelinesRunningCount: pipeline.running ? 1 : 0, pipelineDetails: [{ pipelineId: String(pipeline.pipelineIndex), running: pipeline.running, restarts: 0, activeInputAttachmentName: `main-${pipeline.pipelineIndex}` }] };
  }

  async alerts(channelId: string): Promise<readonly ChannelAlert[]> {
    return this.pipelines.get(channelId)?.alerts ?? [];
  }

  detectedOfChannel(channelId: string): Record<string, readonly DetectedInputProperties[]> {
    const pipeline = this.pipelines.get(channelId);
    const detected = pipeline?.detected;
    return pipeline && detected ? { [detected.inputId]: [{ pipelineIndex: pipeline.pipelineIndex, streamInfo: detected.streamInfo, atMs: detected.atMs }] } : {};
  }

  /** What the pipeline process would tell the runtime: its encoder stopped or started, an alert. */
  change(channelId: string, change: (pipeline: FakePipeline) => void): void {
    const pipeline = this.pipelines.get(channelId);
    assert.ok(pipeline, `${channelId} runs here`);
    change(pipeline);
    pipeline.onChange();
  }
}

interface TestWorker {
  readonly nodeId: string;
  readonly runtime: FakeRuntime;
  readonly stopReasons: StopReason[];
  close(): Promise<void>;
}

async function startWorker(url: string, nodeId: string, zone: string): Promise<TestWorker> {
  const store = ClusterStore.open(url, { statementTimeoutMs: 400, connectTimeoutMs: 400 });
  const runtime = new FakeRuntime();
  const stopReasons: StopReason[] = [];
  const worker = await ClusterWorker.start({
    store,
    node: { nodeId, role: "worker", zone, capacityUnits: 100 },
    host: runtimePipelineHost(runtime),
    probe: { host: "127.0.0.1", port: 0 },
    timings: TIMINGS,
    onEvent: (event) => {
      if (event.kind === "stopped") stopReasons.push(event.reason);
    },
  });
  return {
    nodeId,
    runtime,
    stopReasons,
    async close() {
      await worker.close();
      await store.close();
    },
  };
}

/** The two calls of the repository port the cluster runtime makes, on a map. */
function channelRecords(records: ChannelRecord[]): Repository {
  const byId = new Map(records.map((record) => [record.id, record]));
  return {
    getChannel: async (id: string) => byId.get(id),
    setChannelState: async (id: string, state: ChannelState) => {
      const record = byId.get(id);
      if (!record) return undefined;
      const next = { ...record, state };
      byId.set(id, next);
      return next;
    },
  } as unknown as Repository;
}

function standardChannel(id: string): ChannelRecord {
  const rendition = { name: "360", width: 640, height: 360, codecSettings: { h264Settings: { framerateControl: "SPECIFIED", framerateNumerator: 30, framerateDenominator: 1 } } };
  return {
    id,
    state: "IDLE",
    tags: {},
    config: {
      channelClass: "STANDARD",
      inputSpecification: { codec: "AVC", resolution: "SD", maximumBitrate: "MAX_10_MBPS" },
      encoderSettings: { audioDescriptions: [], timecodeConfig: { source: "EMBEDDED" }, videoDescriptions: [rendition], outputGroups: [{ outputGroupSettings: {}, outputs: [{ outputSettings: {}, videoDescriptionName: "360" }] }] },
    },
  } as unknown as ChannelRecord;
}

async function apiNode(url: string, records: ChannelRecord[]): Promise<{ api: ClusterChannelRuntime; repository: Repository; store: ClusterStore }> {
  const store = ClusterStore.open(url);
  await store.syncZones([{ name: "a", pushAddresses: [] }, { name: "b", pushAddresses: [] }]);
  const repository = channelRecords(records);
  const api = new ClusterChannelRuntime({ store, placement: new ClusterPlacement(store, TIMINGS.leaseMs), repository, changes: new ChangeFeed(), leaseMs: TIMINGS.leaseMs, nowMs: Date.now });
  return { api, repository, store };
}

const describeState = async (api: ClusterChannelRuntime, repository: Repository, id: string) => (await api.view(id))?.state ?? (await repository.getChannel(id))!.state;

describe("cluster workers and the API's cluster runtime", () => {
  it("runs each pipeline of a STANDARD channel on a worker of its zone with its epoch; Describe and ListAlerts come from the reports; StopChannel stops both", async () => {
    const url = await createClusterDatabase(server);
    const { api, repository, store } = await apiNode(url, [standardChannel("1000001")]);
    const a1 = await startWorker(url, "a1", "a");
    const b1 = await startWorker(url, "b1", "b");
    try {
      const starting = await api.start((await repository.getChannel("1000001"))!);
      assert.equal(starting.state, "STARTING");
      const view = await until("both pipelines reported running", async () => {
        const current = await api.view("1000001");
        return current?.pipelinesRunningCount === 2 ? current : undefined;
      });
      assert.equal(view.state, "RUNNING");
      assert.deepEqual(view.pipelineDetails.map((detail) => [detail.pipelineId, detail.running, detail.activeInputAttachmentName]), [["0", true, "main-0"], ["1", true, "main-1"]]);
      assert.equal((await repository.getChannel("1000001"))!.state, "RUNNING", "the stored state follows");
      // Each worker runs the pipeline of its zone, once, under the epoch the database gave it.
      const rows = await store.readPipelines("1000001");
      const zoneOf = (row: { pipeline: number }) => rows.find((candidate) => candidate.pipeline === row.pipeline)!;
      for (const worker of [a1, b1]) {
        assert.equal(worker.runtime.starts.length, 1, `${worker.nodeId} started one pipeline`);
        const [start] = worker.runtime.starts;
        const row = zoneOf({ pipeline: start!.pipelineIndex });
        assert.deepEqual([row.holder, row.epoch], [worker.nodeId, start!.clusterEpoch]);
      }
      assert.notEqual(a1.runtime.starts[0]!.pipelineIndex, b1.runtime.starts[0]!.pipelineIndex);

      // What zone a's pipeline detects in its input shows on the API node (DescribeInput), without the measured bitrate.
      const streamInfo: StreamInfo = { video: [], audio: [], captions: { cea608Channels: [1], cea708Services: [], dvbSubPids: [], teletextPids: [], scte27Pids: [] }, scte35Pids: [500], bitrateBps: 1_234_567 };
      const aIndex = a1.runtime.starts[0]!.pipelineIndex;
      a1.runtime.change("1000001", (pipeline) => {
        pipeline.detected = { inputId: "4000001", streamInfo, atMs: 1_700_000_000_000 };
      });
      const detected = await until("the detection reported", async () => {
        const entries = await api.detectedProperties("4000001");
        return entries.length ? entries : undefined;
      }, 5000);
      const { bitrateBps: _measured, ...withoutBitrate } = streamInfo;
      assert.deepEqual(detected, [{ pipelineIndex: aIndex, streamInfo: withoutBitrate, atMs: 1_700_000_000_000 }]);
      assert.deepEqual(await api.detectedProperties("4000002"), []);

      // The pipeline of zone b goes down and reports an alert: RECOVERING, and ListAlerts shows it on that pipeline.
      const bIndex = String(b1.runtime.starts[0]!.pipelineIndex);
      b1.runtime.change("1000001", (pipeline) => {
        pipeline.running = false;
        pipeline.alerts = [{ id: "x1", alertType: AlertCatalogue.INPUT_ACCESS_FAILED.alertType, message: "source gone", pipelineId: bIndex, state: "SET", setAtMs: Date.now() }];
      });
      await until("RECOVERING", async () => ((await describeState(api, repository, "1000001")) === "RECOVERING" ? true : undefined));
      const alerts = await api.alerts("1000001");
      assert.deepEqual(alerts.map((alert) => [alert.pipelineId, alert.alertType, alert.state]), [[bIndex, AlertCatalogue.INPUT_ACCESS_FAILED.alertType, "SET"]]);
      b1.runtime.change("1000001", (pipeline) => {
        pipeline.running = true;
      });
      await until("RUNNING again", async () => ((await describeState(api, repository, "1000001")) === "RUNNING" ? true : undefined));

      const stopping = await api.stop((await repository.getChannel("1000001"))!);
      assert.equal(stopping.state, "STOPPING");
      assert.equal((await repository.getChannel("1000001"))!.state, "IDLE");
      assert.equal(await api.view("1000001"), undefined);
      await until("both workers stopped their pipeline", () => (a1.runtime.pipelines.size + b1.runtime.pipelines.size === 0 ? true : undefined), 3000);
      assert.deepEqual([a1.runtime.stops.length, b1.runtime.stops.length, a1.stopReasons, b1.stopReasons], [1, 1, ["LOST"], ["LOST"]]);
      assert.deepEqual([a1.runtime.starts.length, b1.runtime.starts.length], [1, 1], "nothing started again");
    } finally {
      await a1.close();
      await b1.close();
      await store.close();
    }
  });

  it("leaves a pipeline whose zone has no worker unheld with an alert (never to the other zone), until a worker of its zone takes it with a new epoch", async () => {
    const url = await createClusterDatabase(server);
    const { api, repository, store } = await apiNode(url, [standardChannel("2000002")]);
    const a1 = await startWorker(url, "a1", "a");
    const b1 = await startWorker(url, "b1", "b");
    let a2: TestWorker | undefined;
    try {
      await api.start((await repository.getChannel("2000002"))!);
      await until("RUNNING", async () => ((await api.view("2000002"))?.state === "RUNNING" ? true : undefined));
      const aIndex = a1.runtime.starts[0]!.pipelineIndex;
      const firstEpoch = a1.runtime.starts[0]!.clusterEpoch;

      // Zone a's only worker leaves (its lease is released at once): nobody of zone a can take the pipeline.
      await a1.close();
      await until("RECOVERING", async () => ((await api.view("2000002"))?.state === "RECOVERING" ? true : undefined), 3000);
      const alert = await until("the Pipeline Has No Worker alert", async () => (await api.alerts("2000002")).find((candidate) => candidate.alertType === AlertCatalogue.PIPELINE_UNHELD.alertType), 3 * TIMINGS.leaseMs);
      assert.equal(alert.pipelineId, String(aIndex));
      assert.equal(alert.state, "SET");
      assert.match(alert.message, /zone a/);
      assert.deepEqual(b1.runtime.starts.map((start) => start.pipelineIndex), [1 - aIndex], "zone b never takes zone a's pipeline");
      assert.equal((await api.view("2000002"))!.pipelinesRunningCount, 1);

      a2 = await startWorker(url, "a2", "a");
      await until("RUNNING with a2", async () => ((await api.view("2000002"))?.state === "RUNNING" ? true : undefined));
      assert.ok(a2.runtime.starts[0]!.clusterEpoch > firstEpoch, "a new epoch");
      assert.deepEqual(await api.alerts("2000002"), [], "the alert is gone");

      // The database gives the pipeline away under a2's feet: its next fenced write (a report, or
      // the renewal if that comes first) matches nothing and it stops.
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`UPDATE cluster_pipeline SET holder = NULL, expires_at = NULL WHERE channel_id = $1 AND pipeline = $2`, ["2000002", aIndex]);
      } finally {
        await admin.end();
      }
      if (a2.runtime.pipelines.has("2000002")) a2.runtime.change("2000002", (pipeline) => pipeline.alerts.push({ id: "y1", alertType: AlertCatalogue.INPUT_ACCESS_FAILED.alertType, message: "m", pipelineId: String(aIndex), state: "SET", setAtMs: Date.now() }));
      await until("a2 stopped the pipeline it lost", () => (a2!.stopReasons.includes("LOST") ? true : undefined), 3000);
    } finally {
      await a2?.close();
      await a1.close();
      await b1.close();
      await store.close();
    }
  });
});
