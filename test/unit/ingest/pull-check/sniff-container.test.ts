import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { looksLikeMp4, looksLikeMpegTs } from "../../../../src/ingest/pull-check/sniff-container.ts";

/** `count` packets of `packetBytes`, with 0x47 at `syncOffset` in each, the rest 0xff stuffing. */
function packets(count: number, packetBytes: number, syncOffset: number): Uint8Array {
  const bytes = new Uint8Array(count * packetBytes).fill(0xff);
  for (let i = 0; i < count; i += 1) bytes[i * packetBytes + syncOffset] = 0x47;
  return bytes;
}

/** Deterministic noise (a 32-bit LCG), so a failure reproduces. */
function pseudoRandomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = 12345;
  for (let i = 0; i < length; i += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

function box(size: number, type: string, extra: number[] = []): Uint8Array {
  return Uint8Array.from([(size >>> 24) & 0xff, (size >>> 16) & 0xff, (size >>> 8) & 0xff, size & 0xff, ...Buffer.from(type, "latin1"), ...extra]);
}

describe("looksLikeMpegTs", () => {
  it("recognises 188-byte TS packets", () => {
    assert.equal(looksLikeMpegTs(packets(3, 188, 0)), true);
    assert.equal(looksLikeMpegTs(packets(21, 188, 0)), true);
  });
  it("recognises 192-byte M2TS packets (sync byte after the 4-byte header)", () => {
    assert.equal(looksLikeMpegTs(packets(3, 192, 4)), true);
  });
  it("refuses a sync byte missing at the second or third packet", () => {
    const broken = packets(3, 188, 0);
    broken[376] = 0x00;
    assert.equal(looksLikeMpegTs(broken), false);
    const broken2 = packets(3, 188, 0);
    broken2[188] = 0x46;
    assert.equal(looksLikeMpegTs(broken2), false);
  });
  it("refuses truncated input: fewer than three packets", () => {
    assert.equal(looksLikeMpegTs(packets(3, 188, 0).subarray(0, 376)), false);
    assert.equal(looksLikeMpegTs(Uint8Array.of(0x47)), false);
    assert.equal(looksLikeMpegTs(new Uint8Array(0)), false);
  });
  it("refuses garbage, text and MP4 bytes", () => {
    assert.equal(looksLikeMpegTs(pseudoRandomBytes(4096)), false);
    // One sync byte at the start is not enough: 0x47 is just "G".
    assert.equal(looksLikeMpegTs(Buffer.from("GET / HTTP/1.1\r\n".repeat(50))), false);
    assert.equal(looksLikeMpegTs(Buffer.from("G".repeat(10) + "#EXTM3U\n".repeat(100))), false);
    assert.equal(looksLikeMpegTs(box(32, "ftyp", new Array(600).fill(0))), false);
  });
});

describe("looksLikeMp4", () => {
  it("recognises the first box types real files start with", () => {
    for (const type of ["ftyp", "styp", "moov", "moof", "mdat", "free", "skip", "wide", "sidx"]) assert.equal(looksLikeMp4(box(32, type)), true, type);
  });
  it("accepts the special sizes 0 (to end of file) and 1 (64-bit size follows)", () => {
    assert.equal(looksLikeMp4(box(0, "mdat")), true);
    assert.equal(looksLikeMp4(box(1, "mdat", [0, 0, 0, 0, 0, 0, 1, 0])), true);
  });
  it("refuses an impossible box size (2–7) and unknown types", () => {
    assert.equal(looksLikeMp4(box(4, "ftyp")), false);
    assert.equal(looksLikeMp4(box(32, "FTYP")), false);
    assert.equal(looksLikeMp4(box(32, "abcd")), false);
  });
  it("refuses truncated input: fewer than 8 bytes", () => {
    assert.equal(looksLikeMp4(box(32, "ftyp").subarray(0, 7)), false);
    assert.equal(looksLikeMp4(new Uint8Array(0)), false);
  });
  it("refuses TS, text and random bytes", () => {
    assert.equal(looksLikeMp4(packets(3, 188, 0)), false);
    assert.equal(looksLikeMp4(Buffer.from("<html><body>not found</body></html>")), false);
    assert.equal(looksLikeMp4(Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02, 0x03, 0x04)), false);
    assert.equal(looksLikeMp4(pseudoRandomBytes(4096)), false);
  });
});
