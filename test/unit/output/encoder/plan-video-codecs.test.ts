import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planEncoder } from "../../../../src/output/encoder/encoder-plan.ts";
import { hlsOutput, minimalHls, planRequest } from "./encoder-fixtures.ts";

describe("planEncoder: video descriptions as MediaLive's examples write them", () => {
  it("plans a description without codecSettings as libx264 with a 2 s GOP, and names it avc1 in the playlist", () => {
    const config = minimalHls();
    config.encoderSettings.videoDescriptions = [{ name: "Video_high", width: 1280, height: 720 }];
    config.encoderSettings.outputGroups[0].outputs = [hlsOutput("hi", "Video_high", "_hi")];
    const plan = planEncoder(planRequest(config));
    const args = plan.args.join(" ");
    assert.match(args, /-c:v:0 libx264 /);
    assert.match(args, /-g:v:0 60 /);
    assert.match(plan.variants[0]!.codecs, /^avc1\.4d40/);
  });

  it("plans an HDR10 H.265 description with its colour tags in the filter graph and HDR10 in x265's parameters", () => {
    const config = minimalHls();
    config.encoderSettings.videoDescriptions = [
      { name: "hdr", width: 1280, height: 720, codecSettings: { h265Settings: { framerateNumerator: 30, framerateDenominator: 1, bitrate: 3000000, profile: "MAIN_10BIT", colorSpaceSettings: { hdr10Settings: { maxCll: 16, maxFall: 16 } } } } },
      { name: "stills", codecSettings: { frameCaptureSettings: { captureInterval: 10 } } },
    ];
    config.encoderSettings.outputGroups[0].outputs = [hlsOutput("hdr", "hdr", "_hdr")];
    const plan = planEncoder(planRequest(config));
    const graph = plan.args[plan.args.indexOf("-filter_complex") + 1]!;
    assert.match(graph, /setparams=color_primaries=bt2020:color_trc=smpte2084:colorspace=bt2020nc,format=yuv420p10le\[venc0\]/);
    assert.match(plan.args.join(" "), /-x265-params:v:0 \S*:hdr10=1:master-display=\S+:max-cll=16,16/);
    assert.equal(plan.variants[0]!.codecs.split(",")[0], "hvc1.2.4.L93.90");
  });
});
