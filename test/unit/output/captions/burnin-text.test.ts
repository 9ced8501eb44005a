import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { BurnInTextWriter, burnInText, burnInTextFile } from "../../../../src/output/captions/burnin-text.ts";

const workDir = mkdtempSync(path.join(tmpdir(), "burnin-text-"));
after(() => rmSync(workDir, { recursive: true, force: true }));

describe("burnInText", () => {
  it("puts lines top row first, one per line, without trailing spaces", () => {
    const text = burnInText([
      { row: 15, column: 4, text: "SECOND LINE  " },
      { row: 14, column: 2, text: "FIRST" },
    ]);
    assert.equal(text, "FIRST\nSECOND LINE");
  });
  it("is empty when nothing is shown", () => {
    assert.equal(burnInText([]), "");
  });
});

describe("BurnInTextWriter", () => {
  it("writes each change whole, leaves no temporary file, and empties the file on close (idempotent)", () => {
    const file = burnInTextFile(workDir, "burn in/1");
    assert.equal(path.basename(file), "burnin_burn_in_1.txt");
    const writer = new BurnInTextWriter(file);
    writer.show("HELLO\nWORLD");
    assert.equal(readFileSync(file, "utf8"), "HELLO\nWORLD");
    writer.show("BYE");
    assert.equal(readFileSync(file, "utf8"), "BYE");
    writer.close();
    writer.close();
    assert.equal(readFileSync(file, "utf8"), "");
    writer.show("AFTER");
    assert.equal(readFileSync(file, "utf8"), "", "closed: no more writes");
    assert.deepEqual(readdirSync(workDir).filter((name) => name.endsWith(".tmp")), []);
  });
});
