import { test } from "node:test";
import fc from "fast-check";
import { ac3ToAudioInfo, parseAc3Header } from "../../../../src/media/audio/ac3.ts";
import { adtsToAudioInfo, parseAdtsHeader, splitAdtsFrames } from "../../../../src/media/audio/adts.ts";
import { audioSpecificConfigToAudioInfo, parseAudioSpecificConfig } from "../../../../src/media/audio/audio-specific-config.ts";
import { eac3ToAudioInfo, parseEac3Header } from "../../../../src/media/audio/eac3.ts";
import { lpcmToAudioInfo, parseHdmvLpcmHeader, parseSmpte302mHeader } from "../../../../src/media/audio/lpcm.ts";
import { mpegAudioToAudioInfo, parseMpegAudioHeader } from "../../../../src/media/audio/mpeg-audio.ts";
import { generatedMedia } from "../bits/generated-media.ts";

function check(bytes: Uint8Array, offset: number): void {
  const adts = parseAdtsHeader(bytes, offset);
  if (adts) adtsToAudioInfo(adts);
  splitAdtsFrames(bytes);
  const asc = parseAudioSpecificConfig(bytes);
  if (asc) audioSpecificConfigToAudioInfo(asc);
  const ac3 = parseAc3Header(bytes, offset);
  if (ac3) ac3ToAudioInfo(ac3);
  const eac3 = parseEac3Header(bytes, offset);
  if (eac3) eac3ToAudioInfo(eac3);
  const mpeg = parseMpegAudioHeader(bytes, offset);
  if (mpeg) mpegAudioToAudioInfo(mpeg);
  const s302m = parseSmpte302mHeader(bytes);
  if (s302m) lpcmToAudioInfo(s302m);
  const hdmv = parseHdmvLpcmHeader(bytes);
  if (hdmv) lpcmToAudioInfo(hdmv);
}

test("fuzz: audio parsers never throw on random bytes and offsets", () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 128 }), fc.integer({ min: -4, max: 140 }), check), { numRuns: 2000 });
});

test("fuzz: audio parsers never throw on mutated real frames", () => {
  for (const recipe of ["aac_adts", "ac3", "eac3", "mp2"] as const) {
    const base = generatedMedia(recipe).subarray(0, 64);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(), (edits, cut) => {
        const copy = base.slice(0, base.length - (cut % (base.length + 1)));
        for (const [position, value] of edits) if (copy.length > 0) copy[position % copy.length] = value;
        check(copy, 0);
      }),
      { numRuns: 500 },
    );
  }
});
