import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  FailoverConditions,
  failingCondition,
  initialFailoverState,
  InputPreferences,
  manualSwitch,
  secondaryMsAt,
  stepFailover,
  type FailoverConfig,
  type FailoverEvent,
  type FailoverState,
  type InputObservation,
  type PairMember,
} from "../../../../src/pipeline/switching/failover-policy.ts";

const START_MS = 10_000;

function config(overrides: Partial<FailoverConfig> = {}): FailoverConfig {
  return { inputPreference: InputPreferences.PRIMARY, errorClearTimeMs: 5000, inputLossThresholdMs: 100, ...overrides };
}

/** Video arriving (last frame at `atMs`), no black, no silence. */
function live(atMs: number): InputObservation {
  return { lastFrameMs: atMs };
}

type Step = readonly [InputObservation, InputObservation, number];

/** Runs the steps in order; returns the final state and every event with the time of its step. */
function run(cfg: FailoverConfig, steps: readonly Step[], state: FailoverState = initialFailoverState(START_MS)) {
  const events: (FailoverEvent & { atMs: number })[] = [];
  for (const [primary, secondary, nowMs] of steps) {
    const result = stepFailover(cfg, state, [primary, secondary], nowMs);
    state = result.state;
    events.push(...result.events.map((event) => ({ ...event, atMs: nowMs })));
  }
  return { state, events };
}

function switches(events: readonly FailoverEvent[]): FailoverEvent[] {
  return events.filter((event) => event.type === "switched");
}

/**
 * Primary healthy until 11_000, lost from then on (no frame after 11_000); the secondary
 * healthy throughout. With a 100 ms loss threshold the policy fails over at 11_100.
 */
function failedOverToSecondary(cfg: FailoverConfig): { state: FailoverState; events: (FailoverEvent & { atMs: number })[] } {
  return run(cfg, [
    [live(10_900), live(10_900), 10_900],
    [live(11_000), live(11_000), 11_000],
    [live(11_000), live(11_100), 11_100],
  ]);
}

describe("failingCondition", () => {
  const cfg = config({ inputLossThresholdMs: 100, videoBlackThresholdMs: 1000, audioSilenceThresholdMs: 2000 });

  it("input loss holds from exactly its threshold (99 ms no, 100 ms yes)", () => {
    assert.equal(failingCondition(cfg, live(11_000), START_MS, 11_099), undefined);
    assert.deepEqual(failingCondition(cfg, live(11_000), START_MS, 11_100), {
      condition: FailoverConditions.INPUT_LOSS,
      sinceMs: 11_000,
      failedAtMs: 11_100,
    });
  });

  it("an input that never delivered a frame is lost from startMs", () => {
    assert.equal(failingCondition(cfg, {}, START_MS, START_MS + 99), undefined);
    assert.deepEqual(failingCondition(cfg, {}, START_MS, START_MS + 100), {
      condition: FailoverConditions.INPUT_LOSS,
      sinceMs: START_MS,
      failedAtMs: START_MS + 100,
    });
  });

  it("video black holds from its threshold", () => {
    const black = { lastFrameMs: 12_990, blackSinceMs: 12_000 };
    assert.equal(failingCondition(cfg, black, START_MS, 12_999), undefined);
    assert.equal(failingCondition(cfg, black, START_MS, 13_000)?.condition, FailoverConditions.VIDEO_BLACK);
    assert.equal(failingCondition(cfg, { lastFrameMs: 12_990 }, START_MS, 13_000), undefined, "not black now");
  });

  it("audio silence holds from its threshold", () => {
    const silent = { lastFrameMs: 13_990, silentSinceMs: 12_000 };
    assert.equal(failingCondition(cfg, silent, START_MS, 13_999), undefined);
    assert.deepEqual(failingCondition(cfg, silent, START_MS, 14_000), {
      condition: FailoverConditions.AUDIO_SILENCE,
      sinceMs: 12_000,
      failedAtMs: 14_000,
    });
  });

  it("reports the first holding condition in the order loss, black, silence", () => {
    const all = { lastFrameMs: 11_000, blackSinceMs: 11_000, silentSinceMs: 11_000 };
    assert.equal(failingCondition(cfg, all, START_MS, 20_000)?.condition, FailoverConditions.INPUT_LOSS);
    const blackAndSilent = { lastFrameMs: 19_990, blackSinceMs: 11_000, silentSinceMs: 11_000 };
    assert.equal(failingCondition(cfg, blackAndSilent, START_MS, 20_000)?.condition, FailoverConditions.VIDEO_BLACK);
  });

  it("ignores conditions that are not configured", () => {
    const lossOnly = config({ inputLossThresholdMs: 100 });
    assert.equal(failingCondition(lossOnly, { lastFrameMs: 59_990, blackSinceMs: 0, silentSinceMs: 0 }, START_MS, 60_000), undefined);
    const blackOnly = config({ inputLossThresholdMs: undefined, videoBlackThresholdMs: 1000 });
    assert.equal(failingCondition(blackOnly, {}, START_MS, 60_000), undefined, "no frame ever, but loss is not a condition");
    assert.equal(failingCondition(blackOnly, { silentSinceMs: 0 }, START_MS, 60_000), undefined);
  });
});

