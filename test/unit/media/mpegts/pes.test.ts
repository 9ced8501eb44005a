import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { DEFAULT_MAX_PES_BYTES, PesAssembler, type AssembledPes, type PesAssemblerStats } from "../../../../src/media/mpegts/pes-assembler.ts";
import { parsePesHeader, readTimestamp33, writeTimestamp33 } from "../../../../src/media/mpegts/pes-header.ts";
import { TimestampUnwrapper } from "../../../../src/media/mpegts/timestamp-unwrapper.ts";

describe("PES header (§2.4.3.6)", () => {
  it("reads a PES with PTS only", () => {
    // stream 0xC0, length 11, '10' flags, PTS only, header 5, PTS = 0x1_0000_0001 (33-bit)
    const pes = Uint8Array.from([0x00, 0x00, 0x01, 0xc0, 0x00, 0x0b, 0x84, 0x80, 0x05, 0x29, 0x00, 0x01, 0x00, 0x03, 0xaa, 0xbb, 0xcc]);
    const result = parsePesHeader(pes);
    assert.ok(result.ok);
    assert.equal(result.header.streamId, 0xc0);
    assert.equal(result.header.packetLength, 11);
    assert.equal(result.header.pts90k, 0x1_0000_0001);
    assert.equal(result.header.dts90k, null);
    assert.equal(result.header.dataAlignment, true);
    assert.deepEqual(pes.subarray(result.header.payloadOffset), Uint8Array.from([0xaa, 0xbb, 0xcc]));
  });

  it("reads a PES with PTS and DTS (33-bit, above 2^32)", () => {
    const pes = new Uint8Array(19 + 2);
    pes.set([0x00, 0x00, 0x01, 0xe0, 0x00, 0x00, 0x80, 0xc0, 0x0a]);
    writeTimestamp33(pes, 9, 0x3, 8_589_934_591); // 2^33 - 1
    writeTimestamp33(pes, 14, 0x1, 4_294_967_297); // 2^32 + 1
    assert.deepEqual([...pes.subarray(9, 14)], [0x3f, 0xff, 0xff, 0xff, 0xff]);
    assert.deepEqual([...pes.subarray(14, 19)], [0x19, 0x00, 0x01, 0x00, 0x03]);
    const result = parsePesHeader(pes);
    assert.ok(result.ok);
    assert.equal(result.header.pts90k, 8_589_934_591);
    assert.equal(result.header.dts90k, 4_294_967_297);
    assert.equal(result.header.packetLength, 0);
    assert.equal(result.header.payloadOffset, 19);
  });

  it("round-trips timestamps and reduces them modulo 2^33", () => {
    const field = new Uint8Array(5);
    for (const value of [0, 1, 90_000, 2 ** 30, 2 ** 32, 2 ** 33 - 1]) {
      writeTimestamp33(field, 0, 2, value);
      assert.equal(readTimestamp33(field, 0), value);
    }
    writeTimestamp33(field, 0, 2, 2 ** 33 + 5);
    assert.equal(readTimestamp33(field, 0), 5);
  });

  it("reports bad headers", () => {
    assert.deepEqual(parsePesHeader(Uint8Array.from([0, 0, 1])), { ok: false, problem: "short" });
    assert.deepEqual(parsePesHeader(Uint8Array.from([0, 0, 2, 0xe0, 0, 0, 0x80, 0, 0])), { ok: false, problem: "no-start-code" });
    assert.deepEqual(parsePesHeader(Uint8Array.from([0, 0, 1, 0xe0, 0, 0, 0x80, 0x80, 0x02, 0, 0])), { ok: false, problem: "bad-header" });
    assert.deepEqual(parsePesHeader(Uint8Array.from([0, 0, 1, 0xe0, 0, 0, 0x80, 0x80, 0x20])), { ok: false, problem: "short" });
    const padding = parsePesHeader(Uint8Array.from([0, 0, 1, 0xbe, 0, 2, 0xff, 0xff]));
    assert.ok(padding.ok);
    assert.equal(padding.header.payloadOffset, 6);
  });
});

