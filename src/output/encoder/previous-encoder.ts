// A pipeline worker that died (SIGKILL, crash) takes its ffmpeg with it (the parent-death
// signal of shared/process/child-run.ts), but not in the same instant, and an encoder
// started some other way would flush its buffered segments first. A new encoder must not
// start writing the same playlists meanwhile (two writers interleave and the new one's
// append_list reads a playlist the old one rewrites). The worker records its encoder's
// pid; the next worker of the pipeline waits for that process to end, then kills it.

import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const PID_FILE = "encoder.pid";

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return undefined;
  }
}

/** Waits (at most `timeoutMs`) for the previous encoder of this pipeline to exit; SIGKILL after that. */
export async function awaitPreviousEncoder(workDir: string, timeoutMs = 5_000): Promise<void> {
  let recorded: { pid: number; marker: string } | undefined;
  try {
    recorded = JSON.parse(readFileSync(path.join(workDir, PID_FILE), "utf8")) as { pid: number; marker: string };
  } catch {
    return;
  }
  const alive = (): boolean => commandLine(recorded!.pid)?.includes(recorded!.marker) === true;
  const deadline = Date.now() + timeoutMs;
  while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (alive()) {
    try {
      process.kill(recorded.pid, "SIGKILL");
    } catch {
      // already gone
    }
    while (alive() && Date.now() < deadline + 2_000) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  rmSync(path.join(workDir, PID_FILE), { force: true });
}

/** Records the running encoder; `marker` is a string of its command line (its thumbnail path) that proves identity. */
export function recordEncoder(workDir: string, pid: number | undefined, marker: string): void {
  if (pid !== undefined) writeFileSync(path.join(workDir, PID_FILE), JSON.stringify({ pid, marker }));
}
