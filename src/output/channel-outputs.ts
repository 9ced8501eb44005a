// Everything a running pipeline publishes, behind one object: the encoder (restarted when it
// exits, replaced for a new source layout) and, for each output kind (output-kinds.ts), what
// runs beside it. The pipeline worker writes its program's MPEG-TS here and reads one set
// of counters.

import path from "node:path";
import type { Logger } from "pino";
import type { ChannelConfig } from "../domain/channels/channel-config.ts";
import { EncoderSupervisor, type EncoderCounters } from "./encoder/encoder-supervisor.ts";
import { planEncoder } from "./encoder/encoder-plan.ts";
import { lockedRunPlan } from "./encoder/output-locking.ts";
import type { EncoderPlan, FedStreamLayout, FileDestination } from "./encoder/plan-types.ts";
import { NO_OUTPUT_COUNTERS, type ClusterClaim, type OutputBeside, type OutputCounters } from "./output-kind.ts";
import { OUTPUT_KINDS } from "./output-kinds.ts";
import { OutputRoots } from "./roots/output-roots.ts";
import type { AlertEvent } from "../shared/alerts.ts";
import type { MediaPackageSetup } from "./mediapackage/mediapackage-targets.ts";
import type { ObjectStoreResolver } from "../config/object-stores.ts";
import type { SpliceMarkLog } from "./hls/splice-mark-log.ts";

export interface ChannelOutputsOptions {
  readonly config: ChannelConfig;
  readonly pipelineIndex: 0 | 1;
  /** The pipeline's own folder: staging folders, the encoder's pid file, the thumbnail. */
  readonly workDir: string;
  readonly outputRoots: readonly string[];
  /** The address outputs in listener mode bind (the pipeline's push address); absent: 127.0.0.1. */
  readonly listenAddress?: string;
  readonly mediaPackage: MediaPackageSetup;
  /** What the splice marks in the fed video stand for (HLS ad markers); absent: none are made. */
  readonly spliceMarks?: SpliceMarkLog;
  readonly resolveSecret: (name: string) => string | undefined;
  readonly objectStores: ObjectStoreResolver;
  readonly logger: Logger;
  readonly alert: (alert: AlertEvent) => void;
  /** Cluster mode: the claim this pipeline runs under (BesideContext.clusterClaim). */
  readonly clusterClaim?: ClusterClaim;
  /**
   * An encoder run is about to start: the TS written next must start afresh (a new muxer).
   * `lockedFirstFrame90k`: an output-locked run's first frame (epoch 90 kHz ticks), before which nothing is written.
   */
  readonly onEncoderStarting: (lockedFirstFrame90k?: number) => void;
  /** The encoder produces output, or it exited (`detail`) and restarts. */
  readonly onEncoderRunning: (running: boolean, detail?: string) => void;
}

export type OutputStats = EncoderCounters & OutputCounters;

export class ChannelOutputs {
  readonly #options: ChannelOutputsOptions;
  readonly #besides: readonly OutputBeside[];
  readonly #destinations: ReadonlyMap<string, FileDestination>;
  readonly #slaveTargets: ReadonlyMap<string, string>;
  readonly #encoder: EncoderSupervisor;
  readonly #thumbnailFile: string;
  #plan: EncoderPlan | undefined;
  #firstRun = true;
  #halted = false;
  #closing: Promise<void> | undefined;

  /** Starts what runs beside the encoder for every kind; throws when an output cannot publish (an alert says why). */
  static async open(options: ChannelOutputsOptions): Promise<ChannelOutputs> {
    const context = { config: options.config, pipelineIndex: options.pipelineIndex, workDir: options.workDir, resolveSecret: options.resolveSecret, roots: new OutputRoots(options.outputRoots), ...(options.listenAddress !== undefined ? { listenAddress: options.listenAddress } : {}), mediaPackage: options.mediaPackage, ...(options.spliceMarks ? { spliceMarks: options.spliceMarks } : {}), objectStores: options.objectStores, logger: options.logger, alert: options.alert, ...(options.clusterClaim ? { clusterClaim: options.clusterClaim } : {}) };
    const besides: OutputBeside[] = [];
    try {
      for (const kind of OUTPUT_KINDS) besides.push(await kind.startBeside(context));
    } catch (error) {
      for (const beside of besides) await beside.close();
      throw error;
    }
    return new ChannelOutputs(options, besides);
  }

