// Which input of a pipeline is on air, and every way that changes (docs/failover.md): the automatic
// input failover pair (its policy is pure, failover-policy.ts), the schedule's input switches
// and prepares (schedule-executor.ts), and the readers behind them. Push inputs are read for
// the whole run (an encoder may push before a switch, and the standby of a failover pair must
// be parsed all the time, its last GOP kept); a pull input is read while it is on air,
// prepared, or about to be switched to.
//
// A switch replays the new input's buffered GOP from its keyframe, each unit with its arrival
// time, so the program timeline places it where it would have been had it been on air: the
// output gap is the loss itself, not a wait for the next keyframe. When that
// keyframe is too old to be placed without running the output ahead of the clock, the switch
// waits for the next one while the timeline repeats the last picture.

import type { Logger } from "pino";
import type { InputAttachment } from "../../model/generated/medialive-types.ts";
import { attachmentNameOf } from "../../domain/channels/channel-config.ts";
import { DYNAMIC_URL_TOKEN, dynamicSourceUrl } from "../../domain/input-rules.ts";
import { dynamicUrlPathProblems } from "../../domain/channels/dynamic-url-path.ts";
import { isFileType, isPushType, type InputRecord, type StoredScheduleAction } from "../../domain/records.ts";
import type { PullState } from "../../ingest/pull/pull-source.ts";
import type { AccessUnit } from "../../media/types.ts";
import { AlertCatalogue } from "../../shared/alerts.ts";
import { failoverPairOf, type FailoverPairConfig } from "../switching/failover-pair.ts";
import { initialFailoverState, manualSwitch, secondaryMsAt, stepFailover, type FailoverEvent, type FailoverState, type InputObservation, type PairMember } from "../switching/failover-policy.ts";
import { attachmentAfterEnd } from "../switching/input-end-action.ts";
import { clippingToMs, ScheduleExecutor, type ScheduledAction, type ScheduledInput, type ScheduledPrepare } from "../switching/schedule-executor.ts";
import { ConditionWatch } from "./condition-watch.ts";
import type { FromWorker, PipelineSpec, WorkerAlert } from "./messages.ts";
import { SourceReader } from "./source-reader.ts";

/** A buffered keyframe is replayed only if that puts the output at most this far ahead of the clock. */
export const MAX_REPLAY_LAG_MS = 2_000;
/**
 * When the pipeline starts, encoders need a moment to connect: an input of the pair that has
 * sent nothing yet counts as lost only from this long after the start (plus its threshold),
 * so a normal start raises no failover alerts.
 */
const STARTUP_GRACE_MS = 2_000;
/** A switch to a pull input waits this long for its first keyframe with the old input on air. */
const PENDING_SWITCH_MS = 5_000;

export interface InputSwitcherOptions {
  readonly spec: PipelineSpec;
  readonly logger: Logger;
  readonly resolveSecret: (name: string) => string | undefined;
  readonly send: (message: FromWorker) => void;
  readonly alert: (alert: WorkerAlert) => void;
  /** A unit of the input on air (or replayed from its GOP), with its arrival time. */
  readonly onAirUnit: (reader: SourceReader, unit: AccessUnit, arrivalMs: number) => void;
  /** An SCTE-35 message of the input on air. */
  /** An SCTE-35 section of any input being received; `onAir`: of the input on air. */
  readonly onAirScte35?: (reader: SourceReader, section: Uint8Array, onAir: boolean) => void;
  /** The input on air changed: the timeline must relock on the new input's next keyframe. */
  readonly onSwitch: (reader: SourceReader) => void;
  /** ProgramTimeline.lagIfLockedAt. */
  readonly lagIfLockedAt: (arrivalMs: number) => number;
  /** The output frame rate: clipping timecodes (HH:MM:SS:FF) count frames at it. */
  readonly framesPerSecond: () => number;
  /** Schedule actions of other types (ID3 metadata, pause) that fell due, in start order. */
  readonly onScheduledActions?: (actions: readonly ScheduledAction[], nowMs: number) => void;
}

