import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { concatBytes } from "../../../../src/media/bits/bytes.ts";
import { ChunkReader, writeChunks, type RtmpMessage } from "../../../../src/protocols/rtmp/chunk-stream.ts";

const hex = (s: string): Uint8Array => Uint8Array.from(s.replace(/\s+/g, "").match(/../g) ?? [], (b) => parseInt(b, 16));

function readAll(reader: ChunkReader, bytes: Uint8Array): RtmpMessage[] {
  const result = reader.read(bytes);
  assert.equal(result.error, undefined);
  return result.messages;
}

describe("RTMP chunk stream (spec 1.0 §5.3)", () => {
  it("parses a fmt 0 chunk byte literal and writes the same bytes", () => {
    // fmt 0, csid 3 | ts 000064 | len 000003 | type 14 | stream id 01000000 (LE) | 3 data bytes
    const bytes = hex("03 000064 000003 14 01000000 aabbcc");
    const [m] = readAll(new ChunkReader(), bytes);
    assert.deepEqual(m, { chunkStreamId: 3, typeId: 0x14, messageStreamId: 1, timestampMs: 100, payload: hex("aabbcc") });
    assert.deepEqual(writeChunks(m!, 128), bytes);
  });

  it("applies fmt 1, 2 and 3 headers (deltas, reused delta for a new fmt 3 message)", () => {
    const bytes = hex(
      "04 000010 000001 09 01000000 a1" + // fmt0 ts 16
        "44 000005 000002 08 b1b2" + // fmt1 delta 5 → 21, len 2 type 8
        "84 000007 c1c2" + // fmt2 delta 7 → 28
        "c4 d1d2", // fmt3 new message, delta 7 → 35
    );
    const ms = readAll(new ChunkReader(), bytes);
    assert.deepEqual(ms.map((m) => [m.timestampMs, m.typeId, m.messageStreamId, [...m.payload]]), [
      [16, 9, 1, [0xa1]],
      [21, 8, 1, [0xb1, 0xb2]],
      [28, 8, 1, [0xc1, 0xc2]],
      [35, 8, 1, [0xd1, 0xd2]],
    ]);
  });

  it("reads 2- and 3-byte basic headers", () => {
    const two = hex("00 00 000000 000001 09 00000000 ee"); // csid 64
    const three = hex("01 10 01 000000 000001 09 00000000 ff"); // csid 64 + 0x10 + 0x01*256 = 336
    const reader = new ChunkReader();
    assert.equal(readAll(reader, two)[0]?.chunkStreamId, 64);
    assert.equal(readAll(reader, three)[0]?.chunkStreamId, 336);
    assert.deepEqual(writeChunks({ chunkStreamId: 64, typeId: 9, messageStreamId: 0, timestampMs: 0, payload: hex("ee") }, 128), two);
    assert.deepEqual(writeChunks({ chunkStreamId: 336, typeId: 9, messageStreamId: 0, timestampMs: 0, payload: hex("ff") }, 128), three);
  });

  it("reads extended timestamps, also on fmt 3 continuation chunks", () => {
    const payload = new Uint8Array(200).map((_, i) => i);
    const message = { chunkStreamId: 6, typeId: 9, messageStreamId: 1, timestampMs: 0x01234567, payload };
    const bytes = writeChunks(message, 128);
    // fmt0 header 12 + ext 4 + 128 data + fmt3 1 + ext 4 + 72 data
    assert.equal(bytes.length, 12 + 4 + 128 + 1 + 4 + 72);
    assert.deepEqual([...bytes.subarray(1, 4)], [0xff, 0xff, 0xff]);
    assert.deepEqual([...bytes.subarray(145, 149)], [0x01, 0x23, 0x45, 0x67]);
    assert.deepEqual(readAll(new ChunkReader(), bytes), [message]);
  });

  it("follows Set Chunk Size for the chunks that come after it", () => {
    const setChunkSize = writeChunks({ chunkStreamId: 2, typeId: 1, messageStreamId: 0, timestampMs: 0, payload: hex("00001000") }, 128);
    const big = { chunkStreamId: 4, typeId: 9, messageStreamId: 1, timestampMs: 40, payload: new Uint8Array(10_000).fill(7) };
    const reader = new ChunkReader();
    const ms = readAll(reader, concatBytes([setChunkSize, writeChunks(big, 4096)]));
    assert.equal(reader.chunkSize, 4096);
    assert.equal(ms.length, 2);
    assert.deepEqual(ms[1], big);
  });

  it("reassembles interleaved chunk streams", () => {
    const a = { chunkStreamId: 4, typeId: 8, messageStreamId: 1, timestampMs: 10, payload: new Uint8Array(300).fill(0xaa) };
    const b = { chunkStreamId: 6, typeId: 9, messageStreamId: 1, timestampMs: 20, payload: new Uint8Array(200).fill(0xbb) };
    const ca = writeChunks(a, 128); // 12+128 | 1+128 | 1+44
    const cb = writeChunks(b, 128); // 12+128 | 1+72
    const interleaved = concatBytes([ca.subarray(0, 140), cb.subarray(0, 140), ca.subarray(140, 269), cb.subarray(140), ca.subarray(269)]);
    const ms = readAll(new ChunkReader(), interleaved);
    assert.deepEqual(ms, [b, a]);
  });

  it("gives the same messages whatever the byte split (fast-check)", () => {
    const messages = [
      { chunkStreamId: 3, typeId: 20, messageStreamId: 0, timestampMs: 0, payload: new Uint8Array(150).fill(1) },
      { chunkStreamId: 4, typeId: 8, messageStreamId: 1, timestampMs: 0xffffff + 5, payload: new Uint8Array(400).fill(2) },
      { chunkStreamId: 70, typeId: 9, messageStreamId: 1, timestampMs: 33, payload: new Uint8Array(0) },
    ];
    const stream = concatBytes(messages.map((m) => writeChunks(m, 128)));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 40 }), (sizes) => {
        const reader = new ChunkReader();
        const out: RtmpMessage[] = [];
        let offset = 0;
        for (const size of sizes) {
          out.push(...readAll(reader, stream.subarray(offset, offset + size)));
          offset += size;
        }
        out.push(...readAll(reader, stream.subarray(offset)));
        assert.deepEqual(out, messages);
      }),
      { numRuns: 300 },
    );
  });

  it("skips and counts oversize messages, handles Abort, and fails on fmt 1 first", () => {
    const reader = new ChunkReader({ maxMessageSizeBytes: 100 });
    const big = writeChunks({ chunkStreamId: 4, typeId: 9, messageStreamId: 1, timestampMs: 0, payload: new Uint8Array(300) }, 128);
    const small = writeChunks({ chunkStreamId: 4, typeId: 9, messageStreamId: 1, timestampMs: 0, payload: new Uint8Array(10) }, 128);
    assert.equal(readAll(reader, concatBytes([big, small])).length, 1);
    assert.equal(reader.stats.oversizeMessages, 1);

    const r2 = new ChunkReader();
    const partial = writeChunks({ chunkStreamId: 5, typeId: 9, messageStreamId: 1, timestampMs: 0, payload: new Uint8Array(300) }, 128).subarray(0, 140);
    const abort = writeChunks({ chunkStreamId: 2, typeId: 2, messageStreamId: 0, timestampMs: 0, payload: hex("00000005") }, 128);
    readAll(r2, concatBytes([partial, abort]));
    assert.equal(r2.stats.abortedMessages, 1);

    const r3 = new ChunkReader();
    const result = r3.read(hex("44 000005 000002 08 b1b2"));
    assert.match(result.error ?? "", /starts with fmt 1/);
    assert.match(r3.read(hex("00")).error ?? "", /fmt 1/);
  });

  it("never throws and keeps memory bounded on random and mutated bytes (fast-check)", () => {
    const seed = concatBytes([
      writeChunks({ chunkStreamId: 2, typeId: 1, messageStreamId: 0, timestampMs: 0, payload: hex("00000080") }, 128),
      writeChunks({ chunkStreamId: 4, typeId: 9, messageStreamId: 1, timestampMs: 0xffffff, payload: new Uint8Array(300).fill(9) }, 128),
      writeChunks({ chunkStreamId: 300, typeId: 8, messageStreamId: 1, timestampMs: 5, payload: new Uint8Array(50).fill(3) }, 128),
    ]);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }),
          fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }).map((edits) => {
            const b = seed.slice();
            for (const [at, v] of edits) b[at] = v;
            return b;
          }),
        ),
        fc.integer({ min: 1, max: 64 }),
        (bytes, step) => {
          const reader = new ChunkReader({ maxMessageSizeBytes: 4096, maxBufferedBytes: 8192, maxChunkStreams: 8 });
          for (let i = 0; i < bytes.length; i += step) {
            const result = reader.read(bytes.subarray(i, i + step));
            for (const m of result.messages) assert.ok(m.payload.length <= 4096);
            if (result.error) break;
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
