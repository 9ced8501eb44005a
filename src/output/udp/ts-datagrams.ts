// MPEG-TS over plain UDP: the encoder's transport stream, as it arrives from the relay socket
// in chunks of any size, cut into datagram payloads of 7 whole TS packets (7 × 188 = 1316
// bytes: what MediaLive and ffmpeg send, and what fits an Ethernet MTU with the IP, UDP and
// RTP headers). Pure: bytes in, payloads out.
//
//   one datagram (udp://), or one RTP payload (rtp://, RFC 2250 §2):
//   +--------------+--------------+-----+--------------+
//   | TS packet 1  | TS packet 2  | ... | TS packet 7  |   each 188 bytes, sync byte 0x47
//   +--------------+--------------+-----+--------------+
//
// A chunk boundary may fall anywhere; the packets are re-aligned on their sync byte
// (ISO/IEC 13818-1 §2.4.3.2) should the stream ever lose step, so a datagram always carries
// whole packets.
//
// The payloads are views of the bytes pushed, never copies (a copy per datagram is hundreds of
// allocations a second): a chunk pushed here must not be written to afterwards. The relay
// socket's reads are fresh buffers each; only the few bytes that wait for the next chunk are
// copied, and then the one datagram they begin.

export const TS_PACKET_BYTES = 188;
const TS_SYNC_BYTE = 0x47;
/** TS packets per datagram (and per RTP packet). */
export const TS_PACKETS_PER_DATAGRAM = 7;
export const TS_DATAGRAM_BYTES = TS_PACKETS_PER_DATAGRAM * TS_PACKET_BYTES;

export class TsDatagrams {
  #pending: Buffer = Buffer.alloc(0);

  /** A new transport stream starts: bytes of the previous one are dropped. */
  reset(): void {
    this.#pending = Buffer.alloc(0);
  }

  /** The full datagram payloads the bytes so far complete. */
  push(chunk: Buffer): Buffer[] {
    const datagrams: Buffer[] = [];
    let bytes = chunk;
    if (this.#pending.length > 0) {
      // The usual case: the waiting bytes and the chunk's head make one whole datagram in step,
      // and the rest of the chunk goes on from a packet's start; only that datagram is copied,
      // not the whole chunk. Otherwise (a chunk too short, or out of step) all of it is joined.
      const need = TS_DATAGRAM_BYTES - this.#pending.length;
      const head = chunk.length >= need ? Buffer.concat([this.#pending, chunk.subarray(0, need)], TS_DATAGRAM_BYTES) : undefined;
      if (head && firstMisaligned(head, 0, TS_DATAGRAM_BYTES) === undefined && (chunk.length === need || chunk[need] === TS_SYNC_BYTE)) {
        datagrams.push(head);
        bytes = chunk.subarray(need);
      } else {
        bytes = Buffer.concat([this.#pending, chunk]);
      }
    }
    bytes = alignOnSync(bytes);
    let at = 0;
    while (bytes.length - at >= TS_DATAGRAM_BYTES) {
      const end = at + TS_DATAGRAM_BYTES;
      const lost = firstMisaligned(bytes, at, end);
      if (lost !== undefined) {
        // Out of step: drop up to the misaligned packet and find the sync byte again.
        bytes = alignOnSync(bytes.subarray(lost + 1));
        at = 0;
        continue;
      }
      datagrams.push(bytes.subarray(at, end));
      at = end;
    }
    this.#pending = Buffer.from(bytes.subarray(at));
    return datagrams;
  }
}

/** The offset of the first packet in [start, end) that does not begin with the sync byte. */
function firstMisaligned(bytes: Buffer, start: number, end: number): number | undefined {
  for (let at = start; at < end; at += TS_PACKET_BYTES) if (bytes[at] !== TS_SYNC_BYTE) return at;
  return undefined;
}

/**
 * `bytes` from the first sync byte that a second one follows a packet later (or that ends the
 * bytes so far, to be confirmed by the next chunk).
 */
function alignOnSync(bytes: Buffer): Buffer {
  for (let at = 0; at < bytes.length; at++) {
    if (bytes[at] !== TS_SYNC_BYTE) continue;
    if (at + TS_PACKET_BYTES >= bytes.length || bytes[at + TS_PACKET_BYTES] === TS_SYNC_BYTE) return at === 0 ? bytes : bytes.subarray(at);
  }
  return Buffer.alloc(0);
}
