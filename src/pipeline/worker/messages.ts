// What the service and a pipeline worker process say to each other over the IPC channel
// (node:child_process fork, "advanced" serialization so byte arrays travel as they are).

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { InputRecord, StoredScheduleAction } from "../../domain/records.ts";
import type { StreamInfo } from "../../media/types.ts";

export interface PipelineSpec {
  readonly channelId: string;
  readonly pipelineIndex: 0 | 1;
  readonly config: ChannelConfig;
  /** The attached inputs, by id. */
  readonly inputs: Readonly<Record<string, InputRecord>>;
  /** Input id → the CIDRs its security groups allow now. */
  readonly allowLists: Readonly<Record<string, readonly string[]>>;
  /** The service's data directory (secrets file). */
  readonly dataDir: string;
  /** This pipeline's own folder: thumbnail, logs of the encoder. */
  readonly workDir: string;
  readonly logLevel: string;
  /** The channel's schedule when the pipeline starts (updates arrive as "schedule" messages). */
  readonly schedule: readonly StoredScheduleAction[];
}

export type ToWorker =
  | { readonly type: "start"; readonly spec: PipelineSpec }
  | { readonly type: "allow-list"; readonly inputId: string; readonly cidrs: readonly string[] }
  | { readonly type: "schedule"; readonly actions: readonly StoredScheduleAction[] }
  | { readonly type: "stop" };

export interface WorkerAlert {
  readonly alertType: string;
  readonly message: string;
  readonly state: "SET" | "CLEARED";
  readonly atMs: number;
  readonly inputId?: string;
}

export type FromWorker =
  /** The encoder produces output (running) or not (starting, restarting). */
  | { readonly type: "encoder"; readonly running: boolean; readonly detail?: string }
  /** The input on air: its attachment, the schedule action that put it there (if any), and whether its video arrives. */
  | { readonly type: "active-input"; readonly attachmentName: string; readonly actionName?: string; readonly live: boolean }
  /** Per-pipeline figures for metrics: failovers taken and time on the secondary input of a failover pair. */
  | { readonly type: "figures"; readonly failovers: number; readonly secondaryMs: number; readonly switches: number }
  | { readonly type: "alert"; readonly alert: WorkerAlert }
  | { readonly type: "detected"; readonly inputId: string; readonly streamInfo: StreamInfo; readonly atMs: number }
  | { readonly type: "stopped" };
