import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { generate, MODEL_DIR, GENERATED_SHAPES_FILE, GENERATED_TYPES_FILE, limitsFromShapeName } from "../../../tools/generate-model.ts";
import { MODEL_OPERATIONS, MODEL_SHAPES } from "../../../src/model/generated/medialive-model.ts";

describe("generated MediaLive model", () => {
  it("is up to date with the MediaLive model (run `npm run generate` when this fails)", () => {
    const { shapesSource, typesSource } = generate();
    assert.equal(readFileSync(GENERATED_SHAPES_FILE, "utf8"), shapesSource, "src/model/generated/medialive-model.ts is stale");
    assert.equal(readFileSync(GENERATED_TYPES_FILE, "utf8"), typesSource, "src/model/generated/medialive-types.ts is stale");
  });

  it("is generated from the model vendored in the repository, never from outside it", () => {
    const repoRoot = path.resolve(import.meta.dirname, "../../..");
    assert.equal(path.relative(repoRoot, MODEL_DIR), path.join("tools", "model", "medialive", "2017-10-14"));
    for (const file of ["service-2.json", "paginators-1.json", "waiters-2.json"]) assert.ok(existsSync(path.join(MODEL_DIR, file)), `${file} is missing`);
    for (const file of ["LICENSE", "NOTICE", "README.md"]) assert.ok(existsSync(path.join(repoRoot, "tools", "model", file)), `tools/model/${file} is missing`);
  });

  it("carries no documentation text", () => {
    const source = readFileSync(GENERATED_SHAPES_FILE, "utf8") + readFileSync(GENERATED_TYPES_FILE, "utf8");
    assert.doesNotMatch(source, /"documentation"/);
    assert.doesNotMatch(source, /Placeholder documentation/);
  });

  it("holds the wire facts of the operations openlive serves", () => {
    assert.deepEqual(
      { ...MODEL_OPERATIONS.CreateInputSecurityGroup, errors: undefined },
      { method: "POST", path: "/prod/inputSecurityGroups", status: 200, input: "CreateInputSecurityGroupRequest", output: "CreateInputSecurityGroupResponse", errors: undefined },
    );
    assert.equal(MODEL_OPERATIONS.CreateInput!.status, 201);
    assert.equal(MODEL_OPERATIONS.CreateTags!.status, 204);
    assert.equal(MODEL_OPERATIONS.DeleteTags!.path, "/prod/tags/{resource-arn}");
    assert.equal(MODEL_OPERATIONS.ListInputs!.pagination?.resultKey, "Inputs");
    assert.equal(MODEL_SHAPES.CreateInputRequest!.members!.RequestId!.idempotencyToken, true);
    assert.equal(MODEL_SHAPES.Input!.members!.SecurityGroups!.wire, "securityGroups");
    assert.ok(MODEL_SHAPES.InputType!.enum!.includes("SRT_LISTENER"));
    assert.deepEqual({ min: MODEL_SHAPES.MaxResults!.min, max: MODEL_SHAPES.MaxResults!.max }, { min: 1, max: 1000 });
    assert.deepEqual(MODEL_SHAPES.UnprocessableEntityException!.exception, { status: 422 });
  });

  it("reads limits from botocore's synthetic shape names", () => {
    assert.deepEqual(limitsFromShapeName("__integerMin1Max5"), { min: 1, max: 5 });
    assert.deepEqual(limitsFromShapeName("__stringMax32"), { max: 32 });
    assert.deepEqual(limitsFromShapeName("__doubleMinNegative59Max0"), { min: -59, max: 0 });
    assert.deepEqual(limitsFromShapeName("__integerMin100"), { min: 100 });
    assert.deepEqual(limitsFromShapeName("__listOfInput"), {});
    assert.deepEqual({ min: MODEL_SHAPES.__integerMin1Max5!.min, max: MODEL_SHAPES.__integerMin1Max5!.max }, { min: 1, max: 5 });
  });
});
