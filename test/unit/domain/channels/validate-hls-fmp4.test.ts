import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { notHonouredSettings } from "../../../../src/domain/channels/not-honoured.ts";
import { validateChannelConfig } from "../../../../src/domain/channels/validate-channel.ts";
import { inputRecord } from "../../../helpers/input-record.ts";
import { minimalHls } from "../../../helpers/minimal-channel.ts";

type Json = Record<string, any>;

const context = { inputs: new Map([["1234567", inputRecord({ id: "1234567", name: "input-1234567", type: "URL_PULL", inputClass: "SINGLE_PIPELINE" })]]) };
const OUT = "encoderSettings.outputGroups[0].outputs";

const validate = (config: Json) => validateChannelConfig(config as unknown as ChannelConfig, context);

/** minimalHls with its variant as fMP4 and a frame capture output of a 320x180 JPEG description. */
function fmp4WithImages(): Json {
  const config = minimalHls();
  config.encoderSettings.outputGroups[0].outputs[0].outputSettings.hlsOutputSettings.hlsSettings = { fmp4HlsSettings: { audioRenditionSets: "program_audio" } };
  config.encoderSettings.videoDescriptions.push({ name: "thumbs", width: 320, height: 180, codecSettings: { frameCaptureSettings: { captureInterval: 2, captureIntervalUnits: "SECONDS" } } });
  config.encoderSettings.outputGroups[0].outputs.push({ outputName: "trick", videoDescriptionName: "thumbs", outputSettings: { hlsOutputSettings: { nameModifier: "_trick", hlsSettings: { frameCaptureHlsSettings: {} } } } });
  return config;
}

describe("HLS fMP4 and frame capture outputs: validation", () => {
  it("accepts an fMP4 variant beside a frame capture output, and an MPEG-TS variant in the same group", () => {
    const config = fmp4WithImages();
    config.encoderSettings.outputGroups[0].outputs.push({ outputName: "ts", videoDescriptionName: "v720", audioDescriptionNames: ["a_aac"], outputSettings: { hlsOutputSettings: { nameModifier: "_ts", hlsSettings: { standardHlsSettings: { m3u8Settings: {} } } } } });
    assert.deepEqual(validate(config), []);
  });

  it("refuses a frame capture output whose description is not JPEG, or that names audio", () => {
    const config = fmp4WithImages();
    config.encoderSettings.outputGroups[0].outputs[1].videoDescriptionName = "v720";
    config.encoderSettings.outputGroups[0].outputs[1].audioDescriptionNames = ["a_aac"];
    const problems = validate(config);
    assert.ok(problems.some((p) => p.elementPath === `${OUT}[1].videoDescriptionName` && /does not encode JPEG frame captures/.test(p.errorMessage)), JSON.stringify(problems));
    assert.ok(problems.some((p) => p.elementPath === `${OUT}[1].audioDescriptionNames` && /JPEG pictures only/.test(p.errorMessage)), JSON.stringify(problems));
  });

  it("still refuses a JPEG description on an fMP4 or MPEG-TS variant", () => {
    const config = fmp4WithImages();
    config.encoderSettings.outputGroups[0].outputs[0].videoDescriptionName = "thumbs";
    const problems = validate(config);
    assert.ok(problems.some((p) => p.elementPath === `${OUT}[0].videoDescriptionName` && /an HLS output needs an H.264 or H.265/.test(p.errorMessage)), JSON.stringify(problems));
  });

  it("tells I-frame playlists for fMP4 outputs and the capture interval in an HLS group; ID3 pass-through and timestamps of fMP4 outputs are honoured", () => {
    const config = fmp4WithImages();
    const group = config.encoderSettings.outputGroups[0];
    group.outputs[0].outputSettings.hlsOutputSettings.hlsSettings.fmp4HlsSettings.timedMetadataBehavior = "PASSTHROUGH";
    group.outputGroupSettings.hlsGroupSettings.timedMetadataId3Frame = "PRIV";
    group.outputGroupSettings.hlsGroupSettings.iFrameOnlyPlaylists = "STANDARD";
    assert.deepEqual(validate(config), []);
    const told = new Map(notHonouredSettings(config as unknown as ChannelConfig).map((note) => [note.elementPath, note.reason]));
    // PASSTHROUGH: the group's ID3 goes into the fMP4 segments as emsg boxes; without it none, as MediaLive: nothing told either way.
    assert.equal(told.has(`${OUT}[0].outputSettings.hlsOutputSettings.hlsSettings.fmp4HlsSettings.timedMetadataBehavior`), false, [...told.keys()].join(" "));
    assert.equal(told.has("encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.timedMetadataId3Frame"), false);
    assert.match(told.get("encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.iFrameOnlyPlaylists") ?? "", /no I-frame-only playlist/);
    assert.match(told.get(`${OUT}[1].videoDescriptionName`) ?? "", /follow the segments/);
    assert.equal(told.has(`${OUT}[0].outputSettings.hlsOutputSettings.hlsSettings.fmp4HlsSettings.audioRenditionSets`), false);
  });
});
