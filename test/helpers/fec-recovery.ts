// What a SMPTE 2022-1 receiver does with one FEC packet when one media packet it protects is
// lost: XOR the FEC packet's recovery fields and payload with the media packets that did
// arrive, and rebuild the missing one's RTP header (V = 2; P, X, CC, M and PT, timestamp and
// length from the recovery fields; the sequence number from its place; the SSRC of the others).

const RTP_HEADER_BYTES = 12;
const FEC_HEADER_BYTES = 16;

/** The lost media packet with sequence number `lostSequenceNumber`, rebuilt from `fec` and the `received` packets it also protects. */
export function recoverMediaPacket(fec: Uint8Array, received: readonly Uint8Array[], lostSequenceNumber: number): Uint8Array {
  const fecView = new DataView(fec.buffer, fec.byteOffset, fec.byteLength);
  let flags = fec[0]! & 0x3f;
  let markerAndType = fec[RTP_HEADER_BYTES + 4]! & 0x7f;
  let timestamp = fecView.getUint32(RTP_HEADER_BYTES + 8);
  let length = fecView.getUint16(RTP_HEADER_BYTES + 2);
  const payload = Uint8Array.from(fec.subarray(RTP_HEADER_BYTES + FEC_HEADER_BYTES));
  for (const packet of received) {
    const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
    flags ^= packet[0]! & 0x3f;
    markerAndType ^= packet[1]!;
    timestamp = (timestamp ^ view.getUint32(4)) >>> 0;
    const body = packet.subarray(RTP_HEADER_BYTES);
    length ^= body.length;
    for (let i = 0; i < body.length; i++) payload[i]! ^= body[i]!;
  }
  const out = new Uint8Array(RTP_HEADER_BYTES + length);
  const view = new DataView(out.buffer);
  out[0] = 0x80 | flags;
  out[1] = markerAndType;
  view.setUint16(2, lostSequenceNumber);
  view.setUint32(4, timestamp);
  out.set(received[0]!.subarray(8, 12), 8);
  out.set(payload.subarray(0, length), RTP_HEADER_BYTES);
  return out;
}
