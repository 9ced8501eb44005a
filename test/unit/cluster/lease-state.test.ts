// The lease state machine of one held pipeline, with time passed in: renewals keep it, a
// failed renewal keeps it while the trust window lasts, past the window it is fenced before
// the database can hand it over, unless no zone peer can reach the database (failsafe).

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { afterRenew, failsafeUntilMs, LEASE_VERDICTS, leaseClaimed, leaseVerdict, type ZoneProbe } from "../../../src/cluster/lease-state.ts";

const timings = { leaseMs: 6000, marginMs: 1000 };
const probe = (atMs: number, asked: number, takeOverInMs: number[]): ZoneProbe => ({ atMs, peersAsked: asked, takeOverInMs });
/** Every one of `asked` peers answered that it cannot reach the database (a full lease to go). */
const allBlind = (atMs: number, asked: number) => probe(atMs, asked, Array(asked).fill(timings.leaseMs));

describe("lease state", () => {
  it("holds after a claim until lease − margin from the claim attempt, and renewals move the window", () => {
    const claimed = leaseClaimed(7, 1000, timings);
    assert.equal(claimed.trustedUntilMs, 6000);
    assert.equal(leaseVerdict(claimed, 5999, undefined, timings), LEASE_VERDICTS.HOLD);
    assert.equal(leaseVerdict(claimed, 6000, undefined, timings), LEASE_VERDICTS.FENCE);
    const renewed = afterRenew(claimed, { kind: "renewed", attemptStartMs: 3000 }, timings);
    assert.equal(renewed.trustedUntilMs, 8000);
    assert.equal(leaseVerdict(renewed, 7999, undefined, timings), LEASE_VERDICTS.HOLD);
    // A renewal that started earlier than the one already counted cannot shorten the window.
    assert.equal(afterRenew(renewed, { kind: "renewed", attemptStartMs: 2000 }, timings).trustedUntilMs, 8000);
  });

  it("keeps holding through failed renewals while lease time is left", () => {
    let state = leaseClaimed(1, 0, timings);
    state = afterRenew(state, { kind: "failed" }, timings);
    state = afterRenew(state, { kind: "failed" }, timings);
    assert.equal(leaseVerdict(state, 4000, undefined, timings), LEASE_VERDICTS.HOLD);
  });

  it("stops at once when a renewal matched nothing, whatever the time and the peers say", () => {
    const lost = afterRenew(leaseClaimed(1, 0, timings), { kind: "lost" }, timings);
    assert.equal(leaseVerdict(lost, 10, allBlind(0, 1), timings), LEASE_VERDICTS.LOST);
    assert.equal(afterRenew(lost, { kind: "renewed", attemptStartMs: 100 }, timings).lost, true, "a lost lease stays lost");
  });

  it("fences past the window when a zone peer reaches the database or does not answer", () => {
    const state = leaseClaimed(1, 0, timings);
    assert.equal(leaseVerdict(state, 5500, probe(5000, 2, [6000, 0]), timings), LEASE_VERDICTS.FENCE, "a peer can take it over");
    assert.equal(leaseVerdict(state, 5500, probe(5000, 2, [6000]), timings), LEASE_VERDICTS.FENCE, "a silent peer might take it over");
    assert.equal(leaseVerdict(state, 5500, undefined, timings), LEASE_VERDICTS.FENCE, "nothing known");
  });

  it("keeps the pipeline when every zone peer answered that it cannot reach the database either (failsafe)", () => {
    const state = leaseClaimed(1, 0, timings);
    assert.equal(leaseVerdict(state, 5500, allBlind(4000, 2), timings), LEASE_VERDICTS.KEEP_FAILSAFE);
    assert.equal(leaseVerdict(state, 60_000, probe(56_000, 0, []), timings), LEASE_VERDICTS.KEEP_FAILSAFE, "alone in the zone");
  });

  it("lets a failsafe answer stand only until a peer that reconnected right after could take over", () => {
    const state = leaseClaimed(1, 0, timings);
    const answer = allBlind(10_000, 1);
    assert.equal(leaseVerdict(state, 14_999, answer, timings), LEASE_VERDICTS.KEEP_FAILSAFE);
    assert.equal(leaseVerdict(state, 15_000, answer, timings), LEASE_VERDICTS.FENCE);
  });

  it("keeps the pipeline while a peer that reconnected first still counts towards its full lease", () => {
    const state = leaseClaimed(1, 0, timings);
    // The peer has seen the database for 2 s: it may take expired leases 4 s after the probe.
    const answer = probe(20_000, 2, [6000, 4000]);
    assert.equal(failsafeUntilMs(answer, timings), 23_000);
    assert.equal(leaseVerdict(state, 22_999, answer, timings), LEASE_VERDICTS.KEEP_FAILSAFE);
    assert.equal(leaseVerdict(state, 23_000, answer, timings), LEASE_VERDICTS.FENCE);
  });

  it("applies Patroni's rule: every peer answered and none can take over before the margin", () => {
    assert.equal(failsafeUntilMs(allBlind(0, 3), timings), 5000);
    assert.equal(failsafeUntilMs(probe(0, 3, [6000, 6000]), timings), Number.NEGATIVE_INFINITY);
    assert.equal(failsafeUntilMs(probe(0, 3, [6000, 0, 6000]), timings), -1000);
    assert.equal(failsafeUntilMs(probe(0, 0, []), timings), 5000);
  });
});
