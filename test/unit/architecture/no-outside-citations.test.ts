// No comment, test title or doc cites a document a reader of the repository cannot open (issue
// numbers, the team's notes outside the repository): each line states the fact, or links docs/.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { findOutsideCitations, listTextFiles } from "./outside-citations.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const ROOTS = ["src", "test", "tools", "bench", "docs", "scripts", "examples", "README.md"];
const EXCLUDE = [
  // Generated from botocore's model, whose documentation strings are AWS's own.
  "src/model/generated/",
  // The guard and its self-test spell out what they look for.
  "test/unit/architecture/outside-citations.ts",
  "test/unit/architecture/no-outside-citations.test.ts",
];

describe("no citations outside the repository", () => {
  const files = listTextFiles(repoRoot, ROOTS, EXCLUDE);

  it("scans the source, tests, tools, benches and docs, not the generated model", () => {
    for (const file of ["src/main.ts", "test/unit/architecture/layering.test.ts", "docs/channels.md", "bench/README.md", "README.md"]) {
      assert.ok(files.includes(file), `${file} is scanned`);
    }
    assert.ok(!files.some((file) => file.startsWith("src/model/generated/")), "the generated model is not scanned");
    assert.ok(!files.some((file) => file.includes("node_modules")), "node_modules is not scanned");
  });

  it("finds none: state the fact, or link a page in docs/", () => {
    const found = files.flatMap((file) => findOutsideCitations(file, readFileSync(path.join(repoRoot, file), "utf8")));
    assert.deepEqual(found.map((c) => `${c.at} (${c.what}): ${c.line}`), []);
  });

  it("self-test: reports each kind with its line, and leaves public specs and docs/ links alone", () => {
    const text = [
      "// fine: RFC 8216 §6.3.5, ISO/IEC 13818-1 §2.4.3.7, see docs/failover.md and docs/security.md",
      "// fine: https://github.com/video-dev/hls.js/issues/1234 and SCTE 35 §9",
      "/** Issue 4 §4: at most 5 s. */",
      'it("is refused (medialive.md §5.3)", () => {});',
      "// each pipeline keeps its timeline (design.md §2)",
      "/** decode, encode, compare (style.md §5). */",
      "// the settings of shared/reference/deps.md §3d",
      "## bench title (issue 6)",
      "/** The launch flags of deps.md §3d. */",
    ].join("\n");
    assert.deepEqual(
      findOutsideCitations("made-up.ts", text).map((c) => `${c.at} ${c.what}`),
      [
        "made-up.ts:3 an issue number",
        "made-up.ts:4 a note outside the repository",
        "made-up.ts:5 a note outside the repository",
        "made-up.ts:6 a note outside the repository",
        "made-up.ts:7 the shared reference folder",
        "made-up.ts:8 an issue number",
        "made-up.ts:9 a note outside the repository",
      ],
    );
  });
});
