import assert from "node:assert/strict";
import { test } from "node:test";
import { ac3FrameSizeBytes, ac3ToAudioInfo, parseAc3Header } from "../../../../src/media/audio/ac3.ts";
import { adtsToAudioInfo, parseAdtsHeader, splitAdtsFrames } from "../../../../src/media/audio/adts.ts";
import { audioSpecificConfigToAudioInfo, parseAudioSpecificConfig } from "../../../../src/media/audio/audio-specific-config.ts";
import { eac3ToAudioInfo, parseEac3Header } from "../../../../src/media/audio/eac3.ts";
import { lpcmToAudioInfo, parseHdmvLpcmHeader, parseSmpte302mHeader } from "../../../../src/media/audio/lpcm.ts";
import { mpegAudioToAudioInfo, parseMpegAudioHeader } from "../../../../src/media/audio/mpeg-audio.ts";
import { generatedMedia } from "../bits/generated-media.ts";

test("ffmpeg aac -f adts: every frame splits cleanly; LC, 2 channels, 48 kHz", () => {
  const data = generatedMedia("aac_adts");
  const split = splitAdtsFrames(data);
  assert.ok(split.frames.length >= 20);
  assert.equal(split.skippedBytes, 0);
  assert.equal(split.remainder.length, 0);
  assert.deepEqual(adtsToAudioInfo(split.frames[0]!.header), { codec: "AAC", channels: 2, sampleRateHz: 48000, profile: "LC" });
  // garbage in front and a cut last frame: resync, count, keep the remainder
  const noisy = Uint8Array.of(1, 2, 3, ...data.subarray(0, data.length - 5));
  const resynced = splitAdtsFrames(noisy);
  assert.equal(resynced.skippedBytes, 3);
  assert.equal(resynced.frames.length, split.frames.length - 1);
  assert.ok(resynced.remainder.length > 0);
});

test("AudioSpecificConfig: LC 44.1 kHz stereo, HE-AAC explicit, escape object type and explicit frequency", () => {
  assert.deepEqual(audioSpecificConfigToAudioInfo(parseAudioSpecificConfig(Uint8Array.of(0x12, 0x10))!), { codec: "AAC", channels: 2, sampleRateHz: 44100, profile: "LC" });
  // AOT 5 (SBR), 24 kHz core (idx 6), stereo, ext 48 kHz (idx 3), core AOT 2
  const he = parseAudioSpecificConfig(Uint8Array.of(0x2b, 0x11, 0x88, 0x00));
  assert.ok(he);
  assert.equal(he.coreObjectType, 2);
  assert.deepEqual(audioSpecificConfigToAudioInfo(he), { codec: "AAC", channels: 2, sampleRateHz: 48000, profile: "HE-AAC" });
  // AOT 31 + ext 10 = 42 (USAC), frequency index 15 + 24-bit 48000, channel config 2
  const usac = parseAudioSpecificConfig(Uint8Array.of(0xf9, 0x5e, 0x01, 0x77, 0x00, 0x40));
  assert.ok(usac);
  assert.equal(usac.objectType, 42);
  assert.equal(usac.sampleRateHz, 48000);
  assert.equal(usac.channelConfiguration, 2);
  assert.equal(parseAudioSpecificConfig(Uint8Array.of(0x12)), undefined);
});

test("ffmpeg ac3 192k stereo: fscod 48 kHz, frmsizecod → 768 bytes, acmod 2", () => {
  const data = generatedMedia("ac3");
  const header = parseAc3Header(data);
  assert.ok(header);
  assert.equal(header.frameSizeBytes, 768);
  assert.equal(header.bitrateKbps, 192);
  assert.deepEqual(ac3ToAudioInfo(header), { codec: "AC3", channels: 2, sampleRateHz: 48000 });
  assert.ok(parseAc3Header(data, header.frameSizeBytes), "next frame follows");
  assert.equal(ac3FrameSizeBytes(1, 1), 140, "44.1 kHz 32 kbit/s odd code is 70 words");
  assert.equal(parseEac3Header(data), undefined, "bsid 8 is not E-AC-3");
  // 5.1: acmod 7 (cmixlev + surmixlev precede lfeon), lfeon 1
  const surround = Uint8Array.of(0x0b, 0x77, 0, 0, 0x1e, 0x40, 0xe0 | 0x01, 0x00);
  assert.equal(parseAc3Header(surround)?.channels, 6);
});

