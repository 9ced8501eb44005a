// Automatic input failover (AIF) policy for one pipeline: which member of a failover
// pair is active, given what the pipeline observed on both inputs (docs/failover.md).
// The primary is the attachment that carries `automaticInputFailoverSettings`, the
// secondary is the one named by `secondaryInputId`; both are ingested all the time, so
// a switch only changes which one feeds the program timeline.
//
// Pure: configuration, the previous state and observations in, the next state and
// events out. No timers; the pipeline calls stepFailover() on its tick and after media
// arrives. Owns neither the detection of black/silence (the analysers report the start
// of each stretch) nor the switch itself (the switcher relocks at the next keyframe).
//
// Rules (MediaLive InputPreference, FailoverCondition):
//   - Any one configured condition past its threshold makes an input "failing".
//   - An input is "eligible" when it is not failing and has either never failed or been
//     clean for errorClearTimeMsec since it last stopped failing.
//   - Active input failing and the other eligible → switch ("failover").
//   - PRIMARY_INPUT_PREFERRED: on the secondary, switch back as soon as the primary is
//     eligible, healthy secondary or not ("return-to-primary").
//   - EQUAL_INPUT_PREFERENCE: stay on the active input while it is not failing.
//   - A failing input never becomes active; with both failing, stay where you are.

export const FailoverConditions = {
  INPUT_LOSS: "INPUT_LOSS",
  VIDEO_BLACK: "VIDEO_BLACK",
  AUDIO_SILENCE: "AUDIO_SILENCE",
} as const;
export type FailoverCondition = (typeof FailoverConditions)[keyof typeof FailoverConditions];

/** MediaLive `InputPreference` values, spelled as on the wire. */
export const InputPreferences = { EQUAL: "EQUAL_INPUT_PREFERENCE", PRIMARY: "PRIMARY_INPUT_PREFERRED" } as const;
export type InputPreference = (typeof InputPreferences)[keyof typeof InputPreferences];

/** 0 = the primary (the attachment that carries automaticInputFailoverSettings), 1 = the secondary. */
export type PairMember = 0 | 1;

export interface FailoverConfig {
  readonly inputPreference: InputPreference;
  /** How long a failed input must be clean before it may become active again (MediaLive errorClearTimeMsec, ≥ 1). */
  readonly errorClearTimeMs: number;
  /**
   * Each condition only when configured (undefined = not a failover condition).
   * MediaLive minimums: input loss 100 ms, video black and audio silence 1000 ms.
   */
  readonly inputLossThresholdMs?: number;
  readonly videoBlackThresholdMs?: number;
  readonly audioSilenceThresholdMs?: number;
}

/** What the pipeline observed on one input of the pair, up to nowMs. */
export interface InputObservation {
  /** Arrival (wall ms) of the last video frame; undefined = none yet. */
  readonly lastFrameMs?: number;
  /** Start of the current black stretch (every analysed picture black since then); undefined = not black now. */
  readonly blackSinceMs?: number;
  /** Start of the current silent stretch (audio quieter than -50 dBFS or absent on the selector); undefined = not silent. */
  readonly silentSinceMs?: number;
}

export interface InputHealth {
  /**
   * The condition that holds past its threshold now, if any (the first in the order
   * loss, black, silence). It may change during one failure (loss → black) without events.
   */
  readonly failing?: FailoverCondition;
  /** When the current failure began: the moment its first condition passed its threshold. */
  readonly failedAtMs?: number;
  /**
   * When the input last stopped failing (undefined = it never failed). Taken as the step
   * that saw the recovery, so a coarse step can only delay a return, never hasten it.
   */
  readonly cleanSinceMs?: number;
}

export interface FailoverState {
  readonly active: PairMember;
  readonly health: readonly [InputHealth, InputHealth];
  /** Pipeline start; an input that never delivered a frame counts as lost from here. */
  readonly startMs: number;
  /** Figures for metrics (docs/metrics.md): automatic failovers taken (not returns, not manual switches), and time on the secondary. */
  readonly failovers: number;
  /** Time on the secondary in finished stretches; see secondaryMsAt() for the running total. */
  readonly secondaryMs: number;
  /** When the secondary last became active (undefined while the primary is active); used to accumulate secondaryMs. */
  readonly secondarySinceMs?: number;
}

export type SwitchReason = "failover" | "return-to-primary" | "manual";

export type FailoverEvent =
  /** Once per failure; `sinceMs` is when the condition's stretch started (last frame, first black picture, …). */
  | { readonly type: "input-failed"; readonly member: PairMember; readonly condition: FailoverCondition; readonly sinceMs: number }
  /** Once per recovery; `failedForMs` counts from when the failure passed its threshold. */
  | { readonly type: "input-clean"; readonly member: PairMember; readonly failedForMs: number }
  | { readonly type: "switched"; readonly from: PairMember; readonly to: PairMember; readonly reason: SwitchReason; readonly condition?: FailoverCondition };

/** A condition that holds past its threshold: which one, and when its stretch started. */
export interface FailingCondition {
  readonly condition: FailoverCondition;
  /** Start of the stretch (last frame or startMs, first black picture, start of silence). */
  readonly sinceMs: number;
  /** sinceMs + the condition's threshold: when it started to count as a failure. */
  readonly failedAtMs: number;
}

export function initialFailoverState(startMs: number, active: PairMember = 0): FailoverState {
  return {
    active,
    health: [{}, {}],
    startMs,
    failovers: 0,
    secondaryMs: 0,
    secondarySinceMs: active === 1 ? startMs : undefined,
  };
}

/**
 * The first configured condition (order: loss, black, silence) that holds past its
 * threshold at nowMs, or undefined. Input loss counts from startMs when no frame ever
 * arrived, so a secondary that never delivered is lost like any other.
 */
