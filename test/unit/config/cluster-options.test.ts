// The cluster options: role, zone, node id, capacity and the cluster config file, and the
// start-up refusals that keep single-node mode (SQLite) a single node.

import assert from "node:assert/strict";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { CAPACITY_UNITS_PER_CORE, ConfigError, loadConfig } from "../../../src/config/config.ts";

const PG = "postgres://openlive@db.example.com:5432/openlive";
const refuses = (flags: Record<string, string>, message: RegExp) =>
  assert.throws(() => loadConfig({ flags, env: {} }), (error: unknown) => error instanceof ConfigError && message.test(error.message), JSON.stringify(flags));

describe("cluster options", () => {
  it("default to today's single node: role all, no zone, the host name, capacity per core, cluster.json in the data dir", () => {
    const config = loadConfig({ flags: { "data-dir": "/srv/openlive" }, env: {} });
    assert.equal(config.role, "all");
    assert.equal(config.zone, "");
    assert.equal(config.nodeId, os.hostname());
    assert.equal(config.capacityUnits, CAPACITY_UNITS_PER_CORE * os.availableParallelism());
    assert.equal(config.clusterConfig, path.join("/srv/openlive", "cluster.json"));
  });

  it("takes a worker's zone, node id and capacity on a PostgreSQL store", () => {
    const config = loadConfig({ flags: { store: PG, role: "worker", zone: "a", "node-id": "wa1", capacity: "250", "cluster-config": "/etc/openlive/cluster.json" }, env: {} });
    assert.deepEqual([config.role, config.zone, config.nodeId, config.capacityUnits, config.clusterConfig], ["worker", "a", "wa1", 250, "/etc/openlive/cluster.json"]);
    assert.equal(loadConfig({ flags: { store: PG, role: "api" }, env: { OPENLIVE_ROLE: "worker" } }).role, "api", "flags win over the environment");
  });

  it("refuses api and worker roles on the SQLite store, with the reason", () => {
    refuses({ role: "worker", zone: "a" }, /'role' worker needs a shared PostgreSQL store \(--store postgres:\/\/…\).*must be all/);
    refuses({ role: "api" }, /'role' api needs a shared PostgreSQL store/);
  });

  it("refuses a worker without a zone, an api node with one, and malformed values", () => {
    refuses({ store: PG, role: "worker" }, /'role' worker needs --zone/);
    refuses({ store: PG, role: "api", zone: "a" }, /an api node runs none/);
    refuses({ role: "leader" }, /'--role' must be one of all, api, worker/);
    refuses({ zone: "Zone A" }, /'--zone' must be a zone name/);
    refuses({ "node-id": "a b" }, /'--node-id' must be 1–128/);
    refuses({ capacity: "0" }, /'--capacity' must be a positive integer/);
  });
});
