// What the service and a pipeline worker process say to each other over the IPC channel
// (node:child_process fork, "advanced" serialization so byte arrays travel as they are).

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { InputRecord, StoredScheduleAction } from "../../domain/records.ts";
import type { StreamInfo } from "../../media/types.ts";
import type { AlertEvent } from "../../shared/alerts.ts";
import type { MediaPackageSetup } from "../../output/mediapackage/mediapackage-targets.ts";

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
  /** The input roots: file:// sources and slates are read only inside them. */
  readonly inputRoots: readonly string[];
  /** The output roots: file:// destinations are made and published only inside them. */
  readonly outputRoots: readonly string[];
  /** Where MediaPackage output groups publish (the own origin's folder, configured ingest targets). */
  readonly mediaPackage: MediaPackageSetup;
  /** The S3 configuration file (s3:// destinations), read at each use; absent: s3.json in the data dir. */
  readonly s3ConfigFile?: string;
  /** Each pipeline's push address: an output in listener mode (SRT) binds this pipeline's; absent: 127.0.0.1. */
  readonly pushAddresses?: readonly [string, string];
  /** This pipeline's own folder: thumbnail, logs of the encoder. */
  readonly workDir: string;
  readonly logLevel: string;
  /** The channel's schedule when the pipeline starts (updates arrive as "schedule" messages). */
  readonly schedule: readonly StoredScheduleAction[];
  /**
   * The lease epoch a cluster worker claimed this pipeline under (docs/cluster.md, Fencing);
   * everything the pipeline publishes may carry it so that an older epoch is refused. Absent on
   * a single node.
   */
  readonly clusterEpoch?: number;
}

export type ToWorker =
  | { readonly type: "start"; readonly spec: PipelineSpec }
  | { readonly type: "allow-list"; readonly inputId: string; readonly cidrs: readonly string[] }
  | { readonly type: "schedule"; readonly actions: readonly StoredScheduleAction[] }
  | { readonly type: "stop" };

export interface WorkerAlert extends AlertEvent {
  readonly inputId?: string;
}

/** Counters of one source reader (one input attachment in one pipeline), cumulative since the reader opened. */
export interface SourceStats {
  /** Identifies the reader within its worker: a pull input's reader is created afresh on each switch to it. */
  readonly readerId: number;
  readonly attachmentName: string;
  readonly inputId: string;
  readonly inputType: string;
  /** MPEG-TS bytes (RTMP: audio/video payload bytes) the input edge handed on (EdgeStats.mediaBytes). */
  readonly bytesIn: number;
  /** What the edge receives: admitted datagrams (RTP, SRT), audio/video messages (RTMP), TS packets (pull). */
  readonly packetsIn: number;
  readonly videoFrames: number;
  readonly audioFrames: number;
  readonly continuityErrors: number;
  /** Datagrams (RTP, SRT) or TCP connections (RTMP) refused by the input security groups (EdgeStats.refused). */
  readonly disallowed: number;
  readonly bitrateBps?: number;
  /** Video arrived within the last 2 s. */
  readonly receiving: boolean;
  /** RTP_PUSH only: the depacketizer's sequence counters. */
  readonly rtp?: { readonly received: number; readonly lost: number; readonly reordered: number; readonly duplicates: number };
}

/** A pipeline worker's counters, cumulative since the worker started (`startedAtMs` tells restarts apart). */
export interface PipelineStats {
  readonly startedAtMs: number;
  /** Frames the encoders of this worker have produced (all encoder restarts summed). */
  readonly encoderFrames: number;
  /** ffmpeg's last `speed=` (1 = realtime); absent while no encoder reports. */
  readonly encoderSpeed?: number;
  /** Frames encoded per second over the last report interval; absent while no encoder reports. */
  readonly encoderFps?: number;
  readonly encoderExits: number;
  /** New segments listed in the pipeline's media playlists. */
  readonly segmentsPublished: number;
  /** Files an HttpMirror gave up on after its retries. */
  readonly uploadFailures: number;
  /** Time the program timeline showed input-loss fill (any phase but LIVE). */
  readonly inputLossMs: number;
  readonly failovers: number;
  readonly secondaryMs: number;
  readonly switches: number;
  readonly sources: readonly SourceStats[];
}

export type FromWorker =
  /** The encoder produces output (running) or not (starting, restarting). */
  | { readonly type: "encoder"; readonly running: boolean; readonly detail?: string }
  /** The input on air: its attachment, the schedule action that put it there (if any), and whether its video arrives. */
  | { readonly type: "active-input"; readonly attachmentName: string; readonly actionName?: string; readonly live: boolean }
  /** The motion graphics page shown, by the activate action that put it there; neither: none. */
  | { readonly type: "motion-graphics"; readonly actionName?: string; readonly url?: string }
  /** Per-pipeline figures for metrics: failovers taken and time on the secondary input of a failover pair. */
  | { readonly type: "figures"; readonly failovers: number; readonly secondaryMs: number; readonly switches: number }
  /** Counters for /metrics, once a second. */
  | { readonly type: "stats"; readonly stats: PipelineStats }
  | { readonly type: "alert"; readonly alert: WorkerAlert }
  | { readonly type: "detected"; readonly inputId: string; readonly streamInfo: StreamInfo; readonly atMs: number }
  | { readonly type: "stopped" };
