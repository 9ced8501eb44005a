import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { notHonouredSettings } from "../../../../src/domain/channels/not-honoured.ts";
import { slateRootProblems } from "../../../../src/domain/channels/slate-roots.ts";
import { validateChannelConfig } from "../../../../src/domain/channels/validate-channel.ts";
import { inputRecord } from "../../../helpers/input-record.ts";
import { minimalHls } from "../../../helpers/minimal-channel.ts";

type Json = Record<string, any>;

function withBlanking(avail: string, blackout: string, network: string): Json {
  const config = minimalHls();
  config.encoderSettings.availBlanking = { state: "ENABLED", availBlankingImage: { uri: avail } };
  config.encoderSettings.blackoutSlate = { state: "ENABLED", blackoutSlateImage: { uri: blackout }, networkEndBlackout: "ENABLED", networkEndBlackoutImage: { uri: network }, networkId: "10.5239/8BE5-E3F6-1BD4-21C1-6E2D-R" };
  config.encoderSettings.availConfiguration = { availSettings: { scte35SpliceInsert: { webDeliveryAllowedFlag: "IGNORE", noRegionalBlackoutFlag: "FOLLOW" } } };
  return config;
}

const context = { inputs: new Map([["1234567", inputRecord({ id: "1234567", name: "in", type: "URL_PULL", inputClass: "SINGLE_PIPELINE" })]]) };

describe("availBlanking and blackoutSlate: accepted, honoured, their images checked", () => {
  it("a channel with every member is accepted and nothing of it is told", () => {
    const config = withBlanking("file:///srv/slates/avail.png", "https://slates.example/blackout.png", "http://slates.example/network.bmp");
    const problems = validateChannelConfig(config as unknown as ChannelConfig, context);
    assert.deepEqual(problems, []);
    const told = notHonouredSettings(config as unknown as ChannelConfig).filter((setting) => /availBlanking|blackoutSlate|availConfiguration/.test(setting.elementPath));
    assert.deepEqual(told, []);
  });

  it("each image uri is checked where it is named: a relative path, a parent step and an unreadable scheme", () => {
    const config = withBlanking("slate.png", "file:///srv/../etc/passwd", "ftp://host/network.png");
    const problems = validateChannelConfig(config as unknown as ChannelConfig, context);
    assert.deepEqual(
      problems.map((problem) => problem.elementPath),
      ["encoderSettings.availBlanking.availBlankingImage.uri", "encoderSettings.blackoutSlate.blackoutSlateImage.uri", "encoderSettings.blackoutSlate.networkEndBlackoutImage.uri"],
    );
    assert.match(problems[0]!.errorMessage, /is not a URL/);
    assert.match(problems[1]!.errorMessage, /file:\/\/\/<absolute path/);
    assert.match(problems[2]!.errorMessage, /not ftp:\/\//);
  });

  it("a file image must lie in an input root, like the input-loss slate", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "openlive-slates-"));
    writeFileSync(path.join(root, "avail.png"), "x");
    const config = withBlanking(`file://${root}/avail.png`, "file:///etc/hostname", "file:///var/tmp/network.png");
    config.encoderSettings.globalConfiguration = { inputLossBehavior: { inputLossImageType: "SLATE", inputLossImageSlate: { uri: "file:///etc/hosts" } } };
    const problems = await slateRootProblems(config, [root]);
    assert.deepEqual(
      problems.map((problem) => problem.elementPath),
      ["encoderSettings.globalConfiguration.inputLossBehavior.inputLossImageSlate.uri", "encoderSettings.blackoutSlate.blackoutSlateImage.uri", "encoderSettings.blackoutSlate.networkEndBlackoutImage.uri"],
    );
  });
});