describe("stepFailover", () => {
  it("starts on the primary with nothing failed and no figures", () => {
    const state = initialFailoverState(START_MS);
    assert.deepEqual(state, { active: 0, health: [{}, {}], startMs: START_MS, failovers: 0, secondaryMs: 0, secondarySinceMs: undefined });
    const onSecondary = initialFailoverState(START_MS, 1);
    assert.equal(onSecondary.active, 1);
    assert.equal(secondaryMsAt(onSecondary, START_MS + 250), 250);
  });

  it("fails over on input loss at exactly the threshold, not 1 ms before", () => {
    const cfg = config();
    const before = run(cfg, [
      [live(11_000), live(11_000), 11_000],
      [live(11_000), live(11_099), 11_099],
    ]);
    assert.equal(before.state.active, 0);
    assert.deepEqual(before.events, []);

    const { state, events } = stepFailover(cfg, before.state, [live(11_000), live(11_100)], 11_100);
    assert.equal(state.active, 1);
    assert.equal(state.failovers, 1);
    assert.equal(state.secondarySinceMs, 11_100);
    assert.deepEqual(state.health[0], { failing: FailoverConditions.INPUT_LOSS, failedAtMs: 11_100, cleanSinceMs: undefined });
    assert.deepEqual(events, [
      { type: "input-failed", member: 0, condition: FailoverConditions.INPUT_LOSS, sinceMs: 11_000 },
      { type: "switched", from: 0, to: 1, reason: "failover", condition: FailoverConditions.INPUT_LOSS },
    ]);
  });

  it("fails over on video black and on audio silence past their thresholds", () => {
    const black = config({ videoBlackThresholdMs: 1000 });
    const notYet = stepFailover(black, initialFailoverState(START_MS), [{ lastFrameMs: 11_999, blackSinceMs: 11_000 }, live(11_999)], 11_999);
    assert.equal(notYet.state.active, 0);
    const blackOut = stepFailover(black, notYet.state, [{ lastFrameMs: 12_000, blackSinceMs: 11_000 }, live(12_000)], 12_000);
    assert.equal(blackOut.state.active, 1);
    assert.deepEqual(switches(blackOut.events), [{ type: "switched", from: 0, to: 1, reason: "failover", condition: FailoverConditions.VIDEO_BLACK }]);
    assert.deepEqual(blackOut.events[0], { type: "input-failed", member: 0, condition: FailoverConditions.VIDEO_BLACK, sinceMs: 11_000 });

    const silence = config({ audioSilenceThresholdMs: 2000 });
    const quiet = run(silence, [
      [{ lastFrameMs: 12_999, silentSinceMs: 11_000 }, live(12_999), 12_999],
      [{ lastFrameMs: 13_000, silentSinceMs: 11_000 }, live(13_000), 13_000],
    ]);
    assert.equal(quiet.state.active, 1);
    assert.deepEqual(
      quiet.events.map((event) => [event.type, event.atMs]),
      [
        ["input-failed", 13_000],
        ["switched", 13_000],
      ],
    );
  });

  it("does not fail over on black or silence that is not a configured condition", () => {
    const { state, events } = run(config(), [
      [{ lastFrameMs: 11_000, blackSinceMs: 10_000, silentSinceMs: 10_000 }, live(11_000), 11_000],
      [{ lastFrameMs: 60_000, blackSinceMs: 10_000, silentSinceMs: 10_000 }, live(60_000), 60_000],
    ]);
    assert.equal(state.active, 0);
    assert.deepEqual(events, []);
  });

  it("PRIMARY_INPUT_PREFERRED returns to a healthy primary after exactly errorClearTimeMs clean, not before", () => {
    const cfg = config({ errorClearTimeMs: 5000 });
    const failed = failedOverToSecondary(cfg);
    assert.equal(failed.state.active, 1);

    // The primary delivers again at 12_000 and stays clean; the secondary stays healthy.
    const recovered = stepFailover(cfg, failed.state, [live(12_000), live(12_000)], 12_000);
    assert.deepEqual(recovered.events, [{ type: "input-clean", member: 0, failedForMs: 900 }]);
    assert.deepEqual(recovered.state.health[0], { cleanSinceMs: 12_000 });
    assert.equal(recovered.state.active, 1);

    const early = stepFailover(cfg, recovered.state, [live(16_999), live(16_999)], 16_999);
    assert.equal(early.state.active, 1, "1 ms short of errorClearTimeMs");
    assert.deepEqual(early.events, []);

    const back = stepFailover(cfg, early.state, [live(17_000), live(17_000)], 17_000);
    assert.equal(back.state.active, 0);
    assert.deepEqual(back.events, [{ type: "switched", from: 1, to: 0, reason: "return-to-primary" }]);
    assert.equal(back.state.failovers, 1, "a return is not a failover");
    assert.equal(back.state.secondaryMs, 17_000 - 11_100);
    assert.equal(back.state.secondarySinceMs, undefined);
  });

  it("PRIMARY_INPUT_PREFERRED leaves a secondary it started on once the primary is healthy", () => {
    const { state, events } = stepFailover(config(), initialFailoverState(START_MS, 1), [live(10_050), live(10_050)], 10_050);
    assert.equal(state.active, 0);
    assert.deepEqual(events, [{ type: "switched", from: 1, to: 0, reason: "return-to-primary" }]);
    assert.equal(state.secondaryMs, 50);
  });

  it("a primary that fails again during errorClearTimeMs restarts the clean time", () => {
    const cfg = config({ errorClearTimeMs: 5000 });
    const { state, events } = run(
      cfg,
      [
        [live(12_000), live(12_000), 12_000], // clean since 12_000
        [live(12_000), live(14_000), 14_000], // lost again (threshold 100 ms)
        [live(14_500), live(14_500), 14_500], // clean since 14_500
        [live(17_000), live(17_000), 17_000], // 5000 after the first recovery: not enough
        [live(19_499), live(19_499), 19_499],
        [live(19_500), live(19_500), 19_500],
      ],
      failedOverToSecondary(cfg).state,
    );
    assert.equal(state.active, 0);
    assert.deepEqual(
      events.map((event) => [event.type, event.atMs]),
      [
        ["input-clean", 12_000],
        ["input-failed", 14_000],
        ["input-clean", 14_500],
        ["switched", 19_500],
      ],
    );
  });

  it("EQUAL_INPUT_PREFERENCE stays on the secondary after the primary recovers, and fails back only when it fails", () => {
    const cfg = config({ inputPreference: InputPreferences.EQUAL, errorClearTimeMs: 5000 });
    const failed = failedOverToSecondary(cfg);
    const later = run(
      cfg,
      [
        [live(12_000), live(12_000), 12_000],
        [live(60_000), live(60_000), 60_000],
        [live(600_000), live(600_000), 600_000],
      ],
      failed.state,
    );
    assert.equal(later.state.active, 1);
    assert.deepEqual(switches(later.events), []);

    const secondaryLost = stepFailover(cfg, later.state, [live(600_100), live(600_000)], 600_100);
    assert.equal(secondaryLost.state.active, 0);
    assert.deepEqual(switches(secondaryLost.events), [{ type: "switched", from: 1, to: 0, reason: "failover", condition: FailoverConditions.INPUT_LOSS }]);
    assert.equal(secondaryLost.state.failovers, 2);
    assert.equal(secondaryMsAt(secondaryLost.state, 700_000), 600_100 - 11_100);
  });

  it("stays put when both inputs fail, and still stays when the active one recovers", () => {
    const cfg = config();
    const both = run(cfg, [
      [live(11_000), live(11_000), 11_000],
      [live(11_000), live(11_000), 11_100],
    ]);
    assert.equal(both.state.active, 0);
    assert.deepEqual(both.events, [
      { type: "input-failed", member: 0, condition: FailoverConditions.INPUT_LOSS, sinceMs: 11_000, atMs: 11_100 },
      { type: "input-failed", member: 1, condition: FailoverConditions.INPUT_LOSS, sinceMs: 11_000, atMs: 11_100 },
    ]);
    assert.equal(both.state.failovers, 0);

    const primaryBack = stepFailover(cfg, both.state, [live(12_000), live(11_000)], 12_000);
    assert.equal(primaryBack.state.active, 0);
    assert.deepEqual(switches(primaryBack.events), []);
  });

  it("never activates a failed input that has not been clean for errorClearTimeMs", () => {
    const cfg = config({ inputPreference: InputPreferences.EQUAL, errorClearTimeMs: 3000 });
    // Secondary lost 10_100 … 11_000, clean from 11_000; the primary is lost from 12_000.
    const { state, events } = run(cfg, [
      [live(10_100), {}, 10_100],
      [live(11_000), live(11_000), 11_000],
      [live(12_000), live(12_000), 12_000],
      [live(12_000), live(12_100), 12_100],
      [live(12_000), live(13_999), 13_999],
    ]);
    assert.equal(state.active, 0, "primary failing, but the secondary is only 2999 ms clean");
    assert.equal(state.health[0].failing, FailoverConditions.INPUT_LOSS);
    assert.deepEqual(switches(events), []);

    const next = stepFailover(cfg, state, [live(12_000), live(14_000)], 14_000);
    assert.equal(next.state.active, 1);
    assert.deepEqual(switches(next.events), [{ type: "switched", from: 0, to: 1, reason: "failover", condition: FailoverConditions.INPUT_LOSS }]);
  });

  it("counts a secondary that never delivered as lost from startMs, so the primary's loss is not failed over", () => {
    const cfg = config();
    const { state, events } = run(cfg, [
      [live(10_050), {}, 10_099],
      [live(10_100), {}, 10_100],
      [live(10_100), {}, 10_200],
    ]);
    assert.equal(state.active, 0);
    assert.deepEqual(events, [
      { type: "input-failed", member: 1, condition: FailoverConditions.INPUT_LOSS, sinceMs: START_MS, atMs: 10_100 },
      { type: "input-failed", member: 0, condition: FailoverConditions.INPUT_LOSS, sinceMs: 10_100, atMs: 10_200 },
    ]);
  });

  it("keeps one failure when its condition changes (loss → black): no new events, failedAtMs kept", () => {
    const cfg = config({ videoBlackThresholdMs: 1000 });
    const failed = failedOverToSecondary(cfg);
    // Still lost at 11_400; frames are back by 12_500 but black since 11_400, which holds past 1000 ms.
    const { state, events } = run(
      cfg,
      [
        [{ lastFrameMs: 11_000 }, live(11_400), 11_400],
        [{ lastFrameMs: 12_500, blackSinceMs: 11_400 }, live(12_500), 12_500],
      ],
      failed.state,
    );
    assert.deepEqual(events, []);
    assert.deepEqual(state.health[0], { failing: FailoverConditions.VIDEO_BLACK, failedAtMs: 11_100, cleanSinceMs: undefined });

    const clean = stepFailover(cfg, state, [live(13_000), live(13_000)], 13_000);
    assert.deepEqual(clean.events, [{ type: "input-clean", member: 0, failedForMs: 13_000 - 11_100 }]);
  });

  it("does not change the state it was given", () => {
    const state = initialFailoverState(START_MS);
    const copy = structuredClone(state);
    stepFailover(config(), state, [live(10_000), live(10_000)], 11_000);
    assert.deepEqual(state, copy);
  });
});

