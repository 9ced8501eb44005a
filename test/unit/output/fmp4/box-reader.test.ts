import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BoxReader } from "../../../../src/output/fmp4/box-reader.ts";
import { box, pieces } from "./fmp4-boxes.ts";

describe("BoxReader", () => {
  const stream = Buffer.concat([box("ftyp", "cmfc"), box("moov", "x".repeat(100)), box("moof", "m"), box("mdat", Buffer.alloc(5000, 7), true)]);

  it("returns whole boxes, whatever the chunk sizes", () => {
    for (const size of [1, 3, 8, 17, 1000, stream.length]) {
      const reader = new BoxReader();
      const boxes = pieces(stream, size).flatMap((piece) => reader.push(piece));
      assert.deepEqual(
        boxes.map((b) => [b.type, b.bytes.length]),
        [
          ["ftyp", 12],
          ["moov", 108],
          ["moof", 9],
          ["mdat", 5016],
        ],
        `chunks of ${size}`,
      );
      assert.ok(Buffer.concat(boxes.map((b) => b.bytes)).equals(stream));
      assert.equal(reader.pendingBytes, 0);
    }
  });

  it("keeps a partial box until it completes", () => {
    const reader = new BoxReader();
    assert.deepEqual(reader.push(stream.subarray(0, 30)).map((b) => b.type), ["ftyp"]);
    assert.equal(reader.pendingBytes, 18);
    assert.deepEqual(reader.push(stream.subarray(30, 120)).map((b) => b.type), ["moov"]);
  });

  it("refuses a stream that is not boxes (a size below its header, or 0 = to the end) until reset", () => {
    const reader = new BoxReader();
    assert.throws(() => reader.push(Buffer.from([0, 0, 0, 4, 0x66, 0x74, 0x79, 0x70])), /not a stream of ISO BMFF boxes/);
    assert.throws(() => reader.push(box("ftyp")), /not a stream/);
    reader.reset();
    assert.deepEqual(reader.push(box("ftyp")).map((b) => b.type), ["ftyp"]);
    assert.throws(() => new BoxReader().push(Buffer.from([0, 0, 0, 0, 0x6d, 0x64, 0x61, 0x74])), /unbounded/);
  });
});
