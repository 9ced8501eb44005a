import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cmafId3StreamName, cmafScte35StreamName, cmafSegmentLengthSec, cmafSpliceSourceKey, cmafStreamUrl, cmafTracks, groupSendsCmafId3, groupSendsCmafScte35 } from "../../../../src/output/cmaf-ingest/cmaf-names.ts";

describe("CMAF ingest names", () => {
  it("names a track's stream after its output's nameModifier and CMAF track extension", () => {
    const video = { outputName: "H264_640", videoDescriptionName: "v640", outputSettings: { cmafIngestOutputSettings: { nameModifier: "640" } } };
    const audio = { outputName: "AAC_1", audioDescriptionNames: ["audio1"], outputSettings: { cmafIngestOutputSettings: { nameModifier: "aac" } } };
    assert.deepEqual(cmafTracks("cmaf", video, 0), [{ key: "cmaf/H264_640#video", type: "video", streamName: "640.cmfv", contentType: "video/mp4" }]);
    assert.deepEqual(cmafTracks("cmaf", audio, 4), [{ key: "cmaf/AAC_1#audio0", type: "audio", audioIndex: 0, streamName: "aac.cmfa", contentType: "audio/mp4" }]);
  });

  it("sends each track of an output with several as its own stream; no nameModifier: the outputName, made safe", () => {
    const output = { outputName: "main out/1", videoDescriptionName: "v", audioDescriptionNames: ["en", "fr"], outputSettings: { cmafIngestOutputSettings: {} } };
    assert.deepEqual(
      cmafTracks("outputGroups[0]", output, 0).map((track) => [track.key, track.streamName]),
      [
        ["outputGroups[0]/main out/1#video", "main_out_1.cmfv"],
        ["outputGroups[0]/main out/1#audio0", "main_out_1.cmfa"],
        ["outputGroups[0]/main out/1#audio1", "main_out_1_2.cmfa"],
      ],
    );
  });

  it("POSTs under the destination URL, with or without its trailing slash", () => {
    const base = "https://abcde1-1.ingest.vwxyz1.mediapackagev2.us-west-2.amazonaws.com/in/v1/group/1/channel/";
    assert.equal(cmafStreamUrl(base, "640.cmfv"), `${base}Streams(640.cmfv)`);
    assert.equal(cmafStreamUrl("http://127.0.0.1:8080/in/index", "aac.cmfa"), "http://127.0.0.1:8080/in/index/Streams(aac.cmfa)");
  });

  it("names the group's SCTE-35 track as MediaLive does, Streams(<scte35NameModifier|scte>.cmfm), only with SCTE_35_WITHOUT_SEGMENTATION", () => {
    assert.equal(cmafScte35StreamName({}), undefined);
    assert.equal(cmafScte35StreamName({ scte35Type: "NONE", scte35NameModifier: "x" }), undefined);
    assert.equal(cmafScte35StreamName({ scte35Type: "SCTE_35_WITHOUT_SEGMENTATION" }), "scte.cmfm");
    assert.equal(cmafScte35StreamName({ scte35Type: "SCTE_35_WITHOUT_SEGMENTATION", scte35NameModifier: "ads+v1.0" }), "ads+v1.0.cmfm");
    assert.equal(cmafScte35StreamName({ scte35Type: "SCTE_35_WITHOUT_SEGMENTATION", scte35NameModifier: "a/b)(c" }), "a_b__c.cmfm");
    assert.equal(groupSendsCmafScte35({ outputGroupSettings: { mediaPackageGroupSettings: { destination: {}, mediapackageV2GroupSettings: { scte35Type: "SCTE_35_WITHOUT_SEGMENTATION" } } } }), true);
    assert.equal(groupSendsCmafScte35({ outputGroupSettings: { hlsGroupSettings: {} as never } }), false);
  });

  it("names the group's ID3 track as MediaLive does, Streams(<id3NameModifier|id3>.cmfm), only with id3Behavior ENABLED", () => {
    assert.equal(cmafId3StreamName({}), undefined);
    assert.equal(cmafId3StreamName({ id3Behavior: "DISABLED", id3NameModifier: "x" }), undefined);
    assert.equal(cmafId3StreamName({ id3Behavior: "ENABLED" }), "id3.cmfm");
    assert.equal(cmafId3StreamName({ id3Behavior: "ENABLED", id3NameModifier: "meta/1" }), "meta_1.cmfm");
    assert.equal(groupSendsCmafId3({ outputGroupSettings: { mediaPackageGroupSettings: { destination: {}, mediapackageV2GroupSettings: { id3Behavior: "ENABLED" } } } }), true);
    assert.equal(groupSendsCmafId3({ outputGroupSettings: { cmafIngestGroupSettings: { destination: {}, scte35Type: "SCTE_35_WITHOUT_SEGMENTATION" } } }), false);
  });

  it("reads the SCTE-35 track from the group's first video track", () => {
    const audio = { outputName: "aac", audioDescriptionNames: ["a"], outputSettings: {} };
    const video = { outputName: "hd", videoDescriptionName: "v", outputSettings: {} };
    assert.equal(cmafSpliceSourceKey("cmaf", [audio, video, { ...video, outputName: "sd" }]), "cmaf/hd#video");
    assert.equal(cmafSpliceSourceKey("cmaf", [audio]), undefined);
  });

  it("reads segmentLength in its units, 2 s by default", () => {
    assert.equal(cmafSegmentLengthSec({ segmentLength: 1, segmentLengthUnits: "SECONDS" }), 1);
    assert.equal(cmafSegmentLengthSec({ segmentLength: 1920, segmentLengthUnits: "MILLISECONDS" }), 1.92);
    assert.equal(cmafSegmentLengthSec({}), 2);
  });
});
