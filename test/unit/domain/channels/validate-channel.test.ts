import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { parseHlsDestinationUrl } from "../../../../src/domain/channels/destination-url.ts";
import { notHonouredSettings } from "../../../../src/domain/channels/not-honoured.ts";
import { validateChannelConfig, type ChannelValidationContext } from "../../../../src/domain/channels/validate-channel.ts";
import type { InputRecord, SupportedInputType } from "../../../../src/domain/records.ts";
import { validateShape } from "../../../../src/model/validate.ts";
import { inputRecord } from "../../../helpers/input-record.ts";
import { minimalHls } from "../../../helpers/minimal-channel.ts";

function input(id: string, type: SupportedInputType, extra: Partial<InputRecord> = {}): InputRecord {
  return inputRecord({ id, name: `input-${id}`, type, inputClass: "STANDARD", ...extra });
}

const INPUTS: ReadonlyMap<string, InputRecord> = new Map([
  ["1234567", input("1234567", "URL_PULL", { inputClass: "SINGLE_PIPELINE" })],
  ["2000001", input("2000001", "RTP_PUSH")],
  ["2000002", input("2000002", "RTP_PUSH")],
  ["2000003", input("2000003", "RTMP_PUSH")],
  ["2000004", input("2000004", "SRT_LISTENER")],
  ["3000001", input("3000001", "MP4_FILE")],
  ["3000002", input("3000002", "TS_FILE", { attachedChannelIds: ["7654321"] })],
]);
const context: ChannelValidationContext = { inputs: INPUTS };

type Json = Record<string, any>;

/** A STANDARD channel on a STANDARD RTP push input, two destination URLs. */
function standardHls(): Json {
  const config = minimalHls();
  config.channelClass = "STANDARD";
  config.inputAttachments[0].inputId = "2000001";
  config.destinations[0].settings = [{ url: "file:///tmp/openlive-out/live/index" }, { url: "file:///tmp/openlive-out/live-b/index" }];
  return config;
}

function validate(config: Json, ctx: ChannelValidationContext = context) {
  return validateChannelConfig(config as unknown as ChannelConfig, ctx);
}

/** Asserts exactly one problem, at `path`, whose message matches `message`. */
function expectOne(config: Json, path: string, message: RegExp, ctx: ChannelValidationContext = context): void {
  const problems = validate(config, ctx);
  assert.equal(problems.length, 1, JSON.stringify(problems, null, 2));
  assert.equal(problems[0]!.elementPath, path);
  assert.match(problems[0]!.errorMessage, message);
}

/** Asserts a problem at `path` matching `message` (among others). */
function expectSome(config: Json, path: string, message: RegExp, ctx: ChannelValidationContext = context): void {
  const problems = validate(config, ctx);
  assert.ok(
    problems.some((p) => p.elementPath === path && message.test(p.errorMessage)),
    `no problem at ${path} matching ${message}; got ${JSON.stringify(problems, null, 2)}`,
  );
}

const OG = "encoderSettings.outputGroups[0]";
const HLS = `${OG}.outputGroupSettings.hlsGroupSettings`;
const OUT = `${OG}.outputs[0]`;