interface Pending {
  readonly reader: SourceReader;
  readonly actionName?: string;
  readonly deadlineMs: number;
}

export class InputSwitcher {
  readonly #options: InputSwitcherOptions;
  readonly #attachments = new Map<string, InputAttachment>();
  /** Readers by attachment name: every push input, and pull inputs while needed. */
  readonly #readers = new Map<string, SourceReader>();
  /** The switch action that put each reader on air (file END events name it). */
  readonly #actionOf = new Map<SourceReader, string>();
  readonly #pair: FailoverPairConfig | undefined;
  readonly #conditions = new Map<SourceReader, ConditionWatch>();
  readonly #executor: ScheduleExecutor;
  /** Other actions the first schedule made due before the first tick. */
  #startOthers: ScheduledAction[] = [];
  #failover: FailoverState | undefined;
  #active: SourceReader | undefined;
  #activeActionName: string | undefined;
  #onAirLive = false;
  #pending: Pending | undefined;
  #prepared: SourceReader | undefined;
  /** The prepare action of #prepared, until its first keyframe is buffered (then logged once and cleared). */
  #preparedAwaitingKeyframe: string | undefined;
  #switches = 0;
  /** A timer for the next fixed-time action, so it runs on its time and not up to a tick (40 ms) late. */
  #dueTimer: NodeJS.Timeout | undefined;
  #dueTimerAtMs: number | undefined;
  /** The next keyframe put on air must carry the new input's parameter sets. */
  #needsParameterSets = false;
  #closed = false;

  constructor(options: InputSwitcherOptions) {
    this.#options = options;
    for (const attachment of options.spec.config.inputAttachments) {
      if (attachment.inputId && options.spec.inputs[attachment.inputId]) this.#attachments.set(attachmentNameOf(attachment), attachment);
    }
    this.#pair = failoverPairOf(options.spec.config);
    this.#executor = new ScheduleExecutor(Date.now());
  }

  /** The input on air. */
  get active(): SourceReader | undefined {
    return this.#active;
  }

