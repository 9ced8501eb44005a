// The running side of channels on a single node, behind the domain's channel-runtime port
// (domain/channels/channel-runtime-port.ts): StartChannel / StopChannel / RestartChannelPipelines,
// the pipelines of every running channel as local processes, and what they report (state by the
// rules of domain/channels/channel-states.ts, active input, alerts, detected input properties,
// thumbnails, counters for /metrics). The desired state lives in the store: a channel stored as
// STARTING/RUNNING/RECOVERING runs again when openlive restarts, even after a kill -9
// (docs/architecture.md); a graceful shutdown of openlive stops the processes but keeps that state.

import { WarmFork } from "../shared/process/warm-fork.ts";
import { PIPELINE_SERIALIZATION, WORKER_ENTRY } from "./pipeline-process.ts";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import { allChannels } from "../domain/all-channels.ts";
import type { ChangeFeed } from "../domain/change-feed.ts";
import { attachedInputIds, type ChannelRecord } from "../domain/channels/channel-record.ts";
import type { ChannelAlert, ChannelRunView, ChannelRuntimePort, DetectedInputProperties, Thumbnail } from "../domain/channels/channel-runtime-port.ts";
import { CHANNEL_TRANSITIONS, checkMayStart, checkMayStopIdle, pipelineCountOf, resumeStep, wrongState } from "../domain/channels/channel-states.ts";
import type { InputRecord } from "../domain/records.ts";
import type { Repository } from "../domain/repository.ts";
import type { InputAllowLists } from "../ingest/input-allow-lists.ts";
import type { ChannelMetricsView, MetricsSource, PipelineStatsReport } from "../metrics/metrics-source.ts";
import { AlertCatalogue } from "../shared/alerts.ts";
import { ApiError, summarizeProblems, type ValidationProblem } from "../shared/errors.ts";
import type { WorkerAlert } from "../pipeline/worker/messages.ts";
import { AlertBook } from "./alert-book.ts";
import { logNotReproduced, pipelineLogLevel } from "./channel-log.ts";
import { ChannelRunner, type PipelineFigures } from "./channel-runner.ts";
import { RedundantSourcesWatch } from "./redundant-sources-watch.ts";
import { MEDIAPACKAGE_ORIGIN_FOLDER, type MediaPackageSetup } from "../output/mediapackage/mediapackage-targets.ts";

/** The file the encoder keeps each pipeline's current picture in, in the pipeline's work folder. */
const THUMBNAIL_FILE = "thumbnail.jpg";

export interface ChannelRuntimeOptions {
  readonly repository: Repository;
  readonly changes: ChangeFeed;
  readonly allowLists: InputAllowLists;
  readonly dataDir: string;
  readonly logger: Logger;
  readonly logLevel: string;
  readonly nowMs: () => number;
  /** The input roots pipelines read file:// sources and slates from. */
  readonly inputRoots: readonly string[];
  /** The output roots pipelines publish file:// destinations into. */
  readonly outputRoots: readonly string[];
  /** Where MediaPackage output groups publish (default: <dataDir>/mediapackage, no configured targets). */
  readonly mediaPackage?: MediaPackageSetup;
  /** The S3 configuration file the pipelines read (s3:// destinations); absent: s3.json in the data dir. */
  readonly s3ConfigFile?: string;
  /** Each pipeline's push address (config pushAddresses): what an output in listener mode binds; absent: loopback. */
  readonly pushAddresses?: readonly [string, string];
  /** Problems with where a channel publishes (outside the output roots, unsafe folders); a channel with any does not run. */
  readonly checkOutputPlaces: (config: ChannelRecord["config"]) => ValidationProblem[];
}

/** One pipeline a cluster worker runs for the lease it holds (runPipeline). */
export interface HeldPipelineRun {
  readonly pipelineIndex: 0 | 1;
  /** The epoch of the lease, handed to the pipeline (PipelineSpec.clusterEpoch). */
  readonly clusterEpoch: number;
  /** The pipeline's view or alerts changed: read them with view() and alerts(). */
  readonly onChange: () => void;
}