describe("validateChannelConfig: valid channels", () => {
  it("accepts the minimal SINGLE_PIPELINE HLS channel with a file:// destination", () => {
    assert.deepEqual(validate(minimalHls()), []);
    assert.deepEqual(validateShape("CreateChannelRequest", minimalHls()), []);
  });
  it("accepts the STANDARD variant with two destination URLs", () => assert.deepEqual(validate(standardHls()), []));
  it("accepts channelClass absent as STANDARD", () => {
    const config = standardHls();
    delete config.channelClass;
    assert.deepEqual(validate(config), []);
  });
  it("accepts an http(s) destination with hlsBasicPutSettings or hlsWebdavSettings", () => {
    const config = standardHls();
    config.destinations[0].settings = [
      { url: "https://origin-a.example.com/live/index", username: "u", passwordParam: "pw" },
      { url: "https://origin-b.example.com/live/index" },
    ];
    config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.hlsCdnSettings = { hlsBasicPutSettings: { numRetries: 3, connectionRetryInterval: 1 } };
    assert.deepEqual(validate(config), []);
    config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.hlsCdnSettings = { hlsWebdavSettings: { httpTransferMode: "NON_CHUNKED" } };
    assert.deepEqual(validate(config), []);
  });
  it("accepts an ABR ladder, H.265, pass-through audio, embedded captions and a push failover pair", () => {
    const config = standardHls();
    config.inputAttachments = [
      {
        inputId: "2000001",
        inputAttachmentName: "primary",
        inputSettings: { audioSelectors: [{ name: "default" }], captionSelectors: [{ name: "cc", selectorSettings: { embeddedSourceSettings: { convert608To708: "DISABLED", scte20Detection: "OFF" } } }] },
        automaticInputFailoverSettings: {
          secondaryInputId: "2000002",
          inputPreference: "PRIMARY_INPUT_PREFERRED",
          errorClearTimeMsec: 2000,
          failoverConditions: [
            { failoverConditionSettings: { inputLossSettings: { inputLossThresholdMsec: 1000 } } },
            { failoverConditionSettings: { audioSilenceSettings: { audioSelectorName: "default", audioSilenceThresholdMsec: 3000 } } },
          ],
        },
      },
      { inputId: "2000002", inputAttachmentName: "secondary", inputSettings: { audioSelectors: [{ name: "default" }], captionSelectors: [{ name: "cc" }] } },
    ];
    const es = config.encoderSettings;
    es.videoDescriptions.push({ name: "v360", width: 640, height: 360, codecSettings: { h265Settings: { rateControlMode: "QVBR", maxBitrate: 800000, framerateNumerator: 30, framerateDenominator: 1 } } });
    es.audioDescriptions.push({ name: "a_copy", audioSelectorName: "default", codecSettings: { passThroughSettings: {} } });
    es.captionDescriptions = [{ name: "cc1", captionSelectorName: "cc", languageCode: "eng", destinationSettings: { embeddedDestinationSettings: {} } }];
    es.outputGroups[0].outputs[0].captionDescriptionNames = ["cc1"];
    es.outputGroups[0].outputs.push({
      outputName: "360p",
      videoDescriptionName: "v360",
      audioDescriptionNames: ["a_copy"],
      outputSettings: { hlsOutputSettings: { nameModifier: "_360p", hlsSettings: { standardHlsSettings: { m3u8Settings: { programNum: 1, pmtPid: "480" } } } } },
    });
    es.globalConfiguration = { inputLossBehavior: { repeatFrameMsec: 1000, blackFrameMsec: 2000, inputLossImageType: "COLOR", inputLossImageColor: "1A2B3C" }, outputLockingMode: "DISABLED" };
    assert.deepEqual(validate(config), []);
  });
  it("accepts and tells what one encoder per pipeline cannot honour: PAUSE_OUTPUT on some groups only, program date time from a ZEROBASED timecode", () => {
    const config = standardHls();
    const es = config.encoderSettings;
    es.timecodeConfig = { source: "ZEROBASED" };
    es.outputGroups[0].outputGroupSettings.hlsGroupSettings.programDateTime = "INCLUDE";
    const second = structuredClone(es.outputGroups[0]);
    second.name = "hls2";
    second.outputGroupSettings.hlsGroupSettings.inputLossAction = "PAUSE_OUTPUT";
    second.outputGroupSettings.hlsGroupSettings.programDateTimeClock = "SYSTEM_CLOCK";
    second.outputGroupSettings.hlsGroupSettings.destination = { destinationRefId: "hls-dest-2" };
    es.outputGroups.push(second);
    config.destinations.push({ id: "hls-dest-2", settings: [{ url: "file:///srv/hls2/a/index" }, { url: "file:///srv/hls2/b/index" }] });
    assert.deepEqual(validate(config), []);
    const told = notHonouredSettings(config as unknown as ChannelConfig).map((setting) => setting.elementPath).sort();
    assert.deepEqual(told, ["encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.programDateTimeClock", "encoderSettings.outputGroups[1].outputGroupSettings.hlsGroupSettings.inputLossAction"], JSON.stringify(notHonouredSettings(config as unknown as ChannelConfig)));
  });
  it("refuses embedded captions on an H.265 output (libx265 cannot carry them)", () => {
    const config = standardHls();
    const es = config.encoderSettings;
    es.videoDescriptions[0].codecSettings = { h265Settings: { rateControlMode: "CBR", bitrate: 3000000, framerateNumerator: 30, framerateDenominator: 1 } };
    config.inputAttachments[0].inputSettings = { ...config.inputAttachments[0].inputSettings, captionSelectors: [{ name: "cc" }] };
    es.captionDescriptions = [{ name: "cc1", captionSelectorName: "cc", destinationSettings: { embeddedDestinationSettings: {} } }];
    es.outputGroups[0].outputs[0].captionDescriptionNames = ["cc1"];
    const problems = validate(config);
    assert.deepEqual(
      problems.map((p) => p.elementPath),
      ["encoderSettings.outputGroups[0].outputs[0].captionDescriptionNames"],
      JSON.stringify(problems),
    );
    assert.match(problems[0]!.errorMessage, /H\.265 output .* not supported/);
  });
  it("accepts WebVTT and burn-in caption descriptions on an H.265 output and honours both", () => {
    const config = standardHls();
    const es = config.encoderSettings;
    es.videoDescriptions[0].codecSettings = { h265Settings: { rateControlMode: "CBR", bitrate: 3000000, framerateNumerator: 30, framerateDenominator: 1 } };
    config.inputAttachments[0].inputSettings = { ...config.inputAttachments[0].inputSettings, captionSelectors: [{ name: "cc", selectorSettings: { embeddedSourceSettings: { source608ChannelNumber: 2 } } }] };
    es.captionDescriptions = [
      { name: "subs", captionSelectorName: "cc", destinationSettings: { webvttDestinationSettings: { styleControl: "NO_STYLE_DATA" } } },
      { name: "burn", captionSelectorName: "cc", destinationSettings: { burnInDestinationSettings: { fontColor: "WHITE" } } },
    ];
    es.outputGroups[0].outputs[0].captionDescriptionNames = ["subs", "burn"];
    assert.deepEqual(validate(config), []);
    const told = notHonouredSettings(config as unknown as ChannelConfig).map((setting) => setting.elementPath);
    assert.ok(!told.some((path) => path.startsWith("encoderSettings.captionDescriptions")), JSON.stringify(told));
  });
  it("refuses an HLS output naming only a burn-in caption description: there is no picture to draw it into", () => {
    const config = standardHls();
    const es = config.encoderSettings;
    config.inputAttachments[0].inputSettings = { ...config.inputAttachments[0].inputSettings, captionSelectors: [{ name: "cc" }] };
    es.captionDescriptions = [{ name: "burn", captionSelectorName: "cc", destinationSettings: { burnInDestinationSettings: {} } }];
    es.outputGroups[0].outputs.push({ outputName: "burn", captionDescriptionNames: ["burn"], outputSettings: { hlsOutputSettings: { nameModifier: "_burn", hlsSettings: { standardHlsSettings: { m3u8Settings: {} } } } } });
    assert.deepEqual(
      validate(config).map((p) => p.elementPath),
      ["encoderSettings.outputGroups[0].outputs[1].videoDescriptionName"],
    );
  });
  it("accepts an HLS output naming only a WebVTT caption description, refuses one naming only embedded captions", () => {
    const config = standardHls();
    const es = config.encoderSettings;
    config.inputAttachments[0].inputSettings = { ...config.inputAttachments[0].inputSettings, captionSelectors: [{ name: "cc" }] };
    es.captionDescriptions = [
      { name: "subs", captionSelectorName: "cc", destinationSettings: { webvttDestinationSettings: {} } },
      { name: "cc1", captionSelectorName: "cc", destinationSettings: { embeddedDestinationSettings: {} } },
    ];
    es.outputGroups[0].outputs[0].captionDescriptionNames = ["cc1"];
    const hlsSettings = { hlsSettings: { standardHlsSettings: { m3u8Settings: {} } } };
    es.outputGroups[0].outputs.push({ outputName: "subs", captionDescriptionNames: ["subs"], outputSettings: { hlsOutputSettings: { nameModifier: "_subs", ...hlsSettings } } });
    assert.deepEqual(validate(config), []);
    es.outputGroups[0].outputs.push({ outputName: "cc-only", captionDescriptionNames: ["cc1"], outputSettings: { hlsOutputSettings: { nameModifier: "_cc", ...hlsSettings } } });
    assert.deepEqual(validate(config).map((problem) => problem.elementPath), [`encoderSettings.outputGroups[0].outputs[${es.outputGroups[0].outputs.length - 1}].videoDescriptionName`]);
  });
  it("lets a channel keep its own inputs on update", () => {
    const ctx: ChannelValidationContext = { inputs: new Map([["2000001", input("2000001", "RTP_PUSH", { attachedChannelIds: ["5550001"] })]]), channelId: "5550001" };
    assert.deepEqual(validate(standardHls(), ctx), []);
  });
});

