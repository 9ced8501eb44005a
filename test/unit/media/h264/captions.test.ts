import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { joinAnnexB, splitAnnexB } from "../../../../src/media/bits/annex-b.ts";
import { addEmulationPrevention } from "../../../../src/media/bits/emulation-prevention.ts";
import { captionPresenceOfTriplets, cea608ChannelOfPair, dtvccServicesOfPacket, parseA53CcData } from "../../../../src/media/h264/a53-captions.ts";
import { ccDataTripletsOfSei, parseH264AccessUnit } from "../../../../src/media/h264/access-unit.ts";
import { CaptionPresenceTracker } from "../../../../src/media/h264/caption-tracker.ts";
import { parseSeiMessages } from "../../../../src/media/h264/sei.ts";
import { ccDataSeiNal, injectCea608, withOddParity } from "../../../helpers/cea608-injector.ts";
import { generatedMedia, transcodedMedia } from "../bits/generated-media.ts";

/** An SEI NAL with arbitrary cc_data triplets. */
function seiWithTriplets(triplets: readonly number[]): Uint8Array {
  const t35 = [0xb5, 0x00, 0x31, 0x47, 0x41, 0x39, 0x34, 0x03, 0xc0 | (triplets.length / 3), 0xff, ...triplets, 0xff];
  const rbsp = Uint8Array.of(4, t35.length, ...t35, 0x80);
  return Uint8Array.of(0x06, ...addEmulationPrevention(rbsp));
}

test("CEA-608 injected as A/53 GA94 SEI → CC1 detected", () => {
  const raw = generatedMedia("h264_720p30");
  const injected = injectCea608(raw);
  const info = parseH264AccessUnit(injected);
  assert.deepEqual(info.captions?.cea608Channels, [1]);
  assert.deepEqual(info.captions?.cea708Services, []);
  assert.ok(info.sps);
  // the first picture alone (SPS, PPS, SEI, IDR slice) already carries RCL on CC1
  const units = splitAnnexB(injected);
  const firstSlice = units.findIndex((u) => ((u[0] ?? 0) & 0x1f) === 5);
  const firstPicture = parseH264AccessUnit(joinAnnexB(units.slice(0, firstSlice + 1)));
  assert.equal(firstPicture.keyframe, true);
  assert.deepEqual(firstPicture.captions?.cea608Channels, [1]);
});

test("ffmpeg re-encoding the injected stream with libx264 (-a53cc 1) keeps CC1 in its own GA94 SEI", () => {
  const injected = injectCea608(generatedMedia("h264_720p30"));
  const reencoded = transcodedMedia("h264_cc_reencoded", injected, ["-framerate", "30", "-f", "h264"], ["-t", "0.5", "-vf", "scale=320:180", "-c:v", "libx264", "-preset", "ultrafast", "-a53cc", "1", "-f", "h264"]);
  const info = parseH264AccessUnit(reencoded);
  assert.deepEqual(info.captions?.cea608Channels, [1]);
  assert.equal(info.sps?.widthPx, 320);
});

test("the same stream without injection → no captions", () => {
  assert.equal(parseH264AccessUnit(generatedMedia("h264_720p30")).captions, undefined);
});

test("padding-only cc_data (0x80 0x80) gives empty caption presence, not a channel", () => {
  const info = parseH264AccessUnit(joinAnnexB([ccDataSeiNal([0x80, 0x80])]));
  assert.deepEqual(info.captions, { cea608Channels: [], cea708Services: [] });
});

test("CEA-608 channel bit: field 1 → CC1/CC2, field 2 → CC3/CC4", () => {
  assert.equal(cea608ChannelOfPair(1, withOddParity(0x14), withOddParity(0x20)), 1);
  assert.equal(cea608ChannelOfPair(1, withOddParity(0x1c), withOddParity(0x20)), 2);
  assert.equal(cea608ChannelOfPair(2, withOddParity(0x15), withOddParity(0x2c)), 3);
  assert.equal(cea608ChannelOfPair(2, withOddParity(0x1d), withOddParity(0x2c)), 4);
  assert.equal(cea608ChannelOfPair(1, withOddParity(0x48), withOddParity(0x49)), undefined, "text has no channel bit");
  const info = parseH264AccessUnit(joinAnnexB([seiWithTriplets([0xfc, 0x1c, 0xa0, 0xfd, 0x15, 0x2c])]));
  assert.deepEqual(info.captions?.cea608Channels, [2, 3]);
});

