// `openlive cluster zones|nodes` against a real PostgreSQL: zones applied from the cluster
// config file and printed, nodes printed with what they hold, and the refusals (SQLite store,
// a database without the cluster tables, an unknown subcommand).

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { runClusterCommand } from "../../../src/cluster/cluster-command.ts";
import { ClusterStore } from "../../../src/cluster/cluster-store.ts";
import { createClusterDatabase } from "../../helpers/cluster-db.ts";
import { startPostgresServer, type PostgresServer } from "../../helpers/postgres-server.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");
let server: PostgresServer;
let folder: string;
before(async () => {
  server = await startPostgresServer();
  folder = mkdtempSync(path.join(os.tmpdir(), "openlive-cluster-command-"));
});
after(async () => {
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
});

function clusterFile(zones: unknown): string {
  const file = path.join(folder, `cluster-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ zones }));
  return file;
}

async function run(subcommand: string, options: { store: string; clusterConfig: string }): Promise<unknown> {
  let text = "";
  await runClusterCommand(subcommand, options, (chunk) => (text += chunk));
  return JSON.parse(text);
}

describe("openlive cluster", () => {
  it("zones: applies the cluster config to the database and prints the zones; an edit applies on the next run", async () => {
    const store = await createClusterDatabase(server);
    const first = clusterFile([{ name: "a", pushAddresses: ["10.0.1.10"] }, { name: "b", pushAddresses: ["10.0.2.10"] }]);
    assert.deepEqual(await run("zones", { store, clusterConfig: first }), { zones: [{ name: "a", pushAddresses: ["10.0.1.10"] }, { name: "b", pushAddresses: ["10.0.2.10"] }] });
    const edited = clusterFile([{ name: "a", pushAddresses: ["10.0.1.10", "10.0.1.11"] }, { name: "b", pushAddresses: ["10.0.2.10"] }]);
    assert.deepEqual(await run("zones", { store, clusterConfig: edited }), { zones: [{ name: "a", pushAddresses: ["10.0.1.10", "10.0.1.11"] }, { name: "b", pushAddresses: ["10.0.2.10"] }] });
  });

  it("nodes: prints each node's role, zone, capacity and what it holds, through ./openlive's command line", async () => {
    const url = await createClusterDatabase(server);
    const store = ClusterStore.open(url);
    try {
      await store.syncZones([{ name: "a", pushAddresses: [] }]);
      await store.registerNode({ nodeId: "wa1", role: "worker", zone: "a", capacityUnits: 120 });
      await store.registerNode({ nodeId: "api1", role: "api", capacityUnits: 0 });
      await store.desireChannel("ch", [{ pipeline: 0, zone: "a", costUnits: 62 }]);
      await store.claim("wa1", { leaseMs: 6000, maxClaims: 1, takeExpired: false });
    } finally {
      await store.close();
    }
    const { code, stdout, stderr } = await cli(["cluster", "nodes", "--store", url, "--data-dir", folder]);
    assert.equal(code, 0, stderr);
    const { nodes } = JSON.parse(stdout) as { nodes: { nodeId: string; role: string; zone?: string; capacityUnits: number; heldUnits: number; heldPipelines: number; state: string; heartbeatAgeMs: number }[] };
    assert.deepEqual(nodes.map((node) => [node.nodeId, node.role, node.zone, node.capacityUnits, node.heldUnits, node.heldPipelines, node.state]), [
      ["api1", "api", undefined, 0, 0, 0, "ACTIVE"],
      ["wa1", "worker", "a", 120, 62, 1, "ACTIVE"],
    ]);
    assert.ok(nodes.every((node) => node.heartbeatAgeMs >= 0 && node.heartbeatAgeMs < 60_000));
  });

  it("refuses a SQLite node, a database without cluster tables, a missing file and an unknown subcommand, with exit status 2", async () => {
    const bare = await server.createDatabase(`bare_${process.pid}`);
    const file = clusterFile([{ name: "a", pushAddresses: [] }]);
    await assert.rejects(run("nodes", { store: "", clusterConfig: file }), /needs the cluster's PostgreSQL store/);
    await assert.rejects(run("nodes", { store: bare, clusterConfig: file }), /no cluster tables yet/);
    await assert.rejects(run("zones", { store: bare, clusterConfig: path.join(folder, "none.json") }), /cannot read the cluster config .*none.json \(ENOENT\)/);
    const wrong = await cli(["cluster", "leaders", "--store", bare, "--data-dir", folder]);
    assert.deepEqual([wrong.code, wrong.stdout], [2, ""]);
    assert.match(wrong.stderr, /openlive cluster takes one of zones, nodes, got "leaders"/);
  });
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "src/cli.ts"), ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
