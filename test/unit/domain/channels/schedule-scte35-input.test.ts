import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SUPPORTED_SCHEDULE_ACTIONS } from "../../../../src/domain/channels/schedule-rules.ts";
import { scte35ActionProblems } from "../../../../src/domain/channels/schedule-scte35-rules.ts";

const AT = "scheduleActions[0].scheduleActionSettings.scte35InputSettings";
const attachments = new Set(["live", "filler"]);
const messages = (settings: unknown): string[] => scte35ActionProblems("scte35InputSettings", settings, AT, attachments).map((p) => `${p.elementPath.slice(AT.length)}: ${p.errorMessage}`);

describe("scte35InputSettings: validated as MediaLive documents it", () => {
  it("is a supported schedule action", () => {
    assert.ok((SUPPORTED_SCHEDULE_ACTIONS as readonly string[]).includes("scte35InputSettings"));
  });

  it("FIXED names an input attachment of the channel; FOLLOW_ACTIVE needs none", () => {
    assert.deepEqual(messages({ mode: "FIXED", inputAttachmentNameReference: "live" }), []);
    assert.deepEqual(messages({ mode: "FOLLOW_ACTIVE" }), []);
    assert.deepEqual(messages({ mode: "FOLLOW_ACTIVE", inputAttachmentNameReference: "live" }), [], "a reference is not used in follow-active mode");
  });

  it("refuses a missing or unknown mode, FIXED without a reference, and a reference to no attachment", () => {
    assert.match(messages({})[0] ?? "", /^\.mode: mode is required: FIXED .* or FOLLOW_ACTIVE/);
    assert.match(messages({ mode: "ACTIVE" })[0] ?? "", /^\.mode: /);
    assert.match(messages({ mode: "FIXED" })[0] ?? "", /^\.inputAttachmentNameReference: mode FIXED needs inputAttachmentNameReference/);
    assert.match(messages({ mode: "FIXED", inputAttachmentNameReference: "input-123" })[0] ?? "", /no input attachment named "input-123"; name one of: live, filler/);
    assert.match(messages("FIXED")[0] ?? "", /must be an object/);
  });
});
