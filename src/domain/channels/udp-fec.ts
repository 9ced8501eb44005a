// FecOutputSettings → the SMPTE 2022-1 FEC openlive's own encoder sends (src/output/udp/
// smpte2022-fec.ts): XOR parity of the media RTP packets in a matrix L columns wide and D rows
// deep, column FEC packets to the media port + 2 and, with includeFec COLUMN_AND_ROW, row FEC
// packets to + 4.
//
// MediaLive's model bounds L (rowLength) to 1–20 and D (columnDepth) to 4–20, and both are
// sent as asked; SMPTE 2022-1 also bounds the matrix to L × D ≤ 100 packets, so a larger one
// is sent with the largest D that fits (told when the channel is created, udp-group-notes.ts).

import type { FecOutputSettings } from "../../model/generated/medialive-types.ts";

/** SMPTE 2022-1's bounds of L, D and L × D. */
export const SMPTE_2022_1_LIMITS = { minL: 1, maxL: 20, minD: 4, maxD: 20, maxMatrix: 100 } as const;
/** L and D when fecOutputSettings leaves them out. */
const DEFAULT_FEC_SIDE = 5;

export interface PlannedFec {
  /** L: the matrix width (packets per row FEC packet, the column FEC offset). */
  readonly rowLength: number;
  /** D: the matrix height (packets per column FEC packet). */
  readonly columnDepth: number;
  /** Row FEC to port + 4 as well as column FEC to + 2 (includeFec COLUMN_AND_ROW, the default). */
  readonly rows: boolean;
  /** What differs from the configuration, for the plan's warnings; empty when nothing. */
  readonly differences: readonly string[];
}

/** The FEC sent for `settings`; undefined when the output asks for none. */
export function planFec(settings: FecOutputSettings | undefined): PlannedFec | undefined {
  if (!settings) return undefined;
  const differences: string[] = [];
  const { minL, maxL, minD, maxD, maxMatrix } = SMPTE_2022_1_LIMITS;
  const rowLength = Math.min(maxL, Math.max(minL, settings.rowLength ?? DEFAULT_FEC_SIDE));
  const askedD = Math.min(maxD, Math.max(minD, settings.columnDepth ?? DEFAULT_FEC_SIDE));
  const columnDepth = Math.max(minD, Math.min(askedD, Math.floor(maxMatrix / rowLength)));
  if (columnDepth !== askedD) differences.push(`columnDepth ${askedD} is sent as ${columnDepth} (L × D at most ${maxMatrix}, SMPTE 2022-1)`);
  return { rowLength, columnDepth, rows: settings.includeFec !== "COLUMN", differences };
}
