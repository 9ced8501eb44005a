// The TS demux stage of the ingest edges and the source monitor that observes its events:
// the edge demuxes and decides keyframes once; the monitor probes, times and counts.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { EdgeUnit, InputEdgeEvent } from "../../../src/ingest/input-edge.ts";
import { toAccessUnit } from "../../../src/ingest/input-edge.ts";
import { SourceMonitor } from "../../../src/ingest/monitor/source-monitor.ts";
import { TsUnits } from "../../../src/ingest/ts-units.ts";
import { concatBytes, muxUnits, pseudoRandomBytes, syntheticUnits, VIDEO_PID } from "../media/mpegts/helpers.ts";

/** Synthetic H.264-typed TS whose keyframes start with an IDR NAL header (type 5), the other pictures with a non-IDR slice (type 1). */
function tsWithIdrs(frames: number): Uint8Array {
  const units = syntheticUnits(frames).map((unit) => {
    if (unit.trackId !== VIDEO_PID) return unit;
    const nal = unit.keyframe ? 0x65 : 0x41;
    return { ...unit, data: concatBytes([new Uint8Array([0, 0, 0, 1, nal]), pseudoRandomBytes(unit.data.length, unit.dts90k)]) };
  });
  return concatBytes(muxUnits(units));
}

function runUnits(stream: Uint8Array, chunkBytes: number): { events: InputEdgeEvent[]; units: TsUnits } {
  const units = new TsUnits();
  const events: InputEdgeEvent[] = [];
  for (let offset = 0; offset < stream.length; offset += chunkBytes) events.push(...units.push(stream.subarray(offset, offset + chunkBytes), 1000 + offset / 1000));
  return { events, units };
}

describe("TsUnits", () => {
  it("hands on media bytes, the program and units with the keyframe decided from the bitstream", () => {
    const stream = tsWithIdrs(60);
    const { events, units } = runUnits(stream, 1316);
    assert.equal(units.mediaBytes, stream.length);
    assert.equal(events.filter((e) => e.type === "media").reduce((sum, e) => sum + (e.type === "media" ? e.bytes : 0), 0), stream.length);
    assert.ok(events.some((e) => e.type === "program" && e.program.streams.length === 2));
    const video = events.flatMap((e) => (e.type === "unit" && e.unit.kind === "video" ? [e.unit] : []));
    assert.ok(video.length >= 59, `video units: ${video.length}`);
    assert.deepEqual(
      video.map((u) => u.keyframe),
      video.map((_, i) => i % 25 === 0),
    );
    const audio = events.flatMap((e) => (e.type === "unit" && e.unit.kind === "audio" ? [e.unit] : []));
    assert.ok(audio.length > 0 && audio.every((u) => u.keyframe));
    assert.equal(units.continuityErrors, 0);
    assert.ok(!events.some((e) => e.type === "continuity"));
  });

  it("reports continuity errors as they change", () => {
    const stream = tsWithIdrs(30);
    // Drop one packet of the video PID in the middle.
    const packets: Uint8Array[] = [];
    let dropped = false;
    for (let offset = 0; offset < stream.length; offset += 188) {
      const packet = stream.subarray(offset, offset + 188);
      const pid = ((packet[1]! & 0x1f) << 8) | packet[2]!;
      if (!dropped && pid === VIDEO_PID && offset > stream.length / 2) {
        dropped = true;
        continue;
      }
      packets.push(packet);
    }
    const { events, units } = runUnits(concatBytes(packets), 188 * 7);
    assert.equal(units.continuityErrors, 1);
    assert.deepEqual(
      events.flatMap((e) => (e.type === "continuity" ? [e.continuityErrors] : [])),
      [1],
    );
  });
});

describe("toAccessUnit", () => {
  const unit: EdgeUnit = { trackId: 1, kind: "video", codec: "H264", pts90k: 9000, dts90k: null, keyframe: true, randomAccess: false, data: new Uint8Array(1) };
  it("takes video and audio with a PTS; DTS defaults to the PTS", () => {
    assert.deepEqual(toAccessUnit(unit), { trackId: 1, kind: "video", codec: "H264", pts90k: 9000, dts90k: 9000, keyframe: true, data: unit.data });
    assert.equal(toAccessUnit({ ...unit, pts90k: null }), undefined);
    assert.equal(toAccessUnit({ ...unit, kind: "data" }), undefined);
  });
});

describe("SourceMonitor observing edge events", () => {
  it("probes, times the last video per track and keeps the continuity count", () => {
    const monitor = new SourceMonitor({ inputType: "RTP_PUSH" });
    const { events } = runUnits(tsWithIdrs(30), 1316);
    for (const event of events) monitor.observe(event, 5000);
    monitor.observe({ type: "continuity", continuityErrors: 3 }, 5001);
    const snapshot = monitor.snapshot(5002);
    assert.equal(snapshot.continuityErrors, 3);
    assert.equal(snapshot.lastVideoMs, 5000);
    assert.equal(snapshot.lastAudioMs, 5000);
    assert.equal(monitor.lastVideoMsOf(VIDEO_PID), 5000);
    assert.equal(monitor.lastVideoMsOf(undefined), undefined);
    assert.equal(monitor.lastVideoMsOf(0x999), undefined);
  });
});
