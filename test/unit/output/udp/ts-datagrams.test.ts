import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseRtpPacket } from "../../../../src/protocols/rtp/rtp-header.ts";
import { RtpTsPacketizer } from "../../../../src/output/udp/rtp-ts-packetizer.ts";
import { TS_DATAGRAM_BYTES, TsDatagrams } from "../../../../src/output/udp/ts-datagrams.ts";

/** `count` TS packets, packet n's bytes after the sync byte all n. */
function tsPackets(count: number, first = 0): Buffer {
  return Buffer.concat(Array.from({ length: count }, (_, k) => Buffer.alloc(188, first + k).fill(0x47, 0, 1)));
}

describe("MPEG-TS datagrams", () => {
  it("cuts a stream arriving in chunks of any size into datagrams of 7 whole TS packets", () => {
    const stream = tsPackets(30);
    const cutter = new TsDatagrams();
    const datagrams: Buffer[] = [];
    for (let at = 0; at < stream.length; at += 1000) datagrams.push(...cutter.push(stream.subarray(at, at + 1000)));
    assert.equal(datagrams.length, 4, "28 of the 30 packets; the last 2 wait for more");
    assert.ok(datagrams.every((datagram) => datagram.length === TS_DATAGRAM_BYTES));
    assert.deepEqual(Buffer.concat(datagrams), stream.subarray(0, 28 * 188));
    assert.equal(cutter.push(tsPackets(5, 30)).length, 1, "the 2 waiting packets and 5 more make one");
  });

  it("gives the same datagrams whatever the chunk sizes, in step or with garbage between chunks (seeded)", () => {
    let seed = 17;
    const random = (below: number): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % below);
    const stream = tsPackets(700);
    const whole = new TsDatagrams().push(stream);
    assert.equal(whole.length, 100);
    for (let round = 0; round < 20; round++) {
      const cutter = new TsDatagrams();
      const datagrams: Buffer[] = [];
      for (let at = 0; at < stream.length; ) {
        const size = 1 + random(round % 2 ? 400 : 40_000);
        datagrams.push(...cutter.push(stream.subarray(at, at + size)));
        at += size;
      }
      assert.deepEqual(datagrams, whole, `round ${round}`);
    }
    // A chunk whose head does not continue the waiting packets in step: the waiting bytes are dropped up to the next sync.
    const cutter = new TsDatagrams();
    assert.deepEqual(cutter.push(tsPackets(3)), []);
    const resumed = cutter.push(Buffer.concat([Buffer.from([1, 2, 3, 4, 5]), tsPackets(7, 50)]));
    assert.deepEqual(resumed, [tsPackets(7, 50)]);
  });

  it("finds the sync byte again after garbage, and drops what a new stream leaves behind", () => {
    const cutter = new TsDatagrams();
    const datagrams = cutter.push(Buffer.concat([Buffer.from([1, 2, 3]), tsPackets(3), Buffer.from([9, 9]), tsPackets(7, 3)]));
    assert.equal(datagrams.length, 1);
    assert.deepEqual(datagrams[0], tsPackets(7, 3), "the 3 packets before the break cannot make a whole datagram with what follows");
    cutter.push(tsPackets(4, 20));
    cutter.reset();
    assert.deepEqual(cutter.push(tsPackets(7, 40)), [tsPackets(7, 40)]);
  });
});

describe("RTP packetizer of MPEG-TS", () => {
  it("wraps each datagram in an RTP header: V 2, PT 33, consecutive sequence numbers that wrap, a 90 kHz wall-clock timestamp, one SSRC", () => {
    const packetizer = new RtpTsPacketizer({ ssrc: 0xdeadbeef, firstSequenceNumber: 65_535, timestampOffset: 2 ** 32 - 90 });
    const payload = tsPackets(7);
    const packets = [packetizer.packetize(payload, 1000), packetizer.packetize(payload, 1020.5)].map((bytes) => {
      const parsed = parseRtpPacket(bytes);
      assert.ok(parsed.ok);
      return parsed.packet;
    });
    assert.deepEqual(
      packets.map((packet) => [packet.version, packet.payloadType, packet.marker, packet.csrcs.length, packet.paddingSize, packet.sequenceNumber, packet.timestamp, packet.ssrc, packet.payload.length]),
      [
        [2, 33, false, 0, 0, 65_535, 90_000 - 90, 0xdeadbeef, 1316],
        [2, 33, false, 0, 0, 0, 91_845 - 90, 0xdeadbeef, 1316],
      ],
    );
    assert.deepEqual(Buffer.from(packets[0]!.payload), payload);
  });
});
