// A child run once to completion (ffprobe checks, ffmpeg renders): tied to this process like
// every child (child-run.ts), killed at a deadline or when a signal aborts, its stdout kept
// up to a bound. Never rejects: the exit says how it ended.

import { ChildRun, type ChildCommand, type ChildExit } from "./child-run.ts";

/** Default bound of the stdout kept. */
const DEFAULT_MAX_STDOUT_BYTES = 16 * 1024 * 1024;

export interface RunChildOptions {
  /** SIGKILL after this long. */
  readonly timeoutMs?: number;
  /** SIGKILL when it aborts. */
  readonly signal?: AbortSignal;
  /** Bytes of stdout kept (the first ones); the rest is read and dropped. */
  readonly maxStdoutBytes?: number;
}

export interface ChildResult {
  readonly exit: ChildExit;
  readonly stdout: Uint8Array;
  /** The deadline or the abort signal ended it. */
  readonly killedAtDeadline: boolean;
}

export async function runChild(command: ChildCommand, options: RunChildOptions = {}): Promise<ChildResult> {
  const run = new ChildRun({ ...command, stdout: "pipe" });
  const maxBytes = options.maxStdoutBytes ?? DEFAULT_MAX_STDOUT_BYTES;
  const chunks: Buffer[] = [];
  let size = 0;
  run.stdout?.on("data", (chunk: Buffer) => {
    if (size >= maxBytes) return;
    const part = chunk.subarray(0, maxBytes - size);
    chunks.push(part);
    size += part.length;
  });
  let killedAtDeadline = false;
  const kill = (): void => {
    killedAtDeadline = true;
    run.kill("SIGKILL");
  };
  const timer = options.timeoutMs !== undefined ? setTimeout(kill, options.timeoutMs) : undefined;
  options.signal?.addEventListener("abort", kill, { once: true });
  if (options.signal?.aborted) kill();
  const exit = await run.exited;
  clearTimeout(timer);
  options.signal?.removeEventListener("abort", kill);
  return { exit, stdout: new Uint8Array(Buffer.concat(chunks)), killedAtDeadline };
}
