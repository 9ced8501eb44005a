import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ApiError, ApiErrorShape, ErrorCatalogue } from "../../../src/shared/errors.ts";

describe("error catalogue", () => {
  const doc = readFileSync(path.resolve(import.meta.dirname, "../../../docs/errors.md"), "utf8");
  const documented = new Set([...doc.matchAll(/`(OL_[A-Z0-9_]+)`/g)].map((m) => m[1]));

  it("documents every code in docs/errors.md", () => {
    for (const code of Object.keys(ErrorCatalogue)) assert.ok(documented.has(code), `${code} is not in docs/errors.md`);
  });

  it("has no documented code that the code lost", () => {
    for (const code of documented) assert.ok(code! in ErrorCatalogue, `docs/errors.md lists ${code}, which src/shared/errors.ts does not define`);
  });

  it("documents each code with its MediaLive error shape and status", () => {
    for (const [code, entry] of Object.entries(ErrorCatalogue)) {
      const line = doc.split("\n").find((l) => l.includes(`\`${code}\``));
      assert.ok(line?.includes(entry.shape) && line.includes(String(ApiErrorShape[entry.shape])), `docs/errors.md line for ${code} must name ${entry.shape} ${ApiErrorShape[entry.shape]}`);
    }
  });

  it("fills message templates", () => {
    const error = new ApiError("OL_ISG_IN_USE", { id: "1234567", inputs: "7654321" });
    assert.equal(error.status, 400);
    assert.equal(error.shape, "BadRequestException");
    assert.equal(error.message, "Input security group 1234567 is still being used by inputs 7654321; remove it from those inputs first");
  });
});