  private constructor(options: ChannelOutputsOptions, besides: readonly OutputBeside[]) {
    this.#options = options;
    this.#besides = besides;
    this.#destinations = new Map(besides.flatMap((beside) => [...beside.destinations]));
    this.#slaveTargets = new Map(besides.flatMap((beside) => [...(beside.slaveTargets ?? [])]));
    this.#thumbnailFile = path.join(options.workDir, "thumbnail.jpg");
    this.#encoder = new EncoderSupervisor({
      workDir: options.workDir,
      thumbnailFile: this.#thumbnailFile,
      logger: options.logger,
      alert: options.alert,
      onRunning: (running, detail) => options.onEncoderRunning(running, detail),
      onStarting: (plan) => {
        const first = this.#firstRun;
        this.#firstRun = false;
        const run = lockedRunPlan(plan, Date.now());
        for (const beside of this.#besides) beside.encoderStarting(run, first);
        options.onEncoderStarting(run.lockedRun?.firstFrame90k);
        return run;
      },
    });
  }

  /** Plans the encoder for the TS the worker writes, and publishes what describes the outputs (master playlists). */
  async plan(fed: FedStreamLayout): Promise<EncoderPlan> {
    const { config, pipelineIndex, logger } = this.#options;
    const plan = planEncoder({ config, pipelineIndex, fed, destinations: this.#destinations, slaveTargets: this.#slaveTargets, thumbnailFile: this.#thumbnailFile, startedAtMs: Date.now(), overlayCanvasFolder: path.dirname(this.#thumbnailFile) });
    this.#plan = plan;
    for (const warning of plan.warnings) logger.warn({ warning }, "encoder plan");
    for (const beside of this.#besides) await beside.planned(plan);
    return plan;
  }

  /**
   * Starts the encoder of the last plan once a previous one of this pipeline has ended
   * (a previous worker's, or the one stop() ended). `logFields` go with "encoder started".
   */
  async startEncoder(logFields: Record<string, unknown> = {}): Promise<void> {
    await this.#encoder.awaitPrevious();
    if (this.#halted || !this.#plan) return;
    this.#encoder.start(this.#plan, logFields);
  }

  /** Stops the encoder (it finishes its files) for a new plan. */
  stopEncoder(): Promise<void> {
    return this.#encoder.stop();
  }

  /** Whether written TS reaches a running encoder. */
  get accepting(): boolean {
    return this.#encoder.accepting;
  }

  write(packets: readonly Uint8Array[]): void {
    this.#encoder.write(packets);
  }

  stats(nowMs: number): OutputStats {
    const counters = this.#besides.map((beside) => beside.counters(this.#plan));
    return {
      ...this.#encoder.counters(nowMs),
      segmentsPublished: counters.reduce((sum, each) => sum + each.segmentsPublished, NO_OUTPUT_COUNTERS.segmentsPublished),
      uploadFailures: counters.reduce((sum, each) => sum + each.uploadFailures, NO_OUTPUT_COUNTERS.uploadFailures),
    };
  }

  /** The pipeline stops: no encoder restarts from now on; close() follows once the input has stopped. */
  halt(): void {
    this.#halted = true;
    this.#encoder.halt();
  }

  /** Stops the encoder, which finishes its files, then what runs beside it. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.halt();
      await this.#encoder.close();
      for (const beside of this.#besides) await beside.close();
    })();
    return this.#closing;
  }
}
