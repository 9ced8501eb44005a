// The MediaPackage rules: any channel id is accepted (openlive has no MediaPackage channels to
// look it up in); one channel per destination, v1 or v2; MediaPackage groups and
// destinations go together; an output without video is the group's audio rendition; a frame
// capture in the group is told.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { notHonouredSettings } from "../../../../src/domain/channels/not-honoured.ts";
import { validateChannelConfig } from "../../../../src/domain/channels/validate-channel.ts";
import { inputRecord } from "../../../helpers/input-record.ts";
import { minimalMediaPackage } from "../../output/mediapackage/mediapackage-fixtures.ts";

type Json = Record<string, any>;

const context = { inputs: new Map([["1234567", inputRecord({ id: "1234567", name: "in", type: "URL_PULL", inputClass: "SINGLE_PIPELINE" })]]) };
const problemsOf = (config: Json) => validateChannelConfig(config as unknown as ChannelConfig, context).map((problem) => `${problem.elementPath}: ${problem.errorMessage}`);

describe("MediaPackage groups and destinations", () => {
  it("accepts any v1 channel id and any v2 channel group and name, with an audio-only output", () => {
    assert.deepEqual(problemsOf(minimalMediaPackage({ channelId: "does-not-exist-anywhere" })), []);
    assert.deepEqual(problemsOf(minimalMediaPackage({ channelGroup: "my-event-group", channelName: "my-event" })), []);
  });

  it("takes mediaPackageSettings written as one object, as a list of one", () => {
    const config = minimalMediaPackage();
    config.destinations[0].mediaPackageSettings = { channelId: "lunora" };
    assert.deepEqual(problemsOf(config), []);
  });

  it("refuses a destination naming no channel, two channels, v1 and v2 at once, or half a v2 channel", () => {
    const cases: [Json, RegExp][] = [
      [{ mediaPackageSettings: [{ channelId: "a" }, { channelId: "b" }] }, /^destinations\[0\]\.mediaPackageSettings: MediaPackage settings name one MediaPackage channel for both pipelines; got 2/],
      [{ mediaPackageSettings: [{ mediaPackageRegionName: "eu-west-1" }] }, /^destinations\[0\]\.mediaPackageSettings\[0\]\.channelId: is required/],
      [{ mediaPackageSettings: [{ channelId: "a", channelGroup: "g", channelName: "n" }] }, /not both/],
      [{ mediaPackageSettings: [{ channelGroup: "g" }] }, /^destinations\[0\]\.mediaPackageSettings\[0\]\.channelName: is required with a MediaPackage v2 channel/],
    ];
    for (const [destination, message] of cases) {
      const config = minimalMediaPackage();
      config.destinations[0] = { id: "mp", ...destination };
      const problems = problemsOf(config);
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.match(problems[0]!, message);
    }
  });

  it("a MediaPackage group writes to a MediaPackage destination, its outputs are MediaPackage outputs", () => {
    const config = minimalMediaPackage();
    config.destinations[0] = { id: "mp", settings: [{ url: "file:///tmp/openlive-out/live/index" }] };
    assert.deepEqual(problemsOf(config), ["encoderSettings.outputGroups[0].outputGroupSettings.mediaPackageGroupSettings.destination.destinationRefId: destination \"mp\" has no mediaPackageSettings: a MediaPackage group writes to a MediaPackage channel"]);
    const wrongOutput = minimalMediaPackage();
    wrongOutput.encoderSettings.outputGroups[0].outputs[0].outputSettings = { hlsOutputSettings: { nameModifier: "_x", hlsSettings: { standardHlsSettings: { m3u8Settings: {} } } } };
    assert.ok(problemsOf(wrongOutput).includes("encoderSettings.outputGroups[0].outputs[0].outputSettings: An output of a MediaPackage output group needs mediaPackageOutputSettings"), JSON.stringify(problemsOf(wrongOutput)));
  });

  it("an output with neither video nor audio still needs a video description", () => {
    const config = minimalMediaPackage();
    config.encoderSettings.outputGroups[0].outputs[1].audioDescriptionNames = [];
    assert.deepEqual(problemsOf(config), ["encoderSettings.outputGroups[0].outputs[1].videoDescriptionName: is required unless the output is audio-only (hlsSettings.audioOnlyHlsSettings) or a captions-only WebVTT rendition"]);
  });

  it("tells a frame capture output of a MediaPackage group, refuses MPEG-2 video there", () => {
    const config = minimalMediaPackage();
    config.encoderSettings.videoDescriptions.push({ name: "thumbs", width: 320, height: 180, codecSettings: { frameCaptureSettings: { captureInterval: 2 } } });
    config.encoderSettings.outputGroups[0].outputs.push({ outputName: "thumbs", videoDescriptionName: "thumbs", outputSettings: { mediaPackageOutputSettings: {} } });
    assert.deepEqual(problemsOf(config), []);
    const told = notHonouredSettings(config as unknown as ChannelConfig).find((setting) => setting.elementPath === "encoderSettings.outputGroups[0].outputs[2].videoDescriptionName");
    assert.match(told?.reason ?? "", /frame capture in a MediaPackage group/);
    config.encoderSettings.videoDescriptions[1].codecSettings = { mpeg2Settings: { framerateNumerator: 30, framerateDenominator: 1 } };
    assert.ok(problemsOf(config).some((problem) => /encodes MPEG-2 video/.test(problem)), JSON.stringify(problemsOf(config)));
  });

  it("tells a STANDARD channel's MediaPackage group that it emits fill when an HLS group of the channel does", () => {
    const config = minimalMediaPackage();
    config.channelClass = "STANDARD";
    const pauseNote = (json: Json) => notHonouredSettings(structuredClone(json) as unknown as ChannelConfig).find((setting) => setting.elementPath === "encoderSettings.outputGroups[0].outputGroupSettings.mediaPackageGroupSettings");
    assert.equal(pauseNote(config), undefined);
    config.encoderSettings.outputGroups.push({ name: "hls", outputGroupSettings: { hlsGroupSettings: { destination: { destinationRefId: "hls-dest" }, inputLossAction: "EMIT_OUTPUT" } }, outputs: [] });
    assert.match(pauseNote(config)?.reason ?? "", /emits fill too/);
  });
});
