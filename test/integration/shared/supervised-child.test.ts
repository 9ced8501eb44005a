// Real children (`sh -c`, `sleep`, `node -e`): exit kinds, restarts with backoff, the stderr
// tail's bound, close() idempotent, and children that die with their parent.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { ChildRun, ExitKinds, spawnChild, type ChildExit } from "../../../src/shared/process/child-run.ts";
import { runChild } from "../../../src/shared/process/run-child.ts";
import { Restarts, SupervisedChild } from "../../../src/shared/process/supervised-child.ts";

const FAST = { initialMs: 20, maxMs: 80, healthyAfterMs: 10_000 } as const;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(20);
  }
}

describe("ChildRun", () => {
  it("tells a death (code, signal) from a start failure and from a close", async () => {
    const died = await spawnChild({ command: "sh", args: ["-c", "echo boom >&2; exit 3"] }).exited;
    assert.equal(died.kind, ExitKinds.DIED);
    assert.equal(died.code, 3);
    assert.equal(died.stderrLastLine, "boom");

    const killed = spawnChild({ command: "sleep", args: ["30"] });
    killed.kill("SIGKILL");
    const killedExit = await killed.exited;
    assert.equal(killedExit.kind, ExitKinds.DIED, "a kill by the owner (a watchdog) is a death");
    assert.equal(killedExit.signal, "SIGKILL");

    const missing = await spawnChild({ command: "no-such-command-openlive", args: [] }).exited;
    assert.equal(missing.kind, ExitKinds.FAILED_TO_START);
    assert.equal(missing.startError, "ENOENT");

    const closed = spawnChild({ command: "sleep", args: ["30"] });
    const closedExit = await closed.close(2_000);
    assert.equal(closedExit.kind, ExitKinds.CLOSED);
    assert.equal(closedExit.signal, "SIGTERM");
  });

  it("hands stdin text to the child (not its argv) and reads its stdout and extra fds", async () => {
    const run = spawnChild({ command: "sh", args: ["-c", "read secret; echo \"got $secret\"; echo side >&3"], stdin: { text: "s3cret\n" }, extraFds: 1 });
    let out = "";
    let side = "";
    run.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    run.fd(3)?.on("data", (chunk: Buffer) => (side += chunk.toString()));
    const exit = await run.exited;
    assert.equal(exit.code, 0);
    assert.equal(out, "got s3cret\n");
    assert.equal(side, "side\n");
  });

  it("keeps a bounded stderr tail", async () => {
    const exit = await spawnChild({ command: "sh", args: ["-c", "i=0; while [ $i -lt 2000 ]; do echo \"line $i\" >&2; i=$((i+1)); done; exit 1"], stderrTailBytes: 100 }).exited;
    assert.ok(exit.stderrTail.length <= 100);
    assert.equal(exit.stderrLastLine, "line 1999");
  });

  it("close() is idempotent, SIGKILLs after the grace, and resolves when the child is gone", async () => {
    const run = spawnChild({ command: "sh", args: ["-c", "trap '' TERM; echo ready; while :; do sleep 0.05; done"] });
    await new Promise((resolve) => run.stdout?.once("data", resolve));
    const first = run.close(200);
    const second = run.close(200);
    assert.equal(first, second);
    const exit = await first;
    assert.equal(exit.kind, ExitKinds.CLOSED);
    assert.equal(exit.signal, "SIGKILL");
    assert.equal(run.hasExited, true);
    assert.equal((await run.close(200)).signal, "SIGKILL", "closing a gone child returns its exit");
  });

  it("can stop a child by ending its stdin", async () => {
    const run = spawnChild({ command: "cat", args: [], stdin: "pipe", stop: "end-stdin" });
    const exit = await run.close(2_000);
    assert.equal(exit.kind, ExitKinds.CLOSED);
    assert.equal(exit.code, 0);
  });

  it("forks a Node child with IPC, stopped by a message", async () => {
    const messages: unknown[] = [];
    const dir = await mkdtemp(path.join(tmpdir(), "openlive-fork-"));
    const module = path.join(dir, "echo.mjs");
    await writeFile(module, "process.on('message', (m) => { if (m === 'stop') process.exit(0); process.send(m); });");
    const run = new ChildRun({ command: module, args: [], node: { execArgv: [], onMessage: (m) => messages.push(m) }, stdout: "ignore", stop: (r) => r.send("stop") });
    run.send("hello");
    await until(() => messages.length > 0);
    assert.deepEqual(messages, ["hello"]);
    const exit = await run.close(2_000);
    assert.equal(exit.kind, ExitKinds.CLOSED);
    assert.equal(exit.code, 0);
    await rm(dir, { recursive: true, force: true });
  });

  it("dies with its parent, even when the parent is SIGKILLed", async () => {
    const childRun = new URL("../../../src/shared/process/child-run.ts", import.meta.url).href;
    const parentScript = `import { spawnChild } from ${JSON.stringify(childRun)}; const run = spawnChild({ command: "sleep", args: ["60"] }); console.log(run.pid); setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", parentScript], { stdio: ["ignore", "pipe", "inherit"] });
    const childPid = await new Promise<number>((resolve) => parent.stdout.once("data", (chunk: Buffer) => resolve(Number.parseInt(chunk.toString(), 10))));
    assert.ok(alive(childPid));
    parent.kill("SIGKILL");
    await until(() => !alive(childPid));
  });
});

describe("runChild", () => {
  it("runs to completion, keeping a bounded stdout", async () => {
    const result = await runChild({ command: "sh", args: ["-c", "printf 0123456789"] }, { maxStdoutBytes: 4 });
    assert.equal(result.exit.code, 0);
    assert.equal(Buffer.from(result.stdout).toString(), "0123");
    assert.equal(result.killedAtDeadline, false);
  });

  it("kills at the deadline and on abort", async () => {
    const timedOut = await runChild({ command: "sleep", args: ["30"] }, { timeoutMs: 50 });
    assert.equal(timedOut.killedAtDeadline, true);
    assert.equal(timedOut.exit.signal, "SIGKILL");
    const controller = new AbortController();
    const aborted = runChild({ command: "sleep", args: ["30"] }, { signal: controller.signal });
    controller.abort();
    assert.equal((await aborted).killedAtDeadline, true);
  });
});

describe("SupervisedChild", () => {
  it("restarts a dying child with the backoff, and stops restarting when closed", async () => {
    const exits: ChildExit[] = [];
    const delays: number[] = [];
    const child = new SupervisedChild({
      command: () => ({ command: "sh", args: ["-c", "exit 7"] }),
      backoff: FAST,
      graceMs: 1_000,
      onExit: (exit) => void exits.push(exit),
      onRestartScheduled: (delayMs) => delays.push(delayMs),
    });
    child.start();
    child.start();
    await until(() => exits.length >= 4);
    await child.close();
    const count = exits.length;
    await sleep(200);
    assert.equal(exits.length, count, "no run after close");
    assert.ok(exits.every((exit) => exit.kind === ExitKinds.DIED && exit.code === 7));
    assert.deepEqual(delays.slice(0, 4), [20, 40, 80, 80]);
    assert.equal(child.restarts, delays.length);
  });

  it("restarts at once or not at all when the owner says so", async () => {
    let runs = 0;
    const child = new SupervisedChild({
      command: () => ({ command: "true", args: [] }),
      backoff: { initialMs: 10_000, maxMs: 10_000, healthyAfterMs: 10_000 },
      graceMs: 1_000,
      onStart: () => void runs++,
      onExit: () => (runs < 3 ? Restarts.NOW : Restarts.STOP),
    });
    child.start();
    await until(() => runs === 3 && child.run === undefined);
    await sleep(100);
    assert.equal(runs, 3);
    await child.close();
  });

  it("treats a command that cannot be built as a start failure, retried with backoff", async () => {
    const exits: ChildExit[] = [];
    const child = new SupervisedChild({
      command: () => {
        throw new Error("secret not found");
      },
      backoff: FAST,
      graceMs: 1_000,
      onExit: (exit) => void exits.push(exit),
    });
    child.start();
    await until(() => exits.length >= 2);
    await child.close();
    assert.equal(exits[0]?.kind, ExitKinds.FAILED_TO_START);
    assert.equal(exits[0]?.startError, "secret not found");
  });

  it("restartNow replaces the child at once; close() is idempotent and stops the child", async () => {
    const pids: number[] = [];
    const exits: ChildExit[] = [];
    const child = new SupervisedChild({
      command: () => ({ command: "sleep", args: ["30"] }),
      backoff: FAST,
      graceMs: 1_000,
      onStart: (run) => pids.push(run.pid!),
      onExit: (exit) => void exits.push(exit),
    });
    child.start();
    await until(() => pids.length === 1);
    await child.restartNow();
    await until(() => pids.length === 2);
    assert.equal(exits[0]?.kind, ExitKinds.CLOSED);
    assert.equal(child.restarts, 0, "a restart on request is no failure");
    assert.equal(child.close(), child.close());
    await child.close();
    assert.equal(child.closed, true);
    assert.ok(!alive(pids[1]!));
    assert.equal(exits.at(-1)?.kind, ExitKinds.CLOSED);
  });
});
