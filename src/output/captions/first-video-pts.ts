// The PTS of the first video PES in an MPEG-TS file (ISO/IEC 13818-1 §2.4.3.6: stream_id
// 0xE0–0xEF): where the encoder's clock stands for the first picture it wrote, which ties the
// worker's fed timestamps to the output's (the encoder rebases what it is fed).

import { parseTsPacketHeader } from "../../media/mpegts/packet-header.ts";
import { parsePesHeader } from "../../media/mpegts/pes-header.ts";

const TS_PACKET_BYTES = 188;

export function firstVideoPts90k(ts: Uint8Array): number | undefined {
  for (let offset = 0; offset + TS_PACKET_BYTES <= ts.length; offset += TS_PACKET_BYTES) {
    const parsed = parseTsPacketHeader(ts, offset);
    if (!parsed.ok || !parsed.header.payloadUnitStart || !parsed.header.hasPayload) continue;
    const pes = parsePesHeader(ts.subarray(offset + parsed.header.payloadOffset, offset + TS_PACKET_BYTES));
    if (!pes.ok || (pes.header.streamId & 0xf0) !== 0xe0 || pes.header.pts90k === null) continue;
    return pes.header.pts90k;
  }
  return undefined;
}
