// The persistence port. The SQLite store implements it now; a PostgreSQL store will
// implement the same interface for cluster mode. Every method that changes state is
// atomic and durable when its promise resolves, so the API answers only after the
// change is safe on disk.

import type { ChannelRecord } from "./channels/channel-record.ts";
import type { ChannelState, EndpointRecord, InputRecord, IsgRecord, Page, StoredScheduleAction } from "./records.ts";

export interface PageRequest {
  /** Return records created after this position (from a previous page's `nextAfter`). */
  readonly after?: number;
  readonly limit: number;
}

/** What to allocate for one push endpoint. */
export interface EndpointRequest {
  readonly pipeline: 0 | 1;
  readonly address: string;
  /** Consecutive ports reserved from `port` (RTP keeps port+2 and port+4 free for FEC). */
  readonly span: number;
  /** The first port must be a multiple of this (RTP: even). */
  readonly alignment: number;
}

export interface PortRangeSpec {
  readonly first: number;
  readonly last: number;
}

export type DeleteIsgOutcome =
  | { readonly kind: "deleted" }
  | { readonly kind: "not-found" }
  | { readonly kind: "in-use"; readonly inputIds: readonly string[] };

export type DeleteInputOutcome =
  | { readonly kind: "deleted" }
  | { readonly kind: "not-found" }
  | { readonly kind: "attached"; readonly channelIds: readonly string[] };

export type ChannelWriteOutcome =
  | { readonly kind: "ok" }
  | { readonly kind: "not-found" }
  /** Inputs that another channel attached in the meantime (the database refuses a second attachment). */
  | { readonly kind: "inputs-taken"; readonly inputIds: readonly string[] };

/**
 * A channel insert also answers "another call with the same requestId stored its channel
 * first" (two API nodes, or two requests in flight at once): the stored record, for the
 * caller to answer as a retry.
 */
export type InsertChannelOutcome = ChannelWriteOutcome | { readonly kind: "request-replayed"; readonly record: ChannelRecord };

export type DeleteChannelOutcome = { readonly kind: "deleted"; readonly record: ChannelRecord } | { readonly kind: "not-found" };

export interface Repository {
  /** True when `id` is already used by any resource (IDs are unique across types). */
  idExists(id: string): Promise<boolean>;

  insertIsg(isg: IsgRecord): Promise<void>;
  getIsg(id: string): Promise<IsgRecord | undefined>;
  listIsgs(page: PageRequest): Promise<Page<IsgRecord>>;
  /** Replaces rules and tags of a live ISG; false when it does not exist. */
  updateIsg(isg: IsgRecord): Promise<boolean>;
  deleteIsg(id: string, nowMs: number): Promise<DeleteIsgOutcome>;
  /** IDs of live inputs that use the ISG. */
  inputsUsingIsg(id: string): Promise<readonly string[]>;

  /**
   * Stores a new input, allocating the requested endpoints from `range` in the same
   * transaction (no two inputs ever share a port). Returns the stored record, with
   * its endpoints. Undefined when no free ports are left. When another call stored an input
   * with the same requestId first (two API nodes, two requests in flight), stores nothing
   * and returns that input.
   */
  insertInput(input: Omit<InputRecord, "endpoints">, endpoints: readonly EndpointRequest[], range: PortRangeSpec): Promise<InputRecord | undefined>;
  getInput(id: string): Promise<InputRecord | undefined>;
  getInputByRequestId(requestId: string): Promise<InputRecord | undefined>;
  listInputs(page: PageRequest): Promise<Page<InputRecord>>;
  /** Replaces a live input's mutable fields (endpoints never change); false when missing. */
  updateInput(input: InputRecord): Promise<boolean>;
  /** Marks the input deleted and frees its ports, unless it is attached to a channel. */
  deleteInput(id: string, nowMs: number): Promise<DeleteInputOutcome>;

  /** Stores a channel and attaches `inputIds` to it, atomically. */
  insertChannel(channel: ChannelRecord, inputIds: readonly string[]): Promise<InsertChannelOutcome>;
  getChannel(id: string): Promise<ChannelRecord | undefined>;
  getChannelByRequestId(requestId: string): Promise<ChannelRecord | undefined>;
  listChannels(page: PageRequest): Promise<Page<ChannelRecord>>;
  /** Replaces a live channel and its attachments (detaching inputs it no longer uses), atomically. */
  updateChannel(channel: ChannelRecord, inputIds: readonly string[]): Promise<ChannelWriteOutcome>;
  /** Records a live channel's state (running channels); undefined when the channel is gone. */
  setChannelState(id: string, state: ChannelState): Promise<ChannelRecord | undefined>;
  /** Marks the channel deleted, detaches its inputs and drops its schedule, atomically. */
  deleteChannel(id: string, nowMs: number): Promise<DeleteChannelOutcome>;

  /** A channel's schedule in creation order. */
  getSchedule(channelId: string): Promise<readonly StoredScheduleAction[]>;
  /** Replaces a channel's whole schedule in one transaction (a batch applies all or nothing). */
  replaceSchedule(channelId: string, actions: readonly StoredScheduleAction[]): Promise<void>;

  /** Every endpoint of every live input (for the ingest edges, later issues). */
  allEndpoints(): Promise<readonly (EndpointRecord & { readonly inputId: string })[]>;

  close(): Promise<void>;
}
