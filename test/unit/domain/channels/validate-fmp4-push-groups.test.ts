import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { validateChannelConfig } from "../../../../src/domain/channels/validate-channel.ts";
import { fmp4PushDestinationIds, pushDestinationUrlProblem } from "../../../../src/domain/channels/validate-fmp4-push-groups.ts";
import { inputRecord } from "../../../helpers/input-record.ts";
import { minimalHls } from "../../../helpers/minimal-channel.ts";
import { withFmp4PushGroups } from "../../../helpers/fmp4-push-channel.ts";

const INPUTS = new Map([["1234567", inputRecord({ id: "1234567", name: "in", type: "URL_PULL", inputClass: "SINGLE_PIPELINE" })]]);

function validate(config: Record<string, any>) {
  return validateChannelConfig(config as unknown as ChannelConfig, { inputs: INPUTS });
}

function pushChannel(cmaf = "https://ingest.example/in/v1/group/1/channel/", smooth = "http://origin.example/live/channel.isml") {
  return withFmp4PushGroups(minimalHls(), { cmaf: [cmaf], smooth: [smooth] }, "v720", "a_aac");
}

describe("CMAF ingest and Smooth groups in a channel", () => {
  it("accepts http(s) publishing points, folder-like or not, and outputs of audio alone", () => {
    assert.deepEqual(validate(pushChannel()), []);
    // MediaLive does not resolve hosts on CreateChannel: a placeholder host is the running channel's alert, not a 422.
    assert.deepEqual(validate(pushChannel("https://ingest.example/in/index", "http://<ip-address-in-private-subnet>/channel1/channel1")), []);
  });

  it("refuses other schemes, credentials in the URL and dot segments, naming the destination URL", () => {
    for (const [url, message] of [
      ["file:///srv/out/cmaf/index", /are http\(s\):\/\/<host>/],
      ["rtmp://origin/live", /are http\(s\):\/\/<host>/],
      ["http://user:pw@origin/in", /must not carry credentials/],
      ["https://origin/in/../x", /"\." or "\.\." path segments/],
      ["https:///in", /needs a host/],
    ] as const) {
      const problems = validate(pushChannel(url));
      assert.deepEqual(problems.map((problem) => problem.elementPath), ["destinations[1].settings[0].url"], url);
      assert.match(problems[0]!.errorMessage, message);
    }
  });

  it("refuses a group naming a destination that does not exist", () => {
    const config = pushChannel();
    config.encoderSettings.outputGroups[2].outputGroupSettings.msSmoothGroupSettings.destination.destinationRefId = "nowhere";
    const problems = validate(config);
    assert.deepEqual(problems.map((problem) => [problem.elementPath, problem.errorMessage]), [["encoderSettings.outputGroups[2].outputGroupSettings.msSmoothGroupSettings.destination.destinationRefId", 'Object references undefined destination "nowhere"']]);
  });

  it("checks a CMAF group's additionalDestinations as its destination", () => {
    const config = pushChannel();
    config.destinations.push({ id: "backup-ingest", settings: [{ url: "file:///srv/out/x/index" }] });
    config.encoderSettings.outputGroups[1].outputGroupSettings.cmafIngestGroupSettings.additionalDestinations = [{ destination: { destinationRefId: "backup-ingest" } }, { destination: { destinationRefId: "gone" } }];
    const problems = validate(config);
    assert.deepEqual(
      problems.map((problem) => problem.elementPath),
      ["destinations[3].settings[0].url", "encoderSettings.outputGroups[1].outputGroupSettings.cmafIngestGroupSettings.additionalDestinations[1].destination.destinationRefId"],
    );
    config.destinations[3].settings[0].url = "https://backup.example/in/channel";
    config.encoderSettings.outputGroups[1].outputGroupSettings.cmafIngestGroupSettings.additionalDestinations.pop();
    assert.deepEqual(validate(config), []);
  });

  it("checks only the push groups' destinations with the push rules (an HLS destination keeps its own)", () => {
    const config = pushChannel();
    assert.deepEqual([...fmp4PushDestinationIds(config.encoderSettings)], ["cmaf-dest", "smooth-dest"]);
    config.destinations[0].settings[0].url = "https://origin/live/"; // HLS needs a base name
    assert.match(validate(config)[0]?.errorMessage ?? "", /must end in a base name/);
  });

  it("says nothing about a well-formed URL", () => {
    assert.equal(pushDestinationUrlProblem("https://abcde1-1.ingest.vwxyz1.mediapackagev2.us-west-2.amazonaws.com/in/v1/g/1/c/index"), undefined);
    assert.equal(pushDestinationUrlProblem("http://127.0.0.1:8080"), undefined);
    assert.match(pushDestinationUrlProblem("http://origin/a b") ?? "", /white space/);
  });
});
