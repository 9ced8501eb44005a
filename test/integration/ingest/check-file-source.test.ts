// The file:// check (CreateChannel, schedule urlPath, openlive check) against what is not a
// regular file: FIFOs must be refused at once, without parking one of libuv's four pool
// threads in a blocking open() (which froze every fs call of the service).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, describe, it } from "node:test";
import { checkFileSource } from "../../../src/ingest/pull-check/check-file-source.ts";
import type { CheckContext } from "../../../src/ingest/pull-check/check-context.ts";

const scratch = mkdtempSync(path.join(os.tmpdir(), "openlive-check-file-"));
const fifos = [1, 2, 3, 4].map((n) => path.join(scratch, `fifo${n}.ts`));
for (const fifo of fifos) execFileSync("mkfifo", [fifo]);
const normal = path.join(scratch, "normal.bin");
writeFileSync(normal, Buffer.alloc(1024, 7));

after(() => {
  // Without the fix the pool threads sit in open() until a writer appears: give them one, so the process can exit.
  for (const fifo of fifos) {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // ENXIO: nobody is reading it (the fixed code), nothing to release.
    }
  }
  rmSync(scratch, { recursive: true, force: true });
});

function context(timeoutMs: number): CheckContext {
  return { signal: AbortSignal.timeout(timeoutMs), timeoutMs, resolveSecret: () => undefined };
}

describe("checkFileSource on things that are not regular files", { timeout: 30_000 }, () => {
  it("refuses four FIFOs as 'not a regular file' at once, and the pool stays free for other fs calls", async () => {
    const startedMs = performance.now();
    const checks = fifos.map((fifo) => checkFileSource({ url: pathToFileURL(fifo).href }, "ts", context(5_000)));
    // Queued behind the four checks: it completes only if they do not hold the pool.
    const other = readFile(normal).then((bytes) => ({ bytes, atMs: performance.now() - startedMs }));
    const results = await Promise.all(checks);
    const checksMs = performance.now() - startedMs;
    const read = await other;
    for (const result of results) assert.deepEqual(result, { ready: false, reason: "not a regular file" });
    assert.equal(read.bytes.length, 1024);
    assert.ok(checksMs < 1_000, `the FIFO checks took ${checksMs} ms`);
    assert.ok(read.atMs < 1_000, `a concurrent readFile took ${read.atMs} ms`);
  });

  it("refuses a folder named like a TS file, and a symbolic link to a FIFO", async () => {
    const folder = path.join(scratch, "folder.ts");
    mkdirSync(folder);
    assert.deepEqual(await checkFileSource({ url: pathToFileURL(folder).href }, "ts", context(2_000)), { ready: false, reason: "not a regular file" });
    const link = path.join(scratch, "link.ts");
    execFileSync("ln", ["-s", fifos[0]!, link]);
    assert.deepEqual(await checkFileSource({ url: pathToFileURL(link).href }, "ts", context(2_000)), { ready: false, reason: "not a regular file" });
  });

  it("still reads a regular MPEG-TS file", async () => {
    const ts = path.join(scratch, "ok.ts");
    writeFileSync(ts, Buffer.concat(Array.from({ length: 10 }, () => Buffer.concat([Buffer.from([0x47, 0x1f, 0xff, 0x10]), Buffer.alloc(184, 0xff)]))));
    assert.deepEqual(await checkFileSource({ url: pathToFileURL(ts).href }, "ts", context(2_000)), { ready: true });
  });
});