describe("validateChannelConfig: required structure", () => {
  it("requires encoderSettings", () => {
    const config = minimalHls();
    delete config.encoderSettings;
    expectOne(config, "encoderSettings", /is required/);
  });
  for (const member of ["videoDescriptions", "outputGroups", "timecodeConfig"]) {
    it(`requires encoderSettings.${member}`, () => {
      const config = minimalHls();
      delete config.encoderSettings[member];
      expectSome(config, `encoderSettings.${member}`, /is required/);
    });
  }
  it("allows no audioDescriptions at all (a video-only channel, as MediaLive does)", () => {
    const config = minimalHls();
    delete config.encoderSettings.audioDescriptions;
    config.encoderSettings.outputGroups[0].outputs[0].audioDescriptionNames = [];
    assert.deepEqual(validate(config), []);
  });
  it("allows an empty audioDescriptions list (video-only outputs)", () => {
    const config = minimalHls();
    config.encoderSettings.audioDescriptions = [];
    config.encoderSettings.outputGroups[0].outputs[0].audioDescriptionNames = [];
    assert.deepEqual(validate(config), []);
  });
  it("requires at least one output group and one output", () => {
    const config = minimalHls();
    config.encoderSettings.outputGroups[0].outputs = [];
    expectSome(config, `${OG}.outputs`, /at least one output/);
    config.encoderSettings.outputGroups = [];
    expectSome(config, "encoderSettings.outputGroups", /at least one output group/);
  });
  it("requires at least one input attachment", () => {
    const config = minimalHls();
    config.inputAttachments = [];
    expectOne(config, "inputAttachments", /at least one input attachment/);
  });
  it("requires description names", () => {
    const config = minimalHls();
    config.encoderSettings.videoDescriptions[0].name = "";
    expectSome(config, "encoderSettings.videoDescriptions[0].name", /is required/);
  });
  it("accepts a video description without codecSettings (MediaLive's H.264 defaults) and one without audio codecSettings (AAC defaults)", () => {
    const config = minimalHls();
    delete config.encoderSettings.videoDescriptions[0].codecSettings;
    delete config.encoderSettings.audioDescriptions[0].codecSettings;
    assert.deepEqual(validate(config), []);
  });
  it("requires exactly one codec", () => {
    const config = minimalHls();
    config.encoderSettings.videoDescriptions[0].codecSettings.h265Settings = { framerateNumerator: 30, framerateDenominator: 1, bitrate: 200000 };
    expectOne(config, "encoderSettings.videoDescriptions[0].codecSettings", /exactly one.*got h264Settings, h265Settings/);
  });
});

describe("validateChannelConfig: unique names", () => {
  it("video description names", () => {
    const config = minimalHls();
    config.encoderSettings.videoDescriptions.push({ ...config.encoderSettings.videoDescriptions[0] });
    expectOne(config, "encoderSettings.videoDescriptions[1].name", /"v720" is already used by videoDescriptions\[0\]/);
  });
  it("audio description names", () => {
    const config = minimalHls();
    config.encoderSettings.audioDescriptions.push({ ...config.encoderSettings.audioDescriptions[0] });
    expectOne(config, "encoderSettings.audioDescriptions[1].name", /"a_aac" is already used by audioDescriptions\[0\]/);
  });
  it("caption description names", () => {
    const config = minimalHls();
    config.inputAttachments[0].inputSettings.captionSelectors = [{ name: "cc" }];
    const caption = { name: "cc1", captionSelectorName: "cc", destinationSettings: { embeddedDestinationSettings: {} } };
    config.encoderSettings.captionDescriptions = [caption, { ...caption }];
    config.encoderSettings.outputGroups[0].outputs[0].captionDescriptionNames = ["cc1"];
    expectOne(config, "encoderSettings.captionDescriptions[1].name", /Caption description name "cc1" is already used/);
  });
  it("output group names", () => {
    const config = minimalHls();
    config.destinations.push({ id: "hls-2", settings: [{ url: "file:///tmp/openlive-out/two/index" }] });
    const second = structuredClone(config.encoderSettings.outputGroups[0]);
    second.outputGroupSettings.hlsGroupSettings.destination.destinationRefId = "hls-2";
    config.encoderSettings.outputGroups.push(second);
    expectOne(config, "encoderSettings.outputGroups[1].name", /Output group name "hls" is already used by outputGroups\[0\]/);
  });
  it("attachment names", () => {
    const config = standardHls();
    config.inputAttachments.push({ inputId: "2000002", inputAttachmentName: "main", inputSettings: { audioSelectors: [{ name: "default" }] } });
    expectOne(config, "inputAttachments[1].inputAttachmentName", /"main" is already used by inputAttachments\[0\]/);
  });
  it("output names within a group", () => {
    const config = minimalHls();
    const second = structuredClone(config.encoderSettings.outputGroups[0].outputs[0]);
    second.outputSettings.hlsOutputSettings.nameModifier = "_b";
    config.encoderSettings.outputGroups[0].outputs.push(second);
    expectOne(config, `${OG}.outputs[1].outputName`, /Output name "720p" is already used by outputs\[0\]/);
  });
  it("name modifiers within an HLS group (they name the files)", () => {
    const config = minimalHls();
    const second = structuredClone(config.encoderSettings.outputGroups[0].outputs[0]);
    second.outputName = "720p-b";
    config.encoderSettings.outputGroups[0].outputs.push(second);
    expectOne(config, `${OG}.outputs[1].outputSettings.hlsOutputSettings.nameModifier`, /"_720p" is already used by outputs\[0\]/);
  });
  it("destination ids", () => {
    const config = minimalHls();
    config.destinations.push({ id: "hls-dest", settings: [{ url: "file:///tmp/openlive-out/other/index" }] });
    expectOne(config, "destinations[1].id", /Destination id "hls-dest" is already used by destinations\[0\]/);
  });
  it("selector names within an attachment", () => {
    const config = minimalHls();
    config.inputAttachments[0].inputSettings.audioSelectors.push({ name: "default" });
    expectOne(config, "inputAttachments[0].inputSettings.audioSelectors[1].name", /Audio selector name "default" is already used by audioSelectors\[0\]/);
  });
});

