// The fed timed-metadata streams that carry the schedule's ID3 actions: outputs with
// m3u8Settings.timedMetadataBehavior PASSTHROUGH (one-time tags) and groups with
// hlsId3SegmentTagging ENABLED (segment tags, with the group's segment length).

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { planEncoder } from "../../../../src/output/encoder/encoder-plan.ts";
import { timedMetadataFeedIndex, timedMetadataFeeds } from "../../../../src/output/encoder/timed-metadata-feeds.ts";
import { abrLadder, planRequest } from "./encoder-fixtures.ts";
import { encodeArgs } from "./plan-view.ts";

describe("schedule ID3 streams", () => {
  it("a stream per kind: PASSTHROUGH outputs and a tagging group get theirs, other outputs none", () => {
    const config = abrLadder();
    const group = config.encoderSettings.outputGroups[0];
    Object.assign(group.outputGroupSettings.hlsGroupSettings, { hlsId3SegmentTagging: "ENABLED", segmentLength: 4 });
    group.outputs[0].outputSettings.hlsOutputSettings.hlsSettings.standardHlsSettings.m3u8Settings = { timedMetadataBehavior: "PASSTHROUGH", timedMetadataPid: "600" };
    const feeds = timedMetadataFeeds(config as unknown as ChannelConfig);
    assert.deepEqual(feeds, [
      { passthrough: true, segmentTaggingSec: 4, pid: 0x1f0 },
      { segmentTaggingSec: 4, pid: 0x1f1 },
    ]);
    const settings = group.outputGroupSettings.hlsGroupSettings;
    assert.equal(timedMetadataFeedIndex(config as unknown as ChannelConfig, settings, { timedMetadataBehavior: "PASSTHROUGH" }), 0);
    assert.equal(timedMetadataFeedIndex(config as unknown as ChannelConfig, settings, {}), 1);
    const args = encodeArgs(planEncoder(planRequest(config)));
    assert.ok(args.includes("0:d:0") && args.includes("0:d:1"), `both streams are mapped: ${args.join(" ")}`);
  });

  it("no stream without PASSTHROUGH, tagging or a timestamp frame", () => {
    const config = abrLadder();
    assert.deepEqual(timedMetadataFeeds(config as unknown as ChannelConfig), []);
  });
});