describe("manualSwitch", () => {
  const equal = config({ inputPreference: InputPreferences.EQUAL, errorClearTimeMs: 5000 });

  it("switches immediately to a healthy secondary under EQUAL_INPUT_PREFERENCE, and the policy stays there", () => {
    const healthy = run(equal, [[live(11_000), live(11_000), 11_000]]).state;
    const result = manualSwitch(equal, healthy, 1, 11_000);
    assert.equal(result.accepted, true);
    assert.equal(result.reason, undefined);
    assert.equal(result.state.active, 1);
    assert.equal(result.state.failovers, 0, "a manual switch is not a failover");
    assert.deepEqual(result.events, [{ type: "switched", from: 0, to: 1, reason: "manual" }]);

    const after = stepFailover(equal, result.state, [live(20_000), live(20_000)], 20_000);
    assert.equal(after.state.active, 1);
    assert.equal(secondaryMsAt(after.state, 20_000), 9000);

    const back = manualSwitch(equal, after.state, 0, 21_000);
    assert.equal(back.accepted, true);
    assert.equal(back.state.active, 0);
    assert.equal(back.state.secondaryMs, 10_000);
  });

  it("refuses a failing target", () => {
    const state = run(equal, [[live(11_000), live(10_000), 11_000]]).state;
    assert.equal(state.health[1].failing, FailoverConditions.INPUT_LOSS);
    const result = manualSwitch(equal, state, 1, 11_000);
    assert.equal(result.accepted, false);
    assert.match(result.reason ?? "", /secondary.*failing.*INPUT_LOSS/);
    assert.equal(result.state, state);
    assert.deepEqual(result.events, []);
  });

  it("refuses a target clean for less than errorClearTimeMs, accepts it at exactly errorClearTimeMs", () => {
    const state = run(equal, [
      [live(11_000), live(10_000), 11_000],
      [live(12_000), live(12_000), 12_000],
    ]).state;
    assert.deepEqual(state.health[1], { cleanSinceMs: 12_000 });
    const early = manualSwitch(equal, state, 1, 16_999);
    assert.equal(early.accepted, false);
    assert.match(early.reason ?? "", /4999 ms of the 5000 ms/);
    assert.equal(early.state.active, 0);
    const onTime = manualSwitch(equal, state, 1, 17_000);
    assert.equal(onTime.accepted, true);
    assert.equal(onTime.state.active, 1);
  });

  it("refuses the secondary under PRIMARY_INPUT_PREFERRED, accepts a return to an eligible primary", () => {
    const primary = config({ inputPreference: InputPreferences.PRIMARY, errorClearTimeMs: 5000 });
    const healthy = run(primary, [[live(11_000), live(11_000), 11_000]]).state;
    const refused = manualSwitch(primary, healthy, 1, 11_000);
    assert.equal(refused.accepted, false);
    assert.match(refused.reason ?? "", /PRIMARY_INPUT_PREFERRED/);
    assert.equal(refused.state.active, 0);

    const onSecondary = initialFailoverState(START_MS, 1);
    const toPrimary = manualSwitch(primary, onSecondary, 0, 10_500);
    assert.equal(toPrimary.accepted, true);
    assert.deepEqual(toPrimary.events, [{ type: "switched", from: 1, to: 0, reason: "manual" }]);
    assert.equal(toPrimary.state.secondaryMs, 500);
  });

  it("accepts a switch to the active input as a no-op", () => {
    const state = initialFailoverState(START_MS);
    const result = manualSwitch(equal, state, 0, 11_000);
    assert.deepEqual(result, { accepted: true, state, events: [] });
  });
});

