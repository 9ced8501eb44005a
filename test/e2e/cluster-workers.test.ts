// End-to-end: a cluster of `./openlive serve` processes on one PostgreSQL database — one api
// node and two workers in zones a and b, each on its own loopback address with its own data
// dir. A STANDARD channel on a small looping MP4 file, started through the api node, runs one
// pipeline on each worker; DescribeChannel on the api node says RUNNING with 2 pipelines. A
// kill -9 of one worker leaves its pipeline to its own zone (which has no other worker), so
// the channel goes RECOVERING with the Pipeline Has No Worker alert; StopChannel makes it IDLE
// and releases everything.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import { CreateInputCommand, DescribeChannelCommand, ListAlertsCommand, StartChannelCommand, StopChannelCommand, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { createChannelId } from "../helpers/channel-lifecycle.ts";
import { smallChannel } from "../helpers/channel-fixtures.ts";
import { makeMp4File } from "../helpers/media-fixtures.ts";
import { makeOutputDir, makeTempDir, REPO_ROOT, startOpenlive, type OpenliveProcess } from "../helpers/openlive-process.ts";
import { startPostgresServer, type PostgresServer } from "../helpers/postgres-server.ts";
import { sdkClient } from "../helpers/sdk.ts";
import { until } from "../helpers/until.ts";

const CREDENTIALS = { OPENLIVE_ACCESS_KEY_ID: "AKIACLUSTERE2E000001", OPENLIVE_SECRET_ACCESS_KEY: "cluster-e2e-secret-key-0123456789abcdef" };

/** The node's JSON log lines with this message. */
function logEntries(node: OpenliveProcess, msg: string): Record<string, unknown>[] {
  return node
    .logs()
    .split("\n")
    .filter((line) => line.startsWith("{") && line.includes(msg))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === msg);
}

interface NodeView {
  readonly nodeId: string;
  readonly heldPipelines: number;
  readonly state: string;
}

