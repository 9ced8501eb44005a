// One child process from spawn to exit: the part every supervisor of openlive shares
// (pipeline workers, encoders, pull and SRT children, analysis children, one-shot ffprobe
// and ffmpeg runs). Modelled on mediasoup's Worker.ts: one place tells an exit we caused
// (close) from a child that could not start and from one that died on its own.
//
// Tied to this process: a spawned child runs under `setpriv --pdeathsig KILL` (util-linux,
// Essential in Debian), which sets the Linux parent-death signal (prctl PR_SET_PDEATHSIG) and
// then execs the command, so the pid we hold is the command's own and signals reach it
// directly. A child that writes to our stdout pipe would also die by EPIPE, but only on its
// next write: a child still connecting, or reading a silent source, would never write again.
// A forked Node child (`node`) needs no setpriv: it exits when its IPC channel closes.
//
// `stdin: { text }` is written to the child's stdin, which is then closed: it is how a secret
// reaches a child without appearing in its argv (/proc/<pid>/cmdline is world-readable).

import { fork, spawn, type ChildProcess, type Serializable, type StdioOptions } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { DEFAULT_TAIL_BYTES, OutputTail } from "./output-tail.ts";

export const SETPRIV_COMMAND = "setpriv";

/** setpriv's exit codes when it cannot exec the command (util-linux exitcodes.h). */
const SETPRIV_EXEC_FAILED: Readonly<Record<number, string>> = { 126: "EACCES", 127: "ENOENT" };

export const ExitKinds = {
  /** close() (or the supervisor's restartNow) ended it. */
  CLOSED: "closed",
  /** It never ran: spawn failed (ENOENT, EACCES) or the command could not be built. */
  FAILED_TO_START: "failed-to-start",
  /** It ran and ended on its own (exit code or signal), including a kill() by its owner. */
  DIED: "died",
} as const;
export type ExitKind = (typeof ExitKinds)[keyof typeof ExitKinds];

export interface ChildExit {
  readonly kind: ExitKind;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** FAILED_TO_START: the errno code (ENOENT) or why the command could not be built. */
  readonly startError?: string;
  readonly ranForMs: number;
  /** The last bytes of stderr, trimmed; "" when stderr was not piped. */
  readonly stderrTail: string;
  /** The last non-empty stderr line; "" when none. */
  readonly stderrLastLine: string;
}

export interface ChildCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** Default "ignore". `{ text }`: written, then stdin is closed (secrets go here, never in argv). */
  readonly stdin?: "ignore" | "pipe" | { readonly text: string };
  /** Default "pipe". */
  readonly stdout?: "ignore" | "pipe" | "inherit";
  /** Default "pipe": read into the bounded tail. */
  readonly stderr?: "ignore" | "pipe" | "inherit";
  /** Pipes at fds 3, 4, … (ffmpeg's -progress pipe:3, analysis outputs). Default 0. */
  readonly extraFds?: number;
  /** Bytes of stderr kept for alerts and logs. Default DEFAULT_TAIL_BYTES. */
  readonly stderrTailBytes?: number;
  /**
   * How close() asks the child to stop before SIGKILL: SIGTERM (default), end of stdin
   * (ffmpeg finishes its segments), or a function (an IPC "stop" message).
   */
  readonly stop?: "SIGTERM" | "end-stdin" | ((run: ChildRun) => void);
  /** Fork `command` as a Node module with an IPC channel instead of spawning it tied. */
  readonly node?: {
    readonly execArgv?: readonly string[];
    readonly serialization?: "json" | "advanced";
    readonly onMessage?: (message: unknown) => void;
    /** A child already forked with the same stdio and serialization, waiting on its IPC channel: used instead of a new fork. */
    readonly adopt?: ChildProcess;
  };
}

export class ChildRun {
  readonly #process: ChildProcess;
  readonly #command: ChildCommand;
  readonly #nowMs: () => number;
  readonly #startedAtMs: number;
  readonly #stderr: OutputTail;
  readonly #exited: Promise<ChildExit>;
  #exit: ChildExit | undefined;
  #startError: string | undefined;
  #closedByUs = false;
  #closing: Promise<ChildExit> | undefined;

