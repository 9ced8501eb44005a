import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import dgram from "node:dgram";
import { describe, it } from "node:test";
import fc from "fast-check";
import { serializeRtpPacket } from "../../../../src/protocols/rtp/rtp-header.ts";
import { RtpTsDepacketizer, sequenceDelta, type RtpTsEvent } from "../../../../src/protocols/rtp/rtp-ts-depacketizer.ts";

/** One RTP datagram whose single TS packet carries `seq & 0xff` as a marker byte. */
function rtp(seq: number, ssrc = 0x1111, tsPackets = 1): Uint8Array {
  const payload = new Uint8Array(188 * tsPackets);
  for (let i = 0; i < tsPackets; i++) {
    payload[i * 188] = 0x47;
    payload[i * 188 + 4] = seq & 0xff;
  }
  return serializeRtpPacket({ payloadType: 33, sequenceNumber: seq & 0xffff, timestamp: seq * 3600, ssrc, payload });
}

function tsSeqs(events: RtpTsEvent[]): number[] {
  return events.flatMap((e) => (e.type === "ts" ? [e.sequenceNumber] : []));
}

describe("RtpTsDepacketizer", () => {
  it("computes signed 16-bit sequence distance across the wrap", () => {
    assert.equal(sequenceDelta(0, 65535), 1);
    assert.equal(sequenceDelta(65535, 0), -1);
    assert.equal(sequenceDelta(10, 5), 5);
  });

  it("releases in-order packets immediately", () => {
    const d = new RtpTsDepacketizer();
    const out = [1, 2, 3].flatMap((s) => d.push(rtp(s), 0));
    assert.deepEqual(tsSeqs(out), [1, 2, 3]);
    assert.equal(d.stats.received, 3);
    assert.equal(d.stats.lost, 0);
  });

  it("puts reordered packets back in sequence order", () => {
    const d = new RtpTsDepacketizer();
    const out = [1, 3, 2, 5, 4, 6].flatMap((s) => d.push(rtp(s), 0));
    assert.deepEqual(tsSeqs(out), [1, 2, 3, 4, 5, 6]);
    assert.equal(d.stats.reordered, 2);
    assert.equal(d.stats.lost, 0);
  });

  it("counts a gap lost after windowMs and drops the late packet", () => {
    const d = new RtpTsDepacketizer({ windowPackets: 32, windowMs: 50 });
    const out = [...d.push(rtp(1), 0), ...d.push(rtp(3), 10), ...d.push(rtp(4), 20)];
    assert.deepEqual(tsSeqs(out), [1]);
    assert.deepEqual(tsSeqs(d.poll(59)), []);
    assert.deepEqual(tsSeqs(d.poll(60)), [3, 4]);
    assert.equal(d.stats.lost, 1);
    assert.deepEqual(tsSeqs(d.push(rtp(2), 70)), []);
    assert.equal(d.stats.late, 1);
    assert.equal(d.stats.duplicates, 0);
  });

  it("counts a gap lost once the packet window is full", () => {
    const d = new RtpTsDepacketizer({ windowPackets: 4, windowMs: 1000 });
    const seqs = [0, 2, 3, 4, 5];
    const out = seqs.flatMap((s) => d.push(rtp(s), 0));
    assert.deepEqual(tsSeqs(out), [0, 2, 3, 4, 5]);
    assert.equal(d.stats.lost, 1);
  });

  it("counts duplicates, buffered and already released", () => {
    const d = new RtpTsDepacketizer();
    const out = [1, 2, 2, 4, 4, 3, 1].flatMap((s) => d.push(rtp(s), 0));
    assert.deepEqual(tsSeqs(out), [1, 2, 3, 4]);
    assert.equal(d.stats.duplicates, 3);
  });

  it("follows the sequence number across the 65535 → 0 wrap, reordered too", () => {
    const d = new RtpTsDepacketizer();
    const out = [65533, 65534, 0, 65535, 1, 2].flatMap((s) => d.push(rtp(s), 0));
    assert.deepEqual(tsSeqs(out), [65533, 65534, 65535, 0, 1, 2]);
    assert.equal(d.stats.lost, 0);
    assert.equal(d.stats.reordered, 1);
  });

  it("resets on an SSRC change, flushing the old source first", () => {
    const d = new RtpTsDepacketizer();
    const out = [...d.push(rtp(10, 1), 0), ...d.push(rtp(12, 1), 0), ...d.push(rtp(500, 2), 0), ...d.push(rtp(501, 2), 0)];
    assert.deepEqual(tsSeqs(out), [10, 12, 500, 501]);
    assert.ok(out.some((e) => e.type === "ssrc-change" && e.previousSsrc === 1 && e.ssrc === 2));
    assert.equal(d.stats.ssrcChanges, 1);
    assert.equal(d.stats.lost, 1);
  });

  it("accepts a big sequence jump only when a second packet confirms it (RFC 3550 A.1)", () => {
    const d = new RtpTsDepacketizer();
    const out = [...d.push(rtp(1), 0), ...d.push(rtp(20000), 0), ...d.push(rtp(2), 0), ...d.push(rtp(30000), 0), ...d.push(rtp(30001), 0)];
    assert.deepEqual(tsSeqs(out), [1, 2, 30001]);
    assert.equal(d.stats.outOfRange, 2);
    assert.equal(d.stats.resyncs, 1);
  });

  it("handles padding, extension and CSRCs in front of the TS payload", () => {
    const ts = new Uint8Array(376);
    ts[0] = 0x47;
    ts[188] = 0x47;
    const bytes = serializeRtpPacket({
      payloadType: 33, sequenceNumber: 7, timestamp: 0, ssrc: 9, csrcs: [1, 2, 3],
      extension: { profile: 0xbede, data: new Uint8Array(8) }, paddingSize: 5, payload: ts,
    });
    const d = new RtpTsDepacketizer();
    const [event] = d.push(bytes, 0);
    assert.equal(event?.type, "ts");
    assert.deepEqual(event?.type === "ts" ? event.bytes : undefined, ts);
    assert.equal(d.stats.tsPacketsOut, 2);
  });

  it("drops bare TS and counts it; counts a non-TS payload invalid without a false loss", () => {
    const d = new RtpTsDepacketizer();
    const bare = new Uint8Array(1316);
    for (let i = 0; i < 1316; i += 188) bare[i] = 0x47;
    assert.deepEqual(d.push(bare, 0), [{ type: "bare-ts", sizeBytes: 1316 }]);
    assert.equal(d.stats.bareTs, 1);
    const bad = serializeRtpPacket({ payloadType: 33, sequenceNumber: 2, timestamp: 0, ssrc: 0x1111, payload: new Uint8Array(100) });
    const out = [...d.push(rtp(1), 0), ...d.push(bad, 0), ...d.push(rtp(3), 0)];
    assert.deepEqual(tsSeqs(out), [1, 3]);
    assert.ok(out.some((e) => e.type === "invalid" && e.reason === "payload-not-ts"));
    assert.equal(d.stats.invalid, 1);
    assert.equal(d.stats.lost, 0);
  });

  it("never throws and stays bounded on random and mutated datagrams (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.uint8Array({ maxLength: 400 }),
            fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 1400 }), fc.integer({ min: 0, max: 255 })).map(
              ([seq, ssrc, at, value]) => {
                const b = rtp(seq, ssrc);
                if (at < b.length) b[at] = value;
                return b;
              },
            ),
          ),
          { maxLength: 80 },
        ),
        (datagrams) => {
          const d = new RtpTsDepacketizer({ windowPackets: 8, windowMs: 20 });
          let nowMs = 0;
          for (const datagram of datagrams) {
            d.push(datagram, (nowMs += 3));
            assert.ok(d.bufferedPackets <= 8);
          }
          d.flush();
          assert.equal(d.bufferedPackets, 0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("depacketizes a real ffmpeg rtp_mpegts push with zero loss", { timeout: 20_000 }, async () => {
    const socket = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    const port = socket.address().port;
    const datagrams: Uint8Array[] = [];
    socket.on("message", (msg) => datagrams.push(new Uint8Array(msg)));
    const ffmpeg = spawn(
      "ffmpeg",
      ["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-t", "2", "-c:v", "libx264", "-f", "rtp_mpegts", `rtp://127.0.0.1:${port}`],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    ffmpeg.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => ffmpeg.on("close", resolve));
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.close();
    assert.equal(code, 0, stderr);
    assert.ok(datagrams.length > 10, `got ${datagrams.length} datagrams`);

    const d = new RtpTsDepacketizer();
    const out: Uint8Array[] = [];
    datagrams.forEach((datagram, i) => {
      for (const e of d.push(datagram, i)) if (e.type === "ts") out.push(e.bytes);
    });
    for (const e of d.flush()) if (e.type === "ts") out.push(e.bytes);
    assert.equal(d.stats.lost, 0);
    assert.equal(d.stats.invalid, 0);
    assert.equal(d.stats.received, datagrams.length);
    assert.equal(d.stats.payloadType, 33);
    assert.ok(out.length === datagrams.length);
    assert.ok(out.every((bytes) => bytes[0] === 0x47 && bytes.length % 188 === 0));
  });
});
