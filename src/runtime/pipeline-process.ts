// One pipeline of a running channel as an OS process: forks the worker, hands it its
// spec, relays its messages, and restarts it with backoff when it dies
// (shared/process/supervised-child.ts). The other pipeline of the channel has its own
// PipelineProcess and is never touched.

import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import type { FromWorker, PipelineSpec, ToWorker } from "../pipeline/worker/messages.ts";
import { PROCESS_BACKOFF } from "../shared/backoff.ts";
import { ExitKinds, type ChildExit, type ChildRun } from "../shared/process/child-run.ts";
import { SupervisedChild } from "../shared/process/supervised-child.ts";
import type { ForkedChild } from "../shared/process/warm-fork.ts";

/** The worker entry next to this file's tree, as .ts when running from source (tests), .js when built. */
export const WORKER_ENTRY = fileURLToPath(new URL(`../pipeline/worker/pipeline-worker-main${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url));

/** How messages cross the worker's IPC channel (a warm process is forked the same way). */
export const PIPELINE_SERIALIZATION = "advanced";

/** How long a stopping worker gets before SIGKILL. */
const STOP_GRACE_MS = 5_000;

export interface PipelineProcessOptions {
  readonly spec: PipelineSpec;
  readonly logger: Logger;
  readonly onMessage: (message: FromWorker) => void;
  /** The process is up (true) or gone (false; a restart follows unless closed). */
  readonly onProcess: (alive: boolean, detail: string) => void;
  /** A pipeline worker process already started (warm-pipeline-process.ts), adopted instead of forking one. */
  readonly takeWarm?: () => ForkedChild | undefined;
}

export class PipelineProcess {
  readonly #options: PipelineProcessOptions;
  readonly #child: SupervisedChild;
  #spec: PipelineSpec;

  constructor(options: PipelineProcessOptions) {
    this.#options = options;
    this.#spec = options.spec;
    this.#child = new SupervisedChild({
      command: () => {
        const adopt = this.#options.takeWarm?.();
        return {
          command: WORKER_ENTRY,
          args: [this.#spec.channelId, String(this.#spec.pipelineIndex)],
          node: { execArgv: process.execArgv, serialization: PIPELINE_SERIALIZATION, onMessage: (message) => this.#options.onMessage(message as FromWorker), ...(adopt ? { adopt } : {}) },
          stdout: "inherit",
          stderr: "inherit",
          // The worker closes its encoder and ingest, then exits.
          stop: (run) => this.#send(run, { type: "stop" }),
        };
      },
      backoff: PROCESS_BACKOFF,
      graceMs: STOP_GRACE_MS,
      onStart: (run) => {
        this.#send(run, { type: "start", spec: this.#spec });
        this.#options.onProcess(true, `pid ${run.pid}`);
      },
      onExit: (exit) => this.#options.onProcess(false, this.#describe(exit)),
      onRestartScheduled: (delayMs, exit) =>
        this.#options.logger.warn({ channelId: this.#spec.channelId, pipeline: this.#spec.pipelineIndex, code: exit.code, signal: exit.signal, startError: exit.startError, delayMs }, "pipeline worker died; restarting"),
    });
  }

  get restarts(): number {
    return this.#child.restarts;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  start(): void {
    this.#child.start();
  }

  /** Forwards a new schedule to the worker and remembers it for restarts. */
  updateSchedule(actions: PipelineSpec["schedule"]): void {
    this.#spec = { ...this.#spec, schedule: actions };
    this.#send(this.#child.run, { type: "schedule", actions });
  }

  /** Forwards a new allow-list to the worker and remembers it for restarts. */
  updateAllowList(inputId: string, cidrs: readonly string[]): void {
    this.#spec = { ...this.#spec, allowLists: { ...this.#spec.allowLists, [inputId]: cidrs } };
    this.#send(this.#child.run, { type: "allow-list", inputId, cidrs });
  }

  /** RestartChannelPipelines: the worker is killed and started again at once. */
  restartNow(): void {
    void this.#child.restartNow();
  }

  /** Stops the worker (and with it its encoder and ingest); idempotent. */
  close(): Promise<void> {
    return this.#child.close();
  }

  #describe(exit: ChildExit): string {
    if (exit.kind === ExitKinds.CLOSED && !this.#child.closed) return "restarted on request";
    if (exit.kind === ExitKinds.FAILED_TO_START) return `pipeline worker could not start (${exit.startError})`;
    return `pipeline worker exited (${exit.signal ?? `code ${exit.code}`})`;
  }

  #send(run: ChildRun | undefined, message: ToWorker): void {
    run?.send(message, (error) => this.#options.logger.debug({ err: error }, "pipeline worker message not delivered"));
  }
}
