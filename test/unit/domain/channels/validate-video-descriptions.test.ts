import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { validateChannelConfig } from "../../../../src/domain/channels/validate-channel.ts";
import { inputRecord } from "../../../helpers/input-record.ts";
import { minimalHls } from "../../../helpers/minimal-channel.ts";

type Json = Record<string, any>;

function validate(config: Json) {
  const inputId = config.inputAttachments[0].inputId as string;
  const inputs = new Map([[inputId, inputRecord({ id: inputId, name: "in", type: "URL_PULL", inputClass: "SINGLE_PIPELINE" })]]);
  return validateChannelConfig(config as unknown as ChannelConfig, { inputs });
}

function withVideo(codecSettings: Json | undefined): Json {
  const config = minimalHls();
  config.channelClass = "SINGLE_PIPELINE";
  const video = config.encoderSettings.videoDescriptions[0];
  if (codecSettings === undefined) delete video.codecSettings;
  else video.codecSettings = codecSettings;
  return config;
}

describe("validateChannelConfig: video descriptions", () => {
  it("accepts a description without codecSettings (H.264 with MediaLive's defaults)", () => {
    assert.deepEqual(validate(withVideo(undefined)), []);
  });

  it("refuses an HLS output naming an MPEG-2, AV1 or frame capture description, saying what it needs", () => {
    for (const [codecSettings, what] of [
      [{ mpeg2Settings: { framerateNumerator: 25, framerateDenominator: 1 } }, /MPEG-2 video/],
      [{ av1Settings: { framerateNumerator: 25, framerateDenominator: 1, bitrate: 1000000 } }, /AV1 video/],
      [{ frameCaptureSettings: { captureInterval: 2 } }, /JPEG frame capture/],
    ] as const) {
      const problems = validate(withVideo(codecSettings));
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0]!.elementPath, "encoderSettings.outputGroups[0].outputs[0].videoDescriptionName");
      assert.match(problems[0]!.errorMessage, what);
      assert.match(problems[0]!.errorMessage, /needs an H\.264 or H\.265 video description/);
    }
  });

  it("requires the bitrate of an AV1 CBR encode", () => {
    const config = withVideo(undefined);
    config.encoderSettings.videoDescriptions.push({ name: "av1", codecSettings: { av1Settings: { framerateNumerator: 25, framerateDenominator: 1 } } });
    const problems = validate(config);
    assert.ok(problems.some((p) => p.elementPath === "encoderSettings.videoDescriptions[1].codecSettings.av1Settings.bitrate"), JSON.stringify(problems));
  });

  it("raises nothing about a frame capture description named only by a frame capture group", () => {
    const config = withVideo(undefined);
    config.encoderSettings.videoDescriptions.push({ name: "stills", width: 640, height: 360, codecSettings: { frameCaptureSettings: { captureInterval: 10, captureIntervalUnits: "SECONDS" } } });
    config.destinations.push({ id: "fc", settings: [{ url: "file:///tmp/openlive-out/stills/frame" }] });
    config.encoderSettings.outputGroups.push({
      name: "stills",
      outputGroupSettings: { frameCaptureGroupSettings: { destination: { destinationRefId: "fc" } } },
      outputs: [{ outputName: "f", videoDescriptionName: "stills", outputSettings: { frameCaptureOutputSettings: {} } }],
    });
    const problems = validate(config);
    assert.deepEqual(problems, []);
  });
});
