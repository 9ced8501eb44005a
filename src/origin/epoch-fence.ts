// Which writes of a pipeline's HLS the origin takes: only those under the epoch the cluster
// gave the pipeline's current claim, never an older one (a replaced holder that still runs).
// The storage checks the token itself, so a holder paused past its lease cannot overwrite
// what its replacement published. Pure: the caller asks the database when told to, and
// passes the time in.
//
// The database is asked at most once per `recheckMs` per pipeline while the same epoch keeps
// writing, so publication costs no query per segment; a lower epoch is refused from memory;
// a higher one is confirmed first. While the database cannot answer, the epoch last confirmed
// keeps writing: nobody can claim the pipeline without the database either, and a media
// outage must not follow a database outage.

export interface FenceEntry {
  /** The highest epoch the database confirmed for the pipeline. */
  readonly epoch: number;
  readonly confirmedAtMs: number;
}

/** accept; refuse (an older epoch: final); ask the database; unavailable (cannot tell now: the writer tries again). */
export const FENCE_VERDICTS = { ACCEPT: "accept", REFUSE: "refuse", ASK: "ask", UNAVAILABLE: "unavailable" } as const;
export type FenceVerdict = (typeof FENCE_VERDICTS)[keyof typeof FENCE_VERDICTS];

/** Before asking the database: what memory alone can decide. */
export function fenceFromMemory(entry: FenceEntry | undefined, epoch: number, nowMs: number, recheckMs: number): FenceVerdict {
  if (!entry) return FENCE_VERDICTS.ASK;
  if (epoch < entry.epoch) return FENCE_VERDICTS.REFUSE;
  if (epoch === entry.epoch && nowMs - entry.confirmedAtMs < recheckMs) return FENCE_VERDICTS.ACCEPT;
  return FENCE_VERDICTS.ASK;
}

/**
 * After asking: `current` is the pipeline's epoch in the database (undefined: the pipeline is
 * not wanted, e.g. its channel stopped). Returns the verdict and the entry to keep.
 */
export function fenceFromDatabase(entry: FenceEntry | undefined, epoch: number, current: number | undefined, nowMs: number): { verdict: FenceVerdict; entry: FenceEntry | undefined } {
  if (current === undefined) return { verdict: FENCE_VERDICTS.REFUSE, entry };
  const highest = Math.max(current, entry?.epoch ?? 0);
  const kept = { epoch: highest, confirmedAtMs: nowMs };
  return { verdict: epoch === current ? FENCE_VERDICTS.ACCEPT : FENCE_VERDICTS.REFUSE, entry: kept };
}

/**
 * The database did not answer: the epoch it confirmed last keeps writing, an older one is
 * refused, and a newer one waits until the database can confirm it.
 */
export function fenceWithoutDatabase(entry: FenceEntry | undefined, epoch: number): FenceVerdict {
  if (entry === undefined || epoch > entry.epoch) return FENCE_VERDICTS.UNAVAILABLE;
  return epoch === entry.epoch ? FENCE_VERDICTS.ACCEPT : FENCE_VERDICTS.REFUSE;
}
