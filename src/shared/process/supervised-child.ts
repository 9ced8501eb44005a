// A child process kept running: spawned tied to this process (child-run.ts), restarted
// after each exit it was not asked for, with the one Backoff (shared/backoff.ts), until
// close(). Modelled on mediamtx's handler.go (run, wait, back off, run again) and
// mediasoup's Worker.ts (exits we caused are not failures).
//
// Health decides how fast a restart comes (shared/backoff.ts): "running" counts a child as
// healthy from its spawn (a worker, an encoder), "marked" only once the owner calls
// markHealthy() (a pull child, when media flows).

import { Backoff, type BackoffOptions } from "../backoff.ts";
import { ChildRun, ExitKinds, type ChildCommand, type ChildExit } from "./child-run.ts";

export const Restarts = {
  /** After the backoff delay (the default). */
  BACKOFF: "backoff",
  /** At once, without touching the backoff (a looping clip's next pass, an SRT caller that left). */
  NOW: "now",
  /** Not at all (a file played to its end). */
  STOP: "stop",
} as const;
export type Restart = (typeof Restarts)[keyof typeof Restarts];

export interface SupervisedChildOptions {
  /** The command of each run; built anew per run (secrets are resolved again). Throwing: the run fails to start. */
  readonly command: () => ChildCommand | Promise<ChildCommand>;
  readonly backoff: BackoffOptions;
  /** How long close() waits for the child to stop before SIGKILL (0: SIGKILL at once). */
  readonly graceMs: number;
  /** Default "running". */
  readonly healthyWhen?: "running" | "marked";
  /** Default Date.now. */
  readonly nowMs?: () => number;
  /** A run started: attach to its pipes here. */
  readonly onStart?: (run: ChildRun) => void;
  /**
   * A run ended. For exits we caused (close, restartNow) the answer is ignored; otherwise it
   * says whether and when the next run starts.
   */
  readonly onExit?: (exit: ChildExit, run: ChildRun | undefined) => Restart | void;
  /** A restart after the backoff is due in `delayMs` (for logs). */
  readonly onRestartScheduled?: (delayMs: number, exit: ChildExit) => void;
}

export class SupervisedChild {
  readonly #options: SupervisedChildOptions;
  readonly #backoff: Backoff;
  readonly #nowMs: () => number;
  #run: ChildRun | undefined;
  #starting = false;
  #started = false;
  #restartTimer: NodeJS.Timeout | undefined;
  #restarts = 0;
  #closing: Promise<void> | undefined;

  constructor(options: SupervisedChildOptions) {
    this.#options = options;
    this.#backoff = new Backoff(options.backoff);
    this.#nowMs = options.nowMs ?? Date.now;
  }

  /** The running child, if any. */
  get run(): ChildRun | undefined {
    return this.#run;
  }

  get pid(): number | undefined {
    return this.#run?.pid;
  }

  /** Restarts after exits we did not cause. */
  get restarts(): number {
    return this.#restarts;
  }

  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /** Starts the first run; idempotent. */
  start(): void {
    if (this.#started || this.#closing) return;
    this.#started = true;
    this.#launch();
  }

  /** The current run is healthy (healthyWhen "marked"): its first call counts. */
  markHealthy(): void {
    this.#backoff.healthy(this.#nowMs());
  }

  /**
   * Stops the running child (SIGKILL at once, or its ChildCommand.stop with `graceMs` to
   * finish) and starts the next as soon as it has ended, or starts one now if none runs.
   */
  async restartNow(graceMs = 0): Promise<void> {
    if (this.#closing) return;
    clearTimeout(this.#restartTimer);
    this.#restartTimer = undefined;
    const run = this.#run;
    if (run) await run.close(graceMs);
    else if (!this.#starting) this.#launch();
  }

  /** Stops restarting and stops the child (ChildCommand.stop, SIGKILL after graceMs); idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearTimeout(this.#restartTimer);
      this.#restartTimer = undefined;
      await this.#run?.close(this.#options.graceMs);
    })();
    return this.#closing;
  }

  /** A synchronous command spawns at once (the pid is known when start() returns). */
  #launch(): void {
    this.#restartTimer = undefined;
    let command: ChildCommand | Promise<ChildCommand>;
    try {
      command = this.#options.command();
    } catch (error) {
      this.#startFailed(error);
      return;
    }
    if (!(command instanceof Promise)) return this.#spawn(command);
    this.#starting = true;
    command.then(
      (built) => {
        this.#starting = false;
        this.#spawn(built);
      },
      (error: unknown) => {
        this.#starting = false;
        this.#startFailed(error);
      },
    );
  }

  #startFailed(error: unknown): void {
    if (this.#closing) return;
    const startError = error instanceof Error ? error.message : String(error);
    this.#ended({ kind: ExitKinds.FAILED_TO_START, code: null, signal: null, startError, ranForMs: 0, stderrTail: "", stderrLastLine: "" }, undefined);
  }

  #spawn(command: ChildCommand): void {
    if (this.#closing) return;
    const run = new ChildRun(command, this.#nowMs);
    this.#run = run;
    this.#options.onStart?.(run);
    void run.exited.then((exit) => {
      if (this.#run === run) this.#run = undefined;
      this.#ended(exit, run);
    });
  }

  #ended(exit: ChildExit, run: ChildRun | undefined): void {
    const restart = this.#options.onExit?.(exit, run) ?? Restarts.BACKOFF;
    if (this.#closing) return;
    if (exit.kind === ExitKinds.CLOSED) {
      // restartNow: the next run starts at once, and it is no failure.
      this.#launch();
      return;
    }
    if (restart === Restarts.STOP) return;
    this.#restarts += 1;
    // A child that cannot start is never retried at once: that would spin.
    if (restart === Restarts.NOW && exit.kind !== ExitKinds.FAILED_TO_START) {
      this.#launch();
      return;
    }
    const delayMs = this.#options.healthyWhen === "marked" ? this.#backoff.failed(this.#nowMs()) : this.#backoff.next(exit.ranForMs);
    this.#options.onRestartScheduled?.(delayMs, exit);
    this.#restartTimer = setTimeout(() => this.#launch(), delayMs);
  }
}
