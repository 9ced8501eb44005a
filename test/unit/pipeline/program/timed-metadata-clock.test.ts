import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TimedMetadataClock, fedTimedMetadataPayload, timedMetadataStream } from "../../../../src/pipeline/program/timed-metadata-clock.ts";

const FRAME_90K = 3000; // 30 fps
const feeds = [
  { frame: "PRIV", periodSec: 2, pid: 0x1f0 },
  { frame: "TDRL", periodSec: 5, pid: 0x1f1 },
] as const;

/** Feeds `seconds` of 30 fps pictures from pts 90000 at wall time `startMs`; returns the tags by PID. */
function run(clock: TimedMetadataClock, seconds: number, startMs = 1_000_000, startPts = 90_000): Map<number, { pts90k: number; text: string }[]> {
  const byPid = new Map<number, { pts90k: number; text: string }[]>();
  for (let n = 0; n < seconds * 30; n++) {
    const pts90k = startPts + n * FRAME_90K;
    for (const unit of clock.picture(pts90k, startMs + n * 33)) {
      const list = byPid.get(unit.pid) ?? [];
      list.push({ pts90k: unit.pts90k, text: Buffer.from(unit.data).toString("latin1") });
      byPid.set(unit.pid, list);
    }
  }
  return byPid;
}

describe("TimedMetadataClock", () => {
  it("tags the first picture, then one picture per period of the program clock, per feed", () => {
    const tags = run(new TimedMetadataClock(feeds), 11);
    assert.deepEqual(tags.get(0x1f0)!.map((tag) => tag.pts90k), [90_000, 270_000, 450_000, 630_000, 810_000, 990_000]);
    assert.deepEqual(tags.get(0x1f1)!.map((tag) => tag.pts90k), [90_000, 540_000, 990_000]);
  });

  it("stamps the wall time of the first picture carried forward on the program clock (not the feed's jitter)", () => {
    const tags = run(new TimedMetadataClock(feeds), 3, Date.UTC(2026, 0, 1, 0, 0, 0, 0));
    // The second PRIV tag: 2 s of program time after the first, although the pictures were fed 33 ms apart.
    assert.ok(tags.get(0x1f0)![1]!.text.endsWith("2026-01-01T00:00:02.000+00:00"), tags.get(0x1f0)![1]!.text);
  });

  it("restarts with a new encoder and after the program clock jumps back", () => {
    const clock = new TimedMetadataClock(feeds);
    run(clock, 3);
    clock.restart();
    assert.equal(clock.picture(93_000, 0).length, 2, "a restarted encoder gets its first tags with its first picture");
    assert.equal(clock.picture(96_000, 0).length, 0);
    assert.equal(clock.picture(3_000, 0).length, 2, "a jump back of more than a period tags at once");
  });

  it("is empty without feeds", () => {
    const clock = new TimedMetadataClock([]);
    assert.ok(clock.empty);
    assert.deepEqual(clock.picture(0, 0), []);
  });

  it("declares stream_type 0x15 with registration and metadata descriptors 'ID3 ', PES stream_id 0xBD", () => {
    const stream = timedMetadataStream(0x1f0);
    assert.equal(stream.streamType, 0x15);
    assert.equal(stream.streamId, 0xbd);
    const descriptors = Buffer.from(stream.descriptors!);
    assert.deepEqual([...descriptors.subarray(0, 6)], [0x05, 4, 0x49, 0x44, 0x33, 0x20]);
    assert.deepEqual([...descriptors.subarray(6)], [0x26, 15, 0xff, 0xff, 0x49, 0x44, 0x33, 0x20, 0xff, 0x49, 0x44, 0x33, 0x20, 0x00, 0x0f]);
  });

  it("wraps each fed tag in a 5-byte metadata AU cell header (one complete cell, its length)", () => {
    assert.deepEqual([...fedTimedMetadataPayload(new Uint8Array([9, 8, 7]))], [0, 0, 0xdf, 0, 3, 9, 8, 7]);
  });
});
