// Runs ffprobe under a hard deadline: when the check's signal aborts, the process is
// SIGKILLed (ffprobe blocks in connect/DNS/read calls that no ffmpeg option bounds for
// every protocol), and the promise settles once the process is gone, so no child outlives
// the check. Never rejects.

import { spawn } from "node:child_process";
import { FFPROBE_COMMAND } from "./ffprobe-args.ts";
import type { FfprobeOutcome } from "./ffprobe-verdict.ts";

/** ffprobe's JSON for one packet and a few streams is < 2 KiB; verbose stderr a few KiB. */
const MAX_CAPTURE_BYTES = 256 * 1024;

/** `stdinText` is written to ffprobe's stdin (the ffconcat script that holds a secret). */
export function runFfprobe(args: readonly string[], signal: AbortSignal, stdinText = ""): Promise<FfprobeOutcome> {
  return new Promise((resolve) => {
    const stdout = new BoundedText(MAX_CAPTURE_BYTES);
    const stderr = new BoundedText(MAX_CAPTURE_BYTES);
    let killedAtDeadline = false;
    let spawnErrorCode: string | undefined;
    let settled = false;

    if (signal.aborted) {
      resolve({ exitCode: null, killedAtDeadline: true, stdout: "", stderr: "" });
      return;
    }
    const child = spawn(FFPROBE_COMMAND, args, { stdio: ["pipe", "pipe", "pipe"] });
    // EPIPE when ffprobe exits before reading: its exit is what is reported.
    child.stdin.on("error", () => {});
    child.stdin.end(stdinText);
    const onAbort = (): void => {
      killedAtDeadline = true;
      child.kill("SIGKILL");
    };
    signal.addEventListener("abort", onAbort, { once: true });
    child.stdout.on("data", (chunk: Buffer) => stdout.append(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.append(chunk));

    const finish = (exitCode: number | null): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      resolve({
        exitCode,
        killedAtDeadline,
        ...(spawnErrorCode !== undefined ? { spawnErrorCode } : {}),
        stdout: stdout.text(),
        stderr: stderr.text(),
      });
    };
    child.on("error", (error: NodeJS.ErrnoException) => {
      spawnErrorCode = error.code ?? "unknown";
      // A spawn failure emits "error" and possibly no "close": settle here.
      if (child.pid === undefined) finish(null);
    });
    // "close" (not "exit"): fires after the process ended and its pipes drained.
    child.on("close", (code) => finish(code));
  });
}

class BoundedText {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly maxBytes: number) {}

  append(chunk: Buffer): void {
    if (this.size >= this.maxBytes) return;
    const part = chunk.subarray(0, this.maxBytes - this.size);
    this.chunks.push(part);
    this.size += part.length;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}
