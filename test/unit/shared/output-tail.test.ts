import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OutputTail } from "../../../src/shared/process/output-tail.ts";

describe("OutputTail", () => {
  it("keeps only the last bytes, however much is written", () => {
    const tail = new OutputTail(10);
    for (let i = 0; i < 1_000; i++) tail.append(Buffer.from(`line ${i}\n`));
    assert.equal(tail.text(), "line 999");
    assert.ok(tail.text().length <= 10);
  });

  it("gives the last non-empty line, bounded", () => {
    const tail = new OutputTail();
    assert.equal(tail.lastLine(), "");
    tail.append("first\r\nsecond error \n\n  \n");
    assert.equal(tail.lastLine(), "second error");
    assert.equal(tail.lastLine(6), "second");
  });
});
