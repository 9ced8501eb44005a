// WarmFork: a Node child forked ahead of need is adopted by ChildRun (same IPC channel, same
// exit classification), another is forked after the refill delay, and close() ends the one
// not taken.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ChildRun, ExitKinds } from "../../../src/shared/process/child-run.ts";
import { WarmFork } from "../../../src/shared/process/warm-fork.ts";
import { makeTempDir } from "../../helpers/openlive-process.ts";
import { until } from "../../helpers/until.ts";

/** Waits on its IPC channel; answers "hello" with its argv and pid, exits on "stop" or a disconnect. */
function echoModule(): string {
  const file = path.join(makeTempDir("openlive-warm-fork-"), "echo.mjs");
  writeFileSync(
    file,
    `process.on("message", (m) => { if (m.type === "hello") process.send({ type: "hi", args: process.argv.slice(2), pid: process.pid }); else if (m.type === "stop") process.exit(0); });
process.on("disconnect", () => process.exit(0));`,
  );
  return file;
}

describe("WarmFork", () => {
  it("hands over a waiting child that ChildRun adopts, forks the next after the delay, and ends the spare on close", async () => {
    const module = echoModule();
    const warm = new WarmFork({ module, args: ["warm"], execArgv: [], serialization: "advanced", refillDelayMs: 200 });
    const replies: unknown[] = [];
    let run: ChildRun | undefined;
    try {
      const adopted = warm.take();
      assert.ok(adopted, "forked at construction, connected");
      assert.equal(warm.take(), undefined, "one at a time: the next comes after the refill delay");
      run = new ChildRun({ command: module, args: ["unused"], stdout: "inherit", stderr: "inherit", stop: (r) => r.send({ type: "stop" }), node: { execArgv: [], serialization: "advanced", onMessage: (m) => replies.push(m), adopt: adopted } });
      assert.equal(run.pid, adopted.pid, "adopted, not forked");
      run.send({ type: "hello" });
      const reply = (await until("its answer", () => replies[0])) as { args: string[]; pid: number };
      assert.deepEqual(reply, { type: "hi", args: ["warm"], pid: adopted.pid });
      const next = await until("the next warm child", () => warm.take(), 5000);
      assert.notEqual(next.pid, adopted.pid);
      next.kill("SIGTERM");
      const exit = await run.close(2000);
      assert.equal(exit.kind, ExitKinds.CLOSED);
    } finally {
      warm.close();
      await run?.close(2000);
    }
  });

  it("close() forks no more: take() gives nothing, now or after the refill delay", async () => {
    const warm = new WarmFork({ module: echoModule(), args: [], execArgv: [], serialization: "json", refillDelayMs: 50 });
    // Forked at construction; closed before anyone took it: no child, and no refill either.
    warm.close();
    assert.equal(warm.take(), undefined);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(warm.take(), undefined);
  });
});
