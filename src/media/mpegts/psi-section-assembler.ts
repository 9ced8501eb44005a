// PSI section assembly across TS packets, ISO/IEC 13818-1 §2.4.4.1–2.4.4.2. One instance
// per PID. When payload_unit_start_indicator is set, the payload begins with pointer_field:
// the number of bytes that still belong to the section in progress; then new sections
// follow back to back until 0xFF stuffing.
//
// payload (PUSI=1): | pointer_field (8) | tail of previous section (pointer bytes) |
//                   | section | section | ... | 0xFF stuffing |
// section start:    | table_id (8) | S 1 | '0' 1 | reserved 2 | section_length (12) | ... |
//
// Sections are returned whole (header to CRC); CRC checking belongs to the table parsers.

/** Largest section: 3 header bytes + section_length up to 4093 (private sections). */
export const MAX_SECTION_BYTES = 3 + 4093;

export interface PsiAssemblerStats {
  /** Sections abandoned: PUSI arrived before the section in progress was complete, or a length was impossible. */
  truncatedSections: number;
}

export class PsiSectionAssembler {
  #pending: Uint8Array | null = null;
  #pendingLength = 0;
  #expectedLength = 0;
  readonly stats: PsiAssemblerStats = { truncatedSections: 0 };

  /** Drops a section in progress (after a continuity error). */
  reset(): void {
    this.#pending = null;
    this.#pendingLength = 0;
    this.#expectedLength = 0;
  }

  /** Feeds one packet payload; returns the sections it completes (views or copies, safe to keep). */
  push(payload: Uint8Array, payloadUnitStart: boolean): Uint8Array[] {
    const sections: Uint8Array[] = [];
    if (payload.length === 0) return sections;
    if (!payloadUnitStart) {
      if (this.#pending) this.#append(payload, 0, payload.length, sections);
      return sections;
    }
    const pointer = payload[0] ?? 0;
    const sectionsStart = 1 + pointer;
    if (this.#pending) {
      this.#append(payload, 1, Math.min(sectionsStart, payload.length), sections);
      if (this.#pending) {
        this.stats.truncatedSections++;
        this.reset();
      }
    }
    let offset = sectionsStart;
    while (offset + 3 <= payload.length) {
      if (payload[offset] === 0xff) break; // stuffing
      const sectionLength = (((payload[offset + 1] ?? 0) & 0x0f) << 8) | (payload[offset + 2] ?? 0);
      const total = 3 + sectionLength;
      if (offset + total <= payload.length) {
        sections.push(payload.slice(offset, offset + total));
        offset += total;
        continue;
      }
      this.#pending = new Uint8Array(total);
      this.#expectedLength = total;
      this.#pendingLength = 0;
      this.#append(payload, offset, payload.length, sections);
      return sections;
    }
    if (offset < payload.length && payload[offset] !== 0xff) {
      // 1–2 bytes of a section header at the very end: keep them until the length is known.
      this.#pending = new Uint8Array(3);
      this.#expectedLength = 0;
      this.#pendingLength = 0;
      this.#append(payload, offset, payload.length, sections);
    }
    return sections;
  }

  #append(payload: Uint8Array, from: number, to: number, out: Uint8Array[]): void {
    let offset = from;
    while (this.#pending && offset < to) {
      if (this.#expectedLength === 0) {
        // Header still incomplete: gather the 3 bytes holding section_length.
        const take = Math.min(3 - this.#pendingLength, to - offset);
        this.#pending.set(payload.subarray(offset, offset + take), this.#pendingLength);
        this.#pendingLength += take;
        offset += take;
        if (this.#pendingLength < 3) return;
        const total = 3 + ((((this.#pending[1] ?? 0) & 0x0f) << 8) | (this.#pending[2] ?? 0));
        const grown = new Uint8Array(total);
        grown.set(this.#pending.subarray(0, 3));
        this.#pending = grown;
        this.#expectedLength = total;
        continue;
      }
      const take = Math.min(this.#expectedLength - this.#pendingLength, to - offset);
      this.#pending.set(payload.subarray(offset, offset + take), this.#pendingLength);
      this.#pendingLength += take;
      offset += take;
      if (this.#pendingLength === this.#expectedLength) {
        out.push(this.#pending);
        this.reset();
      }
    }
  }
}
