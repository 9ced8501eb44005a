// Input roots through the real ./openlive and the aws CLI: a TS_FILE input inside
// --input-roots is created, one outside (plainly or through a symbolic link) is refused
// with 400 BadRequestException naming the roots and --input-roots; POST /openlive/check on
// a file outside the roots is refused the same way; and `./openlive check` on a FIFO
// reports "not a regular file" and exits instead of hanging.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { medialive, type Ml } from "../helpers/aws-cli.ts";
import { fails, ok, stopHealthy } from "../helpers/cli-asserts.ts";
import { makeTempDir, startOpenlive, type OpenliveProcess } from "../helpers/openlive-process.ts";
import { rawRequest } from "../helpers/signed-fetch.ts";
import { runOpenliveCheck } from "./check/check-process.ts";

const T = { timeout: 60_000 };
const TS = Buffer.concat(Array.from({ length: 200 }, () => Buffer.concat([Buffer.from([0x47, 0x1f, 0xff, 0x10]), Buffer.alloc(184, 0xff)])));

describe("input roots: the service refuses file sources outside --input-roots", () => {
  const scratch = makeTempDir("openlive-roots-e2e-");
  const root = path.join(scratch, "media");
  const outside = path.join(scratch, "private");
  let server: OpenliveProcess;
  let ml: Ml;
  const hint = `outside the input roots: file sources must lie in ${root}; change the folders with --input-roots (OPENLIVE_INPUT_ROOTS)`;

  before(async () => {
    mkdirSync(root, { recursive: true });
    mkdirSync(outside);
    writeFileSync(path.join(root, "in.ts"), TS);
    writeFileSync(path.join(outside, "secret.ts"), TS);
    symlinkSync(path.join(outside, "secret.ts"), path.join(root, "link.ts"));
    server = await startOpenlive({ inputRoots: [root] });
    ml = medialive(server);
  });
  after(() => stopHealthy(server));

  it("create-input TS_FILE inside the root → created; outside or through a link out → 400 naming the roots", T, async () => {
    const inside = pathToFileURL(path.join(root, "in.ts")).href;
    const created = ok(await ml("create-input", "--name", "in", "--type", "TS_FILE", "--sources", `Url=${inside}`), "inside the root");
    assert.deepEqual(created.Input.Sources, [{ Url: inside }]);
    for (const url of [pathToFileURL(path.join(outside, "secret.ts")).href, pathToFileURL(path.join(root, "link.ts")).href]) {
      fails(await ml("create-input", "--name", "out", "--type", "TS_FILE", "--sources", `Url=${url}`), "BadRequestException", `Invalid URL (${url}) specified for sources[0].url: ${hint}`, url);
    }
    fails(await ml("create-input", "--name", "dots", "--type", "TS_FILE", "--sources", `Url=file://${root}/%2e%2e/private/secret.ts`), "BadRequestException", '"." or ".." segments', "%2e%2e");
  });

  it("POST /openlive/check on a file outside the roots → 400 OL_CHECK_SOURCE_NOT_IN_ROOTS; inside → a report", T, async () => {
    const response = await rawRequest(server, { method: "POST", path: "/openlive/check", body: { urls: [path.join(outside, "secret.ts")], seconds: 1 } });
    assert.equal(response.status, 400);
    assert.equal(response.headers["x-amzn-errortype"], "BadRequestException");
    assert.equal(response.json.message, `${pathToFileURL(path.join(outside, "secret.ts")).href} cannot be checked through the API: ${hint}`);
    const insideCheck = await rawRequest(server, { method: "POST", path: "/openlive/check", body: { urls: [path.join(root, "in.ts")], seconds: 1, timeoutMs: 3000 } });
    assert.equal(insideCheck.status, 200, JSON.stringify(insideCheck.json));
  });
});

describe("./openlive check on a FIFO", () => {
  it("reports 'not a regular file' and exits", T, async () => {
    const fifo = path.join(makeTempDir("openlive-fifo-"), "pipe.ts");
    execFileSync("mkfifo", [fifo]);
    const startedMs = performance.now();
    const outcome = await runOpenliveCheck([fifo, "--seconds", "1", "--timeout-ms", "3000", "--json"], { timeoutMs: 20_000 });
    const elapsedMs = performance.now() - startedMs;
    assert.equal(outcome.code, 1, `exit status ${outcome.code} (null: killed after 20 s)\n${outcome.stderr}`);
    assert.equal(outcome.report?.sources[0]?.failure, "not a regular file");
    assert.ok(elapsedMs < 10_000, `took ${elapsedMs} ms`);
  });
});
