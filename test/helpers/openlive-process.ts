// Starts a real `./openlive serve` (the built service) on loopback with a fresh data
// dir and port 0, and learns its URL from the "listening" log line. With
// OPENLIVE_TEST_STORE=postgres its store is a PostgreSQL database (test-store.ts), one per
// data dir, so a restart on the same data dir finds its resources again.

import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { newTestDatabase, TEST_STORE } from "./test-store.ts";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface OpenliveCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface StartOptions {
  /** Reuse a data dir (restart tests); a fresh temp dir otherwise. */
  readonly dataDir?: string;
  readonly extraArgs?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly startTimeoutMs?: number;
  /** A random push port block instead of the default 5000–5999 (tests that run channels). */
  readonly ownPushPorts?: boolean;
  /** --input-roots: the folders file:// sources (file inputs, slates, urlPath) may name. */
  readonly inputRoots?: readonly string[];
  /** Runs the service through this argv prefix, e.g. `ip netns exec <ns>` (it must exec, so the child is the service). */
  readonly commandPrefix?: readonly string[];
}

export interface OpenliveProcess {
  readonly url: string;
  /** The HLS origin's base URL (its own port). */
  readonly originUrl: string;
  readonly dataDir: string;
  readonly credentials: OpenliveCredentials;
  readonly child: ChildProcess;
  /** Every stdout/stderr line so far. */
  logs(): string;
  /** SIGTERM (or another signal) and wait for exit; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

function randomPortBlock(): string {
  const first = 20_000 + 200 * Math.floor(Math.random() * 150);
  return `${first}-${first + 199}`;
}

export function makeTempDir(prefix = "openlive-test-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/**
 * The output root every test service publishes into (--output-roots): file:// destinations
 * must lie inside it. Owned by the test's user and closed to others, as a root must be.
 */
export const TEST_OUTPUT_ROOT = path.join(tmpdir(), "openlive-test-output");

/** A fresh folder inside TEST_OUTPUT_ROOT for a test's HLS output. */
export function makeOutputDir(prefix = "openlive-out-"): string {
  mkdirSync(TEST_OUTPUT_ROOT, { recursive: true, mode: 0o700 });
  return mkdtempSync(path.join(TEST_OUTPUT_ROOT, prefix));
}

/** The origin URL of `<folder>/<baseName>.m3u8` published under TEST_OUTPUT_ROOT. */
export function originUrlOf(openlive: Pick<OpenliveProcess, "originUrl">, folder: string, fileName: string): string {
  const relative = path.relative(TEST_OUTPUT_ROOT, folder);
  if (relative.startsWith("..") || path.isAbsolute(relative)) throw new Error(`${folder} is not inside ${TEST_OUTPUT_ROOT}`);
  return `${openlive.originUrl}/${[path.basename(TEST_OUTPUT_ROOT), ...relative.split(path.sep).filter(Boolean), fileName].map(encodeURIComponent).join("/")}`;
}

/** Each data dir's PostgreSQL database (OPENLIVE_TEST_STORE=postgres). */
const databasesByDataDir = new Map<string, Promise<string>>();

async function storeArgs(dataDir: string, options: StartOptions): Promise<string[]> {
  if (TEST_STORE !== "postgres" || options.extraArgs?.includes("--store") || options.env?.OPENLIVE_STORE !== undefined) return [];
  const key = path.resolve(dataDir);
  if (!databasesByDataDir.has(key)) databasesByDataDir.set(key, newTestDatabase());
  return ["--store", await databasesByDataDir.get(key)!];
}

export async function startOpenlive(options: StartOptions = {}): Promise<OpenliveProcess> {
  const dataDir = options.dataDir ?? makeTempDir();
  // Services that run channels get their own push ports (a random block of 200), so services
  // of different test files, or a leftover encoder, never send to each other's endpoints.
  const portArgs = options.ownPushPorts && !options.extraArgs?.includes("--push-port-range") ? ["--push-port-range", randomPortBlock()] : [];
  if (!options.extraArgs?.includes("--origin-port")) portArgs.push("--origin-port", "0");
  if (!options.extraArgs?.includes("--output-roots")) {
    mkdirSync(TEST_OUTPUT_ROOT, { recursive: true, mode: 0o700 });
    portArgs.push("--output-roots", TEST_OUTPUT_ROOT);
  }
  const rootArgs = options.inputRoots ? ["--input-roots", options.inputRoots.join(",")] : [];
  const store = await storeArgs(dataDir, options);
  const prefix = options.commandPrefix ?? [];
  const child = spawn(prefix[0] ?? path.join(REPO_ROOT, "openlive"), [...(prefix.length > 0 ? [...prefix.slice(1), path.join(REPO_ROOT, "openlive")] : []), "serve", "--data-dir", dataDir, "--api-port", "0", ...portArgs, ...rootArgs, ...store, ...(options.extraArgs ?? [])], {
    cwd: REPO_ROOT,
    env: { ...process.env, OPENLIVE_STRICT_RESPONSES: "1", OPENLIVE_LOG_LEVEL: "info", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const { url, originUrl } = await new Promise<{ url: string; originUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      // A service that never said "listening" (e.g. a log level above info) is not left behind.
      child.kill("SIGKILL");
      reject(new Error(`openlive did not start within ${options.startTimeoutMs ?? 15000} ms:\n${output}`));
    }, options.startTimeoutMs ?? 15000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      for (const line of output.split("\n")) {
        if (!line.startsWith("{")) continue;
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string; originUrl?: string };
          if (entry.msg === "listening" && entry.url && entry.originUrl) {
            clearTimeout(timer);
            resolve({ url: entry.url, originUrl: entry.originUrl });
          }
        } catch {
          // a partial line; wait for more
        }
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`openlive exited with ${code} before listening:\n${output}`));
    });
  });
  const credentials = options.env?.OPENLIVE_ACCESS_KEY_ID
    ? { accessKeyId: options.env.OPENLIVE_ACCESS_KEY_ID, secretAccessKey: options.env.OPENLIVE_SECRET_ACCESS_KEY ?? "" }
    : (JSON.parse(readFileSync(path.join(dataDir, "credentials.json"), "utf8")) as OpenliveCredentials);
  return {
    url,
    originUrl,
    dataDir,
    credentials,
    child,
    logs: () => output,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}
