// The fMP4 box code (media/mp4/): emsg round trip, and, fuzzed, a walker that never throws on
// damaged files and an insertion before a moof that leaves every sample where its trun says.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { walkBoxes } from "../../../../src/media/mp4/boxes.ts";
import { EMSG_UNKNOWN_DURATION, EmsgSchemes, parseEmsg, writeEmsg } from "../../../../src/media/mp4/emsg.ts";
import { insertBeforeMoof, mp4Fragments, mp4Tracks, sidxReferences } from "../../../../src/media/mp4/fragments.ts";

function box(type: string, ...parts: readonly (Uint8Array | number[])[]): Uint8Array {
  const body = parts.flatMap((part) => [...part]);
  const size = 8 + body.length;
  return Uint8Array.from([(size >>> 24) & 0xff, (size >>> 16) & 0xff, (size >>> 8) & 0xff, size & 0xff, ...Buffer.from(type, "latin1"), ...body]);
}
const u32 = (value: number): number[] => [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];

/** One moof (a traf per track, moof-relative data offsets) and its mdat; sample bytes are the sample's index repeated. */
function fragment(tracks: readonly { id: number; sizes: readonly number[]; base: number }[], baseIsMoof: boolean): Uint8Array {
  const build = (dataOffsets: readonly number[]): Uint8Array =>
    box(
      "moof",
      box("mfhd", [0, 0, 0, 0], u32(1)),
      ...tracks.map((track, t) =>
        box(
          "traf",
          box("tfhd", [0, baseIsMoof ? 0x02 : 0, 0, 0], u32(track.id)),
          box("tfdt", [1, 0, 0, 0], u32(0), u32(track.base)),
          box("trun", [0, 0, 0x0b, 0x01], u32(track.sizes.length), u32(dataOffsets[t] ?? 0), ...track.sizes.flatMap((size, i) => [u32(512), u32(size), u32(i * 10)])),
        ),
      ),
    );
  const moofLength = build(tracks.map(() => 0)).length;
  const offsets: number[] = [];
  let at = moofLength + 8;
  for (const [t, track] of tracks.entries()) {
    // Without default-base-is-moof a later track fragment counts from the end of the previous one's data (§8.8.7.1).
    offsets.push(t === 0 || baseIsMoof ? at : 0);
    at += track.sizes.reduce((sum, size) => sum + size, 0);
  }
  const data = tracks.flatMap((track) => track.sizes.flatMap((size, i) => new Array<number>(size).fill((track.id * 16 + i) & 0xff)));
  return Uint8Array.from([...build(offsets), ...box("mdat", data)]);
}

function sampleBytes(file: Uint8Array): string[] {
  return mp4Fragments(file).flatMap((f) => f.samples.map((s) => `${s.trackId}@${s.presentationTime}:${Buffer.from(file.subarray(s.offset, s.offset + s.size)).toString("hex")}`));
}

const message = fc.record({
  schemeIdUri: fc.constantFrom(EmsgSchemes.SCTE35_BIN, EmsgSchemes.ID3, ""),
  value: fc.string({ maxLength: 8 }).filter((text) => !text.includes("\0")),
  timescale: fc.integer({ min: 1, max: 0xffff_ffff }),
  presentationTime: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  eventDuration: fc.integer({ min: 0, max: EMSG_UNKNOWN_DURATION }),
  id: fc.integer({ min: 0, max: 0xffff_ffff }),
  messageData: fc.uint8Array({ maxLength: 64 }),
});

const tracksArb = fc.array(fc.record({ id: fc.integer({ min: 1, max: 4 }), sizes: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }), base: fc.nat({ max: 1_000_000 }) }), { minLength: 1, maxLength: 3 });