describe("validateChannelConfig: references", () => {
  it("output → video description", () => {
    const config = minimalHls();
    config.encoderSettings.outputGroups[0].outputs[0].videoDescriptionName = "v1080";
    expectSome(config, `${OUT}.videoDescriptionName`, /Video description "v1080" does not exist/);
  });
  it("output → audio description", () => {
    const config = minimalHls();
    config.encoderSettings.outputGroups[0].outputs[0].audioDescriptionNames = ["a_aac", "a_missing"];
    expectOne(config, `${OUT}.audioDescriptionNames[1]`, /Audio description "a_missing" does not exist/);
  });
  it("output → caption description", () => {
    const config = minimalHls();
    config.encoderSettings.outputGroups[0].outputs[0].captionDescriptionNames = ["cc9"];
    expectOne(config, `${OUT}.captionDescriptionNames[0]`, /Caption description "cc9" does not exist/);
  });
  it("descriptions not referenced by any output (MediaLive's own rule)", () => {
    const config = minimalHls();
    config.encoderSettings.audioDescriptions.push({ name: "a_spare", audioSelectorName: "default", codecSettings: { aacSettings: {} } });
    expectOne(config, "encoderSettings.audioDescriptions[1]", /Audio description "a_spare" is not referenced by any output/);
  });
  it("output needs a video description unless it is audio-only", () => {
    const config = minimalHls();
    delete config.encoderSettings.outputGroups[0].outputs[0].videoDescriptionName;
    const problems = validate(config);
    assert.deepEqual(problems.map((p) => p.elementPath), [`${OUT}.videoDescriptionName`, "encoderSettings.videoDescriptions[0]"]);
    assert.match(problems[0]!.errorMessage, /is required unless the output is audio-only/);
  });
  it("an audio-only output (audioOnlyHlsSettings) needs audio descriptions and no video or captions", () => {
    const config = minimalHls();
    const outputs = config.encoderSettings.outputGroups[0].outputs;
    const audioOnly = { outputName: "audio", audioDescriptionNames: [...outputs[0].audioDescriptionNames], outputSettings: { hlsOutputSettings: { nameModifier: "_audio", hlsSettings: { audioOnlyHlsSettings: { audioGroupId: "aac" } } } } };
    outputs.push(audioOnly);
    assert.deepEqual(validate(config), []);
    audioOnly.audioDescriptionNames = [];
    expectOne(config, "encoderSettings.outputGroups[0].outputs[1].audioDescriptionNames", /is required for an audio-only output/);
    audioOnly.audioDescriptionNames = [...outputs[0].audioDescriptionNames];
    (audioOnly as Json).videoDescriptionName = outputs[0].videoDescriptionName;
    expectOne(config, "encoderSettings.outputGroups[0].outputs[1].videoDescriptionName", /must not be set on an audio-only output/);
  });
  it("an audio selector missing from an attachment, or no selector at all, is accepted (the source's default audio, as in MediaLive)", () => {
    const config = standardHls();
    config.inputAttachments.push({ inputId: "2000002", inputAttachmentName: "backup", inputSettings: { audioSelectors: [{ name: "english" }] } });
    assert.deepEqual(validate(config), []);
    delete config.encoderSettings.audioDescriptions[0].audioSelectorName;
    delete config.inputAttachments[0].inputSettings;
    assert.deepEqual(validate(config), []);
  });
  it("caption selector must exist in every input attachment", () => {
    const config = minimalHls();
    config.encoderSettings.captionDescriptions = [{ name: "cc1", captionSelectorName: "cc", destinationSettings: { embeddedDestinationSettings: {} } }];
    config.encoderSettings.outputGroups[0].outputs[0].captionDescriptionNames = ["cc1"];
    expectOne(config, "encoderSettings.captionDescriptions[0].captionSelectorName", /Caption selector "cc" is not defined in input attachment "main"/);
  });
  it("every destinationRefId is defined", () => {
    const config = minimalHls();
    config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.destination.destinationRefId = "5tj5bm";
    expectOne(config, `${HLS}.destination.destinationRefId`, /^Object references undefined destination "5tj5bm"$/);
  });
  it("destinationRefId is required", () => {
    const config = minimalHls();
    config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.destination = {};
    expectOne(config, `${HLS}.destination.destinationRefId`, /is required/);
  });
  it("two output groups may name one destination, and that is told", () => {
    const config = minimalHls();
    const second = structuredClone(config.encoderSettings.outputGroups[0]);
    second.name = "hls-2";
    config.encoderSettings.outputGroups.push(second);
    config.encoderSettings.videoDescriptions.push({ ...config.encoderSettings.videoDescriptions[0], name: "v2" });
    second.outputs[0].videoDescriptionName = "v2";
    assert.deepEqual(validate(config), []);
    const told = notHonouredSettings(structuredClone(config) as unknown as ChannelConfig).filter((setting) => setting.elementPath === "encoderSettings.outputGroups[1].outputGroupSettings.hlsGroupSettings.destination.destinationRefId");
    assert.equal(told.length, 1);
    assert.match(told[0]!.reason, /also written by outputGroups\[0\]/);
  });
});

