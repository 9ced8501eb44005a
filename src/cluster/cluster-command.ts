// `openlive cluster zones` and `openlive cluster nodes`: the cluster as the shared database
// sees it, printed as JSON. `zones` first writes the cluster config file's zones into the
// database (the one place every node reads them from), so editing the file and running it is
// how zones are configured.

import { ClusterConfigError, readClusterConfig } from "./cluster-config.ts";
import { ClusterStore } from "./cluster-store.ts";

export const CLUSTER_SUBCOMMANDS = ["zones", "nodes"] as const;

/** PostgreSQL's undefined_table (PostgreSQL docs, Appendix A "PostgreSQL Error Codes"). */
const UNDEFINED_TABLE = "42P01";

export async function runClusterCommand(subcommand: string, options: { store: string; clusterConfig: string }, write: (text: string) => void): Promise<void> {
  if (!(CLUSTER_SUBCOMMANDS as readonly string[]).includes(subcommand)) {
    throw new ClusterConfigError(`openlive cluster takes one of ${CLUSTER_SUBCOMMANDS.join(", ")}, got ${subcommand === "" ? "nothing" : `"${subcommand}"`}`);
  }
  if (options.store === "") throw new ClusterConfigError(`openlive cluster ${subcommand} needs the cluster's PostgreSQL store (--store postgres://…); a SQLite node has no cluster`);
  const zones = subcommand === "zones" ? readClusterConfig(options.clusterConfig) : undefined;
  const store = ClusterStore.open(options.store, { statementTimeoutMs: 10_000, connectTimeoutMs: 5000, maxConnections: 1 });
  try {
    if (zones !== undefined) {
      await store.syncZones(zones);
      write(`${JSON.stringify({ zones: await store.listZones() }, null, 2)}\n`);
    } else {
      write(`${JSON.stringify({ nodes: await store.listNodes() }, null, 2)}\n`);
    }
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) throw new ClusterConfigError(`the database has no cluster tables yet: start an openlive node on this --store first (it applies the migrations)`);
    throw error;
  } finally {
    await store.close();
  }
}
