// The test runner behind `npm test`: type-checks, builds the service (e2e tests run the
// real ./openlive), then runs every test file under test/ (or the files/folders given) with
// node:test. Node 20 neither expands globs nor finds .ts files by itself, so the files
// are listed here explicitly. The reporter prints the closing pass/fail counts.

import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

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

// Type-check everything (tests and tools included), then build what the e2e tests run.
for (const [project, what] of [
  [["-p", "tsconfig.json", "--noEmit"], "type check"],
  [["-p", "tsconfig.build.json"], "build"],
] as const) {
  const result = spawnSync("npx", ["tsc", ...project], { cwd: repoRoot, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`${what} failed`);
    process.exit(1);
  }
}

console.log(`running ${files.length} test files`);
const run = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", "--test-concurrency=2", ...files], {
  cwd: repoRoot,
  stdio: "inherit",
  env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
});
process.exit(run.status ?? 1);
