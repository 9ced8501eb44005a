import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { joinAnnexB, splitAnnexB } from "../../../../src/media/bits/annex-b.ts";
import { annexBToAvcc, avccToAnnexB, avcDecoderConfigToAnnexB, parseAvcDecoderConfig, splitAvcc } from "../../../../src/media/bits/avcc.ts";
import { addEmulationPrevention, removeEmulationPrevention } from "../../../../src/media/bits/emulation-prevention.ts";
import { generatedMedia } from "./generated-media.ts";

test("emulation prevention: 00 00 03 0x is removed, and added back", () => {
  const nal = Uint8Array.of(0x67, 0x00, 0x00, 0x03, 0x01, 0x00, 0x00, 0x03, 0x00, 0x03, 0x05);
  assert.deepEqual([...removeEmulationPrevention(nal)], [0x67, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03, 0x05]);
  const rbsp = Uint8Array.of(0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x04);
  assert.deepEqual([...addEmulationPrevention(rbsp)], [0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x04]);
  const clean = Uint8Array.of(1, 2, 3);
  assert.equal(removeEmulationPrevention(clean), clean, "no copy when nothing to remove");
});

test("fuzz: add then remove emulation prevention is the identity", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }).map((b) => b.map((x) => (x < 8 ? 0 : x))), (rbsp) => {
      const escaped = addEmulationPrevention(rbsp);
      assert.deepEqual([...removeEmulationPrevention(escaped)], [...rbsp]);
    }),
  );
});

test("Annex B split handles 3- and 4-byte start codes and trailing zeros", () => {
  const stream = Uint8Array.of(0xaa, 0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 0, 1, 0x65, 4);
  assert.deepEqual(
    splitAnnexB(stream).map((u) => [...u]),
    [[0x67, 1, 2], [0x68, 3], [0x65, 4]],
  );
  assert.deepEqual(splitAnnexB(Uint8Array.of(1, 2, 3)), []);
});

test("AVCC <-> Annex B round trip on a real x264 stream; avcC record → SPS/PPS", () => {
  const annexB = generatedMedia("h264_720p30");
  const units = splitAnnexB(annexB);
  const avcc = annexBToAvcc(annexB);
  const back = avccToAnnexB(avcc);
  assert.deepEqual(splitAnnexB(back).map((u) => u.length), units.map((u) => u.length));
  assert.equal(splitAvcc(avcc).truncated, false);

  const sps = units.find((u) => ((u[0] ?? 0) & 0x1f) === 7)!;
  const pps = units.find((u) => ((u[0] ?? 0) & 0x1f) === 8)!;
  const record = Uint8Array.of(1, sps[1]!, sps[2]!, sps[3]!, 0xff, 0xe1, sps.length >> 8, sps.length & 0xff, ...sps, 1, pps.length >> 8, pps.length & 0xff, ...pps);
  const config = parseAvcDecoderConfig(record);
  assert.ok(config);
  assert.equal(config.lengthSizeBytes, 4);
  assert.equal(config.profileIndication, 100);
  assert.deepEqual([...config.sps[0]!], [...sps]);
  assert.deepEqual([...config.pps[0]!], [...pps]);
  assert.deepEqual(splitAnnexB(avcDecoderConfigToAnnexB(config)).length, 2);
  assert.equal(parseAvcDecoderConfig(record.subarray(0, 12)), undefined);
});

test("a length prefix past the end marks the AVCC data truncated", () => {
  const split = splitAvcc(Uint8Array.of(0, 0, 0, 2, 9, 9, 0, 0, 0, 9, 1));
  assert.equal(split.truncated, true);
  assert.equal(split.units.length, 1);
  assert.deepEqual([...joinAnnexB(split.units)], [0, 0, 0, 1, 9, 9]);
});

/** The obvious byte-by-byte splitter, as the reference for the skipping one. */
function naiveSplit(data: Uint8Array): number[][] {
  const starts: number[] = [];
  for (let i = 0; i + 2 < data.length; i++) if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) starts.push(i);
  return starts.map((start, k) => {
    let end = k + 1 < starts.length ? starts[k + 1]! : data.length;
    while (end > start + 3 && data[end - 1] === 0) end--;
    return [...data.subarray(start + 3, end)];
  }).filter((unit) => unit.length > 0);
}

test("fuzz: splitAnnexB equals the naive splitter on start-code-dense bytes", () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(0, 0, 0, 1, 1, 2, 0x65, 0xff), { maxLength: 120 }), (values) => {
      const data = Uint8Array.from(values);
      assert.deepEqual(splitAnnexB(data).map((u) => [...u]), naiveSplit(data));
    }),
    { numRuns: 2000 },
  );
});

test("fuzz: framing functions never throw on random bytes", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(1, 2, 3, 4), (bytes, lengthSize) => {
      splitAnnexB(bytes);
      splitAvcc(bytes, lengthSize);
      avccToAnnexB(bytes, lengthSize);
      annexBToAvcc(bytes);
      parseAvcDecoderConfig(bytes);
      removeEmulationPrevention(bytes);
    }),
    { numRuns: 500 },
  );
});
