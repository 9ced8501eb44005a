// The cluster-inventory port: what the API shows of a cluster's zones and workers through
// MediaLive Anywhere's read operations (ListClusters, ListNodes, ListNetworks and their
// Describe calls). Read-only: zones are configured in the cluster config file and workers
// register themselves. A single node has no inventory (those calls then list nothing).

export interface InventoryZone {
  readonly name: string;
  /** The zone's pool of push-endpoint addresses. */
  readonly pushAddresses: readonly string[];
  /** Channels with a pipeline wanted in this zone. */
  readonly channelIds: readonly string[];
}

export const INVENTORY_NODE_STATES = {
  /** Registered, heartbeating, holding no pipeline. */
  READY: "READY",
  /** Registered, heartbeating, holding at least one pipeline. */
  IN_USE: "IN_USE",
  /** Left the cluster (shut down cleanly). */
  LEFT: "LEFT",
} as const;
export type InventoryNodeState = (typeof INVENTORY_NODE_STATES)[keyof typeof INVENTORY_NODE_STATES];

export interface InventoryNode {
  readonly nodeId: string;
  readonly zone: string;
  readonly state: InventoryNodeState;
  /** Heartbeated within a lease: other nodes count it as alive. */
  readonly connected: boolean;
  readonly capacityUnits: number;
  readonly heldUnits: number;
  /** Channels of the pipelines it holds. */
  readonly channelIds: readonly string[];
}

export interface ClusterInventoryPort {
  /** Every configured zone, by name. */
  zones(): Promise<readonly InventoryZone[]>;
  /** Every worker node ever registered (API-only nodes run no channel and are not listed), by zone then id. */
  nodes(): Promise<readonly InventoryNode[]>;
}
