// Caption presence across access units. parseH264AccessUnit looks at one picture only,
// but a CEA-708 DTVCC packet (CEA-708 §5, up to 128 bytes) may be spread over the cc_data
// of several pictures; this tracker keeps the partial packet between pictures. Pure state,
// bounded memory: at most one packet (128 bytes) is buffered.

import { CcTypes, cea608ChannelOfPair, dtvccServicesOfPacket, type CaptionPresence, type CcDataTriplet } from "./a53-captions.ts";

const MAX_DTVCC_PACKET_BYTES = 128;

export class CaptionPresenceTracker {
  readonly #cea608 = new Set<number>();
  readonly #cea708 = new Set<number>();
  #packet: number[] | undefined;

  /** Feeds one picture's cc_data triplets (in decode order). */
  pushTriplets(triplets: readonly CcDataTriplet[]): void {
    for (const t of triplets) {
      if (!t.ccValid) continue;
      if (t.ccType === CcTypes.NTSC_FIELD_1 || t.ccType === CcTypes.NTSC_FIELD_2) {
        const channel = cea608ChannelOfPair(t.ccType === CcTypes.NTSC_FIELD_1 ? 1 : 2, t.ccData1, t.ccData2);
        if (channel !== undefined) this.#cea608.add(channel);
      } else if (t.ccType === CcTypes.DTVCC_PACKET_START) {
        this.#flush();
        this.#packet = [t.ccData1, t.ccData2];
      } else if (this.#packet && this.#packet.length < MAX_DTVCC_PACKET_BYTES) {
        this.#packet.push(t.ccData1, t.ccData2);
      }
      if (this.#packet && this.#packet.length >= packetSizeBytes(this.#packet[0] ?? 0)) this.#flush();
    }
  }

  /** Everything seen so far (a partial packet counts for its complete service blocks). */
  get presence(): CaptionPresence {
    const cea708 = new Set(this.#cea708);
    if (this.#packet) for (const service of dtvccServicesOfPacket(Uint8Array.from(this.#packet))) cea708.add(service);
    return { cea608Channels: [...this.#cea608].sort((a, b) => a - b), cea708Services: [...cea708].sort((a, b) => a - b) };
  }

  #flush(): void {
    if (this.#packet) for (const service of dtvccServicesOfPacket(Uint8Array.from(this.#packet))) this.#cea708.add(service);
    this.#packet = undefined;
  }
}

/** packet_size_code (low 6 bits of the header) → bytes, header included (0 → 128). */
function packetSizeBytes(header: number): number {
  const code = header & 0x3f;
  return code === 0 ? MAX_DTVCC_PACKET_BYTES : code * 2;
}