describe("validateChannelConfig: destinations", () => {
  it("exactly one of settings, mediaPackageSettings, multiplexSettings", () => {
    const config = minimalHls();
    config.destinations[0].mediaPackageSettings = [{ channelId: "mp-1" }];
    const problems = validate(config);
    assert.ok(problems.some((p) => p.elementPath === "destinations[0]" && /^Exactly one of settings, MediaPackage settings, or Multiplex settings is required for destination "hls-dest"$/.test(p.errorMessage)), JSON.stringify(problems));
    delete config.destinations[0].settings;
    delete config.destinations[0].mediaPackageSettings;
    expectOne(config, "destinations[0]", /Exactly one of settings/);
  });
  it("an HLS group does not write to a MediaPackage destination", () => {
    const config = minimalHls();
    config.destinations[0] = { id: "hls-dest", mediaPackageSettings: [{ channelId: "mp-1" }] };
    expectOne(config, "encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.destination.destinationRefId", /is a MediaPackage destination: only a mediaPackageGroupSettings group writes to it/);
  });
  it("STANDARD needs 2 URLs", () => {
    const config = standardHls();
    config.destinations[0].settings.pop();
    expectOne(config, "destinations[0].settings", /A STANDARD channel needs 2 destination URLs, one per pipeline; got 1/);
  });
  it("SINGLE_PIPELINE needs 1 URL", () => {
    const config = minimalHls();
    config.destinations[0].settings.push({ url: "file:///tmp/openlive-out/live-b/index" });
    expectOne(config, "destinations[0].settings", /A SINGLE_PIPELINE channel needs 1 destination URL; got 2/);
  });
  it("STANDARD URLs must differ", () => {
    const config = standardHls();
    config.destinations[0].settings[1].url = config.destinations[0].settings[0].url;
    expectOne(config, "destinations[0].settings[1].url", /must differ from settings\[0\]\.url/);
  });
  it("a URL is used by one destination only", () => {
    const config = minimalHls();
    config.destinations.push({ id: "unused", settings: [{ url: "file://localhost/tmp/openlive-out/live/index" }] });
    expectOne(config, "destinations[1].settings[0].url", /also used by destinations\[0\]\.settings\[0\]/);
  });
  for (const [url, message] of [
    ["s3ssl://b/live/index", /must name a bucket/],
    ["s3://my-bucket/live/", /must end in a base name/],
    ["mediastore://abc.data.mediastore.us-west-2.amazonaws.com/live/index", /MediaStore destinations without TLS \(mediastore:\/\/\) are not supported by openlive yet/],
    ["file:///tmp/openlive-out/live/", /must end in a base name/],
    ["file://server/share/index", /file:\/\/ URLs name a local path/],
    ["file:///tmp/../etc/index", /must not contain empty, "\." or "\.\." path segments/],
    ["file:///tmp//live/index", /must not contain empty/],
    ["file:///tmp/openlive-out/live/in%0Adex", /must not encode control characters/],
    ["file:///tmp/openlive-out/li%0D%0Ave/index", /must not encode control characters/],
    ["https://user:secret@origin.example.com/live/index", /must not carry credentials/],
    ["https://origin.example.com/live/index?x=1", /must not carry a query/],
    ["not a url", /is not a URL/],
  ] as const) {
    it(`refuses ${url}`, () => {
      const config = minimalHls();
      config.destinations[0].settings[0].url = url;
      expectSome(config, "destinations[0].settings[0].url", message);
    });
  }
  it("parses file:// and http(s):// destinations into folder and base name", () => {
    assert.deepEqual(parseHlsDestinationUrl("file:///tmp/openlive-out/live/index"), { ok: true, kind: "file", folder: "/tmp/openlive-out/live", baseName: "index" });
    assert.deepEqual(parseHlsDestinationUrl("file:///srv/my%20out/index"), { ok: true, kind: "file", folder: "/srv/my out", baseName: "index" });
    const http = parseHlsDestinationUrl("https://origin.example.com:8443/in/live/index");
    assert.equal(http.ok && http.kind === "http" && http.baseName, "index");
  });
  it("http(s) destinations need hlsCdnSettings with basic PUT, WebDAV or Akamai", () => {
    const config = minimalHls();
    config.destinations[0].settings[0].url = "http://127.0.0.1:8080/live/index";
    expectOne(config, `${HLS}.hlsCdnSettings`, /is required for the http\(s\) destination "hls-dest": hlsBasicPutSettings, hlsWebdavSettings or hlsAkamaiSettings/);
    config.destinations[0].settings[0].url = "https://p-ep50002.i.akamaientrypoint.net/50002/curling/index";
    config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.hlsCdnSettings = { hlsAkamaiSettings: { httpTransferMode: "CHUNKED", numRetries: 3, connectionRetryInterval: 1, restartDelay: 2, filecacheDuration: 300 } };
    assert.deepEqual(validate(config), []);
    assert.deepEqual(notHonouredSettings(config as unknown as ChannelConfig).filter((note) => note.elementPath.includes("hlsCdnSettings")), [], "every member but salt and token is honoured");
    config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.hlsCdnSettings.hlsAkamaiSettings.salt = "pepper";
    config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.hlsCdnSettings.hlsAkamaiSettings.token = "gda";
    assert.deepEqual(validate(config), []);
    const told = notHonouredSettings(structuredClone(config) as unknown as ChannelConfig).filter((note) => note.elementPath.includes("hlsCdnSettings"));
    assert.deepEqual(told.map((note) => note.elementPath), [`${HLS}.hlsCdnSettings.hlsAkamaiSettings.salt`, `${HLS}.hlsCdnSettings.hlsAkamaiSettings.token`]);
    assert.ok(told.every((note) => /token authentication.*not publicly specified.*username and passwordParam/.test(note.reason)), JSON.stringify(told));
  });
  it("refuses hlsAkamaiSettings on a destination that is not http(s)", () => {
    const config = minimalHls();
    config.destinations[0].settings[0].url = "s3://live-bucket/live/index";
    config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.hlsCdnSettings = { hlsAkamaiSettings: {} };
    expectSome(config, `${HLS}.hlsCdnSettings`, /hlsAkamaiSettings does not apply to destination "hls-dest", an s3:\/\/ or s3ssl:\/\/ destination: use hlsS3Settings/);
  });
  it("file:// destinations accept hlsCdnSettings (an http channel moved to a folder), told as ignored, and take no credentials", () => {
    const config = minimalHls();
    config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.hlsCdnSettings = { hlsBasicPutSettings: { numRetries: 2 } };
    assert.deepEqual(validate(config), []);
    assert.deepEqual(
      notHonouredSettings(config as unknown as ChannelConfig).filter((note) => note.elementPath.endsWith("hlsCdnSettings")),
      [{ elementPath: `${HLS}.hlsCdnSettings`, reason: "hlsCdnSettings apply to http(s) destinations; ignored for file://" }],
    );
    const http = minimalHls();
    http.destinations[0].settings[0].url = "http://127.0.0.1:8080/live/index";
    http.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.hlsCdnSettings = { hlsBasicPutSettings: {} };
    assert.deepEqual(notHonouredSettings(http as unknown as ChannelConfig).filter((note) => note.elementPath.endsWith("hlsCdnSettings")), [], "an http destination uses them");
    const other = minimalHls();
    other.destinations[0].settings[0].username = "bob";
    expectOne(other, "destinations[0].settings[0].username", /applies to http\(s\) destinations only/);
  });
  it("both pipelines publish to one kind of destination", () => {
    const config = standardHls();
    config.destinations[0].settings[1].url = "http://origin.example.com/live/index";
    expectSome(config, "destinations[0].settings", /must be of one kind/);
  });
});

describe("validateChannelConfig: inputs and channel class", () => {
  it("a STANDARD channel needs STANDARD inputs", () => {
    const config = standardHls();
    config.inputAttachments[0].inputId = "1234567";
    expectOne(config, "inputAttachments[0].inputId", /Input "1234567" is SINGLE_PIPELINE; a STANDARD channel needs STANDARD inputs/);
  });
  it("a SINGLE_PIPELINE channel takes STANDARD inputs", () => {
    const config = minimalHls();
    config.inputAttachments[0].inputId = "2000001";
    assert.deepEqual(validate(config), []);
  });
  it("the input must exist", () => {
    const config = minimalHls();
    config.inputAttachments[0].inputId = "9999999";
    expectOne(config, "inputAttachments[0].inputId", /Input "9999999" does not exist/);
  });
  it("a deleted input does not exist", () => {
    const ctx = { inputs: new Map([["1234567", input("1234567", "URL_PULL", { deletedAtMs: 1 })]]) };
    expectOne(minimalHls(), "inputAttachments[0].inputId", /does not exist/, ctx);
  });
  it("inputId is required", () => {
    const config = minimalHls();
    delete config.inputAttachments[0].inputId;
    expectOne(config, "inputAttachments[0].inputId", /is required/);
  });
  it("an input belongs to one channel", () => {
    const config = minimalHls();
    config.inputAttachments[0].inputId = "3000002";
    expectOne(config, "inputAttachments[0].inputId", /Input "3000002" is already attached to channel 7654321/);
  });
  it("the same input is attached once", () => {
    const config = minimalHls();
    config.inputAttachments.push({ ...config.inputAttachments[0], inputAttachmentName: "again" });
    expectOne(config, "inputAttachments[1].inputId", /Input "1234567" is already attached as inputAttachments\[0\]/);
  });
  it("at most 2 push inputs", () => {
    const config = standardHls();
    for (const [id, name] of [["2000002", "b"], ["2000003", "c"]]) config.inputAttachments.push({ inputId: id, inputAttachmentName: name, inputSettings: { audioSelectors: [{ name: "default" }] } });
    expectOne(config, "inputAttachments[2].inputId", /at most 2 push inputs.*push input 3/);
  });
  it("at most 20 inputs", () => {
    const inputs = new Map<string, InputRecord>();
    const config = minimalHls();
    config.inputAttachments = [];
    for (let i = 0; i < 21; i++) {
      const id = String(4000000 + i);
      inputs.set(id, input(id, "MP4_FILE"));
      config.inputAttachments.push({ inputId: id, inputAttachmentName: `file-${i}`, inputSettings: { audioSelectors: [{ name: "default" }] } });
    }
    expectOne(config, "inputAttachments", /at most 20 inputs; got 21/, { inputs });
  });
});

