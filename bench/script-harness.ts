// The part every bench that starts openlive shares when run as a script: Ctrl-C, a crash or the end
// of main() all go through the bench's one idempotent clean-up, and a failure prints openlive's last
// log lines. Importing a bench for its pieces runs none of it.

import path from "node:path";
import { fileURLToPath } from "node:url";
import type { OpenliveProcess } from "../test/helpers/openlive-process.ts";

export interface BenchScript {
  /** The bench's module URL (`import.meta.url`): the harness runs only when it is the script node was started with. */
  moduleUrl: string;
  main(): Promise<number>;
  /** Idempotent: stops what the bench started. */
  cleanUp(): Promise<void>;
  /** True once clean-up began: requests still in flight then fail as openlive goes away, which is expected. */
  cleaning(): boolean;
  openlive(): OpenliveProcess | undefined;
  /** Printed on Ctrl-C, after "interrupted; ". */
  onInterrupt: string;
}

export function runAsScript(bench: BenchScript): void {
  if (!process.argv[1] || path.resolve(process.argv[1]) !== fileURLToPath(bench.moduleUrl)) return;
  const fail = (error: unknown): void => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    const openlive = bench.openlive();
    if (openlive) console.error(`openlive's last log lines:\n${openlive.logs().split("\n").slice(-20).join("\n")}`);
    void bench.cleanUp().finally(() => process.exit(1));
  };
  process.on("unhandledRejection", (error: unknown) => {
    if (!bench.cleaning()) fail(error);
  });
  process.once("SIGINT", () => {
    console.error(`\ninterrupted; ${bench.onInterrupt}`);
    void bench.cleanUp().finally(() => process.exit(130));
  });
  bench.main().then((code) => bench.cleanUp().finally(() => process.exit(code)), fail);
}