  /** Every reader open now: push inputs, and the pull inputs on air, pending or prepared. */
  get readers(): readonly SourceReader[] {
    const open = new Set(this.#readers.values());
    for (const reader of [this.#active, this.#pending?.reader, this.#prepared]) if (reader) open.add(reader);
    return [...open];
  }

  /** Opens every push endpoint and puts the first input on air (or the one the schedule says). */
  async start(): Promise<void> {
    const nowMs = Date.now();
    for (const [name, attachment] of this.#attachments) {
      if (isPushType(this.#inputOf(attachment).type)) await this.#open(name);
    }
    this.#executor.setSchedule(this.#options.spec.schedule, nowMs);
    const { switches, others } = this.#executor.due(nowMs);
    this.#startOthers = [...others];
    const scheduled = switches.at(-1);
    const first = this.#options.spec.config.inputAttachments[0];
    const firstName = scheduled?.attachmentName ?? (first ? attachmentNameOf(first) : undefined);
    if (firstName === undefined) return;
    const reader = this.#readers.get(firstName) ?? (await this.#open(firstName, scheduled));
    if (!reader) return;
    this.#active = reader;
    this.#activeActionName = scheduled?.actionName;
    if (scheduled) this.#actionOf.set(reader, scheduled.actionName);
    this.#engagePair(nowMs + STARTUP_GRACE_MS);
    this.#report();
  }

  setSchedule(actions: readonly StoredScheduleAction[]): void {
    const nowMs = Date.now();
    this.#executor.setSchedule(actions, nowMs);
    this.#armDueTimer(nowMs);
  }

  /** Fixed-time actions (due at the given UTC time ±1 frame) get their own timer; the tick is 40 ms. */
  #armDueTimer(nowMs: number): void {
    const dueMs = this.#executor.nextDueMs(nowMs);
    if (dueMs === this.#dueTimerAtMs) return;
    clearTimeout(this.#dueTimer);
    this.#dueTimerAtMs = dueMs;
    if (dueMs === undefined || dueMs <= nowMs || dueMs - nowMs > 2 ** 31 - 1) return;
    this.#dueTimer = setTimeout(() => {
      this.#dueTimerAtMs = undefined;
      this.tick(Date.now());
    }, dueMs - nowMs);
  }

  updateAllowList(inputId: string, cidrs: readonly string[]): void {
    for (const reader of this.#readers.values()) if (reader.options.input.id === inputId) reader.updateAllowList(cidrs);
  }

  /** The on-air video is live (true) or filled (false): reported with the active input. */
  setOnAirLive(live: boolean): void {
    if (live === this.#onAirLive) return;
    this.#onAirLive = live;
    this.#report();
  }

  /** Runs the schedule and the failover policy; called on every timeline tick, before it fills. */
  tick(nowMs: number): void {
    if (this.#closed) return;
    const { switches, prepares, others } = this.#executor.due(nowMs);
    const otherActions = [...this.#startOthers.splice(0), ...others];
    if (otherActions.length > 0) this.#options.onScheduledActions?.(otherActions, nowMs);
    for (const prepare of prepares) void this.#prepare(prepare);
    for (const scheduled of switches) void this.#scheduledSwitch(scheduled, nowMs);
    if (this.#pending && nowMs >= this.#pending.deadlineMs) {
      const pending = this.#pending;
      this.#logger.warn({ attachment: pending.reader.attachmentName }, "no keyframe from the input switched to; switching anyway (the output shows input-loss fill until it arrives)");
      this.#switchTo(pending.reader, pending.actionName, "schedule");
    }
    this.#runFailover(nowMs);
    this.#armDueTimer(nowMs);
  }

  /** Figures for metrics (docs/metrics.md). */
  figures(nowMs: number): Extract<FromWorker, { type: "figures" }> {
    return { type: "figures", failovers: this.#failover?.failovers ?? 0, secondaryMs: this.#failover ? Math.max(0, secondaryMsAt(this.#failover, nowMs)) : 0, switches: this.#switches };
  }

  get #logger(): Logger {
    return this.#options.logger;
  }

  #inputOf(attachment: InputAttachment) {
    return this.#options.spec.inputs[attachment.inputId!]!;
  }

  /** A reader for an attachment (started); pull readers are created afresh (a file plays from its start). */
  async #open(name: string, scheduled?: Pick<ScheduledInput, "urlPath" | "clipping">): Promise<SourceReader | undefined> {
    const attachment = this.#attachments.get(name);
    if (!attachment) {
      this.#logger.warn({ attachment: name }, "no input attachment of that name");
      return undefined;
    }
    const input = this.#inputOf(attachment);
    if (scheduled?.urlPath?.length) {
      // Checked when the action was stored; checked again here, where the URL is used.
      const templates = input.sources.map((source) => source.url);
      const problems = dynamicUrlPathProblems(templates, scheduled.urlPath, DYNAMIC_URL_TOKEN);
      if (problems.length) {
        this.#options.alert({ alertType: AlertCatalogue.INPUT_ACCESS_FAILED.alertType, message: `input ${input.id}: ${problems.join("; ")}`, state: "SET", atMs: Date.now(), inputId: input.id });
        return undefined;
      }
    }
    const reader = new SourceReader({
      inputRoots: this.#options.spec.inputRoots,
      attachment,
      input,
      pipelineIndex: this.#options.spec.pipelineIndex,
      cidrs: this.#options.spec.allowLists[input.id] ?? [],
      resolveSecret: this.#options.resolveSecret,
      ...(scheduled?.urlPath?.length ? { url: this.#dynamicUrl(input, scheduled.urlPath) } : {}),
      ...(scheduled?.clipping ? { clipping: this.#clipping(scheduled.clipping) } : {}),
      onUnit: (from, unit, nowMs) => this.#onUnit(from, unit, nowMs),
      onAlert: (alert) => this.#options.alert(alert),
      onScte35: (from, section) => {
        this.#options.onAirScte35?.(from, section, from === this.#active);
      },
      onPullState: (from, state) => this.#onPullState(from, state),
      logger: this.#logger,
    });
    if (isPushType(input.type)) this.#readers.set(name, reader);
    if (this.#pair?.members.includes(name) && (this.#pair.blackDetectThreshold !== undefined || this.#pair.silenceSelectorName !== undefined)) {
      this.#conditions.set(reader, new ConditionWatch({ reader, ...(this.#pair.blackDetectThreshold !== undefined ? { blackDetectThreshold: this.#pair.blackDetectThreshold } : {}), ...(this.#pair.silenceSelectorName !== undefined ? { silenceSelectorName: this.#pair.silenceSelectorName } : {}), logger: this.#logger }));
    }
    try {
      await reader.start();
    } catch (error) {
      this.#logger.error({ err: error, input: input.id }, "cannot open the input's endpoint");
      this.#options.alert({ alertType: AlertCatalogue.INPUT_ACCESS_FAILED.alertType, message: `cannot open the endpoint of input ${input.id}: ${(error as Error).message}`, state: "SET", atMs: Date.now(), inputId: input.id });
    }
    return reader;
  }

  /** This pipeline's source of a dynamic input (the source SourceReader reads), `$urlPath$` filled. */
  #dynamicUrl(input: InputRecord, urlPath: readonly string[]): string {
    const sourceIndex = Math.min(this.#options.spec.pipelineIndex, Math.max(0, input.sources.length - 1));
    return dynamicSourceUrl(input.sources[sourceIndex]?.url ?? "", sourceIndex, urlPath);
  }

  #clipping(clipping: NonNullable<ScheduledInput["clipping"]>): { startMs?: number; stopMs?: number } | undefined {
    try {
      return clippingToMs(clipping, this.#options.framesPerSecond());
    } catch (error) {
      this.#logger.warn({ err: error }, "input clipping ignored");
      return undefined;
    }
  }

  #onUnit(reader: SourceReader, unit: AccessUnit, nowMs: number): void {
    this.#conditions.get(reader)?.push(unit, nowMs);
    const pending = this.#pending;
    if (pending?.reader === reader && unit.kind === "video" && unit.keyframe && unit.trackId === reader.videoTrackId) {
      // The unit is already in the reader's GOP buffer: the switch replays it.
      this.#switchTo(reader, pending.actionName, "schedule");
      return;
    }
    if (reader === this.#active) this.#onAir(reader, unit, nowMs);
    else if (reader === this.#prepared && unit.kind === "video" && unit.keyframe) this.#announcePrepared();
  }

  /** Forwards a unit of the input on air; the first keyframe after a switch gets the input's parameter sets. */
  #onAir(reader: SourceReader, unit: AccessUnit, arrivalMs: number): void {
    if (this.#needsParameterSets && unit.kind === "video" && unit.keyframe && unit.trackId === reader.videoTrackId) {
      this.#needsParameterSets = false;
      const data = reader.parameterSets.complete(unit.codec, unit.data);
      if (data !== unit.data) unit = { ...unit, data };
    }
    this.#options.onAirUnit(reader, unit, arrivalMs);
  }

  /** When the input switch action `actionName` put on air ended, or undefined (what follows its END starts then). */
  inputEndedAtMs(actionName: string): number | undefined {
    return this.#executor.endedAtMs(actionName);
  }

  #onPullState(reader: SourceReader, state: PullState): void {
    if (state !== "ENDED") return;
    const actionName = this.#actionOf.get(reader);
    this.#logger.info({ attachment: reader.attachmentName, actionName }, "the input reached its end");
    const nowMs = Date.now();
    if (actionName !== undefined) this.#executor.inputEnded(actionName, nowMs);
    if (reader !== this.#active || this.#pending) return;
    const next = attachmentAfterEnd({
      inputEndAction: this.#options.spec.config.encoderSettings?.globalConfiguration?.inputEndAction,
      attachmentNames: [...this.#attachments.keys()],
      endedAttachmentName: reader.attachmentName,
      followedBySchedule: actionName !== undefined && this.#executor.followsEnd(actionName),
    });
    if (next === undefined) return;
    this.#logger.info({ from: reader.attachmentName, to: next }, "input end action: switching to the next input attachment");
    void this.#attachmentSwitch({ attachmentName: next }, undefined, nowMs);
  }

  /**
   * Puts `reader` on air: the timeline relocks, and the reader's buffered GOP is replayed if
   * its keyframe can be placed without running the output ahead of the clock.
   */
  #switchTo(reader: SourceReader, actionName: string | undefined, reason: "schedule" | "failover" | "return-to-primary" | "manual"): void {
    // A switch (scheduled or automatic) supersedes a scheduled one still waiting for its input.
    const pending = this.#pending;
    if (pending && (pending.reader === reader || reason === "schedule" || reason === "manual")) {
      this.#pending = undefined;
      if (pending.reader !== reader && !isPushType(pending.reader.options.input.type)) void this.#release(pending.reader);
    }
    if (actionName !== undefined) this.#actionOf.set(reader, actionName);
    if (reason === "schedule" || reason === "manual") this.#activeActionName = actionName;
    const previous = this.#active;
    if (reader === previous) {
      this.#report();
      return;
    }
    this.#active = reader;
    this.#switches += 1;
    this.#needsParameterSets = true;
    this.#options.onSwitch(reader);
    const keyframeMs = reader.gop.keyframeArrivalMs;
    const lagMs = keyframeMs === undefined ? undefined : this.#options.lagIfLockedAt(keyframeMs);
    const replay = lagMs !== undefined && lagMs <= MAX_REPLAY_LAG_MS;
    this.#logger.info(
      { from: previous?.attachmentName, to: reader.attachmentName, reason, actionName, start: replay ? "buffered keyframe" : "next keyframe", keyframeAgeMs: keyframeMs === undefined ? undefined : Date.now() - keyframeMs, lagMs },
      `input switch: ${previous?.attachmentName ?? "none"} → ${reader.attachmentName} (${reason})`,
    );
    if (replay) for (const buffered of reader.gop.units()) this.#onAir(reader, buffered.unit, buffered.arrivalMs);
    if (previous && !isPushType(previous.options.input.type) && previous !== this.#prepared) void this.#release(previous);
    // A scheduled switch into (or out of) the failover pair engages (or disengages) its policy.
    if (reason === "schedule") this.#engagePair(Date.now());
    this.#report();
  }

  async #release(reader: SourceReader): Promise<void> {
    this.#actionOf.delete(reader);
    this.#conditions.get(reader)?.close();
    this.#conditions.delete(reader);
    await reader.close().catch(() => {});
  }

  async #scheduledSwitch(scheduled: ScheduledInput, nowMs: number): Promise<void> {
    this.#logger.info({ actionName: scheduled.actionName, attachment: scheduled.attachmentName }, "scheduled input switch");
    await this.#attachmentSwitch(scheduled, scheduled.actionName, nowMs);
  }

  /** Puts an attachment on air for a schedule action, or for the input end action (no action name). */
  async #attachmentSwitch(scheduled: Omit<ScheduledInput, "actionName">, actionName: string | undefined, nowMs: number): Promise<void> {
    const name = scheduled.attachmentName;
    const pair = this.#pair;
    const active = this.#active;
    // Within the failover pair, a switch to the other member is a manual failover (EQUAL preference).
    if (pair && this.#failover && active && pair.members.includes(active.attachmentName) && pair.members.includes(name) && name !== active.attachmentName) {
      const to = pair.members.indexOf(name) as PairMember;
      const result = manualSwitch(pair.policy, this.#failover, to, nowMs);
      this.#failover = result.state;
      if (!result.accepted) {
        this.#logger.warn({ actionName, reason: result.reason }, "manual failover refused");
        const by = actionName !== undefined ? `schedule action ${actionName}` : "input end action";
        this.#options.alert({ alertType: AlertCatalogue.INPUT_SWITCH_FAILED.alertType, message: `${by}: switch to ${name} refused: ${result.reason ?? "the input is not healthy"}`, state: "SET", atMs: nowMs });
        return;
      }
      this.#handleFailoverEvents(result.events, nowMs);
      this.#switchTo(this.#readers.get(name)!, actionName, "manual");
      return;
    }
    let reader = this.#readers.get(name);
    if (!reader && this.#prepared?.attachmentName === name) reader = this.#prepared;
    if (reader === this.#prepared) this.#prepared = undefined;
    if (!reader) {
      const opened = await this.#open(name, scheduled);
      if (!opened || this.#closed) return;
      reader = opened;
    }
    if (actionName !== undefined) this.#actionOf.set(reader, actionName);
    else this.#actionOf.delete(reader);
    if (reader.gop.keyframeArrivalMs !== undefined || isPushType(reader.options.input.type)) {
      this.#switchTo(reader, actionName, "schedule");
    } else {
      // A pull input just opened: the input on air stays until its first keyframe arrives.
      if (this.#pending && this.#pending.reader !== reader && !isPushType(this.#pending.reader.options.input.type)) void this.#release(this.#pending.reader);
      this.#pending = { reader, actionName, deadlineMs: Date.now() + PENDING_SWITCH_MS };
    }
  }

  /** inputPrepareSettings: start reading a pull input ahead of its switch (one at a time). */
  async #prepare(prepare: ScheduledPrepare): Promise<void> {
    const previous = this.#prepared;
    this.#prepared = undefined;
    if (previous && previous !== this.#active && previous !== this.#pending?.reader) void this.#release(previous);
    // Without an attachment name the action cancels the preparation, as in MediaLive.
    if (prepare.attachmentName === undefined || this.#readers.has(prepare.attachmentName)) return;
    this.#logger.info({ actionName: prepare.actionName, attachment: prepare.attachmentName }, "preparing input");
    this.#preparedAwaitingKeyframe = undefined;
    this.#prepared = await this.#open(prepare.attachmentName, prepare);
    this.#preparedAwaitingKeyframe = prepare.actionName;
    this.#announcePrepared();
  }

  /**
   * Once the prepared input has a keyframe buffered: a live input stays open, so a switch to it
   * goes on air at once. A file input always plays from its start, and a reader left running
   * would be seconds into the file (or past its end) by the switch: it is closed once it has
   * proved readable, and the switch opens the file afresh, as unprepared.
   */
  #announcePrepared(): void {
    const reader = this.#prepared;
    const actionName = this.#preparedAwaitingKeyframe;
    if (actionName === undefined || reader?.gop.keyframeArrivalMs === undefined) return;
    this.#preparedAwaitingKeyframe = undefined;
    if (isFileType(reader.options.input.type)) {
      this.#logger.info({ actionName, attachment: reader.attachmentName }, "input prepared: file readable (a switch plays it from its start)");
      this.#prepared = undefined;
      void this.#release(reader);
      return;
    }
    this.#logger.info({ actionName, attachment: reader.attachmentName }, "input prepared: keyframe buffered");
  }

  /** The failover pair runs while one of its members is on air; it starts on that member. `startMs`: from when silence counts as loss. */
  #engagePair(startMs: number): void {
    const pair = this.#pair;
    const activeName = this.#active?.attachmentName;
    if (!pair || activeName === undefined || !pair.members.includes(activeName)) {
      this.#failover = undefined;
      return;
    }
    const member = pair.members.indexOf(activeName) as PairMember;
    if (this.#failover?.active === member) return;
    this.#failover = initialFailoverState(startMs, member);
  }

  #runFailover(nowMs: number): void {
    const pair = this.#pair;
    if (!pair || !this.#failover) return;
    const observations = pair.members.map((name) => this.#observe(name, nowMs)) as unknown as readonly [InputObservation, InputObservation];
    const result = stepFailover(pair.policy, this.#failover, observations, nowMs);
    this.#failover = result.state;
    this.#handleFailoverEvents(result.events, nowMs);
  }

  #observe(name: string, nowMs: number): InputObservation {
    const reader = this.#readers.get(name);
    if (!reader) return {};
    const watch = this.#conditions.get(reader);
    const blackSinceMs = watch?.blackSinceMs(nowMs);
    const silentSinceMs = watch?.silentSinceMs(nowMs);
    return {
      ...(reader.lastVideoMs !== undefined ? { lastFrameMs: reader.lastVideoMs } : {}),
      ...(blackSinceMs !== undefined ? { blackSinceMs } : {}),
      ...(silentSinceMs !== undefined ? { silentSinceMs } : {}),
    };
  }

  #handleFailoverEvents(events: readonly FailoverEvent[], nowMs: number): void {
    const pair = this.#pair!;
    for (const event of events) {
      if (event.type === "input-failed") {
        const name = pair.members[event.member];
        const reader = this.#readers.get(name);
        const forMs = nowMs - event.sinceMs;
        this.#logger.warn({ attachment: name, condition: event.condition, forMs }, "failover condition met");
        this.#options.alert({ alertType: AlertCatalogue.FAILOVER_CONDITION.alertType, message: `${name}: ${describeCondition(event.condition)} for ${forMs} ms`, state: "SET", atMs: nowMs, ...(reader ? { inputId: reader.options.input.id } : {}) });
      } else if (event.type === "input-clean") {
        const name = pair.members[event.member];
        const reader = this.#readers.get(name);
        this.#logger.info({ attachment: name, failedForMs: event.failedForMs }, "failover condition cleared");
        this.#options.alert({ alertType: AlertCatalogue.FAILOVER_CONDITION.alertType, message: `${name}: clean again after failing for ${event.failedForMs} ms`, state: "CLEARED", atMs: nowMs, ...(reader ? { inputId: reader.options.input.id } : {}) });
      } else {
        const from = pair.members[event.from];
        const to = pair.members[event.to];
        const reader = this.#readers.get(to);
        if (!reader) continue;
        if (event.reason !== "manual") this.#switchTo(reader, undefined, event.reason);
        // A manual switch (an operator's schedule action) is not a failover: no alert for it.
        if (event.to === 1 && event.reason === "failover") {
          this.#options.alert({ alertType: AlertCatalogue.INPUT_FAILED_OVER.alertType, message: `switched from ${from} to ${to}${event.condition ? ` (${describeCondition(event.condition)})` : ""}`, state: "SET", atMs: nowMs });
        } else if (event.to === 0) {
          this.#options.alert({ alertType: AlertCatalogue.INPUT_FAILED_OVER.alertType, message: `back on ${to} (${event.reason})`, state: "CLEARED", atMs: nowMs });
        }
      }
    }
  }

  #report(): void {
    const active = this.#active;
    if (!active) return;
    this.#options.send({ type: "active-input", attachmentName: active.attachmentName, ...(this.#activeActionName !== undefined ? { actionName: this.#activeActionName } : {}), live: this.#onAirLive });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#dueTimer);
    const readers = new Set([...this.#readers.values(), ...(this.#active ? [this.#active] : []), ...(this.#pending ? [this.#pending.reader] : []), ...(this.#prepared ? [this.#prepared] : [])]);
    for (const watch of this.#conditions.values()) watch.close();
    await Promise.all([...readers].map((reader) => reader.close().catch(() => {})));
  }
}

function describeCondition(condition: string): string {
  return condition === "INPUT_LOSS" ? "input loss" : condition === "VIDEO_BLACK" ? "video black" : "audio silence";
}
