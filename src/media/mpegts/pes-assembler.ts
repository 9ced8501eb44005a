// PES assembly for one PID, ISO/IEC 13818-1 §2.4.3.6. A packet with
// payload_unit_start_indicator set begins a PES packet; the packet ends when
// PES_packet_length bytes have arrived, or — when PES_packet_length is 0 (unbounded, video)
// — at the next payload_unit_start or at flush(). Payload bytes are copied into one growing
// per-PID buffer as they arrive (so callers may reuse their input buffers), and the
// elementary stream data is copied out, exactly sized, when the PES completes.

import { parsePesHeader, type PesHeader } from "./pes-header.ts";

/** Default per-PID buffer cap: a PES larger than this is dropped and counted. */
export const DEFAULT_MAX_PES_BYTES = 8 * 1024 * 1024;

const INITIAL_CAPACITY = 4096;
/** A buffer above this size shrinks back when a PES uses less than a quarter of it. */
const SHRINK_ABOVE_BYTES = 1024 * 1024;

export interface AssembledPes {
  readonly header: PesHeader;
  /** Elementary stream payload (PES header stripped); a copy. */
  readonly data: Uint8Array;
  /** random_access_indicator of the packet that started this PES. */
  readonly randomAccess: boolean;
  /** A continuity error happened on this PID while the PES was being assembled. */
  readonly continuityError: boolean;
}

export interface PesAssemblerStats {
  /** PES starts without 0x000001, bad headers, or PES cut short by the next start. */
  pesErrors: number;
  /** PES dropped because it grew past the buffer cap. */
  pesOverflows: number;
}

export class PesAssembler {
  readonly #maxBytes: number;
  #buffer = new Uint8Array(INITIAL_CAPACITY);
  #bytes = 0;
  #active = false;
  /** Total PES size from PES_packet_length, or 0 when unbounded/unknown yet. */
  #expectedBytes = 0;
  #lengthKnown = false;
  #randomAccess = false;
  #continuityError = false;

  constructor(maxBytes = DEFAULT_MAX_PES_BYTES) {
    this.#maxBytes = maxBytes;
  }

  get bufferedBytes(): number {
    return this.#bytes;
  }

  /** Marks the PES in progress as damaged (continuity error on its PID). */
  markContinuityError(): void {
    if (this.#active) this.#continuityError = true;
  }

  /** Feeds one packet payload; the bytes are copied, the view is not kept. */
  push(payload: Uint8Array, payloadUnitStart: boolean, randomAccess: boolean, stats: PesAssemblerStats, out: AssembledPes[]): void {
    if (payloadUnitStart) {
      if (this.#active) {
        if (this.#lengthKnown && this.#expectedBytes > 0) {
          stats.pesErrors++; // the bounded PES in progress never completed
          this.#reset();
        } else {
          this.#finish(stats, out);
        }
      }
      this.#active = true;
      this.#randomAccess = randomAccess;
      this.#continuityError = false;
    } else if (!this.#active) {
      return; // joined mid-PES: wait for the next start
    }
    if (payload.length === 0) return;
    if (this.#bytes + payload.length > this.#maxBytes) {
      stats.pesOverflows++;
      this.#buffer = new Uint8Array(INITIAL_CAPACITY);
      this.#reset();
      return;
    }
    this.#append(payload);
    if (!this.#lengthKnown && this.#bytes >= 6) {
      const head = this.#buffer;
      if (head[0] !== 0 || head[1] !== 0 || head[2] !== 1) {
        stats.pesErrors++;
        this.#reset();
        return;
      }
      const declared = ((head[4] ?? 0) << 8) | (head[5] ?? 0);
      this.#lengthKnown = true;
      this.#expectedBytes = declared === 0 ? 0 : declared + 6;
    }
    if (this.#lengthKnown && this.#expectedBytes > 0 && this.#bytes >= this.#expectedBytes) this.#finish(stats, out);
  }

  /** Ends an unbounded PES in progress (end of stream); a bounded incomplete one is dropped. */
  flush(stats: PesAssemblerStats, out: AssembledPes[]): void {
    if (!this.#active) return;
    if (this.#lengthKnown && this.#expectedBytes > 0) {
      stats.pesErrors++;
      this.#reset();
      return;
    }
    this.#finish(stats, out);
  }

  #append(payload: Uint8Array): void {
    const needed = this.#bytes + payload.length;
    if (needed > this.#buffer.length) {
      let capacity = this.#buffer.length * 2;
      while (capacity < needed) capacity *= 2;
      const grown = new Uint8Array(Math.min(capacity, Math.max(needed, this.#maxBytes)));
      grown.set(this.#buffer.subarray(0, this.#bytes));
      this.#buffer = grown;
    }
    this.#buffer.set(payload, this.#bytes);
    this.#bytes = needed;
  }

  #finish(stats: PesAssemblerStats, out: AssembledPes[]): void {
    const total = this.#expectedBytes > 0 ? Math.min(this.#expectedBytes, this.#bytes) : this.#bytes;
    const pes = this.#buffer.subarray(0, total);
    const randomAccess = this.#randomAccess;
    const continuityError = this.#continuityError;
    const parsed = parsePesHeader(pes);
    if (!parsed.ok) stats.pesErrors++;
    else out.push({ header: parsed.header, data: pes.slice(parsed.header.payloadOffset), randomAccess, continuityError });
    if (this.#buffer.length > SHRINK_ABOVE_BYTES && total < this.#buffer.length / 4) this.#buffer = new Uint8Array(INITIAL_CAPACITY);
    this.#reset();
  }

  #reset(): void {
    this.#bytes = 0;
    this.#active = false;
    this.#expectedBytes = 0;
    this.#lengthKnown = false;
    this.#randomAccess = false;
    this.#continuityError = false;
  }
}
