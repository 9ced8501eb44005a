// A Node child process forked ahead of need: Node's start and the import of a large module tree
// take seconds on a loaded machine, and some children must be running soon after they are wanted
// (a cluster worker's pipeline taken over from a dead worker). The child waits on its IPC
// channel for what to do (as a pipeline worker waits for its spec); ChildRun adopts it
// (ChildCommand.node.adopt) instead of forking, so it is supervised like any other. Another is
// forked a little after one is taken (not while the taken one starts). A forked child exits with
// its parent (its IPC channel disconnects).

import { fork, type ChildProcess } from "node:child_process";

/** A forked child waiting on its IPC channel (what ChildRun adopts). */
export type ForkedChild = ChildProcess;

/** The next child is forked this long after one was taken (the taken one starts meanwhile). */
export const WARM_REFILL_DELAY_MS = 3000;

export interface WarmForkOptions {
  readonly module: string;
  readonly args: readonly string[];
  readonly execArgv?: readonly string[];
  /** As the adopting ChildRun's (its stdio must match too: stdout and stderr inherited, IPC). */
  readonly serialization: "json" | "advanced";
  readonly refillDelayMs?: number;
}

export class WarmFork {
  readonly #options: WarmForkOptions;
  #ready: ChildProcess | undefined;
  #refill: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: WarmForkOptions) {
    this.#options = options;
    this.#fork();
  }

  /** The waiting child if it is alive (another is forked later); undefined: fork as usual. */
  take(): ForkedChild | undefined {
    const child = this.#ready;
    this.#ready = undefined;
    if (!this.#closed && this.#refill === undefined) {
      this.#refill = setTimeout(() => {
        this.#refill = undefined;
        this.#fork();
      }, this.#options.refillDelayMs ?? WARM_REFILL_DELAY_MS);
      this.#refill.unref();
    }
    return child && isAlive(child) ? child : undefined;
  }

  /** Ends the child not taken; forks no more. Idempotent. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#refill);
    this.#refill = undefined;
    const child = this.#ready;
    this.#ready = undefined;
    if (child && isAlive(child)) child.kill("SIGTERM");
  }

  #fork(): void {
    if (this.#closed || this.#ready) return;
    const child = fork(this.#options.module, [...this.#options.args], {
      execArgv: [...(this.#options.execArgv ?? process.execArgv)],
      serialization: this.#options.serialization,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    child.on("error", () => {});
    child.once("exit", () => {
      if (this.#ready === child) this.#ready = undefined;
    });
    this.#ready = child;
  }
}

const isAlive = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null && child.connected;
