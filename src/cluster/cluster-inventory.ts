// The cluster-inventory port over the cluster's tables: zones with the channels placed in them,
// worker nodes with their state. Three reads per call; the API calls it on demand.

import { INVENTORY_NODE_STATES, type ClusterInventoryPort, type InventoryNode, type InventoryZone } from "../domain/cluster-inventory-port.ts";
import type { ClusterStore } from "./cluster-store.ts";

export class StoreClusterInventory implements ClusterInventoryPort {
  constructor(
    private readonly store: ClusterStore,
    /** A node that heartbeated within this long is connected (the lease). */
    private readonly leaseMs: number,
  ) {}

  async zones(): Promise<readonly InventoryZone[]> {
    const [zones, pipelines] = await Promise.all([this.store.listZones(), this.store.readPipelines()]);
    return zones.map((zone) => ({
      name: zone.name,
      pushAddresses: zone.pushAddresses,
      channelIds: distinct(pipelines.filter((pipeline) => pipeline.zone === zone.name).map((pipeline) => pipeline.channelId)),
    }));
  }

  async nodes(): Promise<readonly InventoryNode[]> {
    const [nodes, pipelines] = await Promise.all([this.store.listNodes(), this.store.readPipelines()]);
    return nodes.flatMap((node) => {
      if (node.zone === undefined) return [];
      const channelIds = distinct(pipelines.filter((pipeline) => pipeline.holder === node.nodeId && pipeline.leaseLive).map((pipeline) => pipeline.channelId));
      const state = node.state === "LEFT" ? INVENTORY_NODE_STATES.LEFT : channelIds.length > 0 ? INVENTORY_NODE_STATES.IN_USE : INVENTORY_NODE_STATES.READY;
      return [{ nodeId: node.nodeId, zone: node.zone, state, connected: node.state !== "LEFT" && node.heartbeatAgeMs <= this.leaseMs, capacityUnits: node.capacityUnits, heldUnits: node.heldUnits, channelIds }];
    });
  }
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