test("ffmpeg eac3 stereo: bsid 16, independent substream, 48 kHz", () => {
  const data = generatedMedia("eac3");
  const header = parseEac3Header(data);
  assert.ok(header);
  assert.equal(header.bsid, 16);
  assert.equal(header.strmtyp, 0);
  assert.deepEqual(eac3ToAudioInfo(header), { codec: "EAC3", channels: 2, sampleRateHz: 48000 });
  assert.ok(parseEac3Header(data, header.frameSizeBytes));
  assert.equal(parseAc3Header(data), undefined);
});

test("ffmpeg mp2 192k stereo: MPEG-1 Layer II, 48 kHz, 576-byte frames", () => {
  const data = generatedMedia("mp2");
  const header = parseMpegAudioHeader(data);
  assert.ok(header);
  assert.equal(header.frameLengthBytes, 576);
  assert.deepEqual(mpegAudioToAudioInfo(header), { codec: "MPEG_AUDIO", channels: 2, sampleRateHz: 48000, profile: "Layer II" });
  assert.ok(parseMpegAudioHeader(data, 576));
  // MPEG-2 LSF Layer III 64 kbit/s 24 kHz mono: 72 × 64000 / 24000 = 192 bytes
  const lsf = parseMpegAudioHeader(Uint8Array.of(0xff, 0xf3, 0x84, 0xc0));
  assert.deepEqual([lsf?.version, lsf?.layer, lsf?.sampleRateHz, lsf?.channels, lsf?.frameLengthBytes], [2, 3, 24000, 1, 192]);
  assert.equal(parseMpegAudioHeader(Uint8Array.of(0xff, 0xfd, 0xf0, 0x00)), undefined, "bitrate index 15 is forbidden");
});

test("ffmpeg 5.1 at 44.1 kHz: AAC channel_configuration 6, AC-3 acmod 7 + LFE (odd frmsizecod sizes), E-AC-3 acmod 7 + LFE", () => {
  const aac = splitAdtsFrames(generatedMedia("aac_51_44k"));
  assert.equal(aac.skippedBytes, 0);
  assert.deepEqual(adtsToAudioInfo(aac.frames[0]!.header), { codec: "AAC", channels: 6, sampleRateHz: 44100, profile: "LC" });
  const ac3Data = generatedMedia("ac3_51_44k");
  let offset = 0;
  let frames = 0;
  for (let header = parseAc3Header(ac3Data); header; header = parseAc3Header(ac3Data, offset)) {
    assert.deepEqual(ac3ToAudioInfo(header), { codec: "AC3", channels: 6, sampleRateHz: 44100 });
    offset += header.frameSizeBytes;
    frames++;
  }
  assert.equal(offset, ac3Data.length, "frame sizes walk the whole file");
  assert.ok(frames > 10);
  const eac3 = parseEac3Header(generatedMedia("eac3_51_44k"));
  assert.ok(eac3);
  assert.deepEqual([eac3.acmod, eac3.lfeon], [7, true]);
  assert.deepEqual(eac3ToAudioInfo(eac3), { codec: "EAC3", channels: 6, sampleRateHz: 44100 });
});

test("LPCM: SMPTE 302M and HDMV headers", () => {
  // 302M: 6 channels (code 2), 24-bit (code 2)
  assert.deepEqual(lpcmToAudioInfo(parseSmpte302mHeader(Uint8Array.of(0x04, 0x00, 0x80, 0x20))!), { codec: "LPCM", channels: 6, sampleRateHz: 48000, profile: "24-bit" });
  // HDMV: stereo (3), 48 kHz (1), 16-bit (1)
  assert.deepEqual(lpcmToAudioInfo(parseHdmvLpcmHeader(Uint8Array.of(0x03, 0xc0, 0x31, 0x40))!), { codec: "LPCM", channels: 2, sampleRateHz: 48000, profile: "16-bit" });
  assert.equal(parseHdmvLpcmHeader(Uint8Array.of(0, 0, 0x00, 0x40)), undefined);
  assert.equal(parseAdtsHeader(Uint8Array.of(0xff, 0xf1)), undefined);
});
