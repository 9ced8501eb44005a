// Runs the real `./openlive check` (the built CLI) and, once it listens on every push URL,
// starts the upstream encoders of the test; collects its exit status, stdout (the JSON
// report) and stderr. Every child is killed at the end, whatever happened.

import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { CheckLine, CheckReport } from "../../../src/check/check-types.ts";
import { REPO_ROOT } from "../../helpers/openlive-process.ts";

export interface CheckOutcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Parsed stdout when --json was given. */
  readonly report?: CheckReport;
}

export interface CheckRunOptions {
  /** "listening on" lines to wait for before `whenListening` runs (one per push URL). */
  readonly listeners?: number;
  /** Starts the upstream; its children are killed when the check has ended. */
  readonly whenListening?: () => ChildProcess[] | Promise<ChildProcess[]>;
  readonly timeoutMs?: number;
}

export async function runOpenliveCheck(args: readonly string[], options: CheckRunOptions = {}): Promise<CheckOutcome> {
  // The tests give every option on the command line: none may come from the caller's environment.
  const { OPENLIVE_CHECK_PASSPHRASE: _passphrase, ...env } = process.env;
  const child = spawn(path.join(REPO_ROOT, "openlive"), ["check", ...args], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const upstreams: ChildProcess[] = [];
  let stdout = "";
  let stderr = "";
  let started = false;
  const listeners = options.listeners ?? 0;
  const startUpstream = async (): Promise<void> => {
    started = true;
    if (options.whenListening) upstreams.push(...(await options.whenListening()));
  };
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    if (!started && (stderr.match(/listening on /g)?.length ?? 0) >= listeners) void startUpstream();
  });
  if (listeners === 0) await startUpstream();
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 40_000);
  const code = await new Promise<number | null>((resolve) => child.once("close", (status) => resolve(status)));
  clearTimeout(timer);
  await Promise.all(upstreams.map(killChildForTest));
  let report: CheckReport | undefined;
  if (args.includes("--json") && stdout.trim().startsWith("{")) report = JSON.parse(stdout) as CheckReport;
  return { code, stdout, stderr, ...(report ? { report } : {}) };
}

/** SIGKILLs a child and resolves once it is gone. */
export function killChildForTest(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

/** Debian ffmpeg: a test pattern and tone at real time (`-re`), for at most `seconds`, with the given output. */
export function ffmpegUpstream(outputArgs: readonly string[], options: { size?: string; rate?: number; seconds?: number } = {}): ChildProcess {
  const child = spawn(
    "ffmpeg",
    [
      "-hide_banner", "-loglevel", "error", "-re",
      "-f", "lavfi", "-i", `testsrc2=size=${options.size ?? "320x180"}:rate=${options.rate ?? 25}`,
      "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
      "-t", String(options.seconds ?? 12),
      ...outputArgs,
    ],
    { stdio: "ignore" },
  );
  child.on("error", () => undefined);
  return child;
}

/** H.264 + AAC, a keyframe every second. */
export const H264_AAC = ["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ar", "48000"] as const;

/** "id@source" of every failing line (source omitted for lines about the pair or the channel). */
export function failingLines(report: CheckReport | undefined): string[] {
  if (!report) throw new Error("no JSON report");
  return report.lines.filter((entry) => entry.verdict === "fail").map((entry) => (entry.source !== undefined ? `${entry.id}@${entry.source}` : entry.id));
}

export function lineOf(report: CheckReport | undefined, id: string, source?: number): CheckLine {
  const found = report?.lines.find((entry) => entry.id === id && (source === undefined || entry.source === source));
  if (!found) throw new Error(`no line ${id} in ${report?.lines.map((entry) => entry.id).join(", ")}`);
  return found;
}
