// Where avail starts and ends land on the pipeline's fed timeline (the TS it writes to the
// encoder). A splice from the source names a PTS of the source's clock (pts_time +
// pts_adjustment, ANSI/SCTE 35 2023 §9.6.1): it lands on the first picture of the active source
// whose PTS reaches it, and takes that picture's fed PTS — the same picture, however the
// program timeline re-timed it. A splice without a time (splice_immediate_flag, or a schedule
// action) lands on the next picture fed. An avail with a declared duration ends that long
// after its start on the fed timeline (break_duration with auto_return, segmentation_duration),
// unless an end message comes first. Repeats of a pending or running avail (§9.7.3: senders
// repeat a splice_insert ahead of its time) are ignored; a cancel drops a pending one. A
// blackout start or end (blackoutSlate) lands the same way but is no avail: it neither opens
// nor ends one, it only names its picture. Pure.

import type { BlackoutEvent } from "../../media/scte35/avail-decision.ts";
import { wrap33 } from "../../media/scte35/splice-pts.ts";

export interface SpliceRequest {
  readonly action: "start" | "end" | "cancel";
  /** splice_event_id or segmentation_event_id. */
  readonly eventId: number;
  /** Declared duration (90 kHz); null when none. */
  readonly duration90k: number | null;
  readonly upid: Uint8Array | null;
  /** The message to publish with the splice (HLS ELEMENTAL_SCTE35), for the fed PTS it lands on. */
  readonly section: (fedPts90k: number) => Uint8Array;
  /** The avail is restricted (availBlanking shows its image); absent: not restricted. */
  readonly blank?: boolean;
  /** A blackout start or end (blackoutSlate), not an avail. */
  readonly blackout?: BlackoutEvent;
}

/** A start or end placed on a picture. */
export interface SplicePoint {
  readonly action: "start" | "end";
  readonly eventId: number;
  readonly duration90k: number | null;
  readonly upid: Uint8Array | null;
  readonly section: Uint8Array;
  readonly fedPts90k: number;
  /** An avail start that availBlanking blanks. */
  readonly blank: boolean;
  /** Set on a blackout start or end (not an avail). */
  readonly blackout?: BlackoutEvent;
}

type Trigger = { readonly on: "source"; readonly pts33: number } | { readonly on: "next"; readonly after90k?: number } | { readonly on: "fed"; readonly pts90k: number };

interface Pending {
  readonly request: SpliceRequest;
  readonly trigger: Trigger;
}

const HALF_CLOCK_33 = 2 ** 32;

/**
 * Splices waiting for their time at most. A source announces a splice seconds ahead (§9.7.3), so
 * a handful wait at once; one that sends a new event id every packet, hours ahead, must not grow
 * the list (and the scan of it every picture) without bound: past the cap the oldest waiting
 * splice of a source or the schedule is dropped (an avail's own pending end never is).
 */
export const MAX_PENDING_SPLICES = 64;

export class SplicePoints {
  #pending: Pending[] = [];
  /** Avails started and not ended yet, by event id. */
  readonly #open = new Map<number, SplicePoint>();

  /** Nothing pending, nothing open. */
  get idle(): boolean {
    return this.#pending.length === 0 && this.#open.size === 0;
  }

  /** A request from the active source: `pts33` is its adjusted splice PTS, null for an immediate splice. */
  fromSource(request: SpliceRequest, pts33: number | null): void {
    this.#add(request, pts33 === null ? { on: "next" } : { on: "source", pts33: wrap33(pts33) });
  }

  /** A request that lands on the next picture (a schedule action falling due). */
  now(request: SpliceRequest): void {
    this.#add(request, { on: "next" });
  }

  /**
   * A request from a source that is not on air (scte35InputSettings FIXED): its clock is not
   * the fed one, so its splice lands `after90k` after the next picture (how far ahead of that
   * source's latest picture the splice was).
   */
  fromOffAir(request: SpliceRequest, after90k: number): void {
    this.#add(request, { on: "next", after90k });
  }

