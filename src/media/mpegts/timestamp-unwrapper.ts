// Turns 33-bit PTS/DTS/PCR-base values (ISO/IEC 13818-1 §2.4.3.7, wrapping every 2^33 ticks,
// about 26.5 hours at 90 kHz) into one monotonic timeline per stream. Each value is placed
// on the 2^33 lap nearest to the previous value, so forward wraps add 2^33 and small
// backward steps (B-frame PTS < previous PTS, jitter) stay backward steps instead of
// jumping a whole lap ahead.

import { TIMESTAMP_MODULUS_33 } from "./constants.ts";

export class TimestampUnwrapper {
  #last: number | null = null;

  /** Unwraps a raw 33-bit value (other values are reduced modulo 2^33 first). */
  unwrap(raw: number): number {
    const value = ((raw % TIMESTAMP_MODULUS_33) + TIMESTAMP_MODULUS_33) % TIMESTAMP_MODULUS_33;
    if (this.#last === null) {
      this.#last = value;
      return value;
    }
    const lapBase = Math.floor(this.#last / TIMESTAMP_MODULUS_33) * TIMESTAMP_MODULUS_33;
    let candidate = lapBase + value;
    if (candidate - this.#last > TIMESTAMP_MODULUS_33 / 2) candidate -= TIMESTAMP_MODULUS_33;
    else if (this.#last - candidate > TIMESTAMP_MODULUS_33 / 2) candidate += TIMESTAMP_MODULUS_33;
    this.#last = candidate;
    return candidate;
  }

  reset(): void {
    this.#last = null;
  }
}
