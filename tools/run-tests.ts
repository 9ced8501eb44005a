// The test runner behind `npm test`: type-checks, builds the service (e2e tests run the
// real ./openlive), then runs every test file under test/ (or the files/folders given) with
// node:test. Node 20 neither expands globs nor finds .ts files by itself, so the files
// are listed here explicitly. The reporter prints the closing pass/fail counts.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function collect(target: string): string[] {
  const full = path.resolve(repoRoot, target);
  if (statSync(full).isFile()) return [full];
  return readdirSync(full, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? collect(path.join(full, entry.name)) : entry.name.endsWith(".test.ts") ? [path.join(full, entry.name)] : []))
    .sort();
}

const targets = process.argv.slice(2);
const files = (targets.length ? targets : ["test"]).flatMap(collect);
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}

// Type-check everything (tests and tools included), and build what the e2e tests run (the
// service, and the web console's browser code, which has its own project). The type check
// and the builds are independent: they run side by side, one per core. The service build is
// incremental (tsconfig.build.json): after `npm run build` (scripts/install.sh runs it) it
// only re-emits what changed.
const compile = (project: readonly string[], what: string): Promise<string | undefined> =>
  new Promise((resolve) => {
    const child = spawn("npx", ["tsc", ...project], { cwd: repoRoot, stdio: "inherit" });
    child.on("error", () => resolve(what));
    child.on("close", (code) => resolve(code === 0 ? undefined : what));
  });
const compileFailures = (
  await Promise.all([
    compile(["-p", "tsconfig.json", "--noEmit"], "type check"),
    compile(["-p", "tsconfig.build.json"], "build").then(async (failed) => failed ?? (await compile(["-p", "tsconfig.console.json"], "console build"))),
  ])
).filter((what) => what !== undefined);
if (compileFailures.length > 0) {
  console.error(`${compileFailures.join(", ")} failed`);
  process.exit(1);
}

// Real-time media tests (channels encoding live with ffmpeg, a browser playing them) run
// after the rest, one file at a time: on a 2-core machine two of them side by side starve
// each other's encoders and test the machine instead of openlive.
const REALTIME = `${path.sep}realtime${path.sep}`;

// The API and domain tests that exercise the store run a second time on PostgreSQL
// (OPENLIVE_TEST_STORE=postgres: test/helpers/test-store.ts starts one server per file).
// Not all API e2e files, to keep the second pass near 2.5 minutes on a 2-core machine: the
// domain tests, every operation of the model, the SDK suites (every resource, waiters,
// paginators, idempotency under concurrency) and the two restart tests reach every repository
// method. The aws CLI suites cover the same calls through a slower client (about 5 minutes
// more) and run on SQLite only; the store's contract tests already run both stores in one
// pass; real-time media tests add encoding, not store use.
const AGAIN_ON_POSTGRES = [
  "test/integration/domain/",
  "test/e2e/every-operation.test.ts",
  "test/e2e/sdk-",
  "test/e2e/restart-durability.test.ts",
  "test/e2e/channel-restart.test.ts",
];
const againOnPostgres = (file: string): boolean => AGAIN_ON_POSTGRES.some((prefix) => path.relative(repoRoot, file).split(path.sep).join("/").startsWith(prefix));

// Files that need no process of their own run in batches, one process each: every file in
// its own node with the tsx loader costs about a second of CPU before its first test.
// - unit tests (pure code, a few seconds of ffmpeg at most): one batch per folder of
//   test/unit/ (200 files: over 3 minutes of a 2-core machine);
// - real-time media tests: one batch, as they run one after another anyway (32 files: half a
//   minute of that phase). Each holds its hooks in its describe(), so a file's channels,
//   upstreams and browser are gone before the next file starts.
// A batch is a generated module importing its files in order; node:test runs their tests one
// after another in that process, as it runs the tests of one file. A file's top-level after()
// then runs at the end of its batch (unit files only remove temporary folders there).
const batchDir = mkdtempSync(path.join(os.tmpdir(), "openlive-test-batches-"));
process.on("exit", () => rmSync(batchDir, { recursive: true, force: true }));

/** The batch of a file ("unit-output", "realtime"), or undefined for a file that runs in its own process. */
function batchOf(file: string): string | undefined {
  const parts = path.relative(repoRoot, file).split(path.sep);
  if (parts[0] === "test" && parts[1] === "unit" && parts.length > 3) return `unit-${parts[2]}`;
  if (file.includes(REALTIME)) return "realtime";
  return undefined;
}

/** `phaseFiles` with each batch in the place of its first file; a batch of one file stays that file. */
function batched(phaseFiles: readonly string[]): string[] {
  const batches = new Map<string, string[]>();
  const order: string[] = [];
  for (const file of phaseFiles) {
    const batch = batchOf(file);
    if (batch === undefined) {
      order.push(file);
      continue;
    }
    if (!batches.has(batch)) {
      batches.set(batch, []);
      order.push(batch);
    }
    batches.get(batch)!.push(file);
  }
  return order.map((entry) => {
    const members = batches.get(entry);
    if (members === undefined) return entry;
    if (members.length === 1) return members[0]!;
    const batchFile = path.join(batchDir, `${entry}.test.mjs`);
    writeFileSync(batchFile, members.map((file) => `import ${JSON.stringify(pathToFileURL(file).href)};\n`).join(""));
    return batchFile;
  });
}

const phases = [
  { name: "parallel", files: files.filter((file) => !file.includes(REALTIME)), concurrency: 2, env: {} },
  { name: "real-time media, one file at a time", files: files.filter((file) => file.includes(REALTIME)), concurrency: 1, env: {} },
  { name: "store tests again, on PostgreSQL", files: files.filter(againOnPostgres), concurrency: 2, env: { OPENLIVE_TEST_STORE: "postgres" } },
].filter((phase) => phase.files.length > 0);

const totals = { tests: 0, pass: 0, fail: 0, skipped: 0, cancelled: 0 };
let failed = false;
for (const phase of phases) {
  const processes = batched(phase.files);
  console.log(`running ${phase.files.length} test files in ${processes.length} processes (${phase.name})`);
  const phaseStartMs = Date.now();
  const tapFile = path.join(os.tmpdir(), `openlive-tests-${process.pid}-${phases.indexOf(phase)}.tap`);
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", "--test", "--test-reporter=spec", "--test-reporter-destination=stdout", "--test-reporter=tap", `--test-reporter-destination=${tapFile}`, `--test-concurrency=${phase.concurrency}`, ...processes],
    { cwd: repoRoot, stdio: "inherit", env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...phase.env } },
  );
  if (run.status !== 0) failed = true;
  console.log(`phase "${phase.name}": ${((Date.now() - phaseStartMs) / 1000).toFixed(1)} s`);
  let tap = "";
  try {
    tap = readFileSync(tapFile, "utf8");
    rmSync(tapFile, { force: true });
  } catch {
    failed = true;
  }
  for (const key of Object.keys(totals) as (keyof typeof totals)[]) {
    const match = new RegExp(`^# ${key} (\\d+)$`, "m").exec(tap);
    totals[key] += Number(match?.[1] ?? 0);
  }
}
console.log(`\nall phases: ${totals.tests} tests, ${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped, ${totals.cancelled} cancelled`);
process.exit(failed || totals.fail > 0 ? 1 : 0);
