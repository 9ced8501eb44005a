import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { Amf0EcmaArray, decodeAmf0, encodeAmf0, type Amf0Value } from "../../../../src/protocols/rtmp/amf0.ts";

const hex = (s: string): Uint8Array => Uint8Array.from(s.replace(/\s+/g, "").match(/../g) ?? [], (b) => parseInt(b, 16));

/** decode → assert → encode → compare bytes. */
function roundTrip(bytes: Uint8Array, expected: Amf0Value[]): void {
  const decoded = decodeAmf0(bytes);
  assert.equal(decoded.error, undefined);
  assert.deepEqual(decoded.values, expected);
  assert.deepEqual(encodeAmf0(...decoded.values), bytes);
}

describe("AMF0", () => {
  it("number, boolean, string, null, undefined", () => {
    roundTrip(hex("00 3ff0000000000000"), [1]);
    roundTrip(hex("00 c004000000000000"), [-2.5]);
    roundTrip(hex("01 01 01 00"), [true, false]);
    roundTrip(hex("02 0007 636f6e6e656374"), ["connect"]);
    roundTrip(hex("02 0000"), [""]);
    roundTrip(hex("05 06"), [null, undefined]);
  });

  it("an object with nested object and the 00 00 09 end marker", () => {
    roundTrip(hex("03 0003 617070 02 0004 6c697665  0001 6f 03 0001 78 00 4000000000000000 000009  000009"), [
      { app: "live", o: { x: 2 } },
    ]);
  });

  it("an ECMA array (count hint + object end) and a strict array", () => {
    roundTrip(hex("08 00000001 0008 6475726174696f6e 00 4008000000000000 000009"), [new Amf0EcmaArray({ duration: 3 })]);
    roundTrip(hex("0a 00000002 00 3ff0000000000000 02 0001 61"), [[1, "a"]]);
  });

  it("a long string (> 65535 bytes)", () => {
    const text = "x".repeat(70_000);
    const bytes = encodeAmf0(text);
    assert.equal(bytes[0], 0x0c);
    assert.deepEqual([...bytes.subarray(1, 5)], [0x00, 0x01, 0x11, 0x70]);
    roundTrip(bytes, [text]);
    assert.deepEqual(decodeAmf0(hex("0c 00000002 6869")).values, ["hi"]);
  });

  it("the connect command ffmpeg sends", () => {
    const bytes = encodeAmf0("connect", 1, { app: "live", type: "nonprivate", flashVer: "FMLE/3.0 (compatible; Lavf59.27.100)", tcUrl: "rtmp://127.0.0.1:1935/live" });
    const decoded = decodeAmf0(bytes);
    assert.deepEqual(decoded.values[2], { app: "live", type: "nonprivate", flashVer: "FMLE/3.0 (compatible; Lavf59.27.100)", tcUrl: "rtmp://127.0.0.1:1935/live" });
  });

  it("reports truncation, unknown markers and absurd counts without throwing", () => {
    assert.match(decodeAmf0(hex("00 3ff0")).error ?? "", /truncated/);
    assert.deepEqual(decodeAmf0(hex("05 0d")).values, [null]);
    assert.match(decodeAmf0(hex("05 0d")).error ?? "", /marker 0xd/);
    assert.match(decodeAmf0(hex("0a ffffffff 05")).error ?? "", /exceeds/);
    assert.match(decodeAmf0(hex("03 0001 61")).error ?? "", /truncated/);
    const deep = hex("0a00000001".repeat(40) + "05");
    assert.match(decodeAmf0(deep).error ?? "", /too deep/);
    assert.equal(decodeAmf0(hex("0a00000001".repeat(20) + "05")).error, undefined);
  });

  it("round-trips arbitrary values (fast-check)", () => {
    const key = fc.string({ maxLength: 8 }).filter((k) => k !== "" && k !== "__proto__");
    const { value } = fc.letrec<{ value: Amf0Value }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.double({ noNaN: true }),
        fc.boolean(),
        fc.string({ maxLength: 20 }),
        fc.constant(null),
        fc.constant(undefined),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(key, tie("value"), { maxKeys: 4 }).map((d) => ({ ...d })),
        fc.dictionary(key, tie("value"), { maxKeys: 4 }).map((d) => new Amf0EcmaArray({ ...d })),
      ),
    }));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 5 }), (values) => {
        const bytes = encodeAmf0(...values);
        const decoded = decodeAmf0(bytes);
        assert.equal(decoded.error, undefined);
        assert.deepEqual(encodeAmf0(...decoded.values), bytes);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on random or mutated input (fast-check)", () => {
    const seed = encodeAmf0("connect", 1, { app: "live", list: [1, 2, { a: null }], e: new Amf0EcmaArray({ k: "v" }) });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }).map((edits) => {
            const b = seed.slice();
            for (const [at, v] of edits) b[at] = v;
            return b;
          }),
        ),
        (bytes) => {
          decodeAmf0(bytes);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
