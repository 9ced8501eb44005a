// A splice_insert() in program splice mode (ANSI/SCTE 35 2023 §9.7.3) as openlive writes one for
// a cue that arrived without a message of its own (an HLS cue tag, an RTMP cue point): out of or
// back into the network at a PTS (immediate without one), a declared duration as break_duration
// with auto_return. Pure.

import type { SpliceInsert } from "./splice-info.ts";
import { wrap33 } from "./splice-pts.ts";
import { spliceSection, writeSpliceInfoSection } from "./splice-writer.ts";

export function programSpliceInsert(spliceEventId: number, outOfNetwork: boolean, pts90k: number | null, duration90k: number | null): SpliceInsert {
  return {
    kind: "splice_insert",
    spliceEventId,
    spliceEventCancelIndicator: false,
    outOfNetworkIndicator: outOfNetwork,
    programSpliceFlag: true,
    spliceImmediateFlag: pts90k === null,
    eventIdComplianceFlag: true,
    spliceTime: pts90k === null ? null : { ptsTime90k: wrap33(pts90k) },
    components: [],
    breakDuration: duration90k === null ? null : { autoReturn: true, duration90k },
    uniqueProgramId: 0,
    availNum: 0,
    availsExpected: 0,
  };
}

/** The whole splice_info_section of programSpliceInsert. */
export function programSpliceInsertSection(spliceEventId: number, outOfNetwork: boolean, pts90k: number | null, duration90k: number | null): Uint8Array {
  return writeSpliceInfoSection(spliceSection(programSpliceInsert(spliceEventId, outOfNetwork, pts90k, duration90k)));
}

/** splice_event_ids of cues without one of their own: 1, 2, 3 … (32 bits, wrapping back to 1). */
export class SpliceEventIds {
  #next = 1;

  take(): number {
    const eventId = this.#next;
    this.#next = eventId + 1 >= 2 ** 32 ? 1 : eventId + 1;
    return eventId;
  }

  /** The id taken last (1 before any). */
  get last(): number {
    return this.#next === 1 ? 1 : this.#next - 1;
  }
}
