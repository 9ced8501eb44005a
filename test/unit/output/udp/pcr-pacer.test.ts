import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PcrPacer, firstPcr27m } from "../../../../src/output/udp/pcr-pacer.ts";

const PACKET = 188;

/** A datagram of 7 TS packets; `pcr27m`: a PCR in its second packet's adaptation field. */
function datagram(pcr27m?: number): Buffer {
  const bytes = Buffer.alloc(7 * PACKET, 0xff);
  for (let k = 0; k < 7; k++) bytes.set([0x47, 0x01, 0x00, 0x10], k * PACKET);
  if (pcr27m !== undefined) {
    const at = PACKET;
    const base = Math.floor(pcr27m / 300);
    const extension = pcr27m % 300;
    bytes[at + 3] = 0x30; // adaptation field and payload
    bytes[at + 4] = 7;
    bytes[at + 5] = 0x10; // PCR_flag
    bytes.writeUInt32BE(Math.floor(base / 2), at + 6);
    bytes[at + 10] = ((base % 2) << 7) | 0x7e | (extension >> 8);
    bytes[at + 11] = extension & 0xff;
  }
  return bytes;
}

const MS = 27_000;

describe("PCR pacer", () => {
  it("reads the first PCR of a datagram (ISO/IEC 13818-1 §2.4.3.5), none when no packet carries one", () => {
    assert.equal(firstPcr27m(datagram(123_456_789)), 123_456_789);
    assert.equal(firstPcr27m(datagram(2 ** 33 * 300 - 1)), 2 ** 33 * 300 - 1);
    assert.equal(firstPcr27m(datagram()), undefined);
  });

  it("spreads a burst over the stream's own clock: PCR datagrams at their PCR time, those between at the measured rate", () => {
    const pacer = new PcrPacer(1000);
    // A CBR stream: one datagram every 10 ms, a PCR every 4th. The encoder writes 40 ms at once.
    assert.equal(pacer.due(datagram(1000 * MS), 5000), 5000);
    assert.equal(pacer.due(datagram(), 5000), 5000, "no rate measured yet: at once");
    assert.equal(pacer.due(datagram(), 5000), 5000);
    assert.equal(pacer.due(datagram(), 5000), 5000);
    // The next burst arrives at 5040 ms, early: its PCR datagram is due 40 ms after the first.
    assert.equal(pacer.due(datagram(1040 * MS), 5001), 5040);
    assert.equal(pacer.due(datagram(), 5001), 5050);
    assert.equal(pacer.due(datagram(), 5001), 5060);
    assert.equal(pacer.due(datagram(), 5001), 5070);
  });

  it("follows an encoder that runs late, and starts afresh when the PCR jumps past bufferMsec", () => {
    const pacer = new PcrPacer(200);
    pacer.due(datagram(1000 * MS), 0);
    // 40 ms of stream arrive 100 ms later: sent at once, and the schedule moves on by the lateness.
    assert.equal(pacer.due(datagram(1040 * MS), 100), 100);
    assert.equal(pacer.due(datagram(1080 * MS), 110), 140);
    // A PCR 5 s ahead (a new encoder run that kept no reset): due now, the new anchor.
    assert.equal(pacer.due(datagram(6080 * MS), 120), 120);
    assert.equal(pacer.due(datagram(6100 * MS), 121), 140);
  });

  it("never holds a datagram between PCRs longer than bufferMsec, and forgets the clock at reset", () => {
    const pacer = new PcrPacer(100);
    pacer.due(datagram(0), 0);
    pacer.due(datagram(), 0);
    pacer.due(datagram(1 * MS), 0); // 2 datagrams in 1 ms: a very high rate…
    pacer.due(datagram(2 * MS), 0);
    // …then a long run without PCR cannot be due past now + 100 ms.
    for (let i = 0; i < 500; i++) assert.ok(pacer.due(datagram(), 0) <= 100);
    pacer.reset();
    assert.equal(pacer.due(datagram(999_999 * MS), 7), 7);
  });
});
