// Which runtime the API gets: on a node that is part of a cluster (a PostgreSQL store, and a
// role other than all or a zone), StartChannel and StopChannel also record the channel's
// pipelines for the workers; otherwise (a single node, or a shared store without a cluster)
// the runtime as it is.

import type { ChannelRuntimePort } from "../domain/channels/channel-runtime-port.ts";
import { withPlacement } from "../domain/channels/pipeline-placement-port.ts";
import { ClusterPlacement } from "./cluster-placement.ts";
import { ClusterStore } from "./cluster-store.ts";
import { NODE_ROLES, type NodeRole } from "./cluster-types.ts";
import { DEFAULT_WORKER_TIMINGS } from "./worker-loop.ts";

export interface PlacementWiring {
  readonly runtime: ChannelRuntimePort;
  /** The cluster's store on a cluster node (openlive's origin checks publishing epochs against it); absent on a single node. */
  readonly store?: ClusterStore;
  close(): Promise<void>;
}

export function isClusterNode(config: { store: string; role: NodeRole; zone: string }): boolean {
  return config.store !== "" && (config.role !== NODE_ROLES.ALL || config.zone !== "");
}

export function wirePlacement(config: { store: string; role: NodeRole; zone: string }, runtime: ChannelRuntimePort, onIdleError: (error: Error) => void): PlacementWiring {
  if (!isClusterNode(config)) return { runtime, close: async () => undefined };
  const store = ClusterStore.open(config.store, { onIdleError });
  return {
    runtime: withPlacement(runtime, new ClusterPlacement(store, DEFAULT_WORKER_TIMINGS.leaseMs)),
    store,
    close: () => store.close(),
  };
}
