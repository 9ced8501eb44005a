import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { AvailEvent } from "../../../../src/media/scte35/avail-decision.ts";
import { applyAvailEvent, availAt, pruneAvails, type TimelineAvail } from "../../../../src/media/scte35/avail-timeline.ts";

const SECTION = Uint8Array.of(0xfc);
const event = (action: AvailEvent["action"], eventId: number, pts90k: number | null, duration90k: number | null = null): AvailEvent => ({
  action,
  eventId,
  pts90k,
  duration90k,
  segmentationTypeId: null,
  upid: null,
  blank: true,
});

function run(events: readonly [AvailEvent, number][]): TimelineAvail[] {
  return events.reduce<TimelineAvail[]>((avails, [e, now]) => applyAvailEvent(avails, e, SECTION, now), []);
}

const spans = (avails: readonly TimelineAvail[]) => avails.map((a) => [a.eventId, a.startPts90k, a.endPts90k]);

describe("avail timeline", () => {
  it("a declared duration ends the avail (auto return); repeats of the same event ahead of the splice are ignored", () => {
    const avails = run([
      [event("start", 1, 900_000, 2_700_000), 0],
      [event("start", 1, 900_000, 2_700_000), 100],
      [event("start", 1, 900_000, 2_700_000), 200],
    ]);
    assert.deepEqual(spans(avails), [[1, 900_000, 3_600_000]]);
    assert.equal(availAt(avails, 899_999), null);
    assert.equal(availAt(avails, 900_000)?.eventId, 1);
    assert.equal(availAt(avails, 3_600_000), null);
  });

  it("an open avail ends at the return message of the same event, or the latest running one", () => {
    assert.deepEqual(spans(run([[event("start", 2, 900_000), 0], [event("end", 2, 1_800_000), 0]])), [[2, 900_000, 1_800_000]]);
    assert.deepEqual(spans(run([[event("start", 2, 900_000), 0], [event("end", 99, 1_800_000), 0]])), [[2, 900_000, 1_800_000]]);
    // An immediate return happens now.
    assert.deepEqual(spans(run([[event("start", 3, 900_000), 0], [event("end", 3, null), 1_000_000]])), [[3, 900_000, 1_000_000]]);
  });

  it("a new avail ends an open one; cancel withdraws a pending avail but not one already running", () => {
    assert.deepEqual(spans(run([[event("start", 4, 900_000), 0], [event("start", 5, 1_800_000, 90_000), 0]])), [
      [4, 900_000, 1_800_000],
      [5, 1_800_000, 1_890_000],
    ]);
    assert.deepEqual(spans(run([[event("start", 6, 900_000, 90_000), 0], [event("cancel", 6, null), 450_000]])), []);
    assert.deepEqual(spans(run([[event("start", 6, 900_000, 90_000), 0], [event("cancel", 6, null), 900_001]])), [[6, 900_000, 990_000]]);
  });

  it("prunes avails over before a time, keeps open ones", () => {
    const avails = run([[event("start", 7, 0, 90_000), 0], [event("start", 8, 180_000), 0]]);
    assert.deepEqual(spans(pruneAvails(avails, 100_000)), [[8, 180_000, null]]);
  });
});
