import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MEMBER_LIMIT_CHARS, mapKeyLimitChars, memberLimitChars, shownKey, tooLongMessage } from "../../../src/shared/member-limits.ts";

describe("member limits", () => {
  it("gives names, SRT stream IDs, locators and tags their own limits", () => {
    for (const name of ["name", "inputAttachmentName", "actionName", "streamName", "username", "requestId", "outputName"]) assert.equal(memberLimitChars(name), 256, name);
    assert.equal(memberLimitChars("streamId"), 512);
    for (const locator of ["url", "urlPath", "passwordParam", "roleArn", "flowArn", "passphraseSecretArn"]) assert.equal(memberLimitChars(locator), 2048, locator);
    assert.equal(memberLimitChars("tags"), MEMBER_LIMIT_CHARS.tagValue);
    assert.equal(mapKeyLimitChars("tags"), MEMBER_LIMIT_CHARS.tagKey);
  });

  it("bounds every other string, whatever its member is called", () => {
    assert.equal(memberLimitChars("segmentLength"), 4096);
    assert.equal(memberLimitChars(undefined), 4096);
    assert.equal(mapKeyLimitChars(undefined), 4096);
    // Names of Object.prototype members are member names like any other.
    assert.equal(memberLimitChars("constructor"), 4096);
    assert.equal(memberLimitChars("__proto__"), 4096);
  });

  it("says how long and the limit, and never echoes a huge key whole", () => {
    assert.equal(tooLongMessage({ lengthChars: 100_000, limitChars: 256 }), "is 100000 characters long; at most 256 are accepted");
    assert.equal(shownKey("short"), "short");
    const shown = shownKey("k".repeat(100_000));
    assert.ok(shown.length < 100);
    assert.match(shown, /100000 characters/);
  });
});