describe("secondaryMsAt", () => {
  it("sums finished stretches on the secondary and the current one", () => {
    const cfg = config({ inputPreference: InputPreferences.EQUAL, errorClearTimeMs: 1000 });
    let state = failedOverToSecondary(cfg).state; // on the secondary from 11_100
    assert.equal(secondaryMsAt(state, 11_100), 0);
    assert.equal(secondaryMsAt(state, 12_100), 1000);
    // Primary clean from 12_000; secondary lost at 15_000 (last frame 14_900) → back to the primary.
    state = run(
      cfg,
      [
        [live(12_000), live(12_000), 12_000],
        [live(15_000), live(14_900), 15_000],
      ],
      state,
    ).state;
    assert.equal(state.active, 0);
    assert.equal(secondaryMsAt(state, 15_000), 3900);
    assert.equal(secondaryMsAt(state, 99_000), 3900, "no time accrues on the primary");
    // Primary lost at 20_100 while the secondary has been clean since 16_000 → secondary again.
    state = run(
      cfg,
      [
        [live(16_000), live(16_000), 16_000],
        [live(20_000), live(20_100), 20_100],
      ],
      state,
    ).state;
    assert.equal(state.active, 1);
    assert.equal(state.failovers, 3);
    assert.equal(secondaryMsAt(state, 21_100), 3900 + 1000);
  });
});

