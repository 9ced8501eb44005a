import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { VideoDescription } from "../../../../src/model/generated/medialive-types.ts";
import { videoCodecArgs } from "../../../../src/output/encoder/video-codec-args.ts";
import { resolveVideo } from "../../../../src/output/encoder/video-format.ts";
import { FED_720P30 } from "./encoder-fixtures.ts";

const KEYFRAMES = "expr:gte(t,n_forced*2)";

function argsOf(codecSettings: Record<string, unknown>): string[] {
  return videoCodecArgs(resolveVideo({ name: "v", width: 640, height: 360, codecSettings } as unknown as VideoDescription, FED_720P30), false, KEYFRAMES);
}

/** The value after `option` (asserting it is there). */
function option(args: readonly string[], name: string): string {
  const at = args.indexOf(name);
  assert.ok(at >= 0, `${name} missing from ${args.join(" ")}`);
  return args[at + 1]!;
}

function x265Params(args: readonly string[]): Map<string, string> {
  return new Map(option(args, "-x265-params:v").split(":").map((pair) => pair.split("=", 2) as [string, string]));
}

describe("videoCodecArgs: H.264 (libx264)", () => {
  it("maps qualityLevel to the preset, minQp to qmin and the 10-bit profile to high10", () => {
    const enhanced = argsOf({ h264Settings: { bitrate: 1e6, qualityLevel: "ENHANCED_QUALITY", minQp: 12, profile: "HIGH_10BIT" } });
    assert.equal(option(enhanced, "-c:v"), "libx264");
    assert.equal(option(enhanced, "-preset:v"), "faster");
    assert.equal(option(enhanced, "-qmin:v"), "12");
    assert.equal(option(enhanced, "-profile:v"), "high10");
    const standard = argsOf({ h264Settings: { bitrate: 1e6, qualityLevel: "STANDARD_QUALITY", profile: "HIGH_422" } });
    assert.equal(option(standard, "-preset:v"), "veryfast");
    assert.equal(option(standard, "-profile:v"), "high422");
    assert.ok(!standard.includes("-qmin:v"));
  });
});

describe("videoCodecArgs: H.265 (libx265)", () => {
  const base = { framerateNumerator: 30, framerateDenominator: 1, bitrate: 1e6 };

  it("maps minQp, B-frame reference, sub-GOP, CTU size and temporal MV prediction to x265 parameters", () => {
    const params = x265Params(argsOf({ h265Settings: { ...base, minQp: 10, gopBReference: "ENABLED", subgopLength: "FIXED", treeblockSize: "TREE_SIZE_32X32", mvTemporalPredictor: "DISABLED" } }));
    assert.equal(params.get("qpmin"), "10");
    assert.equal(params.get("b-pyramid"), "1");
    assert.equal(params.get("b-adapt"), "0");
    assert.equal(params.get("ctu"), "32");
    assert.equal(params.get("temporal-mvp"), "0");
    const dynamic = x265Params(argsOf({ h265Settings: { ...base, gopBReference: "DISABLED", subgopLength: "DYNAMIC", treeblockSize: "AUTO" } }));
    assert.equal(dynamic.get("b-pyramid"), "0");
    assert.equal(dynamic.get("b-adapt"), "2");
    assert.equal(dynamic.get("ctu"), "64");
  });

  it("signals HDR10 with Main 10, master-display and max-cll", () => {
    const args = argsOf({ h265Settings: { ...base, profile: "MAIN_10BIT", colorSpaceSettings: { hdr10Settings: { maxCll: 1000, maxFall: 400 } } } });
    assert.equal(option(args, "-profile:v"), "main10");
    const params = x265Params(args);
    assert.equal(params.get("hdr10"), "1");
    assert.equal(params.get("max-cll"), "1000,400");
    assert.match(params.get("master-display")!, /^G\(\d+,\d+\)B\(\d+,\d+\)R\(\d+,\d+\)WP\(\d+,\d+\)L\(\d+,\d+\)$/);
    assert.equal(params.get("transfer"), "smpte2084");
    assert.equal(params.get("colorprim"), "bt2020");
  });

  it("writes HLG as an alternative transfer SEI only with alternativeTransferFunction INSERT", () => {
    const inserted = x265Params(argsOf({ h265Settings: { ...base, alternativeTransferFunction: "INSERT", colorSpaceSettings: { hlg2020Settings: {} } } }));
    assert.equal(inserted.get("atc-sei"), "18");
    assert.equal(inserted.get("transfer"), "bt2020-10");
    const omitted = x265Params(argsOf({ h265Settings: { ...base, colorSpaceSettings: { hlg2020Settings: {} } } }));
    assert.equal(omitted.get("atc-sei"), undefined);
    assert.equal(omitted.get("transfer"), "arib-std-b67");
  });

  it("writes no colour description for HDR10 with colorMetadata IGNORE, but keeps the HDR10 SEI", () => {
    const params = x265Params(argsOf({ h265Settings: { ...base, colorMetadata: "IGNORE", colorSpaceSettings: { hdr10Settings: { maxCll: 10, maxFall: 5 } } } }));
    assert.equal(params.get("hdr10"), "1");
    assert.equal(params.get("transfer"), undefined);
  });
});

