// MediaLive Anywhere's read operations on a cluster API node, with the JS SDK and the aws CLI:
// zones as clusters and networks, workers as nodes with their state (in use while they hold a
// pipeline, ready while idle, deregistered once they left, disconnected past their lease);
// unknown ids are 404 with a message saying what these resources are here; the writes stay
// refused. A single node answers as for any kind it does not have (lists empty, reads 404).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateClusterCommand,
  DescribeClusterCommand,
  DescribeNetworkCommand,
  DescribeNodeCommand,
  ListClustersCommand,
  ListNetworksCommand,
  ListNodesCommand,
  paginateListClusters,
  type MediaLiveClient,
} from "@aws-sdk/client-medialive";
import pino from "pino";
import { ClusterStore } from "../../../src/cluster/cluster-store.ts";
import { loadConfig } from "../../../src/config/config.ts";
import { startService, type RunningService } from "../../../src/main.ts";
import { medialive } from "../../helpers/aws-cli.ts";
import { createClusterDatabase } from "../../helpers/cluster-db.ts";
import { makeTempDir } from "../../helpers/openlive-process.ts";
import { startPostgresServer, type PostgresServer } from "../../helpers/postgres-server.ts";
import { sdkClient } from "../../helpers/sdk.ts";

const credentials = { accessKeyId: "AKIDINVENTORY", secretAccessKey: "inventory-secret-key" };
const ZONES = [
  { name: "a", pushAddresses: ["10.0.1.10", "10.0.1.11"] },
  { name: "b", pushAddresses: ["10.0.2.10", "fd00::2:10"] },
];

async function startNode(flags: Record<string, string>): Promise<RunningService> {
  const config = loadConfig({ flags: { "data-dir": makeTempDir("inventory-"), "api-port": "0", "log-level": "silent", ...flags }, env: {} });
  return startService(config, { ...credentials, origin: "environment", generated: false }, pino({ level: "silent" }));
}

