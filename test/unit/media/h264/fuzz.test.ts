import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { joinAnnexB, splitAnnexB } from "../../../../src/media/bits/annex-b.ts";
import { captionPresenceOfTriplets, dtvccServicesOfPacket, parseA53CcData } from "../../../../src/media/h264/a53-captions.ts";
import { parseH264AccessUnit } from "../../../../src/media/h264/access-unit.ts";
import { parseH264Pps } from "../../../../src/media/h264/pps.ts";
import { parseSeiMessages } from "../../../../src/media/h264/sei.ts";
import { parseH264Sps } from "../../../../src/media/h264/sps.ts";
import { videoInfoFromSps } from "../../../../src/media/h264/video-info.ts";
import { injectCea608 } from "../../../helpers/cea608-injector.ts";
import { generatedMedia } from "../bits/generated-media.ts";

/** Flips, overwrites or truncates bytes of a real header. */
function mutated(base: Uint8Array) {
  return fc
    .record({ edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), cut: fc.nat() })
    .map(({ edits, cut }) => {
      const copy = base.slice(0, base.length - (cut % (base.length + 1)));
      for (const [position, value] of edits) if (copy.length > 0) copy[position % copy.length] = value;
      return copy;
    });
}

function check(bytes: Uint8Array): void {
  const sps = parseH264Sps(bytes);
  if (sps) {
    const info = videoInfoFromSps(sps);
    assert.ok(Number.isFinite(info.width) && Number.isFinite(info.height));
  }
  parseH264Pps(bytes);
  parseSeiMessages(bytes);
  parseA53CcData(bytes);
  dtvccServicesOfPacket(bytes);
  parseH264AccessUnit(bytes);
}

test("fuzz: H.264 parsers never throw on random bytes", () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => check(bytes)), { numRuns: 1000 });
  fc.assert(
    fc.property(fc.array(fc.record({ ccValid: fc.boolean(), ccType: fc.integer({ min: 0, max: 3 }), ccData1: fc.integer({ min: 0, max: 255 }), ccData2: fc.integer({ min: 0, max: 255 }) })), (triplets) => {
      const presence = captionPresenceOfTriplets(triplets);
      assert.ok(presence.cea608Channels.every((c) => c >= 1 && c <= 4));
    }),
  );
});

test("fuzz: mutated real SPS, PPS and caption SEI never throw", () => {
  const units = splitAnnexB(injectCea608(generatedMedia("h264_720p30")).subarray(0, 4000));
  const pick = (type: number): Uint8Array => units.find((u) => ((u[0] ?? 0) & 0x1f) === type)!;
  for (const base of [pick(7), pick(8), pick(6)]) {
    fc.assert(
      fc.property(mutated(base), (bytes) => {
        check(bytes);
        check(joinAnnexB([bytes]));
      }),
      { numRuns: 1000 },
    );
  }
});
