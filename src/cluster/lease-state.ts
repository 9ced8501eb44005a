// What a worker does with one pipeline it holds, decided from the outcome of its lease
// renewals and the local monotonic clock. Pure: time comes in as `nowMs`, the outcome of each
// renewal comes in as an event, and the answer says whether the pipeline stays on air.
//
// The holder stops trusting its lease `marginMs` before the database can hand the pipeline to
// another worker: the database's expiry is at least (start of the last successful renewal +
// leaseMs), so stopping at that start + leaseMs − marginMs leaves the margin for the stop
// itself (outputs closed, addresses dropped). The exception is Patroni's failsafe rule
// (patroni.readthedocs.io, "DCS Failsafe Mode"): when no worker of the zone can reach the
// database either, nobody can take the pipeline over, so the holder keeps it on air.

export const LEASE_VERDICTS = {
  /** The lease is trusted: keep the pipeline running. */
  HOLD: "HOLD",
  /** The trust window is over but no zone peer can reach the database: keep it running. */
  KEEP_FAILSAFE: "KEEP_FAILSAFE",
  /** The trust window is over and someone may take the pipeline: stop outputs, drop addresses. */
  FENCE: "FENCE",
  /** The database says another epoch (or nobody) holds it: stop at once. */
  LOST: "LOST",
} as const;
export type LeaseVerdict = (typeof LEASE_VERDICTS)[keyof typeof LEASE_VERDICTS];

export interface LeaseTimings {
  readonly leaseMs: number;
  /** How long before the earliest possible expiry the holder stops trusting its lease. */
  readonly marginMs: number;
}

export interface LeaseState {
  readonly epoch: number;
  /** Monotonic time until which the holder may assume nobody else holds the pipeline. */
  readonly trustedUntilMs: number;
  readonly lost: boolean;
}

/** A lease just claimed at `attemptStartMs` (when the claim statement was sent). */
export function leaseClaimed(epoch: number, attemptStartMs: number, timings: LeaseTimings): LeaseState {
  return { epoch, trustedUntilMs: attemptStartMs + timings.leaseMs - timings.marginMs, lost: false };
}

export type RenewOutcome =
  /** The renewal statement matched this epoch: the database extended the lease. */
  | { readonly kind: "renewed"; readonly attemptStartMs: number }
  /** The statement ran and matched nothing: another epoch holds it, or the channel stopped. */
  | { readonly kind: "lost" }
  /** The statement failed (timeout, connection refused): nothing is known. */
  | { readonly kind: "failed" };

export function afterRenew(state: LeaseState, outcome: RenewOutcome, timings: LeaseTimings): LeaseState {
  if (state.lost) return state;
  switch (outcome.kind) {
    case "renewed":
      // Never shorten the window: a renewal that started before the last one says less.
      return { ...state, trustedUntilMs: Math.max(state.trustedUntilMs, outcome.attemptStartMs + timings.leaseMs - timings.marginMs) };
    case "lost":
      return { ...state, lost: true };
    case "failed":
      return state;
  }
}

/** What zone peers answered to the failsafe probe. */
export interface ZoneProbe {
  /** Monotonic time the question was sent (the answers are at least this fresh). */
  readonly atMs: number;
  /** Peers of this zone the worker last knew as alive (zero: none besides itself). */
  readonly peersAsked: number;
  /**
   * Per answering peer: how long until it may take an expired lease. A worker takes one only
   * after seeing the database for a full lease without a failure, so a peer that cannot reach
   * the database answers leaseMs, one that reconnected 2 s ago answers leaseMs − 2 s, and one
   * that has seen it for a lease or more answers 0.
   */
  readonly takeOverInMs: readonly number[];
}

/**
 * Patroni's failsafe rule narrowed to the zone (only a worker of the same zone may take the
 * pipeline): the holder may keep running while no peer can take over, i.e. until the
 * earliest moment an answering peer could, less the margin. A peer that does not answer might
 * be taking over already, so then the answer is "not at all". With no peers, a worker that
 * joins the zone would still have to see the database for a full lease.
 */
export function failsafeUntilMs(probe: ZoneProbe, timings: LeaseTimings): number {
  if (probe.takeOverInMs.length < probe.peersAsked) return Number.NEGATIVE_INFINITY;
  return probe.atMs + Math.min(timings.leaseMs, ...probe.takeOverInMs) - timings.marginMs;
}

/**
 * The verdict at `nowMs`. `probe` is the last failsafe probe, if any, taken while this worker
 * could not reach the database; past the trust window it keeps the pipeline on air only as
 * long as failsafeUntilMs says nobody can take it over.
 */
export function leaseVerdict(state: LeaseState, nowMs: number, probe: ZoneProbe | undefined, timings: LeaseTimings): LeaseVerdict {
  if (state.lost) return LEASE_VERDICTS.LOST;
  if (nowMs < state.trustedUntilMs) return LEASE_VERDICTS.HOLD;
  return probe !== undefined && nowMs < failsafeUntilMs(probe, timings) ? LEASE_VERDICTS.KEEP_FAILSAFE : LEASE_VERDICTS.FENCE;
}