describe("a STANDARD channel on two workers in two zones, behind an api node", { timeout: 120_000 }, () => {
  let postgres: PostgresServer;
  let storeUrl: string;
  const nodes: OpenliveProcess[] = [];
  let api: OpenliveProcess;
  let workerA: OpenliveProcess;
  let workerB: OpenliveProcess;
  let client: MediaLiveClient;
  let media: string;

  const clusterNodes = (): NodeView[] => {
    const result = spawnSync(path.join(REPO_ROOT, "openlive"), ["cluster", "nodes", "--store", storeUrl], { cwd: REPO_ROOT, encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
    return (JSON.parse(result.stdout) as { nodes: NodeView[] }).nodes;
  };
  const held = (nodeId: string): number | undefined => clusterNodes().find((node) => node.nodeId === nodeId)?.heldPipelines;

  before(async () => {
    postgres = await startPostgresServer();
    storeUrl = await postgres.createDatabase("cluster_e2e");
    media = makeTempDir("openlive-cluster-media-");
    await makeMp4File(path.join(media, "loop.mp4"), 2);
    const clusterConfig = path.join(makeTempDir("openlive-cluster-config-"), "cluster.json");
    writeFileSync(clusterConfig, JSON.stringify({ zones: [{ name: "a", pushAddresses: [] }, { name: "b", pushAddresses: [] }] }));
    const node = async (host: string, args: readonly string[]) => {
      const started = await startOpenlive({ env: CREDENTIALS, inputRoots: [media], extraArgs: ["--host", host, "--store", storeUrl, "--cluster-config", clusterConfig, "--cluster-probe-port", "0", ...args] });
      nodes.push(started);
      return started;
    };
    // The api node first: it applies the migrations.
    api = await node("127.0.0.1", ["--role", "api", "--node-id", "api"]);
    workerA = await node("127.0.0.2", ["--role", "worker", "--zone", "a", "--node-id", "worker-a", "--capacity", "100"]);
    workerB = await node("127.0.0.3", ["--role", "worker", "--zone", "b", "--node-id", "worker-b", "--capacity", "100"]);
    client = sdkClient(api);
  });

  after(async () => {
    for (const started of nodes) await started.stop("SIGKILL");
    await postgres?.stop();
  });

  it("runs a pipeline on each worker, goes RECOVERING with an alert when one is killed (never moved across zones), and IDLE after StopChannel", async (t) => {
    const source = pathToFileURL(path.join(media, "loop.mp4")).href;
    const input = await client.send(new CreateInputCommand({ Name: "loop", Type: "MP4_FILE", Sources: [{ Url: source }, { Url: source }] }));
    const outDir = makeOutputDir("openlive-cluster-");
    const channel = smallChannel(input.Input!.Id!, `file://${outDir}/p0/index`, { segmentLengthS: 1 });
    channel.ChannelClass = "STANDARD";
    channel.Destinations[0].Settings = [{ Url: `file://${outDir}/p0/index` }, { Url: `file://${outDir}/p1/index` }];
    channel.InputAttachments[0].InputSettings.SourceEndBehavior = "LOOP";
    const channelId = await createChannelId(client, channel);
    const describe = () => client.send(new DescribeChannelCommand({ ChannelId: channelId }));

    const startedAtMs = performance.now();
    await client.send(new StartChannelCommand({ ChannelId: channelId }));
    const running = await until("RUNNING with 2 pipelines on the api node", async () => {
      const answer = await describe();
      return answer.State === "RUNNING" && answer.PipelinesRunningCount === 2 ? answer : undefined;
    }, 40_000);
    t.diagnostic(`RUNNING ${Math.round(performance.now() - startedAtMs)} ms after StartChannel`);
    const attachmentName = channel.InputAttachments[0].InputAttachmentName as string;
    assert.deepEqual(running.PipelineDetails!.map((detail) => [detail.PipelineId, detail.ActiveInputAttachmentName]), [["0", attachmentName], ["1", attachmentName]]);
    // One pipeline on each worker, as the cluster command and the workers' logs say.
    const byNode = Object.fromEntries(clusterNodes().map((node) => [node.nodeId, node.heldPipelines]));
    // An api node runs no worker side and does not register.
    assert.deepEqual(byNode, { "worker-a": 1, "worker-b": 1 });
    for (const [worker, pipeline, zone] of [[workerA, 0, "a"], [workerB, 1, "b"]] as const) {
      assert.deepEqual(logEntries(worker, "cluster: pipeline claimed").map((entry) => [entry.channelId, entry.pipeline, entry.zone, typeof entry.epoch]), [[channelId, pipeline, zone, "number"]]);
    }
    assert.deepEqual(logEntries(api, "cluster: pipeline claimed"), []);

    const killedAtMs = performance.now();
    await workerB.stop("SIGKILL");
    const recovering = await until("RECOVERING", async () => {
      const answer = await describe();
      return answer.State === "RECOVERING" ? answer : undefined;
    }, 20_000);
    assert.equal(recovering.PipelinesRunningCount, 1);
    const alert = await until("the Pipeline Has No Worker alert", async () => {
      const alerts = (await client.send(new ListAlertsCommand({ ChannelId: channelId }))).Alerts ?? [];
      return alerts.find((candidate) => candidate.AlertType === "Pipeline Has No Worker");
    }, 30_000);
    t.diagnostic(`RECOVERING and the alert ${Math.round(performance.now() - killedAtMs)} ms after kill -9 (lease 6 s)`);
    assert.equal(alert.PipelineId, "1");
    assert.equal(alert.State, "SET");
    assert.match(alert.Message ?? "", /zone b/);
    // Zone a's worker kept its own pipeline and did not take zone b's.
    assert.equal(held("worker-a"), 1);
    assert.equal(logEntries(workerA, "cluster: pipeline claimed").length, 1);

    await client.send(new StopChannelCommand({ ChannelId: channelId }));
    assert.equal((await describe()).State, "IDLE");
    assert.equal(held("worker-a"), 0);
    const stopped = await until("worker a stopped its pipeline", () => logEntries(workerA, "cluster: pipeline stopped")[0], 10_000);
    assert.deepEqual([stopped.channelId, stopped.pipeline, stopped.reason], [channelId, 0, "LOST"]);
    assert.deepEqual((await client.send(new ListAlertsCommand({ ChannelId: channelId }))).Alerts ?? [], []);
  });
});
