// One pipeline of a running channel as an OS process: forks the worker, hands it its
// spec, relays its messages, and restarts it with backoff when it dies. The other
// pipeline of the channel has its own PipelineProcess and is never touched.

import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import type { FromWorker, PipelineSpec, ToWorker } from "../pipeline/worker/messages.ts";
import { Backoff } from "../shared/backoff.ts";

/** The worker entry next to this file's tree, as .ts when running from source (tests), .js when built. */
const WORKER_ENTRY = fileURLToPath(new URL(`../pipeline/worker/pipeline-worker-main${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url));

/** How long a stopping worker gets before SIGKILL. */
const STOP_GRACE_MS = 5_000;

export interface PipelineProcessOptions {
  readonly spec: PipelineSpec;
  readonly logger: Logger;
  readonly onMessage: (message: FromWorker) => void;
  /** The process is up (true) or gone (false; a restart follows unless closed). */
  readonly onProcess: (alive: boolean, detail: string) => void;
}

export class PipelineProcess {
  readonly #options: PipelineProcessOptions;
  readonly #backoff = new Backoff();
  #spec: PipelineSpec;
  #child: ChildProcess | undefined;
  #startedAtMs = 0;
  #restartTimer: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;
  #restarts = 0;

  constructor(options: PipelineProcessOptions) {
    this.#options = options;
    this.#spec = options.spec;
  }

  get restarts(): number {
    return this.#restarts;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  start(): void {
    if (this.#closing || this.#child) return;
    const child = fork(WORKER_ENTRY, [this.#spec.channelId, String(this.#spec.pipelineIndex)], {
      execArgv: process.execArgv,
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.#child = child;
    this.#startedAtMs = Date.now();
    child.on("message", (message) => this.#options.onMessage(message as FromWorker));
    child.on("error", (error) => this.#options.logger.warn({ err: error }, "pipeline worker error"));
    child.once("exit", (code, signal) => this.#onExit(child, code, signal));
    this.#send({ type: "start", spec: this.#spec });
    this.#options.onProcess(true, `pid ${child.pid}`);
  }

  /** Forwards a new schedule to the worker and remembers it for restarts. */
  updateSchedule(actions: PipelineSpec["schedule"]): void {
    this.#spec = { ...this.#spec, schedule: actions };
    this.#send({ type: "schedule", actions });
  }

  /** Forwards a new allow-list to the worker and remembers it for restarts. */
  updateAllowList(inputId: string, cidrs: readonly string[]): void {
    this.#spec = { ...this.#spec, allowLists: { ...this.#spec.allowLists, [inputId]: cidrs } };
    this.#send({ type: "allow-list", inputId, cidrs });
  }

  /** RestartChannelPipelines: the worker is killed and started again at once. */
  restartNow(): void {
    if (this.#closing) return;
    const child = this.#child;
    if (!child) {
      clearTimeout(this.#restartTimer);
      this.#restartTimer = undefined;
      this.start();
      return;
    }
    child.removeAllListeners("exit");
    child.once("exit", () => {
      this.#child = undefined;
      this.#options.onProcess(false, "restarted on request");
      this.start();
    });
    child.kill("SIGKILL");
  }

  #send(message: ToWorker): void {
    const child = this.#child;
    if (child?.connected) child.send(message, (error) => error && this.#options.logger.debug({ err: error }, "pipeline worker message not delivered"));
  }

  #onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#child !== child) return;
    this.#child = undefined;
    const detail = `pipeline worker exited (${signal ?? `code ${code}`})`;
    this.#options.onProcess(false, detail);
    if (this.#closing) return;
    const delayMs = this.#backoff.next(Date.now() - this.#startedAtMs);
    this.#options.logger.warn({ channelId: this.#spec.channelId, pipeline: this.#spec.pipelineIndex, code, signal, delayMs }, "pipeline worker died; restarting");
    this.#restarts += 1;
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = undefined;
      this.start();
    }, delayMs);
  }

  /** Stops the worker (and with it its encoder and ingest); idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearTimeout(this.#restartTimer);
      const child = this.#child;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      this.#send({ type: "stop" });
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    })();
    return this.#closing;
  }
}