  /** Another source went on air: splice times of the previous one's clock mean nothing now. */
  sourceSwitched(): void {
    this.#pending = this.#pending.filter((p) => p.trigger.on !== "source");
  }

  /** A live picture of the active source, `sourcePts90k` on its clock, is fed at `fedPts90k`. */
  sourcePicture(sourcePts90k: number, fedPts90k: number): void {
    const pts33 = wrap33(sourcePts90k);
    this.#pending = this.#pending.map((p) => (p.trigger.on === "source" && wrap33(pts33 - p.trigger.pts33) < HALF_CLOCK_33 ? { request: p.request, trigger: { on: "fed", pts90k: fedPts90k } } : p));
  }

  /** The splice points that land on the picture fed at `fedPts90k` (any picture: live or fill). */
  picture(fedPts90k: number): SplicePoint[] {
    // A delayed request gets its fed time from this picture.
    this.#pending = this.#pending.map((p) => (p.trigger.on === "next" && p.trigger.after90k ? { request: p.request, trigger: { on: "fed", pts90k: fedPts90k + p.trigger.after90k } } : p));
    const due = this.#pending.filter((p) => p.trigger.on === "next" || (p.trigger.on === "fed" && p.trigger.pts90k <= fedPts90k));
    if (due.length === 0) return [];
    this.#pending = this.#pending.filter((p) => !due.includes(p));
    const points: SplicePoint[] = [];
    for (const { request } of due) points.push(...this.#land(request, fedPts90k));
    return points;
  }

  #add(request: SpliceRequest, trigger: Trigger): void {
    if (request.action === "cancel") {
      this.#pending = this.#pending.filter((p) => p.request.eventId !== request.eventId || p.request.action !== "start" || p.request.blackout !== undefined);
      return;
    }
    if (request.action === "start" && request.blackout === undefined && this.#open.has(request.eventId)) return; // a repeat of a running avail
    // A repeat of a pending one replaces it (the latest message wins).
    this.#pending = this.#pending.filter((p) => !(p.request.eventId === request.eventId && p.request.action === request.action && p.request.blackout === request.blackout && p.trigger.on !== "fed"));
    this.#pending.push({ request, trigger });
    if (this.#pending.length > MAX_PENDING_SPLICES) {
      const oldest = this.#pending.findIndex((p) => p.trigger.on !== "fed");
      if (oldest >= 0) this.#pending.splice(oldest, 1);
    }
  }

  #land(request: SpliceRequest, fedPts90k: number): SplicePoint[] {
    const point = (action: "start" | "end", eventId: number): SplicePoint => ({ action, eventId, duration90k: request.duration90k, upid: request.upid, section: request.section(fedPts90k), fedPts90k, blank: action === "start" && request.blank === true });
    if (request.blackout !== undefined) return request.action === "cancel" ? [] : [{ ...point(request.action, request.eventId), blackout: request.blackout }];
    if (request.action === "start") {
      if (this.#open.has(request.eventId)) return [];
      // A new avail ends the one running (MediaLive's avails do not nest).
      const ended = [...this.#open.values()].map((open) => point("end", open.eventId));
      this.#open.clear();
      this.#pending = this.#pending.filter((p) => !(p.request.action === "end" && p.request.blackout === undefined && p.trigger.on === "fed"));
      const started = point("start", request.eventId);
      this.#open.set(request.eventId, started);
      if (request.duration90k !== null) this.#pending.push({ request: { ...request, action: "end" }, trigger: { on: "fed", pts90k: fedPts90k + request.duration90k } });
      return [...ended, started];
    }
    // An end names its event; one naming no running avail ends the latest (a return without a matching id).
    const target = this.#open.has(request.eventId) ? request.eventId : [...this.#open.keys()].at(-1);
    if (target === undefined) return [];
    this.#open.delete(target);
    this.#pending = this.#pending.filter((p) => !(p.request.action === "end" && p.request.blackout === undefined && p.request.eventId === target));
    return [point("end", target)];
  }
}