describe("failover policy properties", () => {
  interface MemberStep {
    readonly frame: boolean;
    readonly black: boolean;
    readonly silent: boolean;
  }
  interface RandomStep {
    readonly dtMs: number;
    readonly members: readonly [MemberStep, MemberStep];
    readonly manualTo: PairMember | undefined;
  }

  const memberStep = fc.record({ frame: fc.boolean(), black: fc.boolean(), silent: fc.boolean() });
  const randomStep: fc.Arbitrary<RandomStep> = fc.record({
    dtMs: fc.integer({ min: 1, max: 900 }),
    members: fc.tuple(memberStep, memberStep),
    manualTo: fc.option(fc.constantFrom<PairMember>(0, 1), { nil: undefined, freq: 6 }),
  });
  const randomConfig = (preference: FailoverConfig["inputPreference"]): fc.Arbitrary<FailoverConfig> =>
    fc.record({
      inputPreference: fc.constant(preference),
      errorClearTimeMs: fc.integer({ min: 1, max: 4000 }),
      inputLossThresholdMs: fc.option(fc.integer({ min: 100, max: 2000 }), { nil: undefined }),
      videoBlackThresholdMs: fc.option(fc.integer({ min: 1000, max: 3000 }), { nil: undefined }),
      audioSilenceThresholdMs: fc.option(fc.integer({ min: 1000, max: 3000 }), { nil: undefined }),
    });

  /** The observation after one random step: stretches start when black/silence begin and end when they stop. */
  function observe(previous: InputObservation, step: MemberStep, nowMs: number): InputObservation {
    return {
      lastFrameMs: step.frame ? nowMs : previous.lastFrameMs,
      blackSinceMs: step.black ? (previous.blackSinceMs ?? nowMs) : undefined,
      silentSinceMs: step.silent ? (previous.silentSinceMs ?? nowMs) : undefined,
    };
  }

  function holdsPastThreshold(cfg: FailoverConfig, observation: InputObservation, nowMs: number): boolean {
    const past = (thresholdMs: number | undefined, sinceMs: number | undefined) => thresholdMs !== undefined && sinceMs !== undefined && nowMs - sinceMs >= thresholdMs;
    return (
      past(cfg.inputLossThresholdMs, observation.lastFrameMs ?? START_MS) ||
      past(cfg.videoBlackThresholdMs, observation.blackSinceMs) ||
      past(cfg.audioSilenceThresholdMs, observation.silentSinceMs)
    );
  }

  function eligible(cfg: FailoverConfig, state: FailoverState, member: PairMember, nowMs: number): boolean {
    const health = state.health[member];
    return health.failing === undefined && (health.cleanSinceMs === undefined || nowMs - health.cleanSinceMs >= cfg.errorClearTimeMs);
  }

  /** Replays random steps (with occasional manual switches when `manual`), checking the invariants after each. */
  function check(cfg: FailoverConfig, steps: readonly RandomStep[], manual: boolean): void {
    let state = initialFailoverState(START_MS);
    let observations: [InputObservation, InputObservation] = [{}, {}];
    let nowMs = START_MS;
    let expectedSecondaryMs = 0;
    let expectedFailovers = 0;
    for (const step of steps) {
      const before = state;
      nowMs += step.dtMs;
      if (before.active === 1) expectedSecondaryMs += step.dtMs;
      observations = [observe(observations[0], step.members[0], nowMs), observe(observations[1], step.members[1], nowMs)];
      const result = stepFailover(cfg, before, observations, nowMs);
      state = result.state;

      for (const member of [0, 1] as const) {
        assert.equal(state.health[member].failing !== undefined, holdsPastThreshold(cfg, observations[member], nowMs), `member ${member} failing`);
        const failed = result.events.some((event) => event.type === "input-failed" && event.member === member);
        const cleaned = result.events.some((event) => event.type === "input-clean" && event.member === member);
        assert.equal(failed, before.health[member].failing === undefined && state.health[member].failing !== undefined);
        assert.equal(cleaned, before.health[member].failing !== undefined && state.health[member].failing === undefined);
      }
      const switched = switches(result.events);
      assert.ok(switched.length <= 1);
      assert.equal(switched.length === 1, state.active !== before.active);
      if (state.active !== before.active) {
        assert.ok(eligible(cfg, state, state.active, nowMs), "switched to an input that is failing or not yet clean");
      }
      const other: PairMember = before.active === 0 ? 1 : 0;
      if (state.health[before.active].failing !== undefined) {
        // A failing active input is left exactly when the other is eligible.
        assert.equal(state.active, eligible(cfg, state, other, nowMs) ? other : before.active);
        if (state.active !== before.active) expectedFailovers++;
      } else if (cfg.inputPreference === InputPreferences.EQUAL) {
        assert.equal(state.active, before.active, "EQUAL left a healthy active input");
      }
      if (cfg.inputPreference === InputPreferences.PRIMARY && state.active === 1) {
        assert.ok(!eligible(cfg, state, 0, nowMs), "stayed on the secondary with an eligible primary");
      }
      assert.equal(state.failovers, expectedFailovers);
      assert.equal(secondaryMsAt(state, nowMs), expectedSecondaryMs);

      if (manual && step.manualTo !== undefined) {
        const wasEligible = eligible(cfg, state, step.manualTo, nowMs);
        const attempt = manualSwitch(cfg, state, step.manualTo, nowMs);
        if (step.manualTo !== state.active) {
          assert.equal(attempt.accepted, wasEligible && !(cfg.inputPreference === InputPreferences.PRIMARY && step.manualTo === 1));
        }
        if (attempt.accepted) assert.equal(attempt.state.active, step.manualTo);
        else assert.equal(attempt.state, state);
        state = attempt.state;
      }
    }
  }

  it("under EQUAL_INPUT_PREFERENCE never switches to a failing input and never leaves a healthy active one", () => {
    fc.assert(
      fc.property(randomConfig(InputPreferences.EQUAL), fc.array(randomStep, { maxLength: 80 }), (cfg, steps) => {
        check(cfg, steps, false);
      }),
      { numRuns: 300 },
    );
  });

  it("under PRIMARY_INPUT_PREFERRED never switches to a failing input and never lingers on the secondary", () => {
    fc.assert(
      fc.property(randomConfig(InputPreferences.PRIMARY), fc.array(randomStep, { maxLength: 80 }), (cfg, steps) => {
        check(cfg, steps, false);
      }),
      { numRuns: 300 },
    );
  });

  it("manual switches only ever land on eligible inputs, and the figures stay right", () => {
    fc.assert(
      fc.property(fc.constantFrom(InputPreferences.EQUAL, InputPreferences.PRIMARY).chain(randomConfig), fc.array(randomStep, { maxLength: 80 }), (cfg, steps) => {
        check(cfg, steps, true);
      }),
      { numRuns: 300 },
    );
  });
});