describe("MediaLive Anywhere reads on a cluster API node", () => {
  let server: PostgresServer;
  let store: ClusterStore;
  let apiNode: RunningService;
  let client: MediaLiveClient;

  before(async () => {
    server = await startPostgresServer();
    const url = await createClusterDatabase(server);
    apiNode = await startNode({ store: url, role: "api" });
    client = sdkClient({ url: apiNode.url, credentials });
    // The workers, as the database sees them: a1 holds a pipeline, a2 is idle, b1 holds one, b2 left.
    store = ClusterStore.open(url);
    await store.syncZones(ZONES);
    for (const [nodeId, zone] of [["a1", "a"], ["a2", "a"], ["b1", "b"], ["b2", "b"]] as const) await store.registerNode({ nodeId, role: "worker", zone, capacityUnits: 100 });
    await store.registerNode({ nodeId: "api-1", role: "api", capacityUnits: 0 });
    const left = await store.registerNode({ nodeId: "b2", role: "worker", zone: "b", capacityUnits: 100 });
    await store.leaveNode("b2", left.incarnation);
    assert.ok((await store.placeChannel("4711001", { pipelineCount: 2, costUnits: 10, freshMs: 10_000 })).ok);
    const claim = { leaseMs: 60_000, maxClaims: 10, takeExpired: true };
    assert.equal((await store.claim("a1", claim)).length, 1);
    assert.equal((await store.claim("b1", claim)).length, 1);
  });

  after(async () => {
    client?.destroy();
    await store?.close();
    await apiNode?.close();
    await server?.stop();
  });

  it("lists each zone as a cluster and a network, with the channels placed in it", async () => {
    const clusters = await client.send(new ListClustersCommand({}));
    assert.deepEqual(clusters.Clusters?.map((cluster) => [cluster.Id, cluster.Name, cluster.ClusterType, cluster.State, cluster.ChannelIds]), [
      ["a", "a", "ON_PREMISES", "ACTIVE", ["4711001"]],
      ["b", "b", "ON_PREMISES", "ACTIVE", ["4711001"]],
    ]);
    assert.match(clusters.Clusters?.[0]?.Arn ?? "", /^arn:aws:medialive:us-east-1:\d{12}:cluster:a$/);
    assert.deepEqual(clusters.Clusters?.[0]?.NetworkSettings?.InterfaceMappings, [{ LogicalInterfaceName: "push-endpoints", NetworkId: "a" }]);

    const pages = [];
    for await (const page of paginateListClusters({ client, pageSize: 1 }, {})) pages.push(page.Clusters?.map((cluster) => cluster.Id));
    assert.deepEqual(pages, [["a"], ["b"]], "one cluster per page, in order");

    const networks = await client.send(new ListNetworksCommand({}));
    assert.deepEqual(networks.Networks?.map((network) => [network.Id, network.State, network.AssociatedClusterIds, network.IpPools?.map((pool) => pool.Cidr)]), [
      ["a", "IN_USE", ["a"], ["10.0.1.10/32", "10.0.1.11/32"]],
      ["b", "IN_USE", ["b"], ["10.0.2.10/32", "fd00::2:10/128"]],
    ]);
    const network = await client.send(new DescribeNetworkCommand({ NetworkId: "b" }));
    assert.equal(network.Name, "b");
    const cluster = await client.send(new DescribeClusterCommand({ ClusterId: "a" }));
    assert.deepEqual(cluster.ChannelIds, ["4711001"]);
  });

  it("lists the workers of a zone as its nodes, with their state (API-only nodes are not nodes)", async () => {
    const a = await client.send(new ListNodesCommand({ ClusterId: "a" }));
    assert.deepEqual(a.Nodes?.map((node) => [node.Id, node.ClusterId, node.Role, node.State, node.ConnectionState]), [
      ["a1", "a", "ACTIVE", "IN_USE", "CONNECTED"],
      ["a2", "a", "ACTIVE", "READY", "CONNECTED"],
    ]);
    const b2 = await client.send(new DescribeNodeCommand({ ClusterId: "b", NodeId: "b2" }));
    assert.deepEqual([b2.State, b2.ConnectionState], ["DEREGISTERED", "DISCONNECTED"]);
    await assert.rejects(client.send(new ListNodesCommand({ ClusterId: "nowhere" })), (error: Error) => error.name === "BadRequestException" && /Cluster nowhere does not exist: openlive's clusters are its zones/.test(error.message));
  });

  it("answers unknown ids with 404 saying what clusters and nodes are here, and refuses the writes", async () => {
    await assert.rejects(client.send(new DescribeClusterCommand({ ClusterId: "c" })), (error: Error) => error.name === "NotFoundException" && /Cluster c does not exist: openlive's clusters and networks are its zones/.test(error.message));
    await assert.rejects(client.send(new DescribeNodeCommand({ ClusterId: "b", NodeId: "a1" })), (error: Error) => error.name === "NotFoundException" && /Node b\/a1 does not exist/.test(error.message));
    await assert.rejects(client.send(new CreateClusterCommand({ Name: "c" })), (error: Error) => error.name === "BadRequestException" && /configured on the nodes, not through the API/.test(error.message));
  });

  it("serves the aws CLI's list-nodes", async () => {
    const ml = medialive({ url: apiNode.url, credentials });
    const result = await ml("list-nodes", "--cluster-id", "b");
    assert.equal(result.exitCode, 0, result.stderr);
    const nodes = (result.json as { Nodes: { Id: string; State: string }[] }).Nodes;
    assert.deepEqual(nodes.map((node) => [node.Id, node.State]), [["b1", "IN_USE"], ["b2", "DEREGISTERED"]]);
  });
});

describe("MediaLive Anywhere reads on a single node", () => {
  it("lists no clusters or networks and finds none", async () => {
    const node = await startNode({});
    const client = sdkClient({ url: node.url, credentials });
    try {
      assert.deepEqual((await client.send(new ListClustersCommand({}))).Clusters, []);
      assert.deepEqual((await client.send(new ListNetworksCommand({}))).Networks, []);
      await assert.rejects(client.send(new ListNodesCommand({ ClusterId: "a" })), (error: Error) => error.name === "BadRequestException" && /openlive does not offer ListNodes/.test(error.message));
      await assert.rejects(client.send(new DescribeClusterCommand({ ClusterId: "a" })), (error: Error) => error.name === "NotFoundException");
    } finally {
      client.destroy();
      await node.close();
    }
  });
});
