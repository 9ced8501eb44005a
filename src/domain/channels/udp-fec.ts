// FecOutputSettings → ffmpeg's `prompeg` FEC (Pro-MPEG Code of Practice #3 release 2, which
// SMPTE 2022-1 standardised): XOR parity of the media RTP packets in a matrix L columns wide
// and D rows deep, column FEC packets to the media port + 2 and row FEC packets to + 4, each
// an RTP packet of payload type 96 with a 16-byte FEC header.
//
// What ffmpeg's prompeg cannot do as MediaLive does, and what is sent instead (each is told
// when the channel is created, see udp-group-notes.ts):
// - it always sends both FEC streams: includeFec COLUMN also gets row FEC on port + 4, which
//   a receiver that does not listen there never sees;
// - L and D each from 4 to 20 and L × D ≤ 100 (SMPTE 2022-1's own limit): a rowLength under 4
//   (MediaLive allows 1–3 for column FEC only) is sent as 4, and a matrix over 100 packets
//   gets the largest D that fits.

import type { FecOutputSettings } from "../../model/generated/medialive-types.ts";

/** prompeg's bounds of L and D, and SMPTE 2022-1's bound of L × D. */
export const PROMPEG_LIMITS = { min: 4, max: 20, maxMatrix: 100 } as const;
/** L and D when fecOutputSettings leaves them out (prompeg's default). */
const DEFAULT_FEC_SIDE = 5;

export interface PlannedFec {
  /** L: the matrix width (packets per row FEC packet, the column FEC offset). */
  readonly rowLength: number;
  /** D: the matrix height (packets per column FEC packet). */
  readonly columnDepth: number;
  /** The rtp protocol's `fec` option value. */
  readonly option: string;
  /** What differs from the configuration, for the plan's warnings; empty when nothing. */
  readonly differences: readonly string[];
}

/** The FEC ffmpeg sends for `settings`; undefined when the output asks for none. */
export function planFec(settings: FecOutputSettings | undefined): PlannedFec | undefined {
  if (!settings) return undefined;
  const differences: string[] = [];
  if (settings.includeFec === "COLUMN") differences.push("includeFec COLUMN: row FEC is sent on port + 4 as well (ffmpeg's prompeg sends both)");
  const askedL = settings.rowLength ?? DEFAULT_FEC_SIDE;
  const rowLength = Math.min(PROMPEG_LIMITS.max, Math.max(PROMPEG_LIMITS.min, askedL));
  if (rowLength !== askedL) differences.push(`rowLength ${askedL} is sent as ${rowLength} (ffmpeg's prompeg takes 4 to 20)`);
  const askedD = settings.columnDepth ?? DEFAULT_FEC_SIDE;
  const fittingD = Math.min(PROMPEG_LIMITS.max, Math.max(PROMPEG_LIMITS.min, askedD), Math.floor(PROMPEG_LIMITS.maxMatrix / rowLength));
  if (fittingD !== askedD) differences.push(`columnDepth ${askedD} is sent as ${fittingD} (L × D at most ${PROMPEG_LIMITS.maxMatrix}, SMPTE 2022-1)`);
  return { rowLength, columnDepth: fittingD, option: `prompeg=l=${rowLength}:d=${fittingD}`, differences };
}
