// Avail events in, the avails in force out: pairs starts with their ends, applies declared
// durations (break_duration with auto_return, segmentation_duration), ignores the repeats an
// upstream sends ahead of a splice (ANSI/SCTE 35 §9.7.3: the same splice_event_id) and drops
// cancelled events. Times are PTS in 90 kHz ticks on an unwrapped (monotonic) clock — the
// caller unwraps the 33-bit values first (mpegts/timestamp-unwrapper.ts). Pure and immutable.

import type { AvailEvent } from "./avail-decision.ts";

export interface TimelineAvail {
  readonly eventId: number;
  readonly startPts90k: number;
  /** Declared duration; null when the message declares none. */
  readonly duration90k: number | null;
  /** When the avail ends: start + duration, or the end message; null while open. */
  readonly endPts90k: number | null;
  readonly blank: boolean;
  /** The message that started it, as received (for HLS ELEMENTAL_SCTE35 and pass-through). */
  readonly section: Uint8Array;
  readonly upid: Uint8Array | null;
}

/**
 * The avails after one event. `event.pts90k` must already be unwrapped; an immediate splice
 * (pts null) happens at `nowPts90k`.
 */
export function applyAvailEvent(avails: readonly TimelineAvail[], event: AvailEvent, section: Uint8Array, nowPts90k: number): TimelineAvail[] {
  const at = event.pts90k ?? nowPts90k;
  switch (event.action) {
    case "cancel":
      return avails.filter((a) => a.eventId !== event.eventId || a.startPts90k <= nowPts90k);
    case "start": {
      if (avails.some((a) => a.eventId === event.eventId && (a.endPts90k === null || a.endPts90k > at))) return [...avails]; // a repeat
      const open = avails.map((a) => (a.endPts90k === null && a.startPts90k < at ? { ...a, endPts90k: at } : a)); // a new avail ends an open one
      return [
        ...open,
        {
          eventId: event.eventId,
          startPts90k: at,
          duration90k: event.duration90k,
          endPts90k: event.duration90k === null ? null : at + event.duration90k,
          blank: event.blank,
          section,
          upid: event.upid?.bytes ?? null,
        },
      ];
    }
    case "end": {
      // The avail of the same event, else the latest one running at that time.
      const running = avails.filter((a) => a.startPts90k < at && (a.endPts90k === null || a.endPts90k > at));
      const target = running.find((a) => a.eventId === event.eventId) ?? running.at(-1);
      return avails.map((a) => (a === target ? { ...a, endPts90k: at } : a));
    }
  }
}

/** The avail covering `pts90k`, if any (the latest started when they overlap). */
export function availAt(avails: readonly TimelineAvail[], pts90k: number): TimelineAvail | null {
  let found: TimelineAvail | null = null;
  for (const a of avails) if (a.startPts90k <= pts90k && (a.endPts90k === null || pts90k < a.endPts90k) && (!found || a.startPts90k >= found.startPts90k)) found = a;
  return found;
}

/** Drops avails that ended before `pts90k` (nothing older is needed once the playlist window has moved on). */
export function pruneAvails(avails: readonly TimelineAvail[], pts90k: number): TimelineAvail[] {
  return avails.filter((a) => a.endPts90k === null || a.endPts90k >= pts90k);
}
