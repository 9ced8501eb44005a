import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { crc32Mpeg2 } from "../../../../src/media/mpegts/crc32-mpeg2.ts";
import { PsiSectionAssembler } from "../../../../src/media/mpegts/psi-section-assembler.ts";
import { packetizeSections } from "../../../../src/media/mpegts/section-packetizer.ts";
import { readManifestSignals } from "../../../../src/media/scte35/hls-cue-tags.ts";
import { parseSpliceInfoSection } from "../../../../src/media/scte35/splice-parser.ts";
import { writeSpliceInfoSection } from "../../../../src/media/scte35/splice-writer.ts";
import { spliceInfoSection } from "./arbitraries.ts";
import { reseal } from "./reseal.ts";

type Mutation = { kind: "flip"; at: number; bit: number } | { kind: "insert"; at: number; byte: number } | { kind: "delete"; at: number; count: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), count: fc.integer({ min: 1, max: 20 }) }),
);

function mutate(source: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let data = Array.from(source);
  for (const m of mutations) {
    const at = m.at % Math.max(1, data.length);
    if (m.kind === "flip") data[at] = (data[at] ?? 0) ^ (1 << m.bit);
    else if (m.kind === "insert") data.splice(at, 0, m.byte);
    else data.splice(at, m.count);
  }
  return Uint8Array.from(data);
}

describe("fuzz: SCTE-35 splice_info_section", () => {
  it("parse(write(x)) equals x for generated sections (ANSI/SCTE 35 §9.6)", () => {
    fc.assert(
      fc.property(spliceInfoSection, (section) => {
        const bytes = writeSpliceInfoSection(section);
        const parsed = parseSpliceInfoSection(bytes);
        assert.ok(parsed.ok, parsed.ok ? "" : parsed.reason);
        // structuredClone: fast-check records have no prototype, parsed values are plain objects.
        assert.deepStrictEqual(parsed.section, structuredClone(section));
        assert.deepEqual(writeSpliceInfoSection(parsed.section), bytes);
      }),
      { numRuns: 1500 },
    );
  });

  it("never throws on random bytes, and rejects them unless they carry a good CRC", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const result = parseSpliceInfoSection(bytes);
        if (result.ok) assert.ok(bytes[0] === 0xfc && crc32Mpeg2(bytes) === 0);
        else assert.ok(result.reason.length > 0);
      }),
      { numRuns: 3000 },
    );
  });

  it("never throws on mutated sections, resealed so the mutation reaches every field", () => {
    fc.assert(
      fc.property(spliceInfoSection, fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (section, mutations, resealIt) => {
        const mutated = mutate(writeSpliceInfoSection(section), mutations);
        const result = parseSpliceInfoSection(resealIt ? reseal(mutated, (b) => (b[0] = 0xfc)) : mutated);
        if (result.ok) assert.ok(writeSpliceInfoSection(result.section).length >= 20);
        else assert.ok(result.reason.length > 0);
      }),
      { numRuns: 3000 },
    );
  });

  it("a flipped bit anywhere is caught by CRC_32 when not resealed", () => {
    fc.assert(
      fc.property(spliceInfoSection, fc.nat(), fc.integer({ min: 0, max: 7 }), (section, at, bit) => {
        const bytes = writeSpliceInfoSection(section);
        const index = 3 + (at % (bytes.length - 3)); // past the length field, so the length stays right
        bytes[index] = (bytes[index] ?? 0) ^ (1 << bit);
        const result = parseSpliceInfoSection(bytes);
        assert.equal(result.ok, false);
      }),
      { numRuns: 500 },
    );
  });

  it("sections survive packetizing and reassembly on one PID (ISO/IEC 13818-1 §2.4.4)", () => {
    fc.assert(
      fc.property(fc.array(spliceInfoSection, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 15 }), (sections, cc) => {
        const written = sections.map(writeSpliceInfoSection);
        const { packets, nextContinuityCounter } = packetizeSections(0x1f0, written, cc);
        assert.equal(nextContinuityCounter, (cc + packets.length) & 0x0f);
        const assembler = new PsiSectionAssembler();
        const out: Uint8Array[] = [];
        for (const packet of packets) out.push(...assembler.push(packet.subarray(4), ((packet[1] ?? 0) & 0x40) !== 0));
        assert.deepEqual(out, written);
        assert.equal(assembler.stats.truncatedSections, 0);
      }),
      { numRuns: 400 },
    );
  });

  it("the HLS cue-tag reader never throws on arbitrary playlist text", () => {
    const tag = fc.constantFrom("#EXT-X-CUE-OUT", "#EXT-X-CUE-OUT-CONT", "#EXT-X-CUE-IN", "#EXT-OATCLS-SCTE35", "#EXT-X-CUE", "#EXT-X-DATERANGE", "#EXT-X-SCTE35", "#EXTINF", "#EXT-X-MEDIA-SEQUENCE");
    const line = fc.oneof(fc.tuple(tag, fc.string({ maxLength: 40 })).map(([t, rest]) => `${t}:${rest}`), fc.string({ maxLength: 40 }));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        for (const signal of readManifestSignals(lines.join("\n"))) assert.ok(signal.segmentIndex >= 0);
      }),
      { numRuns: 1000 },
    );
  });
});
