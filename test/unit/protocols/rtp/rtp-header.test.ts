import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { classifyDatagram, isWholeTsPackets, parseRtpPacket, serializeRtpPacket, type RtpPacket } from "../../../../src/protocols/rtp/rtp-header.ts";

function parsed(bytes: Uint8Array): RtpPacket {
  const result = parseRtpPacket(bytes);
  assert.ok(result.ok, `parse failed: ${result.ok ? "" : result.error}`);
  return result.packet;
}

function tsPacket(fill = 0): Uint8Array {
  const p = new Uint8Array(188).fill(fill);
  p[0] = 0x47;
  return p;
}

describe("RTP header (RFC 3550 §5.1)", () => {
  it("parses a minimal header, then serializes to the same bytes", () => {
    // V=2 P=0 X=0 CC=0 | M=1 PT=33 | seq 0x1234 | ts 0xdeadbeef | ssrc 0x01020304 | payload aa bb
    const bytes = Uint8Array.from([0x80, 0xa1, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04, 0xaa, 0xbb]);
    const p = parsed(bytes);
    assert.equal(p.version, 2);
    assert.equal(p.marker, true);
    assert.equal(p.payloadType, 33);
    assert.equal(p.sequenceNumber, 0x1234);
    assert.equal(p.timestamp, 0xdeadbeef);
    assert.equal(p.ssrc, 0x01020304);
    assert.deepEqual(p.csrcs, []);
    assert.equal(p.extension, undefined);
    assert.equal(p.paddingSize, 0);
    assert.deepEqual([...p.payload], [0xaa, 0xbb]);
    assert.deepEqual(serializeRtpPacket(p), bytes);
  });

  it("parses padding, extension and CSRCs, then round-trips byte for byte", () => {
    const bytes = Uint8Array.from([
      0xb2, 0x21, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0xca, 0xfe, 0xba, 0xbe, // V=2 P=1 X=1 CC=2, PT=33, seq 65535
      0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x0b, // CSRC 10, 11
      0xbe, 0xde, 0x00, 0x01, 0x10, 0x01, 0x00, 0x00, // extension profile 0xBEDE, 1 word
      0x01, 0x02, 0x03, // payload
      0x00, 0x00, 0x03, // padding: 3 bytes, count last
    ]);
    const p = parsed(bytes);
    assert.deepEqual(p.csrcs, [10, 11]);
    assert.equal(p.extension?.profile, 0xbede);
    assert.deepEqual([...(p.extension?.data ?? [])], [0x10, 0x01, 0x00, 0x00]);
    assert.equal(p.paddingSize, 3);
    assert.equal(p.sequenceNumber, 65535);
    assert.deepEqual([...p.payload], [1, 2, 3]);
    assert.deepEqual(serializeRtpPacket(p), bytes);
  });

  it("rejects truncated and malformed headers without throwing", () => {
    assert.deepEqual(parseRtpPacket(new Uint8Array(11)), { ok: false, error: "too-short" });
    assert.deepEqual(parseRtpPacket(Uint8Array.from([0x40, ...new Uint8Array(11)])), { ok: false, error: "bad-version" });
    assert.deepEqual(parseRtpPacket(Uint8Array.from([0x81, ...new Uint8Array(11)])), { ok: false, error: "csrc-truncated" });
    assert.deepEqual(parseRtpPacket(Uint8Array.from([0x90, ...new Uint8Array(11), 0, 0, 0, 5])), { ok: false, error: "extension-truncated" });
    assert.deepEqual(parseRtpPacket(Uint8Array.from([0xa0, ...new Uint8Array(11), 0])), { ok: false, error: "bad-padding" });
    assert.deepEqual(parseRtpPacket(Uint8Array.from([0xa0, ...new Uint8Array(11), 1, 9])), { ok: false, error: "bad-padding" });
  });

  it("classifies RTP, bare TS and junk", () => {
    const ts = tsPacket();
    assert.equal(classifyDatagram(ts), "bare-ts");
    assert.equal(classifyDatagram(Uint8Array.from([...ts, ...ts])), "bare-ts");
    assert.equal(classifyDatagram(serializeRtpPacket({ payloadType: 33, sequenceNumber: 1, timestamp: 0, ssrc: 1, payload: ts })), "rtp");
    assert.equal(classifyDatagram(ts.subarray(0, 100)), "invalid");
    assert.equal(classifyDatagram(new Uint8Array(0)), "invalid");
    assert.equal(classifyDatagram(new Uint8Array(20)), "invalid");
    assert.equal(isWholeTsPackets(Uint8Array.from([...ts, ...new Uint8Array(188)])), false);
  });

  it("round-trips arbitrary packets (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.record({
          marker: fc.boolean(),
          payloadType: fc.integer({ min: 0, max: 127 }),
          sequenceNumber: fc.integer({ min: 0, max: 0xffff }),
          timestamp: fc.integer({ min: 0, max: 0xffffffff }),
          ssrc: fc.integer({ min: 0, max: 0xffffffff }),
          csrcs: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
          ext: fc.option(fc.record({ profile: fc.integer({ min: 0, max: 0xffff }), words: fc.integer({ min: 0, max: 4 }) })),
          paddingSize: fc.integer({ min: 0, max: 255 }),
          payload: fc.uint8Array({ maxLength: 64 }),
        }),
        (r) => {
          const init = {
            ...r,
            ...(r.ext ? { extension: { profile: r.ext.profile, data: new Uint8Array(r.ext.words * 4).fill(7) } } : {}),
          };
          const bytes = serializeRtpPacket(init);
          const p = parsed(bytes);
          assert.equal(p.sequenceNumber, r.sequenceNumber);
          assert.equal(p.timestamp, r.timestamp);
          assert.equal(p.ssrc, r.ssrc);
          assert.deepEqual(p.csrcs, r.csrcs);
          assert.equal(p.paddingSize, r.paddingSize);
          assert.deepEqual(p.payload, r.payload);
          assert.deepEqual(serializeRtpPacket(p), bytes);
        },
      ),
    );
  });

  it("never throws on random bytes (fast-check)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        parseRtpPacket(bytes);
        classifyDatagram(bytes);
      }),
      { numRuns: 2000 },
    );
  });
});
