import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { BitReader } from "../../../../src/media/bits/bit-reader.ts";

test("readBits reads MSB first across byte boundaries, up to 32 bits unsigned", () => {
  const reader = new BitReader(Uint8Array.of(0b1010_1100, 0xff, 0x00, 0xff, 0xff, 0xff, 0xff));
  assert.equal(reader.readBits(3), 0b101);
  assert.equal(reader.readBits(7), 0b0110011);
  assert.equal(reader.readBits(14), 0b111111_00000000);
  assert.equal(reader.readBits(32), 0xffffffff);
  assert.equal(reader.overrun, false);
  assert.equal(reader.bitsLeft, 0);
});

test("Exp-Golomb ue(v) and se(v) match H.264 §9.1 Table 9-2/9-3", () => {
  // ue: 1 → 0, 010 → 1, 011 → 2, 00100 → 3, 00111 → 6 ; se: 010 → 1, 011 → -1, 00100 → 2
  const reader = new BitReader(Uint8Array.of(0b1010_0110, 0b0100_0011, 0b1010_0110, 0b0100_0000));
  assert.deepEqual([reader.readUE(), reader.readUE(), reader.readUE(), reader.readUE(), reader.readUE()], [0, 1, 2, 3, 6]);
  assert.deepEqual([reader.readSE(), reader.readSE(), reader.readSE()], [1, -1, 2]);
  assert.equal(reader.overrun, false);
});

test("reading past the end sets overrun and returns 0, never throws", () => {
  const reader = new BitReader(Uint8Array.of(0xff));
  assert.equal(reader.readBits(4), 0xf);
  assert.equal(reader.readBits(8), 0);
  assert.equal(reader.overrun, true);
  assert.equal(reader.readBits(1), 0);
  const zeros = new BitReader(new Uint8Array(8));
  assert.equal(zeros.readUE(), 0);
  assert.equal(zeros.overrun, true);
  const skipper = new BitReader(Uint8Array.of(1, 2));
  skipper.skipBits(17);
  assert.equal(skipper.overrun, true);
  assert.equal(new BitReader(new Uint8Array(0)).readSE(), 0);
});

test("fuzz: any bytes and any read sequence never throw and stay in range", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), fc.array(fc.integer({ min: -2, max: 40 }), { maxLength: 50 }), (bytes, ops) => {
      const reader = new BitReader(bytes);
      for (const op of ops) {
        const value = op === -1 ? reader.readUE() : op === -2 ? reader.readSE() : reader.readBits(op);
        assert.ok(Number.isFinite(value));
        if (op >= 0) assert.ok(value >= 0 && value <= 0xffffffff);
      }
      assert.ok(reader.bitPosition <= bytes.length * 8);
    }),
  );
});
