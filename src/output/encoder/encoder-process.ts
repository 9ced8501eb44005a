// The pipeline's ffmpeg encoder as a child process: MPEG-TS in on stdin, HLS out per the
// encoder plan, `-progress` key=value blocks on a pipe (frames encoded, speed). Closing
// stdin makes ffmpeg finish its segments and exit; if the worker dies, stdin closes with
// it, so no encoder outlives its pipeline.

import { spawn, type ChildProcess } from "node:child_process";
import type { Readable, Writable } from "node:stream";

/** A stuck encoder must not make the worker buffer without bound. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
const STOP_GRACE_MS = 4_000;

export interface EncoderProgress {
  readonly frame: number;
  readonly speed?: number;
}

export interface EncoderProcessOptions {
  readonly args: readonly string[];
  readonly progressFd: number;
  readonly ffmpegPath?: string;
  readonly onProgress: (progress: EncoderProgress) => void;
  readonly onExit: (code: number | null, signal: NodeJS.Signals | null, stderrTail: string) => void;
}

export class EncoderProcess {
  readonly #child: ChildProcess;
  readonly #stdin: Writable;
  #stderrTail = "";
  #droppedBytes = 0;
  #exited = false;
  #closing: Promise<void> | undefined;

  constructor(options: EncoderProcessOptions) {
    const stdio: ("pipe" | "ignore")[] = ["pipe", "ignore", "pipe"];
    while (stdio.length <= options.progressFd) stdio.push("pipe");
    const child = spawn(options.ffmpegPath ?? "ffmpeg", options.args, { stdio });
    this.#child = child;
    this.#stdin = child.stdin!;
    // EPIPE when ffmpeg dies mid-write: the exit handler reports it.
    this.#stdin.on("error", () => {});
    child.on("error", (error) => (this.#stderrTail += `\n${error.message}`));
    child.stderr!.on("data", (chunk: Buffer) => (this.#stderrTail = (this.#stderrTail + chunk.toString()).slice(-4000)));
    const progress = child.stdio[options.progressFd] as Readable | null;
    let pending = "";
    let block: Record<string, string> = {};
    progress?.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      let newline: number;
      while ((newline = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        const eq = line.indexOf("=");
        if (eq < 0) continue;
        const key = line.slice(0, eq);
        block[key] = line.slice(eq + 1);
        if (key === "progress") {
          const speed = Number.parseFloat(block.speed ?? "");
          options.onProgress({ frame: Number.parseInt(block.frame ?? "0", 10) || 0, ...(Number.isFinite(speed) ? { speed } : {}) });
          block = {};
        }
      }
    });
    progress?.on("error", () => {});
    child.once("exit", (code, signal) => {
      this.#exited = true;
      options.onExit(code, signal, this.#stderrTail.trim());
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get droppedBytes(): number {
    return this.#droppedBytes;
  }

  write(packets: readonly Uint8Array[]): void {
    if (this.#exited || this.#closing || packets.length === 0) return;
    const bytes = Buffer.concat(packets);
    if (this.#stdin.writableLength > MAX_BUFFERED_BYTES) {
      this.#droppedBytes += bytes.length;
      return;
    }
    this.#stdin.write(bytes);
  }

  /** Ends the input so ffmpeg finishes its segments; SIGKILL if it takes too long. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      if (this.#exited) return resolve();
      const timer = setTimeout(() => this.#child.kill("SIGKILL"), STOP_GRACE_MS);
      this.#child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      this.#stdin.end();
    });
    return this.#closing;
  }

  /** Immediate kill (tests of supervision). */
  kill(): void {
    this.#child.kill("SIGKILL");
  }
}