export function failingCondition(config: FailoverConfig, observation: InputObservation, startMs: number, nowMs: number): FailingCondition | undefined {
  const stretches: readonly [FailoverCondition, number | undefined, number | undefined][] = [
    [FailoverConditions.INPUT_LOSS, config.inputLossThresholdMs, observation.lastFrameMs ?? startMs],
    [FailoverConditions.VIDEO_BLACK, config.videoBlackThresholdMs, observation.blackSinceMs],
    [FailoverConditions.AUDIO_SILENCE, config.audioSilenceThresholdMs, observation.silentSinceMs],
  ];
  for (const [condition, thresholdMs, sinceMs] of stretches) {
    if (thresholdMs === undefined || sinceMs === undefined) continue;
    if (nowMs - sinceMs >= thresholdMs) return { condition, sinceMs, failedAtMs: sinceMs + thresholdMs };
  }
  return undefined;
}

/** Not failing, and either never failed or clean for at least errorClearTimeMs. */
export function isEligible(config: FailoverConfig, health: InputHealth, nowMs: number): boolean {
  if (health.failing !== undefined) return false;
  return health.cleanSinceMs === undefined || nowMs - health.cleanSinceMs >= config.errorClearTimeMs;
}

/** Total time on the secondary including the current stretch. */
export function secondaryMsAt(state: FailoverState, nowMs: number): number {
  const current = state.secondarySinceMs === undefined ? 0 : Math.max(0, nowMs - state.secondarySinceMs);
  return state.secondaryMs + current;
}

/** One step at nowMs: health of both inputs from the observations, then the switching decision. */
export function stepFailover(
  config: FailoverConfig,
  state: FailoverState,
  observations: readonly [InputObservation, InputObservation],
  nowMs: number,
): { state: FailoverState; events: FailoverEvent[] } {
  const events: FailoverEvent[] = [];
  const health: [InputHealth, InputHealth] = [
    nextHealth(config, state, 0, observations[0], nowMs, events),
    nextHealth(config, state, 1, observations[1], nowMs, events),
  ];
  let next: FailoverState = { ...state, health };

  const active = state.active;
  const other: PairMember = active === 0 ? 1 : 0;
  const activeFailing = health[active].failing;
  if (activeFailing !== undefined && isEligible(config, health[other], nowMs)) {
    next = switchTo(next, other, nowMs);
    next = { ...next, failovers: next.failovers + 1 };
    events.push({ type: "switched", from: active, to: other, reason: "failover", condition: activeFailing });
  } else if (config.inputPreference === InputPreferences.PRIMARY && active === 1 && isEligible(config, health[0], nowMs)) {
    next = switchTo(next, 0, nowMs);
    events.push({ type: "switched", from: 1, to: 0, reason: "return-to-primary" });
  }
  return { state: next, events };
}

/**
 * An operator's immediate input switch to a member of the pair (MediaLive's manual
 * failover: an immediate input-switch action to the other attachment). Judged on the
 * health of the last step, so step at nowMs first. Refused (returns {accepted:false,
 * reason}) when the target is failing or not yet clean for errorClearTimeMs, or when
 * preference is PRIMARY_INPUT_PREFERRED and the target is the secondary (the policy
 * would switch straight back). A switch to the active member is accepted and does nothing.
 */
export function manualSwitch(
  config: FailoverConfig,
  state: FailoverState,
  to: PairMember,
  nowMs: number,
): { accepted: boolean; reason?: string; state: FailoverState; events: FailoverEvent[] } {
  if (to === state.active) return { accepted: true, state, events: [] };
  const target = state.health[to];
  const name = to === 0 ? "primary" : "secondary";
  if (config.inputPreference === InputPreferences.PRIMARY && to === 1) {
    return { accepted: false, reason: "PRIMARY_INPUT_PREFERRED: the secondary is only used by automatic failover", state, events: [] };
  }
  if (target.failing !== undefined) {
    return { accepted: false, reason: `the ${name} input is failing (${target.failing})`, state, events: [] };
  }
  if (!isEligible(config, target, nowMs)) {
    const cleanMs = nowMs - (target.cleanSinceMs ?? nowMs);
    return { accepted: false, reason: `the ${name} input has been clean for ${cleanMs} ms of the ${config.errorClearTimeMs} ms error clear time`, state, events: [] };
  }
  return { accepted: true, state: switchTo(state, to, nowMs), events: [{ type: "switched", from: state.active, to, reason: "manual" }] };
}

function nextHealth(config: FailoverConfig, state: FailoverState, member: PairMember, observation: InputObservation, nowMs: number, events: FailoverEvent[]): InputHealth {
  const previous = state.health[member];
  const now = failingCondition(config, observation, state.startMs, nowMs);
  if (now !== undefined) {
    if (previous.failing === undefined) {
      events.push({ type: "input-failed", member, condition: now.condition, sinceMs: now.sinceMs });
      return { failing: now.condition, failedAtMs: now.failedAtMs, cleanSinceMs: previous.cleanSinceMs };
    }
    // Still failing: keep the failure's start; the condition may have changed (loss → black).
    return previous.failing === now.condition ? previous : { ...previous, failing: now.condition };
  }
  if (previous.failing !== undefined) {
    events.push({ type: "input-clean", member, failedForMs: nowMs - (previous.failedAtMs ?? nowMs) });
    return { cleanSinceMs: nowMs };
  }
  return previous;
}

function switchTo(state: FailoverState, to: PairMember, nowMs: number): FailoverState {
  if (to === 1) return { ...state, active: 1, secondarySinceMs: nowMs };
  return { ...state, active: 0, secondaryMs: secondaryMsAt(state, nowMs), secondarySinceMs: undefined };
}
