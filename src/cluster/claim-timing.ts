// When a worker tries to claim again after a claim that took nothing. Pure: the database says
// how soon the zone's next lease held by another node expires (by its own clock, so the
// workers' clocks do not matter) and this says whether to try at that instant rather than at
// the next regular poll: a dead holder's pipeline then moves as soon as its lease allows.

/**
 * After the expiry, a claim's transaction must see now() past it (the claim takes leases with
 * expires_at < now()); the delay is counted from the answer's arrival, which is already later
 * than the instant the database measured from, so a few milliseconds suffice.
 */
export const PROMPT_CLAIM_MARGIN_MS = 10;

/**
 * Milliseconds until a prompt claim attempt, or undefined when the regular poll comes first
 * (or nothing expires): `nextExpiryInMs` from the claim's answer, `pollMs` the regular poll interval.
 */
export function promptClaimDelayMs(nextExpiryInMs: number | undefined, pollMs: number, marginMs: number = PROMPT_CLAIM_MARGIN_MS): number | undefined {
  if (nextExpiryInMs === undefined || !Number.isFinite(nextExpiryInMs) || nextExpiryInMs < 0) return undefined;
  const delayMs = nextExpiryInMs + marginMs;
  return delayMs < pollMs ? delayMs : undefined;
}
