// Where CreateInput takes its push endpoints from: on a node that is part of a cluster (see
// isClusterNode), the zones' address pools in the shared database; otherwise the configured
// pushAddresses, as a single node always did.

import type { InputEndpointZonesPort } from "../domain/input-endpoint-zones-port.ts";
import { ClusterEndpoints } from "./cluster-endpoints.ts";
import { isClusterNode } from "./cluster-placement-wiring.ts";
import type { NodeRole } from "./cluster-types.ts";

export interface InputEndpointsWiring {
  /** Spread into InputService's options: `endpointZones` on a cluster node, nothing otherwise. */
  readonly options: { readonly endpointZones?: InputEndpointZonesPort };
  close(): Promise<void>;
}

export function wireInputEndpoints(config: { store: string; role: NodeRole; zone: string }, onIdleError: (error: Error) => void): InputEndpointsWiring {
  if (!isClusterNode(config)) return { options: {}, close: async () => undefined };
  const endpoints = ClusterEndpoints.open(config.store, onIdleError);
  return { options: { endpointZones: endpoints }, close: () => endpoints.close() };
}