describe("validateChannelConfig: automatic input failover", () => {
  function pair(primary = "2000001", secondary = "2000002", settings: Json = {}): Json {
    const config = standardHls();
    config.inputAttachments = [
      { inputId: primary, inputAttachmentName: "primary", inputSettings: { audioSelectors: [{ name: "default" }] }, automaticInputFailoverSettings: { secondaryInputId: secondary, ...settings } },
      { inputId: secondary, inputAttachmentName: "secondary", inputSettings: { audioSelectors: [{ name: "default" }] } },
    ];
    return config;
  }
  const AIF = "inputAttachments[0].automaticInputFailoverSettings";
  it("accepts a push pair of one type", () => assert.deepEqual(validate(pair()), []));
  it("the secondary must be attached to this channel", () => {
    const config = pair();
    config.inputAttachments.pop();
    expectOne(config, `${AIF}.secondaryInputId`, /Input "2000002" is not attached to this channel/);
  });
  it("secondaryInputId is required", () => {
    const config = pair();
    delete config.inputAttachments[0].automaticInputFailoverSettings.secondaryInputId;
    expectOne(config, `${AIF}.secondaryInputId`, /is required/);
  });
  it("not pointing at itself", () => {
    const config = pair();
    config.inputAttachments[0].automaticInputFailoverSettings.secondaryInputId = "2000001";
    expectOne(config, `${AIF}.secondaryInputId`, /must name another input/);
  });
  it("both inputs push", () => {
    const inputs = new Map([...INPUTS, ["3000009", input("3000009", "URL_PULL")]]);
    const config = pair("2000001", "3000009");
    expectOne(config, `${AIF}.secondaryInputId`, /needs push inputs; input "3000009" is URL_PULL/, { inputs });
    const reversed = pair("3000009", "2000001");
    expectOne(reversed, AIF, /needs push inputs; input "3000009" is URL_PULL/, { inputs });
  });
  it("both inputs of the same type", () => {
    expectOne(pair("2000001", "2000003"), `${AIF}.secondaryInputId`, /same type; input "2000001" is RTP_PUSH, input "2000003" is RTMP_PUSH/);
  });
  it("an input is in at most one failover pair", () => {
    const config = pair();
    config.inputAttachments[1].automaticInputFailoverSettings = { secondaryInputId: "2000001" };
    const problems = validate(config);
    assert.deepEqual(problems.map((p) => p.elementPath), ["inputAttachments[1].automaticInputFailoverSettings", "inputAttachments[1].automaticInputFailoverSettings.secondaryInputId"]);
    assert.match(problems[0]!.errorMessage, /already in the failover pair of inputAttachments\[0\]/);
  });
  it("the audio silence selector exists on the attachments", () => {
    const config = pair("2000001", "2000002", { failoverConditions: [{ failoverConditionSettings: { audioSilenceSettings: { audioSelectorName: "english" } } }] });
    const problems = validate(config);
    assert.deepEqual(problems.map((p) => p.elementPath), [`${AIF}.failoverConditions[0].failoverConditionSettings.audioSilenceSettings.audioSelectorName`, `${AIF}.failoverConditions[0].failoverConditionSettings.audioSilenceSettings.audioSelectorName`]);
    assert.match(problems[0]!.errorMessage, /Audio selector "english" is not defined in input attachment "primary"/);
    assert.match(problems[1]!.errorMessage, /input attachment "secondary"/);
  });
  it("a failover condition names its kind", () => {
    const config = pair("2000001", "2000002", { failoverConditions: [{}] });
    expectOne(config, `${AIF}.failoverConditions[0].failoverConditionSettings`, /needs one of inputLossSettings, videoBlackSettings, audioSilenceSettings/);
  });
  it("condition minimums are the model validator's (inputLoss ≥100, black/silence ≥1000, threshold 0–1, errorClear ≥1; 0 reads as unset)", () => {
    const config = pair("2000001", "2000002", {
      errorClearTimeMsec: -1,
      failoverConditions: [
        { failoverConditionSettings: { inputLossSettings: { inputLossThresholdMsec: 99 } } },
        { failoverConditionSettings: { videoBlackSettings: { videoBlackThresholdMsec: 999, blackDetectThreshold: 1.5 } } },
        { failoverConditionSettings: { audioSilenceSettings: { audioSelectorName: "default", audioSilenceThresholdMsec: 999 } } },
      ],
    });
    const paths = validateShape("CreateChannelRequest", config).map((p) => p.elementPath);
    assert.deepEqual(paths, [
      `${AIF}.errorClearTimeMsec`,
      `${AIF}.failoverConditions[0].failoverConditionSettings.inputLossSettings.inputLossThresholdMsec`,
      `${AIF}.failoverConditions[1].failoverConditionSettings.videoBlackSettings.blackDetectThreshold`,
      `${AIF}.failoverConditions[1].failoverConditionSettings.videoBlackSettings.videoBlackThresholdMsec`,
      `${AIF}.failoverConditions[2].failoverConditionSettings.audioSilenceSettings.audioSilenceThresholdMsec`,
    ]);
  });
});

