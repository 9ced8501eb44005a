import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateShape } from "../../../src/model/validate.ts";

describe("validateShape", () => {
  it("accepts a well-formed request", () => {
    assert.deepEqual(validateShape("CreateInputSecurityGroupRequest", { whitelistRules: [{ cidr: "10.0.0.0/8" }], tags: { a: "b" } }), []);
  });

  it("names the element path of every wrong type", () => {
    const problems = validateShape("CreateInputSecurityGroupRequest", { whitelistRules: [{ cidr: 5 }, "x"], tags: { a: 1 } });
    assert.deepEqual(problems.map((p) => p.elementPath).sort(), ["tags.a", "whitelistRules[0].cidr", "whitelistRules[1]"]);
    assert.match(problems.find((p) => p.elementPath === "whitelistRules[0].cidr")!.errorMessage, /expected a string, got number 5/);
  });

  it("reports unknown enum values with the allowed ones", () => {
    const [problem] = validateShape("CreateInputRequest", { type: "FOO" });
    assert.equal(problem!.elementPath, "type");
    assert.match(problem!.errorMessage, /"FOO" is not one of UDP_PUSH, RTP_PUSH/);
  });

  it("reports unknown members and hints at PascalCase mistakes", () => {
    const problems = validateShape("CreateInputSecurityGroupRequest", { WhitelistRules: [], bogus: 1 });
    assert.equal(problems.length, 2);
    assert.match(problems[0]!.errorMessage, /did you mean "whitelistRules"/);
    assert.match(problems[1]!.errorMessage, /unknown member "bogus"/);
  });

  it("enforces required members and numeric limits", () => {
    const problems = validateShape("DeleteTagsRequest", {});
    assert.deepEqual(problems.map((p) => p.elementPath).sort(), ["resource-arn", "tagKeys"]);
    assert.match(validateShape("ListInputsRequest", { maxResults: 0 })[0]!.errorMessage, /below the minimum 1/);
    assert.match(validateShape("ListInputsRequest", { maxResults: 1001 })[0]!.errorMessage, /above the maximum 1000/);
    assert.match(validateShape("ListInputsRequest", { maxResults: 1.5 })[0]!.errorMessage, /expected an integer/);
    assert.deepEqual(validateShape("ListInputsRequest", { maxResults: 1000 }), []);
  });

  it("checks nested structures such as SRT listener settings", () => {
    const problems = validateShape("CreateInputRequest", { srtSettings: { srtListenerSettings: { minimumLatency: "200" } } });
    assert.deepEqual(
      problems.map((p) => `${p.elementPath}: ${p.errorMessage}`),
      ["srtSettings.srtListenerSettings.decryption: is required", 'srtSettings.srtListenerSettings.minimumLatency: expected an integer, got string "200"'],
    );
  });

  it("never throws on hostile values", () => {
    for (const value of [null, undefined, 1, "x", [], [[]], { whitelistRules: { length: 5 } }, Object.create(null)]) {
      assert.ok(Array.isArray(validateShape("CreateInputSecurityGroupRequest", value)));
    }
  });
});
