// The ID3 carriages of fMP4 outputs (output/encoder/timed-metadata-feeds.ts): an fMP4 HLS output
// with timedMetadataBehavior PASSTHROUGH carries what its group asks for; a CMAF Ingest group
// (or a MediaPackage v2 group) with id3Behavior ENABLED its own timestamps and the CMAF Ingest
// actions at its segment length; each carriage named by a key saying what it carries. The
// fMP4 outputs' encodes keep the marks (udu_sei); the MPEG-TS feeds are not touched.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { planEncoder } from "../../../../src/output/encoder/encoder-plan.ts";
import { cmafId3Carriage, fmp4HlsId3Carriage, id3CarriageKey, id3MarkCarriages, timedMetadataFeeds } from "../../../../src/output/encoder/timed-metadata-feeds.ts";
import { abrLadder, planRequest } from "./encoder-fixtures.ts";
import { encodeArgs } from "./plan-view.ts";

/** The ladder with its first output as fMP4 (`fmp4` its fmp4HlsSettings) and the group's settings `group`. */
function fmp4Ladder(fmp4: Record<string, unknown>, group: Record<string, unknown> = {}): Record<string, any> {
  const config = abrLadder();
  const hls = config.encoderSettings.outputGroups[0];
  Object.assign(hls.outputGroupSettings.hlsGroupSettings, group);
  hls.outputs[0].outputSettings.hlsOutputSettings.hlsSettings = { fmp4HlsSettings: fmp4 };
  return config;
}

describe("ID3 carriages of fMP4 outputs", () => {
  it("an fMP4 HLS output with PASSTHROUGH: its group's timestamps, one-time tags and segment tags; without it none", () => {
    const settings = { timedMetadataId3Frame: "PRIV", timedMetadataId3Period: 4, hlsId3SegmentTagging: "ENABLED", segmentLength: 2 } as const;
    assert.deepEqual(fmp4HlsId3Carriage(settings as never, { timedMetadataBehavior: "PASSTHROUGH" }), { frame: "PRIV", periodSec: 4, passthrough: true, segmentTaggingSec: 2 });
    assert.equal(fmp4HlsId3Carriage(settings as never, { timedMetadataBehavior: "NO_PASSTHROUGH" }), undefined);
    assert.equal(fmp4HlsId3Carriage(settings as never, {}), undefined);
    assert.deepEqual(fmp4HlsId3Carriage({} as never, { timedMetadataBehavior: "PASSTHROUGH" }), { passthrough: true });
  });

  it("a CMAF Ingest or MediaPackage v2 group with id3Behavior ENABLED: its timestamps, the CMAF Ingest actions at its segment length", () => {
    assert.deepEqual(cmafId3Carriage({ destination: {}, id3Behavior: "ENABLED", timedMetadataId3Frame: "TDRL", timedMetadataId3Period: 0, segmentLength: 1500, segmentLengthUnits: "MILLISECONDS" }), { frame: "TDRL", periodSec: 10, passthrough: true, segmentTaggingSec: 1.5, cmafActions: true });
    assert.deepEqual(cmafId3Carriage({ id3Behavior: "ENABLED" }), { passthrough: true, segmentTaggingSec: 2, cmafActions: true });
    assert.equal(cmafId3Carriage({ id3Behavior: "DISABLED", timedMetadataId3Frame: "PRIV" }), undefined);
  });

  it("a channel's distinct carriages, keyed by what they carry; the MPEG-TS feeds as before", () => {
    const config = fmp4Ladder({ timedMetadataBehavior: "PASSTHROUGH" }, { timedMetadataId3Frame: "PRIV", timedMetadataId3Period: 2 });
    config.encoderSettings.outputGroups[0].outputs[1].outputSettings.hlsOutputSettings.hlsSettings = { fmp4HlsSettings: { timedMetadataBehavior: "PASSTHROUGH" } };
    config.encoderSettings.outputGroups.push({ name: "cmaf", outputGroupSettings: { cmafIngestGroupSettings: { destination: { destinationRefId: "c" }, id3Behavior: "ENABLED" } }, outputs: [] });
    config.encoderSettings.outputGroups.push({ name: "mp", outputGroupSettings: { mediaPackageGroupSettings: { destination: { destinationRefId: "m" }, mediapackageV2GroupSettings: { id3Behavior: "ENABLED", timedMetadataId3Frame: "PRIV", segmentLength: 4 } } }, outputs: [] });
    const carriages = id3MarkCarriages(config as unknown as ChannelConfig);
    assert.deepEqual(carriages.map(id3CarriageKey), ["HLS/PRIV/2/P/-", "CMAF/-/-/P/2", "CMAF/PRIV/10/P/4"]);
    // The MPEG-TS output left in the group still gets its stream of the group's timestamps.
    assert.deepEqual(timedMetadataFeeds(config as unknown as ChannelConfig), [{ frame: "PRIV", periodSec: 2, pid: 0x1f0 }]);
  });

  it("an fMP4 output passing ID3 through has its encode keep the pictures' SEI (udu_sei); NO_PASSTHROUGH does not", () => {
    const passing = encodeArgs(planEncoder(planRequest(fmp4Ladder({ timedMetadataBehavior: "PASSTHROUGH" }))));
    assert.ok(passing.includes("-udu_sei:v:0"), passing.join(" "));
    const plain = encodeArgs(planEncoder(planRequest(fmp4Ladder({ timedMetadataBehavior: "NO_PASSTHROUGH" }))));
    assert.ok(!plain.some((arg) => arg.startsWith("-udu_sei")), plain.join(" "));
  });
});
