// globalConfiguration.inputEndAction: which attachment goes on air when the input on air ends.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { attachmentAfterEnd, type InputEnd } from "../../../../src/pipeline/switching/input-end-action.ts";

const end = (endedAttachmentName: string, overrides: Partial<InputEnd> = {}): InputEnd => ({
  inputEndAction: "SWITCH_AND_LOOP_INPUTS",
  attachmentNames: ["a", "b", "c"],
  endedAttachmentName,
  followedBySchedule: false,
  ...overrides,
});

describe("attachmentAfterEnd (inputEndAction)", () => {
  it("SWITCH_AND_LOOP_INPUTS: the next attachment in order, from the last back to the first", () => {
    assert.equal(attachmentAfterEnd(end("a")), "b");
    assert.equal(attachmentAfterEnd(end("b")), "c");
    assert.equal(attachmentAfterEnd(end("c")), "a");
    assert.equal(attachmentAfterEnd(end("only", { attachmentNames: ["only"] })), "only", "one attachment plays again from its start");
  });

  it("NONE or absent: no switch (input-loss fill until the schedule switches)", () => {
    assert.equal(attachmentAfterEnd(end("a", { inputEndAction: "NONE" })), undefined);
    assert.equal(attachmentAfterEnd(end("a", { inputEndAction: undefined })), undefined);
  });

  it("a schedule action following the end decides instead; an unknown attachment switches nowhere", () => {
    assert.equal(attachmentAfterEnd(end("a", { followedBySchedule: true })), undefined);
    assert.equal(attachmentAfterEnd(end("x")), undefined);
  });
});