  constructor(command: ChildCommand, nowMs: () => number = Date.now) {
    this.#command = command;
    this.#nowMs = nowMs;
    this.#stderr = new OutputTail(command.stderrTailBytes ?? DEFAULT_TAIL_BYTES);
    const stdin = command.stdin === undefined ? "ignore" : typeof command.stdin === "string" ? command.stdin : "pipe";
    const stdio: StdioOptions = [stdin, command.stdout ?? "pipe", command.stderr ?? "pipe"];
    for (let i = 0; i < (command.extraFds ?? 0); i++) stdio.push("pipe");
    if (command.node) {
      stdio.push("ipc");
      this.#process =
        command.node.adopt ??
        fork(command.command, [...command.args], {
          execArgv: [...(command.node.execArgv ?? process.execArgv)],
          serialization: command.node.serialization ?? "json",
          stdio,
        });
      const onMessage = command.node.onMessage;
      if (onMessage) this.#process.on("message", (message) => onMessage(message));
    } else {
      this.#process = spawn(SETPRIV_COMMAND, ["--pdeathsig", "KILL", "--", command.command, ...command.args], { stdio });
    }
    this.#startedAtMs = nowMs();
    const child = this.#process;
    // EPIPE when the child exits before reading what we write: its exit is what counts.
    child.stdin?.on("error", () => {});
    if (typeof command.stdin === "object") child.stdin?.end(command.stdin.text);
    child.stderr?.on("data", (chunk: Buffer) => this.#stderr.append(chunk));
    for (let fd = 3; fd < 3 + (command.extraFds ?? 0); fd++) (child.stdio[fd] as Readable | null)?.on("error", () => {});
    this.#exited = new Promise<ChildExit>((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (this.#exit) return;
        this.#exit = this.#classify(code, signal);
        resolve(this.#exit);
      };
      child.on("error", (error: NodeJS.ErrnoException) => {
        // Also emitted when a kill or an IPC send fails; only a missing pid means "never ran".
        if (child.pid !== undefined) return;
        this.#startError = error.code ?? error.message;
        finish(null, null);
      });
      // "close", not "exit": every stdout byte has been handed on by then.
      child.once("close", (code: number | null, signal: NodeJS.Signals | null) => finish(code, signal));
    });
  }

  get pid(): number | undefined {
    return this.#process.pid;
  }

  get stdin(): Writable | null {
    return this.#process.stdin;
  }

  get stdout(): Readable | null {
    return this.#process.stdout;
  }

  /** The pipe at `fd` (3 and up: `extraFds`). */
  fd(fd: number): Readable | null {
    return (this.#process.stdio[fd] as Readable | null | undefined) ?? null;
  }

  get stderrTail(): string {
    return this.#stderr.text();
  }

  get startedAtMs(): number {
    return this.#startedAtMs;
  }

  /** Settles once the child is gone and its pipes are drained; never rejects. */
  get exited(): Promise<ChildExit> {
    return this.#exited;
  }

  get hasExited(): boolean {
    return this.#exit !== undefined;
  }

  /** Sends an IPC message to a forked child; false when the channel is closed. */
  send(message: Serializable, onError?: (error: Error) => void): boolean {
    const child = this.#process;
    if (!child.connected) return false;
    child.send(message, (error) => error && onError?.(error));
    return true;
  }

  /** A signal from the owner (a watchdog): the exit still counts as a death. */
  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    if (!this.#exit) this.#process.kill(signal);
  }

  /** Asks the child to stop (ChildCommand.stop), SIGKILL after `graceMs` (0: at once); idempotent. */
  close(graceMs: number): Promise<ChildExit> {
    this.#closing ??= (async () => {
      if (this.#exit) return this.#exit;
      this.#closedByUs = true;
      const stop = this.#command.stop ?? "SIGTERM";
      if (graceMs <= 0) this.#process.kill("SIGKILL");
      else if (stop === "SIGTERM") this.#process.kill("SIGTERM");
      else if (stop === "end-stdin") this.#process.stdin?.end();
      else stop(this);
      const timer = graceMs > 0 ? setTimeout(() => this.#process.kill("SIGKILL"), graceMs) : undefined;
      const exit = await this.#exited;
      clearTimeout(timer);
      return exit;
    })();
    return this.#closing;
  }

  #classify(code: number | null, signal: NodeJS.Signals | null): ChildExit {
    const stderrTail = this.#stderr.text();
    const startError = this.#startError ?? this.#setprivExecFailure(code, stderrTail);
    const kind = this.#closedByUs ? ExitKinds.CLOSED : startError !== undefined ? ExitKinds.FAILED_TO_START : ExitKinds.DIED;
    return {
      kind,
      code,
      signal,
      ...(startError !== undefined ? { startError } : {}),
      ranForMs: this.#nowMs() - this.#startedAtMs,
      stderrTail,
      stderrLastLine: this.#stderr.lastLine(),
    };
  }

  /** setpriv ran but could not exec the command: the command never started. */
  #setprivExecFailure(code: number | null, stderrTail: string): string | undefined {
    if (this.#command.node || code === null) return undefined;
    const errno = SETPRIV_EXEC_FAILED[code];
    return errno !== undefined && stderrTail.startsWith(`${SETPRIV_COMMAND}: failed to execute`) ? errno : undefined;
  }
}

/** Spawns `command` tied to this process (or forks it, `node`). */
export function spawnChild(command: ChildCommand, nowMs: () => number = Date.now): ChildRun {
  return new ChildRun(command, nowMs);
}
