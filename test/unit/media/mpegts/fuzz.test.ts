import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import fc from "fast-check";

import { parsePat } from "../../../../src/media/mpegts/pat.ts";
import { parsePesHeader } from "../../../../src/media/mpegts/pes-header.ts";
import { parsePmt } from "../../../../src/media/mpegts/pmt.ts";
import { parseTsPacketHeader } from "../../../../src/media/mpegts/packet-header.ts";
import { PsiSectionAssembler } from "../../../../src/media/mpegts/psi-section-assembler.ts";
import { TsDemuxer } from "../../../../src/media/mpegts/ts-demuxer.ts";
import { makeCaptures } from "./ffmpeg-captures.ts";
import { concatBytes, muxUnits, syntheticUnits } from "./helpers.ts";

const MAX_PES_BYTES = 64 * 1024;

/** Feeds `data` in the given chunk sizes; checks nothing throws and memory stays bounded. */
function feed(data: Uint8Array, sizes: readonly number[]): void {
  const demuxer = new TsDemuxer({ maxPesBytes: MAX_PES_BYTES });
  let offset = 0;
  let i = 0;
  while (offset < data.length) {
    const size = Math.max(1, sizes.length ? (sizes[i++ % sizes.length] ?? 1) : data.length);
    demuxer.push(data.subarray(offset, offset + size), offset);
    offset += size;
    assert.ok(demuxer.remainderBytes <= 188);
    assert.ok(demuxer.bufferedPesBytes <= MAX_PES_BYTES * 16);
  }
  demuxer.flush();
  assert.equal(demuxer.remainderBytes, 0);
  assert.equal(demuxer.stats().internalErrors, 0);
}

type Mutation = { kind: "flip"; at: number; bit: number } | { kind: "insert"; at: number; byte: number } | { kind: "delete"; at: number; count: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), count: fc.integer({ min: 1, max: 300 }) }),
);

function mutate(source: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let data: Uint8Array = source.slice();
  for (const m of mutations) {
    const at = m.at % Math.max(1, data.length);
    if (m.kind === "flip") data[at] = (data[at] ?? 0) ^ (1 << m.bit);
    else if (m.kind === "insert") data = concatBytes([data.subarray(0, at), Uint8Array.of(m.byte), data.subarray(at)]);
    else data = concatBytes([data.subarray(0, at), data.subarray(at + m.count)]);
  }
  return data;
}

describe("fuzz: MPEG-TS parsers never throw, memory stays bounded", () => {
  let capture: Uint8Array = concatBytes(muxUnits(syntheticUnits(50)));
  before(async () => {
    const captures = await makeCaptures(["h264-aac"]);
    const real = captures?.get("h264-aac");
    if (real) capture = real.subarray(0, 188 * 600);
  });

  it("pure parsers on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        parseTsPacketHeader(bytes);
        parsePat(bytes);
        parsePmt(bytes);
        parsePesHeader(bytes);
        const assembler = new PsiSectionAssembler();
        assembler.push(bytes, true);
        assembler.push(bytes, false);
      }),
      { numRuns: 2000 },
    );
  });

  it("demuxer on random bytes and random 0x47-aligned packets", () => {
    const packet = fc.uint8Array({ minLength: 188, maxLength: 188 }).map((p) => {
      p[0] = 0x47;
      p[1] = (p[1] ?? 0) & 0x7f;
      return p;
    });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 8 }), (bytes, sizes) => feed(bytes, sizes)),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.array(packet, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 8 }), (packets, sizes) => feed(concatBytes(packets), sizes)),
      { numRuns: 300 },
    );
  });

  it("demuxer on mutated real captures (flip / insert / delete)", () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 30 }), fc.array(fc.integer({ min: 1, max: 5000 }), { maxLength: 6 }), (mutations, sizes) =>
        feed(mutate(capture, mutations), sizes),
      ),
      { numRuns: 60 },
    );
  });

  it("PES overflow is capped and counted", () => {
    // One unbounded video PES of 200 KiB against a 64 KiB cap.
    const big = concatBytes(muxUnits([{ trackId: 0x100, pts90k: 0, dts90k: 0, keyframe: true, data: new Uint8Array(200 * 1024) }]));
    const demuxer = new TsDemuxer({ maxPesBytes: MAX_PES_BYTES });
    demuxer.push(big, 0);
    assert.ok(demuxer.bufferedPesBytes <= MAX_PES_BYTES);
    demuxer.flush();
    assert.equal(demuxer.stats().pesOverflows, 1);
  });
});
