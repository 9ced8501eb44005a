// ID3 timed metadata in the encoder plan: the fed timed-metadata streams a channel gets
// (one per distinct frame and period of its HLS groups), and the shared encode copying the
// group's stream into each of its outputs on timedMetadataPid.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { planEncoder } from "../../../../src/output/encoder/encoder-plan.ts";
import { timedMetadataFeedIndex, timedMetadataFeeds } from "../../../../src/output/encoder/timed-metadata-feeds.ts";
import { abrLadder, fileDestination, hlsOutput, minimalHls, planRequest } from "./encoder-fixtures.ts";
import { encodeArgs, outputView, teeSlaves } from "./plan-view.ts";

/** The ladder's group with PRIV every 2 s, plus a second group (one 720p output) with `second`'s settings. */
function twoGroups(second: Record<string, unknown>): Record<string, any> {
  const config = abrLadder();
  const first = config.encoderSettings.outputGroups[0];
  Object.assign(first.outputGroupSettings.hlsGroupSettings, { timedMetadataId3Frame: "PRIV", timedMetadataId3Period: 2 });
  first.outputs[1].outputSettings.hlsOutputSettings.hlsSettings.standardHlsSettings.m3u8Settings = { timedMetadataPid: "600" };
  first.outputs[0].outputSettings.hlsOutputSettings.hlsSettings.standardHlsSettings.m3u8Settings = { timedMetadataPid: "600" };
  first.outputs[2].outputSettings.hlsOutputSettings.hlsSettings.standardHlsSettings.m3u8Settings = { timedMetadataPid: "600" };
  config.destinations.push({ id: "second", settings: [{ url: "file:///srv/out/second/index" }] });
  config.encoderSettings.outputGroups.push({
    name: "second",
    outputGroupSettings: { hlsGroupSettings: { destination: { destinationRefId: "second" }, segmentLength: 6, ...second } },
    outputs: [hlsOutput("720p-b", "v720", "_720p")],
  });
  return config;
}

const DESTINATIONS = { hls: fileDestination("/srv/out/live"), second: fileDestination("/srv/out/second") };

describe("timed metadata feeds", () => {
  it("one fed stream per distinct frame and period, on PIDs from 0x1F0; NONE and absent give none; period 0 or absent is 10 s", () => {
    const config = twoGroups({ timedMetadataId3Frame: "TDRL", timedMetadataId3Period: 0 }) as unknown as ChannelConfig;
    assert.deepEqual(timedMetadataFeeds(config), [
      { frame: "PRIV", periodSec: 2, pid: 0x1f0 },
      { frame: "TDRL", periodSec: 10, pid: 0x1f1 },
    ]);
    const same = twoGroups({ timedMetadataId3Frame: "PRIV", timedMetadataId3Period: 2 }) as unknown as ChannelConfig;
    assert.equal(timedMetadataFeeds(same).length, 1, "groups asking the same share one stream");
    assert.equal(timedMetadataFeedIndex(same, same.encoderSettings!.outputGroups[1]!.outputGroupSettings.hlsGroupSettings!), 0);
    assert.deepEqual(timedMetadataFeeds(minimalHls() as unknown as ChannelConfig), []);
    const none = twoGroups({ timedMetadataId3Frame: "NONE" }) as unknown as ChannelConfig;
    assert.equal(timedMetadataFeeds(none).length, 1);
    assert.equal(timedMetadataFeedIndex(none, none.encoderSettings!.outputGroups[1]!.outputGroupSettings.hlsGroupSettings!), undefined);
  });
});

describe("planEncoder: timed metadata", () => {
  it("maps each fed timed-metadata stream once, copied, on the PID its first output asks for, and selects it in its group's outputs only", () => {
    const plan = planEncoder(planRequest(twoGroups({ timedMetadataId3Frame: "TDRL", timedMetadataId3Period: 4 }), DESTINATIONS));
    const args = encodeArgs(plan);
    const maps = args.flatMap((arg, i) => (arg === "-map" ? [args[i + 1]!] : []));
    // Three video encodes and one audio encode, then the two fed ID3 streams.
    assert.deepEqual(maps.slice(-2), ["0:d:0", "0:d:1"]);
    assert.equal(maps.length, 6);
    assert.deepEqual(args.slice(args.indexOf("-c:d:0"), args.indexOf("-c:d:0") + 4), ["-c:d:0", "copy", "-streamid", "4:600"]);
    assert.deepEqual(args.slice(args.indexOf("-c:d:1"), args.indexOf("-c:d:1") + 4), ["-c:d:1", "copy", "-streamid", "5:502"]);
    for (const index of [0, 1, 2]) assert.equal(outputView(plan, index).streamIndexes.at(-1), 4, `ladder output ${index} carries the PRIV stream`);
    assert.deepEqual(outputView(plan, 3).streamIndexes, [1, 3, 5], "the second group's output: its video, audio and the TDRL stream");
    // A sparse stream must not hold the pictures back for up to 10 s (libavformat's default).
    assert.equal(args[args.indexOf("-max_interleave_delta") + 1], "1000000");
    assert.equal(outputView(plan, 3).slave.options.get("max_interleave_delta"), "1000000");
  });

  it("an audio-only output of the group carries the stream on the PID its variants give it, without a PID warning", () => {
    const config = twoGroups({});
    config.encoderSettings.outputGroups[0].outputs.push({
      outputName: "audio",
      audioDescriptionNames: ["a_aac"],
      outputSettings: { hlsOutputSettings: { nameModifier: "_audio", hlsSettings: { audioOnlyHlsSettings: { audioGroupId: "aac" } } } },
    });
    const plan = planEncoder(planRequest(config, DESTINATIONS));
    const rendition = teeSlaves(plan).find((slave) => slave.path.endsWith("index_audio.m3u8.encoder"));
    assert.ok(rendition, teeSlaves(plan).map((slave) => slave.path).join(", "));
    assert.equal(rendition.options.get("select"), "3,4", "its audio and the PRIV stream (PID 600)");
    assert.deepEqual(plan.warnings.filter((warning) => /timed metadata/.test(warning)), []);
  });

  it("adds nothing for a channel without timed metadata", () => {
    const plan = planEncoder(planRequest(abrLadder()));
    assert.ok(!encodeArgs(plan).some((arg) => arg.startsWith("-c:d") || arg.startsWith("0:d") || arg === "-max_interleave_delta"));
    assert.equal(outputView(plan, 0).slave.options.get("max_interleave_delta"), undefined);
  });

  it("warns that the timestamps carry the system clock when the timecode source is not SYSTEMCLOCK", () => {
    const config = twoGroups({});
    config.encoderSettings.timecodeConfig = { source: "ZEROBASED" };
    const plan = planEncoder(planRequest(config, DESTINATIONS));
    assert.ok(plan.warnings.some((warning) => /ID3 PRIV timestamps carry the system clock's UTC time, not ZEROBASED/.test(warning)), plan.warnings.join("\n"));
  });
});
