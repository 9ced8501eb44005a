// A throwaway PostgreSQL server for tests: Debian's postgresql package (scripts/install.sh
// installs it), a fresh cluster made by initdb in a temporary folder, listening on 127.0.0.1
// and a free port with fsync off (nothing here must survive a crash), stopped and deleted
// by stop(). initdb refuses to run as root, so as root the cluster belongs to the
// `postgres` user the package creates.

import { spawn } from "node:child_process";
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freeTcpPort } from "./media-fixtures.ts";

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  readonly port: number;
  /** Creates an empty database and returns its URL (one per test keeps tests apart). */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown: sessions end, new connections are refused) and keeps its folder: a database outage. */
  halt(): Promise<void>;
  /** Starts a halted server again on the same port and data. */
  resume(): Promise<void>;
  /** Stops the server (fast shutdown) and deletes its folder; safe to call twice. */
  stop(): Promise<void>;
}

/** The folder holding initdb and pg_ctl: PATH first, then Debian's versioned folders. */
function postgresBinDir(): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl"))) return dir;
  }
  const debianRoot = "/usr/lib/postgresql";
  const versions = existsSync(debianRoot) ? readdirSync(debianRoot).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const dir = path.join(debianRoot, version, "bin");
    if (existsSync(path.join(dir, "initdb"))) return dir;
  }
  throw new Error("PostgreSQL is not installed (no initdb): scripts/install.sh installs Debian's postgresql package");
}

function run(command: string, args: readonly string[], asPostgres: boolean): Promise<void> {
  const [file, argv] = asPostgres ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, [...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} exited with ${code}:\n${output}`))));
  });
}

export interface PostgresServerOptions {
  /**
   * Also listen on this address and trust clients of this network (CIDR), e.g. the bridge of
   * the namespace tests, whose machines are not on this host's loopback.
   */
  readonly network?: { readonly address: string; readonly cidr: string };
}

export async function startPostgresServer(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const binDir = postgresBinDir();
  const asPostgres = process.getuid?.() === 0;
  const root = mkdtempSync(path.join(os.tmpdir(), "openlive-pg-"));
  const dataDir = path.join(root, "data");
  if (asPostgres) await chownToPostgres(root);
  const port = await freeTcpPort();
  const pgCtl = path.join(binDir, "pg_ctl");
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (existsSync(path.join(dataDir, "postmaster.pid"))) {
      await run(pgCtl, ["-D", dataDir, "-m", "fast", "-w", "stop"], asPostgres).catch(() => undefined);
    }
    rmSync(root, { recursive: true, force: true });
  };
  const serverOptions = `-p ${port} -k ${root} -c listen_addresses=${["127.0.0.1", ...(options.network ? [options.network.address] : [])].join(",")} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const start = (): Promise<void> => run(pgCtl, ["-D", dataDir, "-o", serverOptions, "-l", path.join(root, "server.log"), "-w", "-t", "30", "start"], asPostgres);
  try {
    await run(path.join(binDir, "initdb"), ["-D", dataDir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"], asPostgres);
    if (options.network) appendFileSync(path.join(dataDir, "pg_hba.conf"), `host all all ${options.network.cidr} trust\n`);
    await start();
  } catch (error) {
    await stop();
    throw error;
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    async createDatabase(name: string): Promise<string> {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`test database name must be a plain identifier: ${name}`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    halt: () => run(pgCtl, ["-D", dataDir, "-m", "fast", "-w", "stop"], asPostgres),
    resume: start,
    stop,
  };
}

async function chownToPostgres(folder: string): Promise<void> {
  const id = (flag: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const child = spawn("id", [flag, "postgres"], { stdio: ["ignore", "pipe", "ignore"] });
      let text = "";
      child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
      child.once("error", reject);
      child.once("exit", (code) => (code === 0 ? resolve(Number(text.trim())) : reject(new Error("no `postgres` user: scripts/install.sh installs Debian's postgresql package"))));
    });
  chownSync(folder, await id("-u"), await id("-g"));
}
