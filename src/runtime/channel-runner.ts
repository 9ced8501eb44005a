// One running channel: its pipelines (two for STANDARD, one for SINGLE_PIPELINE) and the
// channel state they add up to. States come from what really runs:
// STARTING until every pipeline's encoder produces output, RUNNING, RECOVERING while a
// pipeline of a running channel is down, STOPPING until every process has exited.

import type { ForkedChild } from "../shared/process/warm-fork.ts";
import path from "node:path";
import type { Logger } from "pino";
import type { ChannelRunView } from "../domain/channels/channel-runtime-port.ts";
import { CHANNEL_TRANSITIONS, stateOfPipelines } from "../domain/channels/channel-states.ts";
import type { ChannelState } from "../domain/records.ts";
import type { PipelineMetricsView } from "../metrics/metrics-source.ts";
import type { FromWorker, PipelineSpec, PipelineStats, WorkerAlert } from "../pipeline/worker/messages.ts";
import { PipelineProcess } from "./pipeline-process.ts";
import type { StreamInfo } from "../media/types.ts";

export interface ChannelRunnerOptions {
  readonly channelId: string;
  readonly pipelineCount: 1 | 2;
  /**
   * The pipelines that run here; absent: all of them. A cluster worker runs the one pipeline it
   * holds a lease on (the other runs on a worker of another zone).
   */
  readonly pipelineIndices?: readonly (0 | 1)[];
  /** The spec of pipeline 0; pipeline 1 gets its own index and work folder. */
  readonly spec: Omit<PipelineSpec, "pipelineIndex" | "workDir">;
  readonly workRoot: string;
  readonly logger: Logger;
  readonly onState: (state: ChannelState) => void;
  /** A new view object on every change. */
  readonly onView: (view: ChannelRunView) => void;
  readonly onAlert: (pipelineIndex: number, alert: WorkerAlert) => void;
  /** The input on air of a pipeline changed (attachment or schedule action). */
  readonly onActiveInput?: (pipelineIndex: number, attachmentName: string, actionName: string | undefined, previous: string | undefined) => void;
  readonly onDetected: (pipelineIndex: number, inputId: string, streamInfo: StreamInfo, atMs: number) => void;
  /** A worker's counters (once a second), with the pipeline's worker restarts so far. */
  readonly onStats?: (pipelineIndex: number, stats: PipelineStats, restarts: number) => void;
  /** A pipeline worker process started ahead of need, adopted instead of forking (cluster workers). */
  readonly takeWarmProcess?: () => ForkedChild | undefined;
}

let nextRunId = 1;

/** Per-pipeline switching figures (for the metrics of the operations issue). */
export interface PipelineFigures {
  readonly failovers: number;
  readonly secondaryMs: number;
  readonly switches: number;
}

interface PipelineSlot {
  readonly pipelineIndex: 0 | 1;
  readonly process: PipelineProcess;
  encoderRunning: boolean;
  activeInput?: string;
  activeAction?: string;
  /** The motion graphics page the pipeline shows (gone with its process: a new one reports again). */
  motionGraphics?: { readonly actionName: string; readonly url: string };
  figures?: PipelineFigures;
  stats?: PipelineStats;
}

export class ChannelRunner {
  /** Distinguishes runs of a channel (a stopped and started channel gets a new runner). */
  readonly runId = nextRunId++;
  readonly #options: ChannelRunnerOptions;

