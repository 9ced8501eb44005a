// Runs ffprobe under a hard deadline: when the check's signal aborts, the process is
// SIGKILLed (ffprobe blocks in connect/DNS/read calls that no ffmpeg option bounds for
// every protocol), and the promise settles once the process is gone, so no child outlives
// the check (nor this process: shared/process/run-child.ts ties it). Never rejects.

import { ExitKinds } from "../../shared/process/child-run.ts";
import { runChild } from "../../shared/process/run-child.ts";
import { FFPROBE_COMMAND } from "./ffprobe-args.ts";
import type { FfprobeOutcome } from "./ffprobe-verdict.ts";

/** ffprobe's JSON for one packet and a few streams is < 2 KiB; verbose stderr a few KiB. */
const MAX_CAPTURE_BYTES = 256 * 1024;

/** `stdinText` is written to ffprobe's stdin (the ffconcat script that holds a secret). */
export async function runFfprobe(args: readonly string[], signal: AbortSignal, stdinText = ""): Promise<FfprobeOutcome> {
  if (signal.aborted) return { exitCode: null, killedAtDeadline: true, stdout: "", stderr: "" };
  const { exit, stdout, killedAtDeadline } = await runChild(
    { command: FFPROBE_COMMAND, args, stdin: { text: stdinText }, stderrTailBytes: MAX_CAPTURE_BYTES },
    { signal, maxStdoutBytes: MAX_CAPTURE_BYTES },
  );
  return {
    exitCode: exit.code,
    killedAtDeadline,
    ...(exit.kind === ExitKinds.FAILED_TO_START ? { spawnErrorCode: exit.startError } : {}),
    stdout: Buffer.from(stdout).toString("utf8"),
    stderr: exit.stderrTail,
  };
}
