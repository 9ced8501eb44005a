// What one kind of output (a MediaLive output group type: HLS today; archive, UDP/RTP, RTMP
// and frame capture each in a folder of their own beside hls/) brings to a running channel:
// the checks of a channel that only this host can answer, its part of the one encoder's
// command, what runs next to the encoder while the pipeline runs, and what it counts. The
// registry of implemented kinds is output-kinds.ts; the encoder plan (encoder/encoder-plan.ts)
// and the pipeline's outputs (channel-outputs.ts) ask each kind for its part.

import type { Logger } from "pino";
import type { ChannelConfig } from "../domain/channels/channel-config.ts";
import type { OutputGroup, OutputGroupSettings } from "../model/generated/medialive-types.ts";
import type { ValidationProblem } from "../shared/errors.ts";
import type { ResolvedAudio } from "./encoder/audio-encode.ts";
import type { EncodedStreams, EncodeRequest, SlaveRequest } from "./encoder/shared-encode.ts";
import type { EncoderPlan, EncoderPlanRequest, FileDestination, PlannedGroup } from "./encoder/plan-types.ts";
import type { ResolvedVideo } from "./encoder/video-format.ts";
import type { OutputRoots } from "./roots/output-roots.ts";
import type { AlertEvent } from "../shared/alerts.ts";
import type { MediaPackageSetup } from "./mediapackage/mediapackage-targets.ts";
import type { ObjectStoreResolver } from "../config/object-stores.ts";
import type { SpliceMarkLog } from "./hls/splice-mark-log.ts";

/** What a kind's check may consult: the output roots of this host. */
export interface OutputCheckContext {
  readonly roots: OutputRoots;
}

/** What the encoder plan offers a kind while it plans one output group. */
export interface GroupPlanContext {
  readonly request: EncoderPlanRequest;
  /** Video descriptions resolved against the fed layout, by name. */
  readonly videos: ReadonlyMap<string, ResolvedVideo>;
  /** Audio descriptions resolved against the fed layout, by name. */
  readonly audios: ReadonlyMap<string, ResolvedAudio>;
  /**
   * The encoded streams an output names (its video, then its audios): each description is
   * encoded once per pipeline, however many outputs of whatever kinds name it.
   */
  encodeOnce(request: EncodeRequest): EncodedStreams;
  /** One output of the group, fed the encoded streams it names (a tee slave with its own muxer). */
  addSlave(slave: SlaveRequest): void;
  /** Something the configuration asks for that this ffmpeg cannot do exactly (EncoderPlan.warnings). */
  warn(message: string): void;
}

/** A kind's part of the encoder plan for one output group (its outputs are added through GroupPlanContext.addSlave). */
export interface GroupPlan {
  /** An HLS group's facts (master playlists, segment counts); absent for kinds that publish no playlists. */
  readonly group?: PlannedGroup;
}

/** What a running pipeline gives the things that run beside its encoder. */
export interface BesideContext {
  readonly config: ChannelConfig;
  readonly pipelineIndex: 0 | 1;
  /** The pipeline's own folder (staging folders, the encoder's pid file, the thumbnail). */
  readonly workDir: string;
  readonly resolveSecret: (name: string) => string | undefined;
  /** The S3-compatible store of a bucket (s3:// and s3ssl:// destinations), from the S3 configuration file. */
  readonly objectStores: ObjectStoreResolver;
  readonly roots: OutputRoots;
  /**
   * The address an output in listener mode (SRT connectionMode LISTENER) binds: the
   * pipeline's push address (configuration pushAddresses), never every interface; absent: 127.0.0.1.
   */
  readonly listenAddress?: string;
  /** Where MediaPackage groups publish: the own origin's folder and the configured ingest targets. */
  readonly mediaPackage: MediaPackageSetup;
  /** What the splice marks in the encoded video stand for (HLS ad markers); absent: the channel makes none. */
  readonly spliceMarks?: SpliceMarkLog;
  readonly logger: Logger;
  readonly alert: (alert: AlertEvent) => void;
  /** Cluster mode: the claim the pipeline runs under; what it publishes to openlive's origin carries its epoch (docs/cluster.md, Fencing). */
  readonly clusterClaim?: ClusterClaim;
}

/** A pipeline's claim in a cluster: its channel and the claim's fencing epoch. */
export interface ClusterClaim {
  readonly channelId: string;
  readonly epoch: number;
}

/** The counters a kind keeps for /metrics, cumulative since the pipeline started. */
export interface OutputCounters {
  /** New segments (or files) listed by the outputs' playlists. */
  readonly segmentsPublished: number;
  /** Files given up after every retry on the way to a remote destination. */
  readonly uploadFailures: number;
}

export const NO_OUTPUT_COUNTERS: OutputCounters = { segmentsPublished: 0, uploadFailures: 0 };

/** What runs beside the encoder for a kind's groups, from the pipeline's start to its stop. */
export interface OutputBeside {
  /** Group name → the local folder the encoder writes that group to. */
  readonly destinations: ReadonlyMap<string, FileDestination>;
  /**
   * outputSlaveKey(group, output) → where that output's tee slave writes instead of a file:
   * the URL of a relay socket of this beside (relay/slave-socket.ts) for outputs whose peer
   * may refuse. Absent: the kind has none.
   */
  readonly slaveTargets?: ReadonlyMap<string, string>;
  /** A plan is made (at start and for a new source layout): files that describe the outputs, e.g. master playlists. */
  planned(plan: EncoderPlan): Promise<void>;
  /** An encoder is about to start with `plan`; `first`: the first of this pipeline process, once a previous process's encoder has ended. */
  encoderStarting(plan: EncoderPlan, first: boolean): void;
  counters(plan: EncoderPlan | undefined): OutputCounters;
  /** Called once the encoder has stopped and finished its files; idempotent. */
  close(): Promise<void>;
}

export interface OutputKind {
  /** The member of MediaLive's OutputGroupSettings this kind handles, e.g. "hlsGroupSettings". */
  readonly kind: keyof OutputGroupSettings;
  /** Problems of a channel that the model cannot see, such as destinations outside the output roots. */
  check(config: ChannelConfig, context: OutputCheckContext): ValidationProblem[];
  /** The kind's part of the encoder plan for one of its groups (groupIndex: its place in outputGroups). */
  plan(group: OutputGroup, groupIndex: number, context: GroupPlanContext): GroupPlan;
  /** Starts what runs beside the encoder for this pipeline's groups of this kind. Throws when they cannot publish. */
  startBeside(context: BesideContext): Promise<OutputBeside>;
}
