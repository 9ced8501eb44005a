// The check's "send RTP, not UDP" line rests on the RTP endpoint telling bare MPEG-TS from
// RTP. ffmpeg's `-f mpegts udp://` cuts the TS into 1472-byte datagrams at any byte, not at
// packet boundaries; those must count as bare TS too, and RTP carrying TS (with CSRCs or
// padding) must not.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classifyDatagram, serializeRtpPacket } from "../../../src/protocols/rtp/rtp-header.ts";

/** n TS packets: sync byte, then bytes that are never 0x47. */
function tsStream(packets: number): Uint8Array {
  const bytes = new Uint8Array(packets * 188);
  for (let i = 0; i < bytes.length; i++) bytes[i] = i % 188 === 0 ? 0x47 : 0x80 + (i % 50);
  return bytes;
}

describe("classifyDatagram: bare MPEG-TS over UDP", () => {
  it("finds TS cut into 1472-byte datagrams at any offset, whatever the first byte", () => {
    const stream = tsStream(80);
    for (let start = 0; start + 1472 <= stream.length; start += 1472) {
      assert.equal(classifyDatagram(stream.subarray(start, start + 1472)), "bare-ts", `datagram at ${start}`);
    }
    assert.equal(classifyDatagram(stream.subarray(0, 1316)), "bare-ts");
  });

  it("keeps RTP carrying whole TS packets as RTP, with CSRCs and padding too", () => {
    const payload = tsStream(7);
    assert.equal(classifyDatagram(serializeRtpPacket({ payloadType: 33, sequenceNumber: 1, timestamp: 0, ssrc: 7, payload })), "rtp");
    assert.equal(classifyDatagram(serializeRtpPacket({ payloadType: 33, sequenceNumber: 2, timestamp: 0, ssrc: 7, csrcs: [1, 2], paddingSize: 4, payload })), "rtp");
    assert.equal(classifyDatagram(serializeRtpPacket({ payloadType: 33, sequenceNumber: 3, timestamp: 0, ssrc: 7, payload: tsStream(1) })), "rtp");
  });

  it("leaves other bytes invalid", () => {
    assert.equal(classifyDatagram(new Uint8Array(1472).fill(0x12)), "invalid");
  });
});
