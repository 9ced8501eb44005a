import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PROMPT_CLAIM_MARGIN_MS, promptClaimDelayMs } from "../../../src/cluster/claim-timing.ts";

describe("promptClaimDelayMs", () => {
  it("tries again just after a lease that expires before the next regular poll", () => {
    assert.equal(promptClaimDelayMs(430, 1000), 430 + PROMPT_CLAIM_MARGIN_MS);
    assert.equal(promptClaimDelayMs(0, 1000), PROMPT_CLAIM_MARGIN_MS);
    assert.equal(promptClaimDelayMs(200, 1000, 50), 250);
  });

  it("leaves it to the regular poll when that comes first, or nothing expires", () => {
    assert.equal(promptClaimDelayMs(995, 1000), undefined);
    assert.equal(promptClaimDelayMs(4000, 1000), undefined);
    assert.equal(promptClaimDelayMs(undefined, 1000), undefined);
    assert.equal(promptClaimDelayMs(-5, 1000), undefined);
    assert.equal(promptClaimDelayMs(Number.NaN, 1000), undefined);
  });
});
