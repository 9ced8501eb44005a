// PSI / private sections into TS packets, ISO/IEC 13818-1 §2.4.4.1–2.4.4.2 (the inverse of
// psi-section-assembler.ts). Sections go back to back: the packet where a section starts has
// payload_unit_start_indicator set and a pointer_field giving the bytes of the previous
// section still in it (0 when none); a section may span packets, several may share one,
// and 0xFF stuffing fills the last packet (§2.4.4.2: once 0xFF appears as table_id the rest
// of the packet is stuffing).

import { TS_MAX_PAYLOAD } from "./constants.ts";
import { writeTsPacket } from "./packet-writer.ts";

export interface PacketizedSections {
  readonly packets: Uint8Array[];
  /** continuity_counter for the PID's next packet. */
  readonly nextContinuityCounter: number;
}

/**
 * Packets carrying `sections` on `pid`, the first with `continuityCounter`. Sections start in
 * order; a section starting in a packet already holding a section start shares its pointer_field.
 */
export function packetizeSections(pid: number, sections: readonly Uint8Array[], continuityCounter: number): PacketizedSections {
  const packets: Uint8Array[] = [];
  let cc = continuityCounter & 0x0f;
  // Lay the sections into a stream of packet payloads, inserting a pointer_field into each
  // payload where some section starts.
  let payload: number[] = [];
  let payloadStarts = false;
  const flush = (): void => {
    const bytes = new Uint8Array(TS_MAX_PAYLOAD).fill(0xff);
    bytes.set(payload.slice(0, TS_MAX_PAYLOAD));
    packets.push(writeTsPacket(pid, payloadStarts, cc, null, bytes).packet);
    cc = (cc + 1) & 0x0f;
    payload = [];
    payloadStarts = false;
  };
  for (const section of sections) {
    let offset = 0;
    while (offset < section.length) {
      if (offset === 0 && !payloadStarts) {
        // A section starts here: pointer_field first, counting the bytes already in this payload.
        if (payload.length + 1 + Math.min(3, section.length) > TS_MAX_PAYLOAD && payload.length > 0) {
          flush(); // no room for pointer_field and a section header: start in the next packet
          continue;
        }
        payload.unshift(payload.length);
        payloadStarts = true;
      }
      const room = TS_MAX_PAYLOAD - payload.length;
      const take = Math.min(room, section.length - offset);
      for (let i = 0; i < take; i++) payload.push(section[offset + i] ?? 0);
      offset += take;
      if (payload.length === TS_MAX_PAYLOAD) flush();
    }
  }
  if (payload.length > 0) flush();
  return { packets, nextContinuityCounter: cc };
}
