// What the service and a pipeline worker process say to each other over the IPC channel
// (node:child_process fork, "advanced" serialization so byte arrays travel as they are).

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { InputRecord } from "../../domain/records.ts";
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
}

export type ToWorker =
  | { readonly type: "start"; readonly spec: PipelineSpec }
  | { readonly type: "allow-list"; readonly inputId: string; readonly cidrs: readonly string[] }
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
  | { readonly type: "active-input"; readonly attachmentName: string; readonly live: boolean }
  | { readonly type: "alert"; readonly alert: WorkerAlert }
  | { readonly type: "detected"; readonly inputId: string; readonly streamInfo: StreamInfo; readonly atMs: number }
  | { readonly type: "stopped" };