test("CEA-708: DTVCC packet service blocks → service numbers, incl. extended service 7+", () => {
  // packet header: seq 0, size code 3 (6 bytes): service 1 block of 2 bytes, then null block
  assert.deepEqual(dtvccServicesOfPacket(Uint8Array.of(0x03, 0x22, 0x8c, 0x01, 0x00, 0x00)), [1]);
  // service 7 → extended header, service 9, block size 1
  assert.deepEqual(dtvccServicesOfPacket(Uint8Array.of(0x02, 0xe1, 0x09, 0x20)), [9]);
  // cc_type 3 start + cc_type 2 continuation in one SEI, next to a CC1 pair, and an invalid triplet ignored
  const triplets = [0xfc, 0x94, 0x20, 0xff, 0x03, 0x42, 0xfe, 0x8c, 0x01, 0xfe, 0x00, 0x00, 0xfa, 0x00, 0x00];
  const info = parseH264AccessUnit(joinAnnexB([seiWithTriplets(triplets)]));
  assert.deepEqual(info.captions, { cea608Channels: [1], cea708Services: [2] });
});

test("CaptionPresenceTracker joins a DTVCC packet split over two pictures", () => {
  const tracker = new CaptionPresenceTracker();
  // packet size code 4 (8 bytes): header, service 3 block of 5 bytes, 1 padding byte
  const first = seiWithTriplets([0xff, 0x04, 0x65, 0xfe, 0x20, 0x20]);
  const second = seiWithTriplets([0xfe, 0x20, 0x20, 0xfe, 0x20, 0x00, 0xfc, 0x94, 0x20]);
  tracker.pushTriplets(ccDataTripletsOfSei(first.subarray(1)));
  assert.deepEqual(tracker.presence.cea708Services, [], "block not complete yet");
  tracker.pushTriplets(ccDataTripletsOfSei(second.subarray(1)));
  assert.deepEqual(tracker.presence, { cea608Channels: [1], cea708Services: [3] });
  fc.assert(
    fc.property(fc.array(fc.record({ ccValid: fc.boolean(), ccType: fc.integer({ min: 0, max: 3 }), ccData1: fc.nat(255), ccData2: fc.nat(255) }), { maxLength: 300 }), (triplets) => {
      const fuzzed = new CaptionPresenceTracker();
      fuzzed.pushTriplets(triplets);
      assert.ok(fuzzed.presence.cea708Services.every((s) => s >= 1 && s <= 63));
    }),
  );
});

test("SEI that is not GA94 cc_data is ignored; recovery point SEI marks a keyframe", () => {
  const afd = Uint8Array.of(0xb5, 0x00, 0x31, 0x44, 0x54, 0x47, 0x31, 0x41, 0xf8); // "DTG1" AFD
  assert.equal(parseA53CcData(afd), undefined);
  const recovery = Uint8Array.of(0x06, 6, 1, 0x84, 0x80);
  const slice = Uint8Array.of(0x01, 0x9a, 0x00);
  assert.equal(parseH264AccessUnit(joinAnnexB([recovery, slice])).keyframe, true);
  assert.equal(parseH264AccessUnit(joinAnnexB([slice])).keyframe, false);
  assert.deepEqual(parseSeiMessages(Uint8Array.of(0xff, 0x01, 2, 7, 7, 0x80)).map((m) => m.payloadType), [256]);
  assert.equal(parseSeiMessages(Uint8Array.of(4, 200, 1)).at(0)?.truncated, true);
  assert.deepEqual(captionPresenceOfTriplets([]), { cea608Channels: [], cea708Services: [] });
});
