import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateRequest, validateShape } from "../../../src/model/validate.ts";

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

describe("validateRequest", () => {
  it("reports a name over 256 characters as too long, apart from other problems", () => {
    const { problems, tooLong } = validateRequest("UpdateInputRequest", { inputId: "1234567", name: "n".repeat(100_000) });
    assert.deepEqual(problems, []);
    assert.deepEqual(tooLong, [{ elementPath: "name", lengthChars: 100_000, limitChars: 256 }]);
  });

  it("accepts every string at its limit", () => {
    const { problems, tooLong } = validateRequest("CreateInputRequest", {
      name: "n".repeat(256),
      requestId: "r".repeat(256),
      type: "URL_PULL",
      sources: [{ url: `https://example.com/${"u".repeat(2048 - 20)}`, username: "u".repeat(256), passwordParam: "p".repeat(2048) }],
      tags: { ["k".repeat(128)]: "v".repeat(256) },
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(tooLong, []);
  });

  it("names the path of each member over its limit, deep in a channel configuration too", () => {
    const { tooLong } = validateRequest("CreateChannelRequest", {
      name: "c".repeat(257),
      destinations: [{ id: "d", settings: [{ url: "u".repeat(2049), streamName: "s".repeat(257) }] }],
      encoderSettings: { outputGroups: [{ name: "g".repeat(33), outputGroupSettings: { hlsGroupSettings: { baseUrlContent: "b".repeat(4097) } }, outputs: [] }] },
      inputAttachments: [{ inputAttachmentName: "a".repeat(257), inputId: "1" }],
      tags: { ["k".repeat(129)]: "v".repeat(257) },
    });
    assert.deepEqual(
      tooLong.map((m) => `${m.elementPath} ${m.limitChars}`).sort(),
      [
        "destinations[0].settings[0].streamName 256",
        "destinations[0].settings[0].url 2048",
        "encoderSettings.outputGroups[0].name 32", // MediaLive's own maximum (OutputGroup.name, __stringMax32)
        "encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.baseUrlContent 4096",
        "inputAttachments[0].inputAttachmentName 256",
        "name 256",
        `tags.(key ${"k".repeat(64)}…(129 characters)) 128`,
        `tags.${"k".repeat(64)}…(129 characters) 256`,
      ].sort(),
    );
  });

  it("bounds schedule action names, list items and SRT stream IDs", () => {
    const schedule = validateRequest("BatchUpdateScheduleRequest", {
      channelId: "1",
      creates: { scheduleActions: [{ actionName: "a".repeat(257), scheduleActionStartSettings: { immediateModeScheduleActionStartSettings: {} }, scheduleActionSettings: { inputSwitchSettings: { inputAttachmentNameReference: "x", urlPath: ["p".repeat(2049)] } } }] },
      deletes: { actionNames: ["d".repeat(4097)] },
    });
    assert.deepEqual(schedule.tooLong.map((m) => m.elementPath).sort(), [
      "creates.scheduleActions[0].actionName",
      "creates.scheduleActions[0].scheduleActionSettings.inputSwitchSettings.urlPath[0]",
      "deletes.actionNames[0]",
    ]);
    const srt = validateRequest("CreateInputRequest", { type: "SRT_CALLER", srtSettings: { srtCallerSources: [{ streamId: "s".repeat(513) }] } });
    assert.deepEqual(srt.tooLong.map((m) => `${m.elementPath} ${m.limitChars}`), ["srtSettings.srtCallerSources[0].streamId 512"]);
  });

  it("uses MediaLive's own maximum where the model states one", () => {
    const { tooLong } = validateRequest("CreateCloudWatchAlarmTemplateGroupRequest", { name: "n", description: "d".repeat(1025) });
    assert.deepEqual(tooLong, [{ elementPath: "description", lengthChars: 1025, limitChars: 1024 }]);
  });

  it("leaves validateShape (responses) to the model's own limits", () => {
    assert.deepEqual(validateShape("UpdateInputRequest", { inputId: "1", name: "n".repeat(100_000) }), []);
  });

  it("never echoes a huge unknown member name whole", () => {
    const { problems } = validateRequest("UpdateInputRequest", { inputId: "1", ["x".repeat(100_000)]: 1 });
    assert.equal(problems.length, 1);
    assert.ok(problems[0]!.elementPath.length < 100 && problems[0]!.errorMessage.length < 200);
  });
});
