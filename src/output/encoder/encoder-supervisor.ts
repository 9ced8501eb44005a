// The pipeline's ffmpeg encoder, kept running: MPEG-TS in on stdin, the plan's outputs out,
// `-progress` blocks on a pipe (frames encoded, speed). One supervised child per plan
// (shared/process/supervised-child.ts): an encoder that exits is restarted with the same
// arguments after the backoff, and a restarted ffmpeg continues its playlists (append_list).
// Closing stdin makes ffmpeg finish its segments and exit; the child is tied to the worker,
// so no encoder outlives its pipeline.

import type { Logger } from "pino";
import { PROCESS_BACKOFF } from "../../shared/backoff.ts";
import { AlertCatalogue, type AlertEvent } from "../../shared/alerts.ts";
import { ExitKinds, type ChildExit, type ChildRun } from "../../shared/process/child-run.ts";
import { Restarts, SupervisedChild, type Restart } from "../../shared/process/supervised-child.ts";
import { EncoderProgressParser, type EncoderProgress } from "./encoder-progress.ts";
import type { EncoderPlan } from "./plan-types.ts";
import { awaitPreviousEncoder, recordEncoder } from "./previous-encoder.ts";

const FFMPEG_COMMAND = "ffmpeg";
/** A stuck encoder must not make the worker buffer without bound. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** How long a closing encoder may take to finish its segments before SIGKILL. */
const STOP_GRACE_MS = 4_000;
const STDERR_TAIL_CHARS = 4_000;
const LOGGED_STDERR_CHARS = 1_500;

export interface EncoderSupervisorOptions {
  /** The pipeline's folder: the encoder's pid file (previous-encoder.ts). */
  readonly workDir: string;
  /** The plan's thumbnail file: its path in the encoder's command line tells this pipeline's encoder from other processes. */
  readonly thumbnailFile: string;
  readonly logger: Logger;
  readonly alert: (alert: AlertEvent) => void;
  /** Each run is about to spawn with `plan` (a fresh TS must start: new muxer, counters); it may answer the run's own plan (lockedRunPlan). */
  readonly onStarting: (plan: EncoderPlan) => EncoderPlan | void;
  /** The encoder produces output (its first frames), or it exited (`detail`) and restarts. */
  readonly onRunning: (running: boolean, detail?: string) => void;
}

export interface EncoderCounters {
  /** Frames the encoders of this pipeline produced (all runs summed). */
  readonly encoderFrames: number;
  /** ffmpeg's last `speed=` (1 = realtime); absent while no encoder reports. */
  readonly encoderSpeed?: number;
  /** Frames per second over the last counters() interval; absent while no encoder reports. */
  readonly encoderFps?: number;
  readonly encoderExits: number;
}

export class EncoderSupervisor {
  readonly #options: EncoderSupervisorOptions;
  #child: SupervisedChild | undefined;
  #run: ChildRun | undefined;
  #running = false;
  #halted = false;
  #closing: Promise<void> | undefined;
  /** Frames of the runs before the current one, and of the current one. */
  #framesBefore = 0;
  #framesCurrent = 0;
  #speed: number | undefined;
  #fpsFrom: { frames: number; atMs: number } | undefined;
  #exits = 0;

  constructor(options: EncoderSupervisorOptions) {
    this.#options = options;
  }