describe("PES assembly", () => {
  const stats = (): PesAssemblerStats => ({ pesErrors: 0, pesOverflows: 0 });
  const audioPes = Uint8Array.from([0x00, 0x00, 0x01, 0xc0, 0x00, 0x0a, 0x80, 0x80, 0x05, 0x21, 0x00, 0x01, 0x00, 0x01, 0x77, 0x88]);

  it("emits a bounded PES as soon as it is complete, across packets", () => {
    const assembler = new PesAssembler();
    const s = stats();
    const out: AssembledPes[] = [];
    assembler.push(audioPes.subarray(0, 4), true, true, s, out);
    assembler.push(audioPes.subarray(4, 10), false, false, s, out);
    assert.equal(out.length, 0);
    assembler.push(audioPes.subarray(10), false, false, s, out);
    assert.equal(out.length, 1);
    assert.deepEqual(out[0]?.data, Uint8Array.from([0x77, 0x88]));
    assert.equal(out[0]?.header.pts90k, 0);
    assert.equal(out[0]?.randomAccess, true);
  });

  it("ends an unbounded PES at the next start or flush, counts cut bounded PES and bad starts", () => {
    const video = Uint8Array.from([0x00, 0x00, 0x01, 0xe0, 0x00, 0x00, 0x80, 0x00, 0x00, 0x01, 0x02]);
    const assembler = new PesAssembler();
    const s = stats();
    const out: AssembledPes[] = [];
    assembler.push(video, true, false, s, out);
    assembler.push(Uint8Array.from([0x03]), false, false, s, out);
    assembler.push(video, true, false, s, out);
    assert.deepEqual(out[0]?.data, Uint8Array.from([0x01, 0x02, 0x03]));
    assembler.flush(s, out);
    assert.equal(out.length, 2);
    assembler.push(audioPes.subarray(0, 12), true, false, s, out);
    assembler.push(audioPes, true, false, s, out);
    assert.equal(s.pesErrors, 1);
    assert.equal(out.length, 3);
    assembler.push(Uint8Array.from([1, 2, 3, 4, 5, 6, 7]), true, false, s, out);
    assert.equal(s.pesErrors, 2);
  });

  it("drops a PES that outgrows the cap", () => {
    const assembler = new PesAssembler(1000);
    const s = stats();
    const out: AssembledPes[] = [];
    const video = new Uint8Array(600);
    video.set([0x00, 0x00, 0x01, 0xe0, 0x00, 0x00, 0x80, 0x00, 0x00]);
    assembler.push(video, true, false, s, out);
    assembler.push(new Uint8Array(600), false, false, s, out);
    assert.equal(s.pesOverflows, 1);
    assert.equal(assembler.bufferedBytes, 0);
    assert.equal(DEFAULT_MAX_PES_BYTES, 8 * 1024 * 1024);
  });
});

describe("33-bit timestamp unwrapping", () => {
  it("continues forward across the 2^33 wrap", () => {
    const unwrapper = new TimestampUnwrapper();
    const wrap = 2 ** 33;
    assert.equal(unwrapper.unwrap(wrap - 3000), wrap - 3000);
    assert.equal(unwrapper.unwrap(wrap - 1), wrap - 1);
    assert.equal(unwrapper.unwrap(2999), wrap + 2999);
    assert.equal(unwrapper.unwrap(6000), wrap + 6000);
    // Small backwards jitter / B-frame reordering right after the wrap stays small.
    assert.equal(unwrapper.unwrap(wrap - 1500), wrap - 1500);
    assert.equal(unwrapper.unwrap(9000), wrap + 9000);
  });

  it("keeps small backward steps backward and survives several laps", () => {
    const unwrapper = new TimestampUnwrapper();
    assert.equal(unwrapper.unwrap(90_000), 90_000);
    assert.equal(unwrapper.unwrap(87_000), 87_000);
    let expected = 87_000;
    for (let i = 0; i < 10; i++) {
      expected += 2 ** 31;
      assert.equal(unwrapper.unwrap(expected % 2 ** 33), expected);
    }
  });
});
