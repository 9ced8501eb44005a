// The part every bench that starts openlive shares when run as a script: Ctrl-C, a crash or the end
// of main() all go through the bench's one idempotent clean-up (its own parts, then openlive, then
// its temp folders), and a failure prints openlive's last log lines. Importing a bench for its
// pieces runs none of it.

import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { makeTempDir, type OpenliveProcess } from "../test/helpers/openlive-process.ts";

/** How long openlive may take to stop on SIGTERM before it gets SIGKILL. */
const STOP_GRACE_MS = 15_000;

export interface BenchCleanUpSteps {
  /** Stops what the bench started itself (upstreams, recorders, child processes), before openlive stops. */
  readonly beforeStop?: () => Promise<void> | void;
  /** Checks after openlive stopped (e.g. for processes that outlived it), before the temp folders go. */
  readonly afterStop?: () => Promise<void> | void;
}

/** What a bench that starts openlive holds: the service, its temp folders, and one idempotent clean-up. */
export class BenchRun {
  /** Set by the bench when it started openlive. */
  openlive: OpenliveProcess | undefined;
  readonly #tempDirs = new Set<string>();
  readonly #steps: BenchCleanUpSteps;
  #cleaning: Promise<void> | undefined;

  constructor(steps: BenchCleanUpSteps = {}) {
    this.#steps = steps;
  }

  /** A new temp folder, removed by cleanUp(). */
  tempDir(prefix: string): string {
    const dir = makeTempDir(prefix);
    this.#tempDirs.add(dir);
    return dir;
  }

  /** True once clean-up began: requests still in flight then fail as openlive goes away, which is expected. */
  get cleaning(): boolean {
    return this.#cleaning !== undefined;
  }

  /** Idempotent: the bench's own parts, openlive (SIGTERM, SIGKILL if it is not gone within 15 s), the temp folders. */
  cleanUp(): Promise<void> {
    this.#cleaning ??= (async () => {
      await this.#steps.beforeStop?.();
      if (this.openlive) {
        const server = this.openlive;
        const late = await Promise.race([server.stop("SIGTERM").then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), STOP_GRACE_MS))]);
        if (late) await server.stop("SIGKILL");
      }
      await this.#steps.afterStop?.();
      for (const dir of this.#tempDirs) rmSync(dir, { recursive: true, force: true });
    })();
    return this.#cleaning;
  }
}

export interface BenchScript {
  /** The bench's module URL (`import.meta.url`): the harness runs only when it is the script node was started with. */
  readonly moduleUrl: string;
  readonly run: BenchRun;
  main(): Promise<number>;
  /** Printed on Ctrl-C, after "interrupted; ". */
  readonly onInterrupt: string;
}

export function runAsScript(bench: BenchScript): void {
  if (!process.argv[1] || path.resolve(process.argv[1]) !== fileURLToPath(bench.moduleUrl)) return;
  const { run } = bench;
  const fail = (error: unknown): void => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    if (run.openlive) console.error(`openlive's last log lines:\n${run.openlive.logs().split("\n").slice(-20).join("\n")}`);
    void run.cleanUp().finally(() => process.exit(1));
  };
  process.on("unhandledRejection", (error: unknown) => {
    if (!run.cleaning) fail(error);
  });
  process.once("SIGINT", () => {
    console.error(`\ninterrupted; ${bench.onInterrupt}`);
    void run.cleanUp().finally(() => process.exit(130));
  });
  bench.main().then((code) => run.cleanUp().finally(() => process.exit(code)), fail);
}

/** SIGKILL `child` and wait for its exit (at most `timeoutMs`, in case it never reports one). */
export function killAndWait(child: ChildProcess, timeoutMs = 5_000): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(resolve, timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGKILL");
  });
}
