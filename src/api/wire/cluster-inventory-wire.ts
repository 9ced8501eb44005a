// A cluster's zones and workers in MediaLive Anywhere's wire shapes (DescribeClusterSummary,
// DescribeNodeSummary, DescribeNetworkSummary). A zone is both a cluster (its workers are the
// cluster's nodes) and a network (its push-address pool is the network's IP pool); the ids are
// the zone's name and the worker's node id, which are what `openlive cluster` prints.

import type { InventoryNode, InventoryZone } from "../../domain/cluster-inventory-port.ts";
import { makeArn, type ArnScope } from "../../shared/ids.ts";

/** The logical interface a zone's cluster maps onto its network: where push endpoints live. */
const ENDPOINT_INTERFACE = "push-endpoints";

/** MediaLive Anywhere's NodeState for each worker state. */
const NODE_STATES: Record<InventoryNode["state"], string> = { READY: "READY", IN_USE: "IN_USE", LEFT: "DEREGISTERED" };

export function clusterWire(scope: ArnScope, zone: InventoryZone): Record<string, unknown> {
  return {
    arn: makeArn(scope, "cluster", zone.name),
    id: zone.name,
    name: zone.name,
    clusterType: "ON_PREMISES",
    state: "ACTIVE",
    channelIds: [...zone.channelIds],
    networkSettings: { interfaceMappings: [{ logicalInterfaceName: ENDPOINT_INTERFACE, networkId: zone.name }] },
  };
}

export function networkWire(scope: ArnScope, zone: InventoryZone): Record<string, unknown> {
  return {
    arn: makeArn(scope, "network", zone.name),
    id: zone.name,
    name: zone.name,
    state: zone.channelIds.length > 0 ? "IN_USE" : "ACTIVE",
    associatedClusterIds: [zone.name],
    ipPools: zone.pushAddresses.map((address) => ({ cidr: `${address}/${address.includes(":") ? 128 : 32}` })),
    routes: [],
  };
}

export function nodeWire(scope: ArnScope, node: InventoryNode): Record<string, unknown> {
  return {
    arn: makeArn(scope, "node", node.nodeId),
    id: node.nodeId,
    name: node.nodeId,
    clusterId: node.zone,
    // Every worker of a zone can take any of its pipelines: none is a standby of another.
    role: "ACTIVE",
    state: NODE_STATES[node.state],
    connectionState: node.connected ? "CONNECTED" : "DISCONNECTED",
    channelPlacementGroups: [],
    nodeInterfaceMappings: [],
  };
}
