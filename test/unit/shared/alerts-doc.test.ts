import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { AlertCatalogue } from "../../../src/shared/alerts.ts";

describe("alert catalogue", () => {
  const doc = readFileSync(path.resolve(import.meta.dirname, "../../../docs/alerts.md"), "utf8");
  const rows = doc.split("\n").filter((line) => /^\| `[A-Z0-9_]+` \|/.test(line));

  it("documents every alert with its id and alertType, and nothing else", () => {
    const documented = rows.map((line) => line.split("|").map((cell) => cell.trim()));
    assert.deepEqual(
      documented.map((cells) => [cells[1]!.replaceAll("`", ""), cells[2]]).sort(),
      Object.values(AlertCatalogue).map((entry) => [entry.id, entry.alertType]).sort(),
    );
  });

  it("has unique ids and alert types", () => {
    const entries = Object.values(AlertCatalogue);
    assert.equal(new Set(entries.map((e) => e.id)).size, entries.length);
    assert.equal(new Set(entries.map((e) => e.alertType)).size, entries.length);
  });
});
