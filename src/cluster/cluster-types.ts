// The shapes the cluster's store, worker loop and commands share.

import type { StreamInfo } from "../media/types.ts";

/** A zone's name: what cluster_zone.name accepts (cluster-migrations.ts). */
export const ZONE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const NODE_ROLES = { ALL: "all", API: "api", WORKER: "worker" } as const;
export type NodeRole = (typeof NODE_ROLES)[keyof typeof NODE_ROLES];

export interface ZoneConfig {
  readonly name: string;
  /** Addresses push endpoints of this zone are allocated from. */
  readonly pushAddresses: readonly string[];
  /** The worker's interface that a held endpoint address is added to (`ip addr add … dev <interface>`). */
  readonly interface?: string;
  /** Prefix length an IPv4 endpoint address is added with (default 32: the address alone). */
  readonly prefixLength?: number;
  /** Prefix length an IPv6 endpoint address is added with (default 128). */
  readonly ipv6PrefixLength?: number;
  /** Absolute path of a command run as `<hook> add|remove <address> <zone> <node-id>` instead of ip/arping. */
  readonly addressHook?: string;
  /** How long the hook may run before it is killed (default 10 s). */
  readonly addressHookTimeoutMs?: number;
}

export interface NodeRegistration {
  readonly nodeId: string;
  readonly role: NodeRole;
  /** Required unless the role is api. */
  readonly zone?: string;
  readonly capacityUnits: number;
  /** Where zone peers send the failsafe probe; empty: nowhere (peers count it as "might take over"). */
  readonly controlUrl?: string;
}

/** One pipeline of one channel. */
export interface PipelineRef {
  readonly channelId: string;
  readonly pipeline: 0 | 1;
}

/** A pipeline held under an epoch (the fencing token every write of the holder carries). */
export interface HeldPipeline extends PipelineRef {
  readonly epoch: number;
}

export interface ClaimedPipeline extends HeldPipeline {
  readonly zone: string;
  readonly costUnits: number;
}

export interface WantedPipeline {
  readonly pipeline: 0 | 1;
  readonly zone: string;
  readonly costUnits: number;
}

export interface ReportedAlert {
  /** Stable across reports of one run (ListAlerts' id). */
  readonly id?: string;
  readonly alertType: string;
  readonly message: string;
  readonly state: "SET" | "CLEARED";
  readonly setAtMs: number;
  readonly clearedAtMs?: number;
}

/** A held pipeline's state: STARTING until its encoder first produces output, RUNNING while it does, RECOVERING while it is down after that. */
export const REPORTED_STATES = { STARTING: "STARTING", RUNNING: "RUNNING", RECOVERING: "RECOVERING" } as const;
export type ReportedState = (typeof REPORTED_STATES)[keyof typeof REPORTED_STATES];

/** What a holder reports about its pipeline, for DescribeChannel and ListAlerts on any API node. */
export interface PipelineReport {
  readonly state: ReportedState | string;
  readonly activeInputAttachmentName?: string;
  readonly activeInputSwitchActionName?: string;
  readonly activeMotionGraphicsActionName?: string;
  readonly activeMotionGraphicsUri?: string;
  /** Worker restarts of this pipeline on its holder. */
  readonly restarts?: number;
  readonly alerts: readonly ReportedAlert[];
  /** What the pipeline detects in each input it reads now, by input id (DescribeInput's detectedProperties on any node). */
  readonly detectedInputs?: Readonly<Record<string, ReportedDetection>>;
}

/** One input's detected properties as reported: the measured bitrate is left out (it would change every report). */
export interface ReportedDetection {
  readonly streamInfo: Omit<StreamInfo, "bitrateBps">;
  /** Since when the pipeline detects these properties. */
  readonly sinceMs: number;
}

/** A wanted pipeline as any node reads it back. */
export interface PipelineView extends PipelineRef {
  readonly zone: string;
  readonly costUnits: number;
  readonly holder?: string;
  readonly epoch: number;
  /** The holder's lease has not expired by the database clock. */
  readonly leaseLive: boolean;
  readonly report?: PipelineReport;
  /** Without a live lease: for how long (database clock). Absent while a lease is live. */
  readonly unheldMs?: number;
}

export interface ZoneView {
  readonly name: string;
  readonly pushAddresses: readonly string[];
}

export interface NodeView {
  readonly nodeId: string;
  readonly role: NodeRole;
  readonly zone?: string;
  readonly capacityUnits: number;
  /** Cost units of the pipelines it holds. */
  readonly heldUnits: number;
  readonly heldPipelines: number;
  readonly state: "ACTIVE" | "LEFT";
  /** Milliseconds since its last heartbeat, by the database clock. */
  readonly heartbeatAgeMs: number;
  readonly controlUrl: string;
}