describe("validateChannelConfig: encoder rules", () => {
  const H264 = "encoderSettings.videoDescriptions[0].codecSettings.h264Settings";
  it("bitrate is required for CBR and VBR", () => {
    const config = minimalHls();
    delete config.encoderSettings.videoDescriptions[0].codecSettings.h264Settings.bitrate;
    expectOne(config, `${H264}.bitrate`, /is required when rateControlMode is CBR/);
  });
  it("maxBitrate is required for QVBR and ≥ bitrate for VBR", () => {
    const config = minimalHls();
    const h264 = config.encoderSettings.videoDescriptions[0].codecSettings.h264Settings;
    h264.rateControlMode = "QVBR";
    delete h264.bitrate;
    expectOne(config, `${H264}.maxBitrate`, /is required when rateControlMode is QVBR/);
    Object.assign(h264, { rateControlMode: "VBR", bitrate: 3000000, maxBitrate: 2000000 });
    expectOne(config, `${H264}.maxBitrate`, /must be at least bitrate \(3000000\)/);
  });
  it("framerate numerator and denominator with SPECIFIED", () => {
    const config = minimalHls();
    delete config.encoderSettings.videoDescriptions[0].codecSettings.h264Settings.framerateDenominator;
    expectOne(config, `${H264}.framerateDenominator`, /is required when framerateControl is SPECIFIED/);
  });
  it("GOP size in frames is whole", () => {
    const config = minimalHls();
    Object.assign(config.encoderSettings.videoDescriptions[0].codecSettings.h264Settings, { gopSize: 59.5, gopSizeUnits: "FRAMES" });
    expectOne(config, `${H264}.gopSize`, /whole number of frames/);
  });
  it("width and height together, even", () => {
    const config = minimalHls();
    delete config.encoderSettings.videoDescriptions[0].height;
    expectOne(config, "encoderSettings.videoDescriptions[0].height", /is required with width/);
    config.encoderSettings.videoDescriptions[0].height = 721;
    expectOne(config, "encoderSettings.videoDescriptions[0].height", /must be even/);
  });
  it("keepSegments covers indexNSegments", () => {
    const config = minimalHls();
    config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.keepSegments = 5;
    expectOne(config, `${HLS}.keepSegments`, /must be at least indexNSegments \(10\)/);
  });
  it("nameModifier is required and safe as a file name", () => {
    const config = minimalHls();
    const hlsOut = config.encoderSettings.outputGroups[0].outputs[0].outputSettings.hlsOutputSettings;
    delete hlsOut.nameModifier;
    expectOne(config, `${OUT}.outputSettings.hlsOutputSettings.nameModifier`, /is required/);
    hlsOut.nameModifier = "/../x";
    expectOne(config, `${OUT}.outputSettings.hlsOutputSettings.nameModifier`, /must not contain/);
    hlsOut.nameModifier = "_$sn$";
    expectOne(config, `${OUT}.outputSettings.hlsOutputSettings.nameModifier`, /\$sn\$ is not accepted/);
    hlsOut.segmentModifier = "_$sn%05$";
    hlsOut.nameModifier = "_$w$x$h$_$rv$k";
    expectOne(config, `${OUT}.outputSettings.hlsOutputSettings.segmentModifier`, /\$sn\$ is not accepted/);
    hlsOut.segmentModifier = "_$dt$";
    assert.deepEqual(validate(config), []);
    delete hlsOut.segmentModifier;
    // A line break would add lines to the master playlist that lists the variant.
    hlsOut.nameModifier = "_720p\n#EXT-X-ENDLIST";
    expectOne(config, `${OUT}.outputSettings.hlsOutputSettings.nameModifier`, /must not contain control characters/);
    hlsOut.nameModifier = "_720p";
    hlsOut.segmentModifier = "\r";
    expectOne(config, `${OUT}.outputSettings.hlsOutputSettings.segmentModifier`, /must not contain control characters/);
    // A padding width of a billion would be a string of a billion characters.
    hlsOut.segmentModifier = "_$dt%0999999999$";
    expectOne(config, `${OUT}.outputSettings.hlsOutputSettings.segmentModifier`, /zero-padding %0999999999 is wider than 255 characters/);
    hlsOut.segmentModifier = "_$dt%0255$";
    assert.deepEqual(validate(config), []);
  });
  it("caption descriptions need a destination type", () => {
    const config = minimalHls();
    config.inputAttachments[0].inputSettings.captionSelectors = [{ name: "cc" }];
    config.encoderSettings.captionDescriptions = [{ name: "cc1", captionSelectorName: "cc" }];
    config.encoderSettings.outputGroups[0].outputs[0].captionDescriptionNames = ["cc1"];
    expectOne(config, "encoderSettings.captionDescriptions[0].destinationSettings", /is required: embeddedDestinationSettings/);
  });
  it("input loss slate and colour", () => {
    const config = minimalHls();
    config.encoderSettings.globalConfiguration = { inputLossBehavior: { inputLossImageType: "SLATE", inputLossImageColor: "zzzzzz" } };
    const problems = validate(config);
    assert.deepEqual(problems.map((p) => p.elementPath), ["encoderSettings.globalConfiguration.inputLossBehavior.inputLossImageColor", "encoderSettings.globalConfiguration.inputLossBehavior.inputLossImageSlate"]);
    config.encoderSettings.globalConfiguration.inputLossBehavior = { inputLossImageType: "SLATE", inputLossImageSlate: { uri: "ftp://host/slate.png" } };
    expectOne(config, "encoderSettings.globalConfiguration.inputLossBehavior.inputLossImageSlate.uri", /images are read from file:\/\/\/<absolute path>, http\(s\):\/\/… or s3\(ssl\):\/\/<bucket>\/<key>, not ftp:\/\//);
    config.encoderSettings.globalConfiguration.inputLossBehavior.inputLossImageSlate.uri = "s3ssl://bucket/slates/slate.png";
    assert.deepEqual(validate(config), []);
    config.encoderSettings.globalConfiguration.inputLossBehavior.inputLossImageSlate.uri = "file:///srv/slates/slate.png";
    assert.deepEqual(validate(config), []);
  });
});

describe("validateChannelConfig: what openlive refuses, and what it accepts and tells (supported-features.ts)", () => {
  const refusals: [string, (c: Json) => void, string, RegExp][] = [
    ["a MediaConnect router output group", (c) => (c.encoderSettings.outputGroups[0].outputGroupSettings = { mediaConnectRouterGroupSettings: {} }), `${OG}.outputGroupSettings.mediaConnectRouterGroupSettings`, /openlive has no MediaConnect routers/],
    ["a multiplex output group", (c) => (c.encoderSettings.outputGroups[0].outputGroupSettings = { multiplexGroupSettings: {} }), `${OG}.outputGroupSettings.multiplexGroupSettings`, /openlive has no multiplexes/],
  ];
  for (const [what, mutate, path, message] of refusals) {
    it(`refuses ${what}`, () => {
      const config = minimalHls();
      mutate(config);
      expectSome(config, path, message);
    });
  }
  const tells: [string, (c: Json) => void, string, RegExp][] = [
    ["HLS encryption", (c) => (c.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.encryptionType = "AES128"), `${HLS}.encryptionType`, /^encryptionType: HLS encryption: not reproduced by openlive yet$/],
    ["VOD mode", (c) => (c.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.mode = "VOD"), `${HLS}.mode`, /^mode "VOD": openlive honours only "LIVE"/],
    ["an output timing source of the system clock", (c) => (c.encoderSettings.globalConfiguration = { outputTimingSource: "SYSTEM_CLOCK" }), "encoderSettings.globalConfiguration.outputTimingSource", /honours only "INPUT_CLOCK"/],
    ["a custom locking epoch", (c) => (c.encoderSettings.globalConfiguration = { outputLockingMode: "EPOCH_LOCKING", outputLockingSettings: { epochLockingSettings: { customEpoch: "2000-01-01T00:00:00" } } }), "encoderSettings.globalConfiguration.outputLockingSettings", /customEpoch/],
    ["ESAM ad avails", (c) => (c.encoderSettings.availConfiguration = { availSettings: { esam: { acquisitionPointId: "a", poisEndpoint: "https://pois.example" } } }), "encoderSettings.availConfiguration.availSettings.esam", /^esam: ESAM needs a POIS/],
    ["CDI input specification", (c) => (c.cdiInputSpecification = { resolution: "HD" }), "cdiInputSpecification", /CDI inputs/],
    ["a VPC", (c) => (c.vpc = { subnetIds: ["a"] }), "vpc", /network placement is the host.s/],
  ];
  for (const [what, mutate, path, reason] of tells) {
    it(`accepts ${what} and tells it`, () => {
      const config = minimalHls();
      mutate(config);
      assert.deepEqual(validate(config), []);
      const told = notHonouredSettings(structuredClone(config) as unknown as ChannelConfig).filter((setting) => setting.elementPath === path);
      assert.equal(told.length, 1, `${path} is told once`);
      assert.match(told[0]!.reason, reason);
    });
  }
  it("accepts features switched off and pure metadata", () => {
    const config = minimalHls();
    Object.assign(config.encoderSettings.videoDescriptions[0].codecSettings.h264Settings, { afdSignaling: "NONE", flickerAq: "DISABLED", timecodeInsertion: "DISABLED", level: "H264_LEVEL_AUTO", adaptiveQuantization: "MEDIUM" });
    Object.assign(config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings, { adMarkers: [], ivInManifest: "INCLUDE", ivSource: "FOLLOWS_SEGMENT_NUMBER", programDateTime: "INCLUDE", programDateTimePeriod: 600, redundantManifest: "DISABLED" });
    config.maintenance = { maintenanceDay: "MONDAY", maintenanceStartTime: "02:00" };
    config.logLevel = "INFO";
    assert.deepEqual(validate(config), []);
  });
});

describe("validateChannelConfig: all problems at once, never throws", () => {
  it("reports five different mistakes together", () => {
    const config = standardHls();
    config.destinations[0].settings.pop(); // 1: STANDARD needs two URLs
    config.inputAttachments[0].inputId = "9999999"; // 2: unknown input
    config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.destination.destinationRefId = "nowhere"; // 3: undefined destination
    config.encoderSettings.outputGroups[0].outputs[0].audioDescriptionNames = ["a_aac", "a_nope"]; // 4: unknown audio description
    config.encoderSettings.outputGroups.push({ name: "rtmp", outputGroupSettings: { rtmpGroupSettings: {} }, outputs: [{ outputSettings: { rtmpOutputSettings: { destination: { destinationRefId: "hls-dest" } } }, videoDescriptionName: "v720" }] }); // 5: an RTMP output naming a file:// destination
    const problems = validate(config);
    assert.deepEqual(
      problems.map((p) => p.elementPath).sort(),
      [
        "destinations[0].settings",
        `${HLS}.destination.destinationRefId`,
        `${OUT}.audioDescriptionNames[1]`,
        "encoderSettings.outputGroups[1].outputs[0].outputSettings.rtmpOutputSettings.destination.destinationRefId",
        "inputAttachments[0].inputId",
      ].sort(),
    );
  });
  const garbage: unknown[] = [
    null,
    undefined,
    42,
    "channel",
    [],
    {},
    { inputAttachments: null, destinations: "x", encoderSettings: [] },
    { inputAttachments: [null, 1, "x", [], { inputId: 5, inputSettings: { audioSelectors: "x", captionSelectors: [null, { name: 3 }] }, automaticInputFailoverSettings: { secondaryInputId: [], failoverConditions: [null, 1, { failoverConditionSettings: [] }] } }] },
    { destinations: [null, { id: 1, settings: [null, 1, { url: 5 }, { url: "file:///%E0%A4%A/index" }] }, { id: "d", settings: {}, mediaPackageSettings: "x" }] },
    {
      channelClass: 7,
      encoderSettings: {
        videoDescriptions: [null, { name: 1, width: "x", codecSettings: [] }, { name: "v", codecSettings: { h264Settings: null, h265Settings: "x" } }],
        audioDescriptions: "x",
        captionDescriptions: { a: 1 },
        outputGroups: [null, { outputGroupSettings: { hlsGroupSettings: { destination: "x", hlsCdnSettings: 1 } }, outputs: [null, { outputSettings: { hlsOutputSettings: { nameModifier: 1, hlsSettings: null } }, audioDescriptionNames: "x", captionDescriptionNames: [null, 1] }] }],
        timecodeConfig: "x",
        globalConfiguration: { inputLossBehavior: { inputLossImageSlate: { uri: 1 }, inputLossImageColor: 5 } },
      },
    },
  ];
  garbage.forEach((value, index) => {
    it(`never throws on garbage #${index}`, () => {
      const problems = validateChannelConfig(value as ChannelConfig, context);
      assert.ok(Array.isArray(problems));
      for (const problem of problems) {
        assert.equal(typeof problem.elementPath, "string");
        assert.equal(typeof problem.errorMessage, "string");
        assert.doesNotMatch(problem.errorMessage, /could not be validated/);
      }
    });
  });
  it("never throws with a broken context", () => {
    assert.ok(Array.isArray(validateChannelConfig(minimalHls() as unknown as ChannelConfig, null as unknown as ChannelValidationContext)));
    assert.ok(Array.isArray(validateChannelConfig(minimalHls() as unknown as ChannelConfig, { inputs: new Map([["1234567", { id: "1234567" } as InputRecord]]) })));
    for (const junk of [null, 5, "x", []]) {
      const problems = validateChannelConfig(standardHls() as unknown as ChannelConfig, { inputs: new Map([["2000001", junk as unknown as InputRecord]]) });
      assert.deepEqual(problems.map((p) => p.errorMessage), ['Input "2000001" does not exist']);
    }
  });
});
