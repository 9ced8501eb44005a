import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { ConfigError, loadConfig, OPTIONS } from "../../../src/config/config.ts";

describe("loadConfig", () => {
  it("has embedded defaults", () => {
    const config = loadConfig({ flags: {}, env: {} });
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.apiPort, 8080);
    assert.equal(config.region, "us-east-1");
    assert.equal(config.accountId, "000000000000");
    assert.equal(config.dataDir, path.resolve("./data"));
    assert.deepEqual(config.pushAddresses, ["127.0.0.1", "127.0.0.1"]);
    assert.deepEqual(config.pushPortRange, { first: 5000, last: 5999 });
    assert.ok(Object.isFrozen(config));
  });

  it("layers file < environment < flags", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "openlive-config-"));
    const file = path.join(dir, "openlive.json");
    writeFileSync(file, JSON.stringify({ apiPort: 9000, region: "eu-west-1", pushAddresses: ["10.0.0.1", "10.0.0.2"] }));
    const fromFile = loadConfig({ flags: {}, env: {}, configFile: file });
    assert.equal(fromFile.apiPort, 9000);
    assert.deepEqual(fromFile.pushAddresses, ["10.0.0.1", "10.0.0.2"]);
    const fromEnv = loadConfig({ flags: {}, env: { OPENLIVE_API_PORT: "9100" }, configFile: file });
    assert.equal(fromEnv.apiPort, 9100);
    assert.equal(fromEnv.region, "eu-west-1");
    const fromFlag = loadConfig({ flags: { "api-port": "9200" }, env: { OPENLIVE_API_PORT: "9100" }, configFile: file });
    assert.equal(fromFlag.apiPort, 9200);
  });

  it("takes one push address for both pipelines, or two, including IPv6", () => {
    assert.deepEqual(loadConfig({ flags: { "push-addresses": "192.0.2.1" }, env: {} }).pushAddresses, ["192.0.2.1", "192.0.2.1"]);
    assert.deepEqual(loadConfig({ flags: { "push-addresses": "192.0.2.1, 2001:db8::1" }, env: {} }).pushAddresses, ["192.0.2.1", "2001:db8::1"]);
  });

  it("takes an empty store (SQLite) or a postgres:// URL, and echoes a refused one without its password", () => {
    assert.equal(loadConfig({ flags: {}, env: {} }).store, "");
    assert.equal(loadConfig({ flags: {}, env: { OPENLIVE_STORE: "postgresql://ol@db:5433/live" } }).store, "postgresql://ol@db:5433/live");
    assert.equal(loadConfig({ flags: { store: "postgres://ol:pw@db/live" }, env: {} }).store, "postgres://ol:pw@db/live");
    assert.throws(() => loadConfig({ flags: { store: "mysql://ol:s3cret@db/live" }, env: {} }), (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /--store' must be empty \(SQLite in the data dir\) or a postgres:\/\/ URL, got "mysql:\/\/ol:\*\*\*@db\/live"/);
      assert.doesNotMatch(error.message, /s3cret/);
      return true;
    });
    assert.throws(() => loadConfig({ flags: { store: "/var/lib/openlive.db" }, env: {} }), /postgres:\/\/ URL/);
  });

  it("names the option and the value it refuses", () => {
    const cases: [Record<string, string>, Record<string, string>, RegExp][] = [
      [{ "api-port": "70000" }, {}, /'--api-port' must be a TCP port/],
      [{}, { OPENLIVE_API_PORT: "x" }, /'OPENLIVE_API_PORT' must be a TCP port/],
      [{ region: "Mars" }, {}, /'--region' must look like us-east-1/],
      [{ "account-id": "123" }, {}, /12 digits/],
      [{ "push-addresses": "a.b.c.d" }, {}, /IPv4 or IPv6 address/],
      [{ "push-addresses": "1.1.1.1,2.2.2.2,3.3.3.3" }, {}, /one address, or two/],
      [{ "push-port-range": "6000-5000" }, {}, /low to high/],
      [{ "push-port-range": "80-90" }, {}, /1024 or above/],
      [{ "push-port-range": "5000-5005" }, {}, /at least 12 ports/],
      [{ "log-level": "loud" }, {}, /one of fatal/],
      [{ bogus: "1" }, {}, /unknown option --bogus/],
    ];
    for (const [flags, env, message] of cases) {
      assert.throws(() => loadConfig({ flags, env }), (error: unknown) => error instanceof ConfigError && message.test(error.message), JSON.stringify([flags, env]));
    }
  });

  it("keeps output roots apart from the data dir and from each other", () => {
    const dataDir = path.resolve("/srv/openlive-data");
    const base = { "data-dir": dataDir };
    assert.deepEqual(loadConfig({ flags: base, env: {} }).outputRoots, [path.join(dataDir, "output")]);
    assert.deepEqual(loadConfig({ flags: { ...base, "output-roots": "/srv/hls, /mnt/out/" }, env: {} }).outputRoots, ["/srv/hls", "/mnt/out"]);
    assert.deepEqual(loadConfig({ flags: { ...base, "output-roots": `${dataDir}/published` }, env: {} }).outputRoots, [`${dataDir}/published`]);
    const refused: [string, RegExp][] = [
      ["relative/out", /must list absolute folders/],
      ["/", /must not list the filesystem root/],
      ["/srv", /must not contain the data dir/],
      [dataDir, /must not contain the data dir/],
      [`${dataDir}/pipelines`, /must not be the data dir's own pipelines/],
      [`${dataDir}/credentials.json`, /must not be the data dir's own credentials\.json/],
      ["/a/hls,/b/hls", /must end in different folder names.*"hls"/],
    ];
    for (const [roots, message] of refused) {
      assert.throws(() => loadConfig({ flags: { ...base, "output-roots": roots }, env: {} }), (error: unknown) => error instanceof ConfigError && message.test(error.message), roots);
    }
    assert.throws(() => loadConfig({ flags: { ...base, "api-port": "9000", "origin-port": "9000" }, env: {} }), /'originPort' must differ from 'apiPort'/);
  });

  it("takes apiHosts as comma-separated host[:port] names, lowercased, or *; empty by default", () => {
    assert.deepEqual(loadConfig({ flags: {}, env: {} }).apiHosts, []);
    assert.deepEqual(loadConfig({ flags: { "api-hosts": "API.example.com, 127.0.0.1:8080,[::1]:8080" }, env: {} }).apiHosts, ["api.example.com", "127.0.0.1:8080", "[::1]:8080"]);
    assert.deepEqual(loadConfig({ flags: {}, env: { OPENLIVE_API_HOSTS: "*" } }).apiHosts, ["*"]);
    for (const bad of ["http://api.example.com", "api.example.com:0", "api.example.com:70000", "a b", "[zz::1]:80", "*,api.example.com", "api.example.com/x"]) {
      assert.throws(() => loadConfig({ flags: { "api-hosts": bad }, env: {} }), (error: unknown) => error instanceof ConfigError && /'--api-hosts'/.test(error.message), bad);
    }
  });

  it("refuses unknown keys and unreadable config files", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "openlive-config-"));
    const file = path.join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ apiPrt: 1 }));
    assert.throws(() => loadConfig({ flags: {}, env: {}, configFile: file }), /unknown option "apiPrt"/);
    writeFileSync(file, "{");
    assert.throws(() => loadConfig({ flags: {}, env: {}, configFile: file }), /cannot read config file/);
    assert.throws(() => loadConfig({ flags: {}, env: {}, configFile: path.join(dir, "missing.json") }), /cannot read config file/);
  });

  it("documents every option in docs/configuration.md", () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, "../../../docs/configuration.md"), "utf8");
    for (const option of OPTIONS) {
      assert.ok(doc.includes(`--${option.flag}`), `--${option.flag} missing from docs/configuration.md`);
      assert.ok(doc.includes(option.env), `${option.env} missing from docs/configuration.md`);
      assert.ok(doc.includes(`\`${option.key}\``), `${option.key} missing from docs/configuration.md`);
    }
  });
});