  /** Waits for an encoder a previous process of this pipeline left finishing its files (previous-encoder.ts). */
  awaitPrevious(): Promise<void> {
    return awaitPreviousEncoder(this.#options.workDir);
  }

  /** Runs `plan`'s encoder, restarted after each exit, until stop() or close(). */
  start(plan: EncoderPlan, logFields: Record<string, unknown> = {}): void {
    if (this.#halted || this.#child) return;
    const child: SupervisedChild = new SupervisedChild({
      backoff: PROCESS_BACKOFF,
      graceMs: STOP_GRACE_MS,
      command: () => {
        const runPlan = this.#options.onStarting(plan) ?? plan;
        this.#running = false;
        this.#framesBefore += this.#framesCurrent;
        this.#framesCurrent = 0;
        this.#speed = undefined;
        return {
          command: FFMPEG_COMMAND,
          args: runPlan.args,
          stdin: "pipe",
          stdout: "ignore",
          stderr: "pipe",
          stderrTailBytes: STDERR_TAIL_CHARS,
          extraFds: plan.progressFd - 2,
          stop: "end-stdin",
        };
      },
      onStart: (run) => {
        if (this.#child !== child) return;
        this.#run = run;
        const parser = new EncoderProgressParser();
        run.fd(plan.progressFd)?.on("data", (chunk: Buffer) => {
          for (const progress of parser.push(chunk.toString())) this.#progress(run, progress);
        });
        recordEncoder(this.#options.workDir, run.pid, this.#options.thumbnailFile);
        this.#options.logger.info({ pid: run.pid, ...logFields }, "encoder started");
      },
      onExit: (exit, run) => this.#exited(child, exit, run),
    });
    this.#child = child;
    child.start();
  }

  /** Stops the encoder (it finishes its files) and its restarts, for a new plan. */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    this.#run = undefined;
    await child?.close();
  }

  /** Whether write() reaches a running encoder. */
  get accepting(): boolean {
    return this.#run !== undefined && !this.#closing;
  }

  write(packets: readonly Uint8Array[]): void {
    const stdin = this.#run?.stdin;
    if (!stdin || this.#run?.hasExited || this.#closing || packets.length === 0) return;
    if (stdin.writableLength > MAX_BUFFERED_BYTES) return;
    stdin.write(Buffer.concat(packets));
  }

  counters(nowMs: number): EncoderCounters {
    const frames = this.#framesBefore + this.#framesCurrent;
    const reporting = this.#run !== undefined && this.#speed !== undefined;
    let encoderFps: number | undefined;
    if (reporting && this.#fpsFrom && nowMs > this.#fpsFrom.atMs) encoderFps = Math.max(0, ((frames - this.#fpsFrom.frames) * 1000) / (nowMs - this.#fpsFrom.atMs));
    this.#fpsFrom = { frames, atMs: nowMs };
    return {
      encoderFrames: frames,
      ...(reporting ? { encoderSpeed: this.#speed! } : {}),
      ...(encoderFps !== undefined ? { encoderFps } : {}),
      encoderExits: this.#exits,
    };
  }

  /** Restarts the running encoder with its plan: it finishes its files (as stop() does), and the next run starts at once. */
  restart(): void {
    if (this.#halted || this.#closing || !this.#run) return;
    void this.#child?.restartNow(STOP_GRACE_MS);
  }

  /** No more restarts: the pipeline stops (the running encoder keeps encoding until close()). */
  halt(): void {
    this.#halted = true;
    // Between two runs: the pending restart is dropped.
    if (!this.#run) void this.#child?.close();
  }

  /** Ends the encoder's input so it finishes its files; SIGKILL if it takes too long. Idempotent. */
  close(): Promise<void> {
    this.halt();
    this.#closing ??= this.stop();
    return this.#closing;
  }

  #progress(run: ChildRun, progress: EncoderProgress): void {
    if (this.#run !== run) return;
    this.#framesCurrent = progress.frame;
    this.#speed = progress.speed;
    if (this.#running || progress.frame <= 0) return;
    this.#running = true;
    this.#options.onRunning(true);
    this.#options.alert({ alertType: AlertCatalogue.ENCODER_FAILED.alertType, message: "the encoder produces output", state: "CLEARED", atMs: Date.now() });
  }

  #exited(child: SupervisedChild, exit: ChildExit, run: ChildRun | undefined): Restart {
    if (this.#child !== child) return Restarts.STOP;
    if (run === undefined || this.#run === run) {
      this.#run = undefined;
      this.#running = false;
      this.#speed = undefined;
    }
    if (this.#halted || exit.kind === ExitKinds.CLOSED) return Restarts.STOP;
    this.#exits += 1;
    const cause = exit.signal ?? exit.code ?? exit.startError;
    this.#options.onRunning(false, `ffmpeg exited (${cause})`);
    this.#options.logger.warn({ code: exit.code, signal: exit.signal, stderr: exit.stderrTail.slice(-LOGGED_STDERR_CHARS) }, "encoder exited; restarting");
    this.#options.alert({
      alertType: AlertCatalogue.ENCODER_FAILED.alertType,
      message: `the encoder exited (${exit.signal ?? (exit.code !== null ? `code ${exit.code}` : exit.startError)}): ${exit.stderrLastLine}`,
      state: "SET",
      atMs: Date.now(),
    });
    return Restarts.BACKOFF;
  }
}
