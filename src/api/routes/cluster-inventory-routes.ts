// MediaLive Anywhere's read operations over openlive's cluster (docs/cluster.md): ListClusters,
// DescribeCluster, ListNodes, DescribeNode, ListNetworks, DescribeNetwork. Read-only: zones are
// configured in the cluster config file and workers register themselves, so the writes of these
// resource kinds stay refused (routes/absent-kinds.ts). A single node has no inventory and
// answers as for any kind of resource it does not have.

import type { ClusterInventoryPort } from "../../domain/cluster-inventory-port.ts";
import { ApiError } from "../../shared/errors.ts";
import type { ApiContext, OperationHandler } from "../handler-types.ts";
import { pageOfList } from "../pagination.ts";
import { clusterWire, networkWire, nodeWire } from "../wire/cluster-inventory-wire.ts";
import { absentKindAnswer } from "./absent-kinds.ts";

function page(operation: string, input: Record<string, unknown>, all: readonly unknown[], member: string): Record<string, unknown> {
  const { items, nextToken } = pageOfList(operation, input, all);
  return { [member]: items, ...(nextToken ? { nextToken } : {}) };
}

function notFound(kind: string, id: string): never {
  throw new ApiError("OL_CLUSTER_RESOURCE_NOT_FOUND", { kind, id });
}

/** A handler answering from the inventory on a cluster node, and as an absent kind on a single node. */
function withInventory(name: string, answer: (inventory: ClusterInventoryPort, input: Record<string, unknown>, context: ApiContext) => Promise<unknown>): OperationHandler {
  const absent = absentKindAnswer(name);
  return async (input, context, problems) => (context.inventory ? answer(context.inventory, input, context) : absent(input, context, problems));
}

export const clusterInventoryHandlers: Record<string, OperationHandler> = {
  ListClusters: withInventory("ListClusters", async (inventory, input, context) =>
    page("ListClusters", input, (await inventory.zones()).map((zone) => clusterWire(context.scope, zone)), "clusters"),
  ),
  DescribeCluster: withInventory("DescribeCluster", async (inventory, input, context) => {
    const zone = (await inventory.zones()).find((entry) => entry.name === input.clusterId);
    return zone ? clusterWire(context.scope, zone) : notFound("Cluster", String(input.clusterId));
  }),
  ListNodes: withInventory("ListNodes", async (inventory, input, context) => {
    // The model gives ListNodes no NotFound: an unknown cluster is a bad request.
    if (!(await inventory.zones()).some((zone) => zone.name === input.clusterId)) throw new ApiError("OL_CLUSTER_UNKNOWN", { id: String(input.clusterId) });
    const nodes = (await inventory.nodes()).filter((node) => node.zone === input.clusterId);
    return page("ListNodes", input, nodes.map((node) => nodeWire(context.scope, node)), "nodes");
  }),
  DescribeNode: withInventory("DescribeNode", async (inventory, input, context) => {
    const node = (await inventory.nodes()).find((entry) => entry.zone === input.clusterId && entry.nodeId === input.nodeId);
    return node ? nodeWire(context.scope, node) : notFound("Node", `${String(input.clusterId)}/${String(input.nodeId)}`);
  }),
  ListNetworks: withInventory("ListNetworks", async (inventory, input, context) =>
    page("ListNetworks", input, (await inventory.zones()).map((zone) => networkWire(context.scope, zone)), "networks"),
  ),
  DescribeNetwork: withInventory("DescribeNetwork", async (inventory, input, context) => {
    const zone = (await inventory.zones()).find((entry) => entry.name === input.networkId);
    return zone ? networkWire(context.scope, zone) : notFound("Network", String(input.networkId));
  }),
};
