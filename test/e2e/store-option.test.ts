// End-to-end: `./openlive serve --store` with a PostgreSQL server that cannot be used stops at
// once with exit status 2 and one line naming host:port, the database and the cause, and
// never the password.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, it } from "node:test";
import { freeTcpPort } from "../helpers/media-fixtures.ts";
import { makeTempDir, REPO_ROOT } from "../helpers/openlive-process.ts";

function serve(args: readonly string[]): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(REPO_ROOT, "openlive"), ["serve", "--data-dir", makeTempDir(), "--api-port", "0", "--origin-port", "0", ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let [stdout, stderr] = ["", ""];
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stderr, stdout }));
  });
}

describe("openlive serve --store", () => {
  it("stops with one line naming host:port and the cause when nothing listens there", async () => {
    const port = await freeTcpPort();
    const { code, stderr, stdout } = await serve(["--store", `postgres://live:Pa55-word@127.0.0.1:${port}/openlive`]);
    assert.equal(code, 2);
    assert.match(stderr, new RegExp(`^openlive: cannot use the PostgreSQL store at 127\\.0\\.0\\.1:${port} \\(database "openlive"\\): connect ECONNREFUSED [^\\n]*\\n$`));
    assert.doesNotMatch(stderr + stdout, /Pa55-word/);
  });

  it("refuses a URL that is not postgres://, without echoing its password", async () => {
    const { code, stderr } = await serve(["--store", "mysql://live:Pa55-word@db/openlive"]);
    assert.equal(code, 2);
    assert.match(stderr, /^openlive: '--store' must be empty \(SQLite in the data dir\) or a postgres:\/\/ URL, got "mysql:\/\/live:\*\*\*@db\/openlive"\n$/);
  });
});