/** The channel-runtime port of a single node: every pipeline runs here as a local process. */
export class ChannelRuntime implements ChannelRuntimePort, MetricsSource {
  readonly #options: ChannelRuntimeOptions;
  readonly #runners = new Map<string, ChannelRunner>();
  readonly #views = new Map<string, ChannelRunView>();
  readonly #alerts = new AlertBook();
  readonly #detected = new Map<string, Map<number, DetectedInputProperties>>();
  readonly #redundancy = new RedundantSourcesWatch();
  readonly #stopping = new Map<string, Promise<void>>();
  readonly #statsListeners = new Set<(report: PipelineStatsReport) => void>();
  /** Channels with an Output Destination Refused alert SET, cleared once their destinations are fine. */
  readonly #refusedOutputs = new Set<string>();
  /** Channels of which this node runs one pipeline for a cluster lease: whom to tell about changes. */
  readonly #held = new Map<string, HeldPipelineRun>();
  #closed = false;
  #warm: WarmFork | undefined;

  constructor(options: ChannelRuntimeOptions) {
    this.#options = options;
    options.allowLists.onUpdate((inputId, cidrs) => {
      for (const runner of this.#runners.values()) runner.updateAllowList(inputId, cidrs);
    });
    options.changes.on("channelChanged", ({ channelId }) => {
      if (this.#refusedOutputs.has(channelId)) void this.#recheckOutputs(channelId);
    });
    // RestartChannelPipelines answered by another cluster node, for a pipeline held here.
    options.changes.on("pipelinesRestartRequested", ({ channelId, pipelineIndices }) => {
      if (this.#held.has(channelId)) this.#runners.get(channelId)?.restartPipelines(pipelineIndices);
    });
    options.changes.on("scheduleChanged", ({ channelId }) => {
      const runner = this.#runners.get(channelId);
      if (!runner) return;
      void options.repository.getSchedule(channelId).then(
        (actions) => {
          if (this.#runners.get(channelId) === runner) runner.updateSchedule(actions);
        },
        (error: unknown) => options.logger.error({ err: error, channelId }, "schedule not delivered to the pipelines"),
      );
    });
  }

  /** The channels with a pipeline running in this process. */
  runningChannelIds(): string[] {
    return [...this.#runners.keys()];
  }

  /** Runs again every channel the store says should run (service start). */
  async resume(): Promise<void> {
    for await (const record of allChannels(this.#options.repository)) {
      const step = resumeStep(record.state);
      if (record.deletedAtMs === undefined && this.#outputsRefused(record)) {
        // Not silently rewritten, not run: reported, and refused at StartChannel until fixed.
        if (step !== "none") await this.#options.repository.setChannelState(record.id, CHANNEL_TRANSITIONS.stopped);
        continue;
      }
      if (step === "run") {
        this.#options.logger.info({ channelId: record.id, state: record.state }, "resuming channel");
        await this.#run(record);
      } else if (step === "settle-idle") await this.#options.repository.setChannelState(record.id, CHANNEL_TRANSITIONS.stopped);
    }
  }

  /** StartChannel: IDLE → STARTING; the pipelines take it to RUNNING. */
  async start(record: ChannelRecord): Promise<ChannelRecord> {
    checkMayStart(record, this.#runners.has(record.id));
    const problems = this.#options.checkOutputPlaces(record.config);
    if (problems.length) {
      this.#outputsRefused(record, problems);
      throw new ApiError("OL_CHANNEL_OUTPUT_REFUSED", { id: record.id, problems: summarizeProblems(problems) });
    }
    return this.#run(record);
  }

  /** StopChannel: → STOPPING at once, IDLE when every process has exited. */
  async stop(record: ChannelRecord): Promise<ChannelRecord> {
    const runner = this.#runners.get(record.id);
    if (!runner) {
      checkMayStopIdle(record);
      return record;
    }
    const stopping = (await this.#options.repository.setChannelState(record.id, CHANNEL_TRANSITIONS.stopping)) ?? record;
    this.#emitChanged(record.id);
    if (!this.#stopping.has(record.id)) {
      const done = (async () => {
        await this.#closeRunner(record.id, record, runner);
        if (!this.#closed) await this.#options.repository.setChannelState(record.id, CHANNEL_TRANSITIONS.stopped);
        this.#stopping.delete(record.id);
        this.#emitChanged(record.id);
      })();
      this.#stopping.set(record.id, done);
    }
    return stopping;
  }

  /**
   * Runs one pipeline of a stored channel here, for a cluster lease: the other pipeline runs on
   * another node, and the channel's stored state is not this node's to write (the API nodes
   * derive it from what every holder reports). Rejects when the channel is gone, publishes
   * outside the output roots, or already runs here.
   */
  /**
   * Keeps one pipeline process started ahead of need, adopted by the next pipeline that starts
   * here (a cluster worker: a pipeline taken over from a dead worker is on air sooner). Idempotent.
   */
  keepWarmPipelineProcess(): void {
    if (this.#closed) return;
    this.#warm ??= new WarmFork({ module: WORKER_ENTRY, args: ["warm", "-"], serialization: PIPELINE_SERIALIZATION });
  }

  async runPipeline(channelId: string, run: HeldPipelineRun): Promise<void> {
    const record = await this.#options.repository.getChannel(channelId);
    if (!record || record.deletedAtMs !== undefined) throw new Error(`channel ${channelId} is not stored`);
    if (this.#runners.has(channelId)) throw new Error(`channel ${channelId} already runs a pipeline here`);
    const problems = this.#options.checkOutputPlaces(record.config);
    if (problems.length) throw new Error(`channel ${channelId} publishes outside the output roots: ${summarizeProblems(problems)}`);
    this.#held.set(channelId, run);
    await this.#run(record, run);
  }

  /** Stops what runPipeline started; resolves when its process has exited. Idempotent. */
  async stopPipeline(channelId: string): Promise<void> {
    const runner = this.#runners.get(channelId);
    const run = this.#held.get(channelId);
    if (!runner || !run) return;
    this.#held.delete(channelId);
    // The stop must not depend on the store: a cluster worker fences a pipeline exactly when its database is unreachable.
    await this.#closeRunner(channelId, await this.#options.repository.getChannel(channelId).catch(() => undefined), runner);
  }

  /** Stops a runner's processes and forgets what it reported; alerts clear (MediaLive: alerts clear when the channel stops). */
  async #closeRunner(channelId: string, record: ChannelRecord | undefined, runner: ChannelRunner): Promise<void> {
    await runner.close();
    for (const alert of this.#alerts.clearAll(channelId, this.#options.nowMs())) this.#options.changes.emit("alertChanged", { channelId, alert });
    // Nothing reads the inputs any more: DescribeInput drops detectedProperties, and the next
    // start compares the sources afresh (its alerts have just cleared).
    for (const inputId of record ? attachedInputIds(record.config) : []) {
      this.#detected.delete(inputId);
      this.#redundancy.forget(inputId);
    }
    this.#runners.delete(channelId);
    this.#views.delete(channelId);
  }

  /** Resolves when a stop in progress has finished (tests, shutdown). */
  async stopped(channelId: string): Promise<void> {
    await this.#stopping.get(channelId);
  }

  async restartPipelines(record: ChannelRecord, pipelineIndices: readonly number[]): Promise<void> {
    const runner = this.#runners.get(record.id);
    if (!runner) throw wrongState("restart the pipelines of", record);
    runner.restartPipelines(pipelineIndices);
  }

  /** Per-pipeline switching figures of a running channel (failovers, time on the secondary). */
  figures(channelId: string): readonly (PipelineFigures | undefined)[] {
    return this.#runners.get(channelId)?.figures() ?? [];
  }

  /** Every running channel's pipelines: state, active input, restarts and last counters (/metrics). */
  metricsView(): readonly ChannelMetricsView[] {
    return [...this.#runners].map(([channelId, runner]) => ({ channelId, pipelines: runner.pipelineMetrics() }));
  }

  /** Calls `listener` with every pipeline's counters as they arrive; returns the unsubscribe function. */
  onStats(listener: (report: PipelineStatsReport) => void): () => void {
    this.#statsListeners.add(listener);
    return () => this.#statsListeners.delete(listener);
  }

  /** The runtime part of DescribeChannel, or undefined when the channel does not run. */
  async view(channelId: string): Promise<ChannelRunView | undefined> {
    return this.#views.get(channelId);
  }

  async alerts(channelId: string): Promise<readonly ChannelAlert[]> {
    return this.#alerts.list(channelId);
  }

  async detectedProperties(inputId: string): Promise<readonly DetectedInputProperties[]> {
    return [...(this.#detected.get(inputId)?.values() ?? [])].sort((a, b) => a.pipelineIndex - b.pipelineIndex);
  }

  /** What the pipelines of a running channel detect in each input they read, by input id (a cluster holder's report). */
  detectedOfChannel(channelId: string): Record<string, readonly DetectedInputProperties[]> {
    const inputIds = this.#runners.get(channelId)?.inputIds ?? [];
    return Object.fromEntries(inputIds.flatMap((inputId) => (this.#detected.has(inputId) ? [[inputId, [...this.#detected.get(inputId)!.values()]]] : [])));
  }

  /** The two sources of a STANDARD input must be identical; compared whenever either pipeline reports. */
  #compareSources(channelId: string, inputId: string, atMs: number): void {
    const byPipeline = this.#detected.get(inputId);
    const verdict = this.#redundancy.compare(inputId, byPipeline?.get(0), byPipeline?.get(1));
    if (!verdict) return;
    const alert: WorkerAlert = { alertType: AlertCatalogue.REDUNDANT_SOURCES_DIFFER.alertType, atMs, inputId, message: verdict.message, state: verdict.action === "clear" ? "CLEARED" : "SET" };
    if (verdict.action !== "revise") return this.#recordAlert(channelId, 0, alert);
    const revised = this.#alerts.revise(channelId, 0, alert);
    if (revised) this.#options.changes.emit("alertChanged", { channelId, alert: revised });
  }

  /** The picture the encoder of pipeline `pipelineIndex` last wrote; undefined before its first one. */
  async thumbnail(channelId: string, pipelineIndex: number): Promise<Thumbnail | undefined> {
    const file = path.join(this.#workRoot(channelId), String(pipelineIndex), THUMBNAIL_FILE);
    try {
      const [jpeg, info] = await Promise.all([readFile(file), stat(file)]);
      return jpeg.length > 0 ? { jpeg, atMs: info.mtimeMs } : undefined;
    } catch {
      // No picture yet: the encoder writes the first one within seconds of starting.
      return undefined;
    }
  }

  #workRoot(channelId: string): string {
    return path.join(this.#options.dataDir, "pipelines", channelId);
  }

  async #run(record: ChannelRecord, held?: HeldPipelineRun): Promise<ChannelRecord> {
    const inputs: Record<string, InputRecord> = {};
    const allowLists: Record<string, readonly string[]> = {};
    for (const inputId of attachedInputIds(record.config)) {
      const input = await this.#options.repository.getInput(inputId);
      if (!input) continue;
      inputs[inputId] = input;
      allowLists[inputId] = (await this.#options.allowLists.forInput(inputId)).cidrs;
    }
    const starting = held ? record : ((await this.#options.repository.setChannelState(record.id, CHANNEL_TRANSITIONS.started)) ?? record);
    const runner = new ChannelRunner({
      channelId: record.id,
      ...(this.#warm ? { takeWarmProcess: () => this.#warm?.take() } : {}),
      pipelineCount: pipelineCountOf(record),
      ...(held ? { pipelineIndices: [held.pipelineIndex] } : {}),
      spec: { channelId: record.id, config: record.config, inputs, allowLists, dataDir: this.#options.dataDir, outputRoots: this.#options.outputRoots, mediaPackage: this.#options.mediaPackage ?? { originRoot: path.join(this.#options.dataDir, MEDIAPACKAGE_ORIGIN_FOLDER), targets: {} }, ...(this.#options.s3ConfigFile !== undefined ? { s3ConfigFile: this.#options.s3ConfigFile } : {}), inputRoots: this.#options.inputRoots, ...(this.#options.pushAddresses ? { pushAddresses: this.#options.pushAddresses } : {}), logLevel: pipelineLogLevel(record.config, this.#options.logLevel), schedule: await this.#options.repository.getSchedule(record.id), ...(held ? { clusterEpoch: held.clusterEpoch } : {}) },
      workRoot: this.#workRoot(record.id),
      logger: this.#options.logger,
      onState: (state) => {
        if (this.#runners.get(record.id) !== runner || this.#closed || held) return;
        void this.#options.repository.setChannelState(record.id, state).then(() => this.#emitChanged(record.id));
      },
      onView: (view) => {
        if (this.#runners.get(record.id) !== runner) return;
        this.#views.set(record.id, view);
        held?.onChange();
      },
      onAlert: (pipelineIndex, alert: WorkerAlert) => this.#recordAlert(record.id, pipelineIndex, alert),
      onActiveInput: (pipelineIndex, attachmentName, actionName, previous) => {
        if (this.#runners.get(record.id) !== runner) return;
        this.#options.changes.emit("activeInputChanged", {
          channelId: record.id,
          pipelineId: String(pipelineIndex),
          activeInputAttachmentName: attachmentName,
          ...(actionName !== undefined ? { activeInputSwitchActionName: actionName } : {}),
          ...(previous !== undefined ? { previousInputAttachmentName: previous } : {}),
          atMs: this.#options.nowMs(),
        });
      },
      onStats: (pipelineIndex, stats, restarts) => {
        for (const listener of this.#statsListeners) {
          try {
            listener({ channelId: record.id, pipelineIndex, runId: runner.runId, restarts, stats });
          } catch (error) {
            this.#options.logger.error({ err: error, channelId: record.id }, "stats listener failed");
          }
        }
      },
      onDetected: (pipelineIndex, inputId, streamInfo, atMs) => {
        let byPipeline = this.#detected.get(inputId);
        if (!byPipeline) this.#detected.set(inputId, (byPipeline = new Map()));
        byPipeline.set(pipelineIndex, { pipelineIndex, streamInfo, atMs });
        if (inputs[inputId]?.inputClass === "STANDARD") this.#compareSources(record.id, inputId, atMs);
        held?.onChange();
      },
    });
    this.#runners.set(record.id, runner);
    logNotReproduced(this.#options.logger, record.id, record.config);
    runner.start();
    this.#emitChanged(record.id);
    return starting;
  }

  /** Reports (log and alert) a channel that publishes where it may not; true when it does. */
  #outputsRefused(record: ChannelRecord, problems = this.#options.checkOutputPlaces(record.config)): boolean {
    if (problems.length === 0) return false;
    const message = problems.map((p) => `${p.elementPath}: ${p.errorMessage}`).join("; ");
    this.#options.logger.warn({ channelId: record.id, problems }, "channel publishes outside the output roots; it does not run until UpdateChannel moves its destinations");
    this.#refusedOutputs.add(record.id);
    this.#recordAlert(record.id, 0, { alertType: AlertCatalogue.OUTPUT_REFUSED.alertType, message, state: "SET", atMs: this.#options.nowMs() });
    return true;
  }

  async #recheckOutputs(channelId: string): Promise<void> {
    const record = await this.#options.repository.getChannel(channelId);
    if (record && record.deletedAtMs === undefined && this.#options.checkOutputPlaces(record.config).length > 0) return;
    this.#refusedOutputs.delete(channelId);
    this.#recordAlert(channelId, 0, { alertType: AlertCatalogue.OUTPUT_REFUSED.alertType, message: "", state: "CLEARED", atMs: this.#options.nowMs() });
  }

  #recordAlert(channelId: string, pipelineIndex: number, alert: WorkerAlert): void {
    const changed = this.#alerts.record(channelId, pipelineIndex, alert);
    if (!changed) return;
    this.#options.changes.emit("alertChanged", { channelId, alert: changed });
    this.#held.get(channelId)?.onChange();
  }

  #emitChanged(channelId: string): void {
    this.#options.changes.emit("channelChanged", { channelId });
  }

  /** Stops every pipeline process, keeping each channel's stored state for the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#warm?.close();
    await Promise.all([...this.#runners.values()].map((runner) => runner.close()));
    await Promise.all(this.#stopping.values());
    this.#runners.clear();
  }
}
