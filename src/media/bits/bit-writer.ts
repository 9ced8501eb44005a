// MSB-first bit writer, the mirror of bit-reader.ts: fields of 1–53 bits appended to a
// growing buffer. Values wider than 32 bits (33-bit PTS, 40-bit durations, 48-bit TAI
// seconds) are split arithmetically because JavaScript bit operators work on 32 bits.

export class BitWriter {
  #bytes = new Uint8Array(64);
  #bitPos = 0;

  get bitPosition(): number {
    return this.#bitPos;
  }

  get byteAligned(): boolean {
    return (this.#bitPos & 7) === 0;
  }

  /** Appends the low `count` bits (0–53) of a non-negative integer, most significant first. */
  writeBits(count: number, value: number): void {
    if (count <= 0) return;
    this.#ensure(count);
    const v = Math.max(0, Math.floor(value));
    for (let i = count - 1; i >= 0; i--) {
      const bit = Math.floor(v / 2 ** i) % 2;
      if (bit) this.#bytes[this.#bitPos >> 3] = (this.#bytes[this.#bitPos >> 3] ?? 0) | (0x80 >> (this.#bitPos & 7));
      this.#bitPos++;
    }
  }

  writeFlag(flag: boolean): void {
    this.writeBits(1, flag ? 1 : 0);
  }

  /** `count` bits all set: the value reserved fields carry. */
  writeReserved(count: number): void {
    for (let left = count; left > 0; left -= 32) this.writeBits(Math.min(32, left), 2 ** Math.min(32, left) - 1);
  }

  /** Appends whole bytes; the writer must be byte aligned. */
  writeBytes(bytes: Uint8Array): void {
    if (!this.byteAligned) throw new RangeError("writeBytes needs a byte-aligned writer");
    this.#ensure(bytes.length * 8);
    this.#bytes.set(bytes, this.#bitPos >> 3);
    this.#bitPos += bytes.length * 8;
  }

  /** Overwrites one byte already written (length fields filled in afterwards). */
  patchByte(byteOffset: number, value: number): void {
    this.#bytes[byteOffset] = value & 0xff;
  }

  /** The bytes written so far (a trailing partial byte is padded with zeros). */
  finish(): Uint8Array {
    return this.#bytes.slice(0, (this.#bitPos + 7) >> 3);
  }

  #ensure(extraBits: number): void {
    const needed = (this.#bitPos + extraBits + 7) >> 3;
    if (needed <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(needed, this.#bytes.length * 2));
    grown.set(this.#bytes);
    this.#bytes = grown;
  }
}
