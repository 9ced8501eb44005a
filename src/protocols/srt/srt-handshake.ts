// Recognises the first datagram of an SRT connection: a caller's induction handshake. Pure.
//
// draft-sharabayko-srt-01, section 3 (Packet Structure): every SRT packet starts with a
// 16-byte header; the first bit F is 1 for a control packet, followed by a 15-bit Control
// Type, 0x0000 for HANDSHAKE (section 3.2). Section 3.2.1 (Handshake): the Control
// Information Field holds Version (32 bits), Encryption Field (16), Extension Field (16),
// Initial Packet Sequence Number, Maximum Transmission Unit Size, Maximum Flow Window Size,
// Handshake Type, SRT Socket ID, SYN Cookie and Peer IP Address (128): 48 bytes, so a
// handshake is at least 64 bytes. Section 4.3.1.1 (Caller-Listener Handshake, Induction):
// the caller's first packet has Handshake Type INDUCTION (0x00000001), Version 4 (the UDT
// legacy value every caller sends in this phase), and Destination Socket ID 0.

const HEADER_BYTES = 16;
const HANDSHAKE_CIF_BYTES = 48;
/** F = 1, Control Type = 0x0000 (HANDSHAKE). */
const HANDSHAKE_FIRST_HALFWORD = 0x8000;
const HANDSHAKE_TYPE_INDUCTION = 0x00000001;
const INDUCTION_VERSION = 4;

const OFFSET = {
  destinationSocketId: 12,
  version: HEADER_BYTES,
  handshakeType: HEADER_BYTES + 20,
} as const;

export function isSrtInductionHandshake(datagram: Uint8Array): boolean {
  if (datagram.length < HEADER_BYTES + HANDSHAKE_CIF_BYTES) return false;
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.length);
  return (
    view.getUint16(0) === HANDSHAKE_FIRST_HALFWORD &&
    view.getUint32(OFFSET.destinationSocketId) === 0 &&
    view.getUint32(OFFSET.version) === INDUCTION_VERSION &&
    view.getUint32(OFFSET.handshakeType) === HANDSHAKE_TYPE_INDUCTION
  );
}
