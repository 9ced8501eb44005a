import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { audioPeakDbfs, isBlackPicture, isSilentLevel, SILENCE_DBFS } from "../../../../src/pipeline/analysis/picture-level.ts";

describe("isBlackPicture", () => {
  it("is black when every sample is at or under threshold × 255", () => {
    assert.equal(isBlackPicture(new Uint8Array(64 * 36), 0.1), true, "full-range black");
    assert.equal(isBlackPicture(new Uint8Array(64 * 36).fill(25), 0.1), true, "25 ≤ 25.5");
    const picture = new Uint8Array(64 * 36).fill(10);
    picture[picture.length - 1] = 26;
    assert.equal(isBlackPicture(picture, 0.1), false, "one sample above the limit is enough");
  });

  it("treats 0 as 'only true black' and 1 as 'anything'", () => {
    assert.equal(isBlackPicture(new Uint8Array([0, 0, 0]), 0), true);
    assert.equal(isBlackPicture(new Uint8Array([0, 1, 0]), 0), false);
    assert.equal(isBlackPicture(new Uint8Array([255, 255]), 1), true);
  });

  it("a mid-gray picture is not black at the usual thresholds", () => {
    assert.equal(isBlackPicture(new Uint8Array(16).fill(64), 0.1), false);
    assert.equal(isBlackPicture(new Uint8Array(16).fill(64), 0.3), true);
  });
});

describe("audioPeakDbfs", () => {
  it("is −Infinity for digital silence and for no samples", () => {
    assert.equal(audioPeakDbfs(new Int16Array(800)), -Infinity);
    assert.equal(audioPeakDbfs(new Int16Array(0)), -Infinity);
  });

  it("measures the peak against full scale 32768, either sign", () => {
    assert.equal(audioPeakDbfs(new Int16Array([0, -32768, 5])), 0);
    assert.ok(Math.abs(audioPeakDbfs(new Int16Array([16384])) - -6.0206) < 1e-3);
    assert.ok(Math.abs(audioPeakDbfs(new Int16Array([3, -16384, 100])) - -6.0206) < 1e-3);
  });

  it("puts the −50 dBFS line between 103 and 104", () => {
    assert.equal(SILENCE_DBFS, -50);
    assert.equal(isSilentLevel(audioPeakDbfs(new Int16Array([103]))), true);
    assert.equal(isSilentLevel(audioPeakDbfs(new Int16Array([-104]))), false);
    assert.equal(isSilentLevel(-Infinity), true);
  });
});
