// The event message track writer (media/mp4/event-message-track.ts, ISO/IEC 23001-18) read back
// through the box walker and fragment reader the rest of the project uses: the init segment
// declares a `meta` track with an `evte` sample entry; a segment's samples cover its range with
// no gap, each holding the events active in it (emib, times relative to the sample) or an emeb.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { walkBoxes } from "../../../../src/media/mp4/boxes.ts";
import { EMSG_UNKNOWN_DURATION, EmsgSchemes } from "../../../../src/media/mp4/emsg.ts";
import { eventTrackSamples, parseEmib, readEventTrackSegment, writeEmib, writeEventTrackInit, writeEventTrackSegment, type TrackEvent } from "../../../../src/media/mp4/event-message-track.ts";
import { mp4Fragments, mp4Tracks } from "../../../../src/media/mp4/fragments.ts";

const event = (presentationTime: number, eventDuration: number, id: number): TrackEvent => ({ schemeIdUri: EmsgSchemes.SCTE35_BIN, value: "", presentationTime, eventDuration, id, messageData: Uint8Array.of(0xfc, id & 0xff) });

/** What readEventTrackSegment gives, as plain data. */
function read(segment: Uint8Array): { time: number; events: { id: number; at: number; delta: number }[]; foreign: boolean }[] {
  return readEventTrackSegment(segment).map((sample) => ({ time: sample.time, foreign: sample.foreign, events: sample.events.map((each) => ({ id: each.id, at: each.presentationTime, delta: each.delta })) }));
}

describe("event message track (ISO/IEC 23001-18)", () => {
  it("the init segment declares a meta track with an evte sample entry, its timescale and track id", () => {
    const init = writeEventTrackInit({ trackId: 3, timescale: 15_360 });
    const walk = walkBoxes(init);
    assert.equal(walk.truncated, false);
    assert.deepEqual(walk.boxes.map((each) => each.type), ["ftyp", "moov"]);
    assert.deepEqual(mp4Tracks(init), [{ trackId: 3, timescale: 15_360, handler: "meta", sampleEntry: "evte" }]);
  });

  it("a segment with one splice: an emeb before it, the emib at its time (delta 0), repeated while its duration runs, an emeb after", () => {
    const segment = writeEventTrackSegment({ trackId: 1, sequenceNumber: 7, startTime: 1000, endTime: 3000, events: [event(1500, 1000, 9)] });
    assert.deepEqual(walkBoxes(segment).boxes.map((each) => each.type), ["moof", "mdat"]);
    assert.deepEqual(read(segment), [
      { time: 1000, events: [], foreign: false },
      { time: 1500, events: [{ id: 9, at: 1500, delta: 0 }], foreign: false },
      { time: 2500, events: [], foreign: false },
    ]);
    // The next segment still carries it while it is active, with a negative delta.
    const next = writeEventTrackSegment({ trackId: 1, sequenceNumber: 8, startTime: 2000, endTime: 3000, events: [event(1500, 1000, 9)] });
    assert.deepEqual(read(next)[0], { time: 2000, events: [{ id: 9, at: 1500, delta: -500 }], foreign: false });
  });

  it("an event of unknown duration is in the sample it starts in only", () => {
    const segment = writeEventTrackSegment({ trackId: 1, sequenceNumber: 1, startTime: 0, endTime: 100, events: [event(40, EMSG_UNKNOWN_DURATION, 2)] });
    assert.deepEqual(read(segment), [
      { time: 0, events: [], foreign: false },
      { time: 40, events: [{ id: 2, at: 40, delta: 0 }], foreign: false },
    ]);
    assert.deepEqual(read(writeEventTrackSegment({ trackId: 1, sequenceNumber: 2, startTime: 100, endTime: 200, events: [event(40, EMSG_UNKNOWN_DURATION, 2)] })), [{ time: 100, events: [], foreign: false }]);
  });

  it("parseEmib(writeEmib(x)) is x, for deltas of either sign", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 0, max: EMSG_UNKNOWN_DURATION }), fc.uint8Array({ maxLength: 40 }), (sampleTime, delta, duration, data) => {
        const written = { ...event(sampleTime + delta, duration, 77), messageData: data };
        const parsed = parseEmib(writeEmib(written, sampleTime), sampleTime);
        assert.ok(parsed);
        assert.deepEqual({ ...parsed, messageData: [...parsed.messageData] }, { ...written, delta, messageData: [...data] });
      }),
    );
  });

  it("fuzz: samples cover the range back to back; each holds exactly the events active in it; every event starting in the range opens a sample", () => {
    const events = fc.array(
      fc.record({ at: fc.integer({ min: 0, max: 400 }), duration: fc.oneof(fc.constant(EMSG_UNKNOWN_DURATION), fc.constant(0), fc.integer({ min: 1, max: 300 })) }),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 300 }), events, fc.integer({ min: 1, max: 9 }), (start, length, drawn, trackId) => {
        const end = start + length;
        const given = drawn.map((each, i) => event(each.at, each.duration, i + 1));
        const segment = writeEventTrackSegment({ trackId, sequenceNumber: 1, startTime: start, endTime: end, events: given });
        const walk = walkBoxes(segment);
        assert.equal(walk.truncated, false);
        const fragments = mp4Fragments(segment);
        assert.equal(fragments.length, 1);
        assert.ok(fragments[0]!.samples.every((sample) => sample.trackId === trackId));
        const samples = eventTrackSamples(start, end, given);
        assert.equal(samples[0]!.time, start);
        samples.forEach((sample, i) => assert.equal(sample.time + sample.duration, samples[i + 1]?.time ?? end));
        const parsed = read(segment);
        assert.deepEqual(parsed.map((sample) => sample.time), samples.map((sample) => sample.time));
        parsed.forEach((sample, i) => {
          assert.equal(sample.foreign, false);
          const sampleEnd = samples[i]!.time + samples[i]!.duration;
          const active = given.filter((each) => {
            const bounded = each.eventDuration !== EMSG_UNKNOWN_DURATION && each.eventDuration > 0;
            return bounded ? each.presentationTime < sampleEnd && each.presentationTime + each.eventDuration > sample.time : each.presentationTime >= sample.time && each.presentationTime < sampleEnd;
          });
          assert.deepEqual(sample.events.map((each) => [each.id, each.at]), active.map((each) => [each.id, each.presentationTime]));
          for (const each of sample.events) assert.equal(each.at - sample.time, each.delta);
        });
        for (const each of given.filter((candidate) => candidate.presentationTime >= start && candidate.presentationTime < end)) {
          assert.ok(parsed.some((sample) => sample.time === each.presentationTime && sample.events.some((found) => found.id === each.id && found.delta === 0)), `event ${each.id} opens a sample`);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("fuzz: a damaged segment never throws in the reader", () => {
    const good = writeEventTrackSegment({ trackId: 1, sequenceNumber: 1, startTime: 0, endTime: 100, events: [event(10, 50, 1), event(20, EMSG_UNKNOWN_DURATION, 2)] });
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { maxLength: 12 }), fc.nat(), (flips, cut) => {
        const damaged = Uint8Array.from(good);
        for (const flip of flips) damaged[flip.at % damaged.length] = flip.byte;
        for (const sample of readEventTrackSegment(damaged.subarray(0, cut % (damaged.length + 1)))) for (const each of sample.events) assert.ok(Number.isFinite(each.presentationTime));
      }),
      { numRuns: 2000 },
    );
  });
});
