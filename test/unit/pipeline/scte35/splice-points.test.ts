import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_PENDING_SPLICES, SplicePoints, type SpliceRequest } from "../../../../src/pipeline/scte35/splice-points.ts";

const request = (action: SpliceRequest["action"], eventId: number, duration90k: number | null = null): SpliceRequest => ({ action, eventId, duration90k, upid: null, section: (pts) => Uint8Array.of(pts & 0xff) });
const FRAME = 3_600;

/** Feeds source pictures from `fromPts` (source clock) that land on the fed clock `offset` later; returns the points by fed PTS. */
function run(points: SplicePoints, fromPts: number, count: number, offset: number): [number, string][] {
  const out: [number, string][] = [];
  for (let i = 0; i < count; i++) {
    const source = fromPts + i * FRAME;
    points.sourcePicture(source, source + offset);
    for (const point of points.picture(source + offset)) out.push([point.fedPts90k, `${point.action}:${point.eventId}`]);
  }
  return out;
}

describe("SplicePoints: avail starts and ends on fed pictures", () => {
  it("a source splice lands on the first picture whose PTS reaches it, on that picture's fed PTS, and auto-returns after its duration", () => {
    const points = new SplicePoints();
    points.fromSource(request("start", 7, 10 * FRAME), 100 * FRAME + 10);
    assert.deepEqual(run(points, 90 * FRAME, 30, 5_000_000), [
      [101 * FRAME + 5_000_000, "start:7"],
      [111 * FRAME + 5_000_000, "end:7"],
    ]);
  });

  it("source PTS compare across the 33-bit wrap (a splice ahead of the wrap is not due after it... and one after the wrap is)", () => {
    const wrap = 2 ** 33;
    const points = new SplicePoints();
    points.fromSource(request("start", 1), 5 * FRAME); // just after the wrap
    const out = run(points, wrap - 3 * FRAME, 10, 0);
    assert.deepEqual(out.map(([, what]) => what), ["start:1"]);
    assert.equal(out[0]?.[0], wrap + 5 * FRAME);
  });

  it("repeats of a pending splice and of a running avail are ignored; a cancel drops a pending one", () => {
    const points = new SplicePoints();
    points.fromSource(request("start", 7), 10 * FRAME);
    points.fromSource(request("start", 7), 10 * FRAME);
    points.fromSource(request("start", 8), 12 * FRAME);
    points.fromSource(request("cancel", 8), null);
    const first = run(points, 0, 15, 0);
    assert.deepEqual(first.map(([, what]) => what), ["start:7"]);
    points.fromSource(request("start", 7), 20 * FRAME);
    points.fromSource(request("end", 7), 22 * FRAME);
    assert.deepEqual(run(points, 15 * FRAME, 10, 0).map(([, what]) => what), ["end:7"]);
  });

  it("a new avail ends the one running; an end naming no running avail ends the latest; immediate requests land on the next picture", () => {
    const points = new SplicePoints();
    points.now(request("start", 1));
    assert.deepEqual(points.picture(1000).map((p) => `${p.action}:${p.eventId}@${p.fedPts90k}`), ["start:1@1000"]);
    points.now(request("start", 2, 90_000));
    assert.deepEqual(points.picture(2000).map((p) => `${p.action}:${p.eventId}`), ["end:1", "start:2"]);
    points.now(request("end", 99));
    assert.deepEqual(points.picture(3000).map((p) => `${p.action}:${p.eventId}`), ["end:2"]);
    assert.deepEqual(points.picture(2000 + 90_000), [], "the return already happened: no auto-return after it");
    assert.ok(points.idle);
  });

  it("a switch of the source drops splices on the old source's clock, not scheduled ones", () => {
    const points = new SplicePoints();
    points.fromSource(request("start", 1), 50 * FRAME);
    points.now(request("start", 2));
    points.sourceSwitched();
    assert.deepEqual(run(points, 40 * FRAME, 20, 0).map(([, what]) => what), ["start:2"]);
  });

  it("the section is built for the fed PTS the splice lands on", () => {
    const points = new SplicePoints();
    points.now(request("start", 3));
    assert.deepEqual(points.picture(0x1234)[0]?.section, Uint8Array.of(0x34));
  });

  it("a source announcing thousands of future splices keeps at most MAX_PENDING_SPLICES waiting: the latest ones land", () => {
    const points = new SplicePoints();
    const count = 10 * MAX_PENDING_SPLICES;
    for (let eventId = 1; eventId <= count; eventId += 1) points.fromSource(request("start", eventId), eventId * FRAME);
    points.sourcePicture((count + 1) * FRAME, 500 * FRAME);
    const started = points.picture(500 * FRAME).filter((point) => point.action === "start").map((point) => point.eventId);
    assert.deepEqual(started, Array.from({ length: MAX_PENDING_SPLICES }, (_, k) => count - MAX_PENDING_SPLICES + 1 + k));
  });
});
