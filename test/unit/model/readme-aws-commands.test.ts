// The README's aws CLI lines run against the vendored model: `export AWS_DATA_PATH=$PWD/tools/model`
// hands it to any aws CLI (Debian bookworm's 2.9.19 knows 59 of the 123 operations). Every
// `$ML <command> --option` and `aws medialive <command>` there must be an operation (or a
// waiter) of that model, with options that are members of its input.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { AWS_DATA_PATH, MODEL_DIR } from "../../../tools/generate-model.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
const model = JSON.parse(readFileSync(path.join(MODEL_DIR, "service-2.json"), "utf8")) as {
  operations: Record<string, { input?: { shape: string } }>;
  shapes: Record<string, { members?: Record<string, unknown> }>;
};
const waiters = JSON.parse(readFileSync(path.join(MODEL_DIR, "waiters-2.json"), "utf8")) as { waiters: Record<string, unknown> };

/** The aws CLI's own options, not members of an operation's input. */
const GLOBAL_OPTIONS = new Set(["query", "output", "endpoint-url", "cli-input-json", "region", "no-paginate", "debug"]);

/** `create-input-security-group` → `CreateInputSecurityGroup` (botocore's xform_name, reversed). */
const pascal = (kebab: string): string => kebab.split("-").map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("");

/** Each command line of the README, with backslash continuations joined. */
function commandLines(): { command: string; options: string[] }[] {
  const joined = readme.replace(/\\\n/g, " ");
  const found: { command: string; options: string[] }[] = [];
  // A command runs to the end of its line or to the next `$ML` on it (`… && $ML wait …`).
  for (const match of joined.matchAll(/(?:\$ML|aws medialive)\s+(wait [a-z][a-z0-9-]*|[a-z][a-z0-9-]*)((?:(?!\$ML)[^\n])*)/g)) {
    const options = [...match[2]!.matchAll(/(?:^|\s)--([a-z][a-z0-9-]*)/g)].map((m) => m[1]!).filter((o) => !GLOBAL_OPTIONS.has(o));
    found.push({ command: match[1]!, options });
  }
  return found;
}

describe("the README's aws CLI lines", () => {
  it("point the CLI at the vendored model", () => {
    assert.equal(path.relative(repoRoot, AWS_DATA_PATH), path.join("tools", "model"));
    assert.match(readme, /^export AWS_DATA_PATH=\$PWD\/tools\/model\b/m);
  });

  it("use only operations, waiters and options of that model", () => {
    const lines = commandLines();
    assert.ok(lines.length > 20, `only ${lines.length} aws CLI lines found in README.md`);
    const commands = new Set(lines.map((line) => line.command));
    for (const needed of ["list-alerts", "create-input", "wait channel-running"]) assert.ok(commands.has(needed), `README.md no longer uses ${needed}`);
    for (const { command, options } of lines) {
      if (command.startsWith("wait ")) {
        assert.ok(waiters.waiters[pascal(command.slice(5))], `${command}: no such waiter in the model`);
        continue;
      }
      const operation = model.operations[pascal(command)];
      assert.ok(operation, `${command}: no such operation in the model`);
      const members = model.shapes[operation.input!.shape]!.members ?? {};
      for (const option of options) assert.ok(pascal(option) in members, `${command} --${option}: not a member of ${operation.input!.shape}`);
    }
  });
});
