// Fuzz: the SRT induction-handshake test (the front door makes a relay only for one) never
// throws and accepts only what draft-sharabayko-srt-01 §4.3.1.1 describes: a 64-byte or
// longer HANDSHAKE control packet, destination socket 0, version 4, type INDUCTION.

import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { isSrtInductionHandshake } from "../../../../src/protocols/srt/srt-handshake.ts";

function induction(length = 64): Uint8Array {
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0x8000);
  view.setUint32(16, 4);
  view.setUint32(36, 1);
  return bytes;
}

test("fuzz: random datagrams (the F10 flood's single bytes included) are never taken for a handshake by accident", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      const verdict = isSrtInductionHandshake(bytes);
      if (verdict) {
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
        assert.ok(bytes.length >= 64 && view.getUint16(0) === 0x8000 && view.getUint32(12) === 0 && view.getUint32(16) === 4 && view.getUint32(36) === 1);
      }
    }),
    { numRuns: 5000 },
  );
  for (const tiny of [new Uint8Array(0), new Uint8Array([0]), new Uint8Array(63)]) assert.equal(isSrtInductionHandshake(tiny), false);
});

test("fuzz: a real induction shape is recognised, and any change to its key fields is not", () => {
  assert.equal(isSrtInductionHandshake(induction()), true);
  assert.equal(isSrtInductionHandshake(induction(1500)), true);
  fc.assert(
    fc.property(fc.constantFrom(0, 1, 12, 13, 14, 15, 16, 17, 18, 19, 36, 37, 38, 39), fc.integer({ min: 1, max: 255 }), (offset, xor) => {
      const bytes = induction();
      bytes[offset]! ^= xor;
      assert.equal(isSrtInductionHandshake(bytes), false, `byte ${offset} ^ ${xor}`);
    }),
    { numRuns: 1000 },
  );
});