  /** The inputs the channel's pipelines read. */
  get inputIds(): readonly string[] {
    return Object.keys(this.#options.spec.inputs);
  }

  readonly #slots: PipelineSlot[] = [];
  #state: ChannelState = CHANNEL_TRANSITIONS.started;
  #everRunning = false;
  #closing: Promise<void> | undefined;

  constructor(options: ChannelRunnerOptions) {
    this.#options = options;
    const all: (0 | 1)[] = options.pipelineCount === 2 ? [0, 1] : [0];
    for (const pipelineIndex of options.pipelineIndices ?? all) {
      const spec: PipelineSpec = { ...options.spec, pipelineIndex, workDir: path.join(options.workRoot, String(pipelineIndex)) };
      const slot: PipelineSlot = {
        pipelineIndex,
        encoderRunning: false,
        process: new PipelineProcess({
          spec,
          ...(options.takeWarmProcess ? { takeWarm: options.takeWarmProcess } : {}),
          logger: options.logger,
          onMessage: (message) => this.#onMessage(slot, pipelineIndex, message),
          onProcess: (alive) => {
            if (!alive) {
              slot.encoderRunning = false;
              slot.stats = undefined;
              slot.motionGraphics = undefined;
              this.#update();
            }
          },
        }),
      };
      this.#slots.push(slot);
    }
  }

  get state(): ChannelState {
    return this.#state;
  }

  start(): void {
    this.#options.onState(this.#state);
    for (const slot of this.#slots) slot.process.start();
    this.#publishView();
  }

  updateAllowList(inputId: string, cidrs: readonly string[]): void {
    for (const slot of this.#slots) slot.process.updateAllowList(inputId, cidrs);
  }

  updateSchedule(actions: PipelineSpec["schedule"]): void {
    for (const slot of this.#slots) slot.process.updateSchedule(actions);
  }

  /** The last figures each pipeline reported (undefined before its first report). */
  figures(): readonly (PipelineFigures | undefined)[] {
    return this.#slots.map((slot) => slot.figures);
  }

  /** Each pipeline's state and last counters, for /metrics. */
  pipelineMetrics(): readonly PipelineMetricsView[] {
    return this.#slots.map((slot) => ({
      pipelineIndex: slot.pipelineIndex,
      running: slot.encoderRunning,
      restarts: slot.process.restarts,
      ...(slot.activeInput !== undefined ? { activeInputAttachmentName: slot.activeInput } : {}),
      ...(slot.stats !== undefined ? { stats: slot.stats } : {}),
    }));
  }

  /** RestartChannelPipelines: the named pipelines only. */
  restartPipelines(indices: readonly number[]): void {
    for (const index of indices) {
      const slot = this.#slots.find((candidate) => candidate.pipelineIndex === index);
      if (!slot) continue;
      slot.encoderRunning = false;
      slot.process.restartNow();
    }
    this.#update();
  }

  view(): ChannelRunView {
    return {
      pipelinesRunningCount: this.#slots.filter((slot) => slot.encoderRunning).length,
      pipelineDetails: this.#slots.map((slot) => ({
        pipelineId: String(slot.pipelineIndex),
        running: slot.encoderRunning,
        restarts: slot.process.restarts,
        ...(slot.activeInput !== undefined ? { activeInputAttachmentName: slot.activeInput } : {}),
        ...(slot.activeAction !== undefined ? { activeInputSwitchActionName: slot.activeAction } : {}),
        ...(slot.motionGraphics ? { activeMotionGraphicsActionName: slot.motionGraphics.actionName, activeMotionGraphicsUri: slot.motionGraphics.url } : {}),
        ...(slot.process.pid !== undefined ? { pid: slot.process.pid } : {}),
      })),
    };
  }

  #onMessage(slot: PipelineSlot, pipelineIndex: number, message: FromWorker): void {
    switch (message.type) {
      case "encoder":
        slot.encoderRunning = message.running;
        this.#update();
        break;
      case "active-input":
        const previous = slot.activeInput;
        const changed = previous !== message.attachmentName || slot.activeAction !== message.actionName;
        slot.activeInput = message.attachmentName;
        slot.activeAction = message.actionName;
        if (changed) {
          this.#options.logger.info({ channelId: this.#options.channelId, pipeline: pipelineIndex, from: previous, to: message.attachmentName, actionName: message.actionName }, "active input");
          this.#options.onActiveInput?.(pipelineIndex, message.attachmentName, message.actionName, previous);
        }
        this.#publishView();
        break;
      case "motion-graphics":
        slot.motionGraphics = message.actionName !== undefined && message.url !== undefined ? { actionName: message.actionName, url: message.url } : undefined;
        this.#publishView();
        break;
      case "figures":
        slot.figures = { failovers: message.failovers, secondaryMs: message.secondaryMs, switches: message.switches };
        break;
      case "stats":
        slot.stats = message.stats;
        this.#options.onStats?.(pipelineIndex, message.stats, slot.process.restarts);
        break;
      case "alert":
        this.#options.onAlert(pipelineIndex, message.alert);
        break;
      case "detected":
        this.#options.onDetected(pipelineIndex, message.inputId, message.streamInfo, message.atMs);
        break;
      case "stopped":
        break;
    }
  }

  #update(): void {
    if (this.#closing) {
      this.#publishView();
      return;
    }
    const running = this.#slots.filter((slot) => slot.encoderRunning).length;
    const next = stateOfPipelines(running, this.#slots.length, this.#everRunning);
    if (next === "RUNNING") this.#everRunning = true;
    if (next !== this.#state) {
      this.#state = next;
      this.#options.logger.info({ channelId: this.#options.channelId, state: next, pipelinesRunning: running }, "channel state");
      this.#options.onState(next);
    }
    this.#publishView();
  }

  #publishView(): void {
    this.#options.onView(this.view());
  }

  /** Stops every pipeline; resolves when all their processes have exited. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.all(this.#slots.map((slot) => slot.process.close()));
      for (const slot of this.#slots) slot.encoderRunning = false;
      this.#publishView();
    })();
    return this.#closing;
  }
}
