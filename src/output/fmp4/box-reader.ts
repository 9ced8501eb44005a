// A reader of the top-level boxes of an ISO base media file (ISO/IEC 14496-12 §4.2) as it
// arrives in chunks of any size: each box's header is its 32-bit size and four-character
// type, a size of 1 meaning a 64-bit size follows and 0 "to the end of the file" (never
// written by a fragmenting muxer, so refused here: a live stream has no end to run to).
// Pure: bytes in, whole boxes out.

/** One whole top-level box, header included. */
export interface Box {
  readonly type: string;
  readonly bytes: Buffer;
}

/** Boxes larger than this are taken for a corrupt stream (a fragment of a live encode is far smaller). */
export const MAX_BOX_BYTES = 256 * 1024 * 1024;

export class BoxReader {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #failed: string | undefined;

  /** The boxes completed by `chunk`, in order. Throws once the stream is not a box stream; reset() starts again. */
  push(chunk: Buffer): Box[] {
    if (this.#failed) throw new Error(this.#failed);
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    const boxes: Box[] = [];
    for (;;) {
      const size = this.#nextBoxSize();
      if (size === undefined || this.#pendingBytes < size) break;
      const all = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending, this.#pendingBytes);
      const bytes = all.subarray(0, size);
      const rest = all.subarray(size);
      this.#pending = rest.length > 0 ? [rest] : [];
      this.#pendingBytes = rest.length;
      boxes.push({ type: bytes.toString("latin1", 4, 8), bytes });
    }
    return boxes;
  }

  /** Bytes of a box not yet complete. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** Forgets a partial box: the next byte pushed starts a new stream. */
  reset(): void {
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#failed = undefined;
  }

  /** The size of the box at the head, once its header has arrived. */
  #nextBoxSize(): number | undefined {
    if (this.#pendingBytes < 8) return undefined;
    const head = this.#head(16);
    const size32 = head.readUInt32BE(0);
    let size: number;
    if (size32 === 1) {
      if (head.length < 16) return undefined;
      const size64 = head.readBigUInt64BE(8);
      size = size64 > BigInt(MAX_BOX_BYTES) ? MAX_BOX_BYTES + 1 : Number(size64);
    } else {
      size = size32;
    }
    const headerBytes = size32 === 1 ? 16 : 8;
    if (size < headerBytes || size > MAX_BOX_BYTES) {
      this.#failed = `not a stream of ISO BMFF boxes: a box of ${size32 === 0 ? "unbounded" : size} bytes`;
      throw new Error(this.#failed);
    }
    return size;
  }

  #head(bytes: number): Buffer {
    const first = this.#pending[0]!;
    if (first.length >= bytes || this.#pending.length === 1) return first.subarray(0, bytes);
    return Buffer.concat(this.#pending).subarray(0, bytes);
  }
}
