import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import pino from "pino";
import { prepareDataDirForService } from "../../../src/config/data-dir-startup.ts";
import { looseModeWarning, prepareDataDir } from "../../../src/config/data-dir.ts";
import { SqliteRepository } from "../../../src/store/sqlite/sqlite-repository.ts";

const modeOf = (file: string): number => statSync(file).mode & 0o777;

function withUmask<T>(mask: number, run: () => T): T {
  const previous = process.umask(mask);
  try {
    return run();
  } finally {
    process.umask(previous);
  }
}

describe("the data dir's modes", () => {
  it("creates the data dir 0700, and makes an existing one 0700", () => {
    const parent = mkdtempSync(path.join(tmpdir(), "openlive-datadir-"));
    const fresh = path.join(parent, "a", "data");
    withUmask(0o000, () => prepareDataDir(fresh));
    assert.equal(modeOf(fresh), 0o700);
    chmodSync(fresh, 0o755);
    prepareDataDir(fresh);
    assert.equal(modeOf(fresh), 0o700);
  });

  it("keeps openlive.db and its -wal/-shm files 0600 whatever the umask", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "openlive-datadir-"));
    const file = path.join(dir, "openlive.db");
    const repository = withUmask(0o000, () => new SqliteRepository(file));
    try {
      for (const name of [file, `${file}-wal`, `${file}-shm`]) assert.equal(modeOf(name), 0o600, name);
    } finally {
      await repository.close();
    }
  });

  it("makes credentials.json and tokens.json 0600 at start", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "openlive-datadir-"));
    writeFileSync(path.join(dir, "credentials.json"), "{}", { mode: 0o644 });
    chmodSync(path.join(dir, "credentials.json"), 0o644);
    withUmask(0o000, () => prepareDataDirForService({ dataDir: dir, metricsToken: "generated", eventsToken: "generated" }, pino({ level: "silent" })));
    assert.equal(modeOf(path.join(dir, "credentials.json")), 0o600);
    assert.equal(modeOf(path.join(dir, "tokens.json")), 0o600);
    assert.equal(modeOf(dir), 0o700);
  });

  it("warns about a secrets.json others can read, telling to chmod 600; not about a 0600 one", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "openlive-datadir-"));
    const secrets = path.join(dir, "secrets.json");
    assert.equal(looseModeWarning(secrets), undefined, "no file, no warning");
    writeFileSync(secrets, "{}");
    chmodSync(secrets, 0o644);
    assert.match(looseModeWarning(secrets) ?? "", /mode 0644.*chmod 600 .*secrets\.json/);
    chmodSync(secrets, 0o640);
    assert.match(looseModeWarning(secrets) ?? "", /mode 0640/);
    chmodSync(secrets, 0o600);
    assert.equal(looseModeWarning(secrets), undefined);
  });

  it("says it at start-up, in the log and on stderr", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "openlive-datadir-"));
    writeFileSync(path.join(dir, "secrets.json"), "{}");
    chmodSync(path.join(dir, "secrets.json"), 0o604);
    const lines: string[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => lines.push(line) });
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      prepareDataDirForService({ dataDir: dir, metricsToken: "generated", eventsToken: "generated" }, logger);
    } finally {
      process.stderr.write = original;
    }
    assert.ok(lines.some((line) => /secrets\.json.*chmod 600/.test(line)), lines.join(""));
    assert.ok(written.some((line) => /secrets\.json.*chmod 600/.test(line)), written.join(""));
  });
});
