import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseFlvAudioTag, parseFlvVideoTag } from "../../../../src/media/flv/flv-tags.ts";

const hex = (s: string): Uint8Array => Uint8Array.from(s.replace(/\s+/g, "").match(/../g) ?? [], (b) => parseInt(b, 16));

describe("FLV tag bodies", () => {
  it("parses an AVC sequence header (AVCDecoderConfigurationRecord → SPS/PPS)", () => {
    // key frame + AVC | type 0 | cts 0 | version 1, High 0x64, compat 0, level 3.1 (0x1f), 4-byte lengths, 1 SPS, 1 PPS
    const tag = parseFlvVideoTag(hex("17 00 000000  01 64 00 1f ff e1 0004 6764001f  01 0003 68ebe3"));
    assert.deepEqual(tag, {
      kind: "avc-sequence-header",
      frameType: 1,
      config: { profileIndication: 0x64, profileCompatibility: 0, levelIndication: 0x1f, lengthSizeBytes: 4, sps: [hex("6764001f")], pps: [hex("68ebe3")] },
    });
  });

  it("parses AVC NAL units with a signed composition time", () => {
    const tag = parseFlvVideoTag(hex("27 01 fffff6  00000002 4101  00000003 06 0102"));
    assert.deepEqual(tag, { kind: "avc-nalus", frameType: 2, keyframe: false, compositionTimeMs: -10, nalus: [hex("4101"), hex("060102")] });
    const key = parseFlvVideoTag(hex("17 01 000050 00000001 65"));
    assert.ok(key.kind === "avc-nalus" && key.keyframe && key.compositionTimeMs == 80);
    const short = parseFlvVideoTag(hex("17 01 000000 0002 65 88"), 2);
    assert.ok(short.kind === "avc-nalus" && short.nalus.length === 1 && short.nalus[0]!.length === 2);
    assert.deepEqual(parseFlvVideoTag(hex("17 02 000000")), { kind: "avc-end-of-sequence", frameType: 1 });
    assert.deepEqual(parseFlvVideoTag(hex("57")), { kind: "command-frame", frameType: 5 });
  });

  it("names unsupported video codecs: HEVC id 12, enhanced RTMP FourCCs, VP6", () => {
    assert.deepEqual(parseFlvVideoTag(hex("1c 00 000000 01")), { kind: "unsupported", codecName: "H.265 (codec id 12)", codecId: 12 });
    assert.deepEqual(parseFlvVideoTag(hex("90 68766331 01")), { kind: "unsupported", codecName: "H.265", fourCc: "hvc1" });
    assert.deepEqual(parseFlvVideoTag(hex("90 61763031")), { kind: "unsupported", codecName: "AV1", fourCc: "av01" });
    assert.deepEqual(parseFlvVideoTag(hex("14 00")), { kind: "unsupported", codecName: "On2 VP6", codecId: 4 });
    assert.deepEqual(parseFlvVideoTag(hex("1f")), { kind: "unsupported", codecName: "codec id 15", codecId: 15 });
  });

  it("reports truncated video tags as invalid", () => {
    assert.equal(parseFlvVideoTag(new Uint8Array(0)).kind, "invalid");
    assert.equal(parseFlvVideoTag(hex("17 01 00")).kind, "invalid");
    assert.equal(parseFlvVideoTag(hex("17 00 000000 01 64 00 1f ff e1 0009 6764")).kind, "invalid");
    assert.equal(parseFlvVideoTag(hex("27 01 000000 00000009 41")).kind, "invalid");
    assert.equal(parseFlvVideoTag(hex("27 07 000000")).kind, "invalid");
    assert.equal(parseFlvVideoTag(hex("90 6876")).kind, "invalid");
  });

  it("parses AAC sequence header (AudioSpecificConfig) and raw frames", () => {
    // AAC, 44 kHz, 16 bit, stereo (0xaf) | 0 | ASC 12 10 = AAC-LC 44.1 kHz 2 ch
    assert.deepEqual(parseFlvAudioTag(hex("af 00 1210")), { kind: "aac-sequence-header", audioSpecificConfig: hex("1210") });
    assert.deepEqual(parseFlvAudioTag(hex("af 01 2100 4900")), { kind: "aac-raw", data: hex("21004900") });
    assert.equal(parseFlvAudioTag(hex("af 00 12")).kind, "invalid");
    assert.equal(parseFlvAudioTag(hex("af")).kind, "invalid");
    assert.equal(parseFlvAudioTag(hex("af 05")).kind, "invalid");
  });

  it("names unsupported audio: MP3, Speex, enhanced Opus", () => {
    assert.deepEqual(parseFlvAudioTag(hex("2f fffb")), { kind: "unsupported", codecName: "MP3", soundFormat: 2 });
    assert.deepEqual(parseFlvAudioTag(hex("b2")), { kind: "unsupported", codecName: "Speex", soundFormat: 11 });
    assert.deepEqual(parseFlvAudioTag(hex("90 4f707573")), { kind: "unsupported", codecName: "Opus", soundFormat: 9, fourCc: "Opus" });
  });

  it("never throws on random bytes (fast-check)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 1, max: 4 }), (bytes, lengthSize) => {
        parseFlvVideoTag(bytes, lengthSize);
        parseFlvAudioTag(bytes);
      }),
      { numRuns: 3000 },
    );
  });
});
