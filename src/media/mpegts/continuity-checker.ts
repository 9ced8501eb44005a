// continuity_counter checking per PID, ISO/IEC 13818-1 §2.4.3.3:
// - the 4-bit counter increments with each packet of a PID that carries payload;
// - packets with adaptation_field_control '00' or '10' (no payload) do not increment it
//   and are not checked;
// - a packet may be sent twice in a row (same counter, same bytes): the duplicate is not an
//   error and its payload must be discarded; a second duplicate is an error;
// - discontinuity_indicator in the adaptation field allows any new value;
// - the null PID 0x1FFF is not checked.

import { PID_NULL } from "./constants.ts";

export const ContinuityResults = {
  /** First packet on the PID, in sequence, or after a signalled discontinuity. */
  OK: "ok",
  /** A legal duplicate: drop its payload. */
  DUPLICATE: "duplicate",
  /** Packets were lost (or duplicated more than once). */
  ERROR: "error",
  /** Not checked (no payload, or the null PID). */
  SKIPPED: "skipped",
} as const;
export type ContinuityResult = (typeof ContinuityResults)[keyof typeof ContinuityResults];

export class ContinuityChecker {
  readonly #lastCc = new Int8Array(8192).fill(-1);
  readonly #duplicates = new Uint8Array(8192);

  check(pid: number, cc: number, hasPayload: boolean, discontinuity: boolean): ContinuityResult {
    if (pid === PID_NULL || pid < 0 || pid > 0x1fff) return ContinuityResults.SKIPPED;
    if (!hasPayload) {
      if (discontinuity) this.#lastCc[pid] = -1;
      return ContinuityResults.SKIPPED;
    }
    const last = this.#lastCc[pid] ?? -1;
    this.#lastCc[pid] = cc;
    if (last < 0 || discontinuity) {
      this.#duplicates[pid] = 0;
      return ContinuityResults.OK;
    }
    if (cc === last) {
      const seen = (this.#duplicates[pid] ?? 0) + 1;
      this.#duplicates[pid] = Math.min(seen, 2);
      return seen === 1 ? ContinuityResults.DUPLICATE : ContinuityResults.ERROR;
    }
    this.#duplicates[pid] = 0;
    return cc === ((last + 1) & 0x0f) ? ContinuityResults.OK : ContinuityResults.ERROR;
  }

  reset(pid?: number): void {
    if (pid === undefined) {
      this.#lastCc.fill(-1);
      this.#duplicates.fill(0);
    } else if (pid >= 0 && pid <= 0x1fff) {
      this.#lastCc[pid] = -1;
      this.#duplicates[pid] = 0;
    }
  }
}
