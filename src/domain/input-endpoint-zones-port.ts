// The input-endpoint-zones port: in a cluster, a push input's endpoints come from the zones'
// address pools (endpoint 0 in one zone, endpoint 1 in another) and each endpoint keeps its
// zone for the input's life. A single node has no zones: InputService then uses the
// configured push addresses as it is.

/** Where one endpoint of a new input is to be allocated (the store picks the port). */
export interface PlannedEndpoint {
  readonly pipeline: 0 | 1;
  readonly zone: string;
  readonly address: string;
}

/** An allocated endpoint with its zone. */
export interface ZonedEndpoint extends PlannedEndpoint {
  readonly port: number;
}

export interface InputEndpointZonesPort {
  /** A zone and an address of its pool for each of `endpointCount` endpoints; rejects with an ApiError naming what is missing. */
  plan(endpointCount: 1 | 2): Promise<readonly PlannedEndpoint[]>;
  /** Records the allocated endpoints of a new input (the database refuses an address+port twice). */
  record(inputId: string, endpoints: readonly ZonedEndpoint[]): Promise<void>;
  /** The zone of each recorded endpoint, per input id (inputs without any are absent). */
  zonesOf(inputIds: readonly string[]): Promise<ReadonlyMap<string, ReadonlyMap<0 | 1, string>>>;
  /** The input was deleted: its endpoints' address+port may be handed out again. */
  release(inputId: string): Promise<void>;
}