describe("fMP4 boxes (ISO/IEC 14496-12, ISO/IEC 23009-1 emsg)", () => {
  it("parseEmsg(writeEmsg(x)) is x (version 1)", () => {
    fc.assert(
      fc.property(message, (event) => {
        const parsed = parseEmsg(writeEmsg(event));
        assert.ok(parsed);
        assert.deepEqual({ ...parsed, messageData: [...parsed.messageData] }, { ...event, version: 1, messageData: [...event.messageData] });
      }),
    );
  });

  it("reads a version 0 emsg too", () => {
    const v0 = box("emsg", [0, 0, 0, 0], Buffer.from("urn:x\0v\0"), u32(90_000), u32(1234), u32(5), u32(6), [0xaa]);
    assert.deepEqual(parseEmsg(v0), { version: 0, schemeIdUri: "urn:x", value: "v", timescale: 90_000, presentationTime: 1234, eventDuration: 5, id: 6, messageData: Uint8Array.of(0xaa) });
  });

  it("samples of every track fragment, with presentation times (decode time + composition offset)", () => {
    const file = fragment([{ id: 1, sizes: [3, 4], base: 1000 }, { id: 2, sizes: [5], base: 7 }], false);
    assert.deepEqual(
      mp4Fragments(file)[0]!.samples.map((s) => [s.trackId, s.presentationTime, s.size, file[s.offset]]),
      [[1, 1000, 3, 16], [1, 1522, 4, 17], [2, 7, 5, 32]],
    );
  });

  it("fuzz: emsg boxes before any moof leave every sample where its trun says; a sidx's subsegment grows with them", () => {
    fc.assert(
      fc.property(fc.array(tracksArb, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.array(message, { minLength: 1, maxLength: 3 }), fc.nat(), (fragments, baseIsMoof, events, pick) => {
        const body = Uint8Array.from(fragments.flatMap((tracks) => [...fragment(tracks, baseIsMoof)]));
        const sidx = box("sidx", [0, 0, 0, 0], u32(1), u32(1000), u32(0), u32(0), [0, 0, 0, 1], u32(body.length), u32(0), u32(0x9000_0000));
        const file = Uint8Array.from([...box("styp", Buffer.from("msdh")), ...sidx, ...body]);
        const moofs = walkBoxes(file).boxes.filter((b) => b.type === "moof");
        const target = moofs[pick % moofs.length]!;
        const inserted = insertBeforeMoof(file, target.start, events.map((event) => writeEmsg(event)));
        assert.ok(inserted.ok, inserted.ok ? "" : inserted.reason);
        assert.deepEqual(sampleBytes(inserted.bytes), sampleBytes(file));
        const walked = walkBoxes(inserted.bytes);
        assert.equal(walked.truncated, false);
        const at = walked.boxes.findIndex((b) => b.start === target.start);
        assert.deepEqual(walked.boxes.slice(at, at + events.length).map((b) => b.type), events.map(() => "emsg"));
        assert.equal(walked.boxes[at + events.length]?.type, "moof");
        const references = sidxReferences(inserted.bytes, walked.boxes.find((b) => b.type === "sidx")!);
        assert.equal(references.at(-1)!.end, inserted.bytes.length);
      }),
      { numRuns: 200 },
    );
  });

  it("refuses a track fragment with an absolute base_data_offset", () => {
    const moof = box("moof", box("traf", box("tfhd", [0, 0, 0, 0x01], u32(1), u32(0), u32(100)), box("trun", [0, 0, 0x02, 0x01], u32(1), u32(0), u32(4))));
    const file = Uint8Array.from([...moof, ...box("mdat", [1, 2, 3, 4])]);
    const result = insertBeforeMoof(file, 0, [writeEmsg({ schemeIdUri: "x", value: "", timescale: 1, presentationTime: 0, eventDuration: 0, id: 0, messageData: new Uint8Array(0) })]);
    assert.equal(result.ok, false);
  });

  it("fuzz: damaged files never throw in the walker, the fragment reader, the track reader or parseEmsg", () => {
    const good = Uint8Array.from([...fragment([{ id: 1, sizes: [3, 4], base: 1000 }], true), ...writeEmsg({ schemeIdUri: EmsgSchemes.ID3, value: "", timescale: 90_000, presentationTime: 5, eventDuration: 0, id: 1, messageData: Uint8Array.of(1) })]);
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { maxLength: 12 }), fc.nat(), (flips, cut) => {
        const damaged = Uint8Array.from(good);
        for (const flip of flips) damaged[flip.at % damaged.length] = flip.byte;
        const bytes = damaged.subarray(0, cut % (damaged.length + 1));
        walkBoxes(bytes);
        const fragments = mp4Fragments(bytes);
        for (const f of fragments) for (const s of f.samples) assert.ok(Number.isFinite(s.presentationTime));
        mp4Tracks(bytes);
        parseEmsg(bytes);
        for (const b of walkBoxes(bytes).boxes) if (b.type === "moof") insertBeforeMoof(bytes, b.start, [Uint8Array.of(0, 0, 0, 8, 0x66, 0x72, 0x65, 0x65)]);
      }),
      { numRuns: 2000 },
    );
  });
});
