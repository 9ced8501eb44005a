import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { concatBytes } from "../../../../src/media/bits/bytes.ts";
import { ChunkReader, writeChunks, type RtmpMessage } from "../../../../src/protocols/rtmp/chunk-stream.ts";

const hex = (s: string): Uint8Array => Uint8Array.from(s.replace(/\s+/g, "").match(/../g) ?? [], (b) => parseInt(b, 16));

/** A full garbage collection, so that memory deltas count only what is still referenced. */
const gc = ((): (() => void) => {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
})();

/** Set Chunk Size (§5.4.1) on chunk stream 2. */
const setChunkSize = (size: number): Uint8Array => writeChunks({ chunkStreamId: 2, typeId: 1, messageStreamId: 0, timestampMs: 0, payload: Uint8Array.from([size >>> 24, (size >>> 16) & 0xff, (size >>> 8) & 0xff, size & 0xff]) }, 128);

/** The fmt 0 header alone (no data) of a message of `length` bytes on `csid`. */
const fmt0Header = (csid: number, length: number, typeId = 9): Uint8Array => Uint8Array.from([csid, 0, 0, 0, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff, typeId, 1, 0, 0, 0]);

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
    const interleavedOneByteChunks = (count: number): Uint8Array => Uint8Array.from({ length: 4 * count }, (_, i) => [0xc3, 0x41, 0xc4, 0x41][i % 4]!);
    const seeds = [
      concatBytes([
        writeChunks({ chunkStreamId: 2, typeId: 1, messageStreamId: 0, timestampMs: 0, payload: hex("00000080") }, 128),
        writeChunks({ chunkStreamId: 4, typeId: 9, messageStreamId: 1, timestampMs: 0xffffff, payload: new Uint8Array(300).fill(9) }, 128),
        writeChunks({ chunkStreamId: 300, typeId: 8, messageStreamId: 1, timestampMs: 5, payload: new Uint8Array(50).fill(3) }, 128),
      ]),
      // Attacks: a tiny Set Chunk Size, then two messages as interleaved one-byte chunks.
      concatBytes([setChunkSize(1), fmt0Header(3, 4000, 20), hex("41"), fmt0Header(4, 4000, 20), hex("41"), interleavedOneByteChunks(300)]),
      concatBytes([setChunkSize(127), fmt0Header(3, 300), new Uint8Array(127).fill(1), hex("c3"), new Uint8Array(127).fill(2)]),
      // Huge declared lengths (the u24 maximum, and just under the message cap) on several streams.
      concatBytes([3, 4, 5, 6, 7].map((csid) => concatBytes([fmt0Header(csid, 0xffffff), new Uint8Array(128).fill(csid)]))),
      concatBytes([3, 4, 5].map((csid) => concatBytes([fmt0Header(csid, 4000), new Uint8Array(128).fill(csid)]))),
    ];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }),
          fc.constantFrom(...seeds),
          fc.tuple(fc.nat(seeds.length - 1), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 })).map(([which, edits]) => {
            const b = seeds[which]!.slice();
            for (const [at, v] of edits) b[at % b.length] = v;
            return b;
          }),
        ),
        fc.integer({ min: 1, max: 64 }),
        (bytes, step) => {
          const reader = new ChunkReader({ maxMessageSizeBytes: 4096, maxBufferedBytes: 8192, maxChunkStreams: 8 });
          for (let i = 0; i < bytes.length; i += step) {
            const result = reader.read(bytes.subarray(i, i + step));
            for (const m of result.messages) assert.ok(m.payload.length <= 4096);
            assert.ok(reader.bufferedBytes <= 8192, `${reader.bufferedBytes} bytes buffered`);
            assert.ok(reader.chunkSize >= 128, `chunk size ${reader.chunkSize}`);
            if (result.error) break;
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("refuses a Set Chunk Size below 128 as a protocol error and reads nothing after it (§5.4.1)", () => {
    for (const size of [1, 127]) {
      const reader = new ChunkReader();
      const after = writeChunks({ chunkStreamId: 4, typeId: 9, messageStreamId: 1, timestampMs: 0, payload: hex("aa") }, 128);
      const result = reader.read(concatBytes([setChunkSize(size), after]));
      assert.match(result.error ?? "", new RegExp(`Set Chunk Size ${size} below 128`));
      assert.deepEqual(result.messages, [], "the refused Set Chunk Size is not handed over, nor anything after it");
      assert.equal(reader.chunkSize, 128);
      assert.match(reader.read(after).error ?? "", /below 128/, "the reader stays failed");
    }
    const reader = new ChunkReader();
    assert.equal(readAll(reader, setChunkSize(128)).length, 1);
    assert.equal(reader.chunkSize, 128);
  });

  it("holds a large message sent as 128-byte chunks in one buffer of its size, copied at the right offsets", () => {
    // 12,000,000 bytes as 93,750 chunks: one fmt 0 chunk, then fmt 3 continuations (§5.3.1.2).
    // Per-chunk copies held in a list cost far more than the payload itself (an object and a
    // backing store per chunk); one buffer of the declared length costs the payload.
    const length = 12_000_000;
    const chunkSize = 128;
    const chunks = length / chunkSize;
    const chunksPerRead = 512;
    const reader = new ChunkReader();
    // Each chunk's data is filled with its chunk index (mod 251), to check where it lands.
    const block = new Uint8Array(chunksPerRead * (1 + chunkSize));
    const fillBlock = (firstChunk: number): void => {
      for (let i = 0; i < chunksPerRead; i++) {
        block[i * (1 + chunkSize)] = 0xc4; // fmt 3, csid 4
        block.fill((firstChunk + i) % 251, i * (1 + chunkSize) + 1, (i + 1) * (1 + chunkSize));
      }
    };
    const head = concatBytes([fmt0Header(4, length), new Uint8Array(chunkSize)]); // chunk 0: zeros
    gc();
    const before = process.memoryUsage();
    readAll(reader, head);
    let sent = 1;
    while (sent < chunks - 1) {
      const count = Math.min(chunksPerRead, chunks - 1 - sent);
      fillBlock(sent);
      assert.deepEqual(readAll(reader, block.subarray(0, count * (1 + chunkSize))), []);
      sent += count;
    }
    gc();
    const during = process.memoryUsage();
    const heldBytes = during.heapUsed - before.heapUsed + (during.arrayBuffers - before.arrayBuffers);
    assert.ok(heldBytes < length * 1.2, `${heldBytes} bytes held for a ${length}-byte message in ${chunks - 1} chunks`);
    assert.equal(reader.bufferedBytes, length, "the whole declared length is charged");

    fillBlock(sent);
    const [message] = readAll(reader, block.subarray(0, 1 + chunkSize));
    assert.equal(message?.payload.length, length);
    assert.equal(reader.bufferedBytes, 0);
    for (const chunk of [0, 1, 2, 511, 512, 513, 40_000, chunks - 2, chunks - 1]) {
      const at = chunk * chunkSize;
      assert.deepEqual([message!.payload[at], message!.payload[at + chunkSize - 1]], [chunk === 0 ? 0 : chunk % 251, chunk === 0 ? 0 : chunk % 251], `chunk ${chunk}`);
    }
  });

  it("charges a message's whole declared length to the per-peer budget when it starts", () => {
    const reader = new ChunkReader({ maxBufferedBytes: 1000 });
    assert.deepEqual(readAll(reader, fmt0Header(4, 600)), []);
    assert.equal(reader.bufferedBytes, 600, "charged before any of its data arrived");
    readAll(reader, new Uint8Array(128)); // the rest of its first chunk
    // A second 600-byte message would need 1200 bytes: refused at its header, not later.
    assert.match(reader.read(fmt0Header(5, 600)).error ?? "", /more than 1000 bytes in partial messages/);

    // Completing or aborting a message gives its bytes back.
    const r2 = new ChunkReader({ maxBufferedBytes: 1000 });
    readAll(r2, concatBytes([fmt0Header(4, 600), new Uint8Array(128)]));
    const abort = writeChunks({ chunkStreamId: 2, typeId: 2, messageStreamId: 0, timestampMs: 0, payload: hex("00000004") }, 128);
    readAll(r2, abort);
    assert.equal(r2.bufferedBytes, 0);
    readAll(r2, fmt0Header(5, 600));
    assert.equal(readAll(r2, concatBytes([new Uint8Array(128), Uint8Array.of(0xc5), new Uint8Array(128), Uint8Array.of(0xc5), new Uint8Array(128), Uint8Array.of(0xc5), new Uint8Array(128), Uint8Array.of(0xc5), new Uint8Array(88)])).length, 1);
    assert.equal(r2.bufferedBytes, 0);
    readAll(r2, fmt0Header(6, 1000));
    assert.equal(r2.bufferedBytes, 1000);

    // Defaults: two 16,000,000-byte messages fit in 32 MiB, a third is refused.
    const r3 = new ChunkReader();
    readAll(r3, concatBytes([fmt0Header(3, 16_000_000), new Uint8Array(128), fmt0Header(4, 16_000_000), new Uint8Array(128)]));
    assert.equal(r3.bufferedBytes, 32_000_000);
    assert.match(r3.read(fmt0Header(5, 2_000_000)).error ?? "", /more than 33554432 bytes in partial messages/);
  });
});
