// MSB-first bit reader over a byte array, with Exp-Golomb codes (ITU-T H.264 §9.1,
// H.265 §9.2). Pure and bounds-checked: reading past the end sets `overrun` and yields 0,
// it never throws, so parsers check `overrun` once at the end instead of every field.

export class BitReader {
  readonly #bytes: Uint8Array;
  /** Position in bits from the start of `bytes`. */
  #bitPos = 0;
  #overrun = false;

  constructor(bytes: Uint8Array, byteOffset = 0) {
    this.#bytes = bytes;
    this.#bitPos = Math.max(0, byteOffset) * 8;
  }

  /** True once any read or skip went past the end of the data. */
  get overrun(): boolean {
    return this.#overrun;
  }

  get bitPosition(): number {
    return this.#bitPos;
  }

  get bitsLeft(): number {
    return Math.max(0, this.#bytes.length * 8 - this.#bitPos);
  }

  get byteAligned(): boolean {
    return (this.#bitPos & 7) === 0;
  }

  /** Reads `count` bits (0–32) as an unsigned number; 0 and `overrun` past the end. */
  readBits(count: number): number {
    if (count <= 0) return 0;
    if (count > 32) count = 32;
    if (this.#bitPos + count > this.#bytes.length * 8) {
      this.#bitPos = this.#bytes.length * 8;
      this.#overrun = true;
      return 0;
    }
    let value = 0;
    for (let i = 0; i < count; i++) {
      const byte = this.#bytes[this.#bitPos >> 3] ?? 0;
      const bit = (byte >> (7 - (this.#bitPos & 7))) & 1;
      value = value * 2 + bit; // multiplication keeps 32-bit values unsigned
      this.#bitPos++;
    }
    return value;
  }

  readBit(): number {
    return this.readBits(1);
  }

  readFlag(): boolean {
    return this.readBits(1) === 1;
  }

  /** ue(v): unsigned Exp-Golomb (H.264 §9.1). More than 31 leading zeros is invalid: overrun, 0. */
  readUE(): number {
    let leadingZeros = 0;
    while (this.readBits(1) === 0) {
      if (this.#overrun) return 0;
      leadingZeros++;
      if (leadingZeros > 31) {
        this.#overrun = true;
        return 0;
      }
    }
    if (leadingZeros === 0) return 0;
    const suffix = this.readBits(leadingZeros);
    return this.#overrun ? 0 : 2 ** leadingZeros - 1 + suffix;
  }

  /** se(v): signed Exp-Golomb (H.264 §9.1.1): 1, -1, 2, -2, ... */
  readSE(): number {
    const codeNum = this.readUE();
    if (codeNum === 0) return 0;
    return codeNum % 2 === 1 ? (codeNum + 1) / 2 : -(codeNum / 2);
  }

  /** Skips `count` bits; past the end sets `overrun`. */
  skipBits(count: number): void {
    if (count <= 0) return;
    if (this.#bitPos + count > this.#bytes.length * 8) {
      this.#bitPos = this.#bytes.length * 8;
      this.#overrun = true;
      return;
    }
    this.#bitPos += count;
  }

  skipUE(): void {
    this.readUE();
  }

  /** Advances to the next byte boundary. */
  alignToByte(): void {
    this.#bitPos = Math.min(this.#bytes.length * 8, (this.#bitPos + 7) & ~7);
  }
}