describe("videoCodecArgs: MPEG-2 (mpeg2video)", () => {
  it("codes CBR Main profile with closed GOPs, fixed B-frames, interlaced fields and GOP timecode", () => {
    const args = argsOf({ mpeg2Settings: { framerateNumerator: 25, framerateDenominator: 1, gopSize: 12, gopSizeUnits: "FRAMES", gopNumBFrames: 2, scanType: "INTERLACED", adaptiveQuantization: "HIGH", timecodeInsertion: "GOP_TIMECODE" } });
    assert.equal(option(args, "-c:v"), "mpeg2video");
    assert.equal(option(args, "-profile:v"), "4");
    const bitrate = option(args, "-b:v");
    assert.equal(option(args, "-minrate:v"), bitrate);
    assert.equal(option(args, "-maxrate:v"), bitrate);
    assert.equal(option(args, "-g:v"), "12");
    assert.equal(option(args, "-bf:v"), "2");
    assert.equal(option(args, "-b_strategy:v"), "0");
    assert.equal(option(args, "-flags:v"), "+cgop+ildct+ilme");
    assert.equal(option(args, "-top:v"), "1");
    assert.equal(option(args, "-scplx_mask:v"), "0.3");
    assert.equal(option(args, "-timecode_frame_start:v"), "0");
  });

  it("allows open GOPs with gopClosedCadence 0 and drops masking with AQ OFF", () => {
    const args = argsOf({ mpeg2Settings: { framerateNumerator: 25, framerateDenominator: 1, gopClosedCadence: 0, adaptiveQuantization: "OFF" } });
    assert.ok(!args.includes("-flags:v"));
    assert.ok(!args.includes("-scplx_mask:v"));
  });
});

describe("videoCodecArgs: AV1 (libsvtav1) and frame capture (mjpeg)", () => {
  it("codes QVBR as capped CRF and CBR as VBR at the bitrate", () => {
    const qvbr = argsOf({ av1Settings: { framerateNumerator: 30, framerateDenominator: 1, rateControlMode: "QVBR", maxBitrate: 2_000_000, qvbrQualityLevel: 7, sceneChangeDetect: "DISABLED" } });
    assert.equal(option(qvbr, "-c:v"), "libsvtav1");
    // QVBR 7 = x264 CRF 25 → 25·63/51 on SVT-AV1's scale.
    assert.equal(option(qvbr, "-crf:v"), "31");
    assert.match(option(qvbr, "-svtav1-params:v"), /(^|:)mbr=2000(:|$)/);
    assert.match(option(qvbr, "-svtav1-params:v"), /(^|:)scd=0(:|$)/);
    const cbr = argsOf({ av1Settings: { framerateNumerator: 30, framerateDenominator: 1, bitrate: 800_000 } });
    assert.equal(option(cbr, "-b:v"), "800000");
    assert.match(option(cbr, "-svtav1-params:v"), /(^|:)rc=1(:|$)/);
  });

  it("encodes frame capture stills as JPEG", () => {
    assert.equal(option(argsOf({ frameCaptureSettings: { captureInterval: 2 } }), "-c:v"), "mjpeg");
  });
});
