// A MediaPackage group → the HLS group MediaLive makes of it → the HLS kind's plan: names,
// segment length, MPEG-TS and playlist settings, and where each pipeline publishes (inside
// the own origin's folder, whatever the channel ids hold; or the configured ingest URLs).

import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { parseHlsDestinationUrl } from "../../../../src/domain/channels/destination-url.ts";
import { planEncoder } from "../../../../src/output/encoder/encoder-plan.ts";
import { mediaPackageChannelOf, ownOriginPath } from "../../../../src/output/mediapackage/mediapackage-channel.ts";
import { mediaPackageAsCmafConfig } from "../../../../src/output/mediapackage/mediapackage-cmaf-config.ts";
import { cmafId3Carriage, id3CarriageKey } from "../../../../src/output/encoder/timed-metadata-feeds.ts";
import { mediaPackageAsHlsConfig } from "../../../../src/output/mediapackage/mediapackage-hls-config.ts";
import { mediaPackageGroupAsHls } from "../../../../src/output/mediapackage/mediapackage-hls-group.ts";
import { isInsideOrEqual } from "../../../../src/shared/path-inside.ts";
import { fileDestination, planRequest } from "../encoder/encoder-fixtures.ts";
import { teeSlaves } from "../encoder/plan-view.ts";
import { minimalMediaPackage } from "./mediapackage-fixtures.ts";

type Json = Record<string, any>;

const ORIGIN_ROOT = "/var/lib/openlive/mediapackage";
const setup = (targets: Json = {}) => ({ originRoot: ORIGIN_ROOT, targets });
const asConfig = (config: Json): ChannelConfig => config as unknown as ChannelConfig;

describe("a MediaPackage group as MediaLive's HLS group", () => {
  it("names each output by its output name, an output without video an audio rendition", () => {
    const config = minimalMediaPackage();
    const hls = mediaPackageGroupAsHls(config.encoderSettings.outputGroups[0], asConfig(config));
    assert.equal(hls.name, "mp-group");
    const [video, audio] = hls.outputs.map((output) => output.outputSettings.hlsOutputSettings!);
    assert.equal(video!.nameModifier, "_1280x720");
    assert.deepEqual(video!.hlsSettings.standardHlsSettings?.m3u8Settings, { patInterval: 0, pmtInterval: 0 });
    assert.equal(audio!.nameModifier, "AAC-LC-128-EN");
    assert.equal(audio!.hlsSettings.audioOnlyHlsSettings?.audioTrackType, "ALTERNATE_AUDIO_NOT_AUTO_SELECT");
  });

  it("sets MediaLive's MediaPackage defaults: PDT every second, RFC 4281, PAUSE_OUTPUT on STANDARD channels only", () => {
    const single = minimalMediaPackage();
    const settings = mediaPackageGroupAsHls(single.encoderSettings.outputGroups[0], asConfig(single)).outputGroupSettings.hlsGroupSettings!;
    assert.equal(settings.programDateTime, "INCLUDE");
    assert.equal(settings.programDateTimePeriod, 1);
    assert.equal(settings.codecSpecification, "RFC_4281");
    assert.equal(settings.inputLossAction, "EMIT_OUTPUT");
    assert.equal(settings.segmentLength, undefined, "v1: the HLS kind's default segment length");
    const standard: Json = { ...minimalMediaPackage(), channelClass: "STANDARD" };
    assert.equal(mediaPackageGroupAsHls(standard.encoderSettings.outputGroups[0], asConfig(standard)).outputGroupSettings.hlsGroupSettings!.inputLossAction, "PAUSE_OUTPUT");
  });

  it("takes a v2 group's segmentLength, in seconds or rounded up from milliseconds", () => {
    const config = minimalMediaPackage({ channelGroup: "g", channelName: "n" });
    const group = config.encoderSettings.outputGroups[0];
    group.outputGroupSettings.mediaPackageGroupSettings.mediapackageV2GroupSettings = { segmentLength: 2 };
    assert.equal(mediaPackageGroupAsHls(group, asConfig(config)).outputGroupSettings.hlsGroupSettings!.segmentLength, 2);
    group.outputGroupSettings.mediaPackageGroupSettings.mediapackageV2GroupSettings = { segmentLength: 2500, segmentLengthUnits: "MILLISECONDS" };
    assert.equal(mediaPackageGroupAsHls(group, asConfig(config)).outputGroupSettings.hlsGroupSettings!.segmentLength, 3);
  });

  it("keeps unsafe or clashing output names out of file names, and leaves frame captures out", () => {
    const config = minimalMediaPackage();
    config.encoderSettings.videoDescriptions.push({ name: "thumbs", width: 320, height: 180, codecSettings: { frameCaptureSettings: { captureInterval: 2 } } });
    const outputs = config.encoderSettings.outputGroups[0].outputs;
    outputs[0].outputName = "../../etc/x";
    outputs.push({ outputName: "______etc_x", videoDescriptionName: "v720", outputSettings: { mediaPackageOutputSettings: {} } });
    outputs.push({ outputName: "thumbs", videoDescriptionName: "thumbs", outputSettings: { mediaPackageOutputSettings: {} } });
    const modifiers = mediaPackageGroupAsHls(config.encoderSettings.outputGroups[0], asConfig(config)).outputs.map((output) => output.outputSettings.hlsOutputSettings!.nameModifier);
    assert.deepEqual(modifiers, ["______etc_x", "AAC-LC-128-EN", "______etc_x_3"]);
  });

  it("v2 destination settings place audio renditions as MediaPackage would list them", () => {
    const config = minimalMediaPackage({ channelGroup: "g", channelName: "n" });
    const [video, audio] = config.encoderSettings.outputGroups[0].outputs;
    video.outputSettings.mediaPackageOutputSettings = { mediaPackageV2DestinationSettings: { audioRenditionSets: "english" } };
    audio.outputSettings.mediaPackageOutputSettings = { mediaPackageV2DestinationSettings: { audioGroupId: "english", hlsDefault: "YES", hlsAutoSelect: "YES" } };
    const hls = mediaPackageGroupAsHls(config.encoderSettings.outputGroups[0], asConfig(config)).outputs.map((output) => output.outputSettings.hlsOutputSettings!.hlsSettings);
    assert.equal(hls[0]!.standardHlsSettings?.audioRenditionSets, "english");
    assert.deepEqual(hls[1]!.audioOnlyHlsSettings, { audioGroupId: "english", audioTrackType: "ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT" });
  });
});

describe("the HLS kind's plan of a MediaPackage group", () => {
  it("writes channel<output name>.m3u8 and its numbered TS segments, at the group's segment length", () => {
    const config = minimalMediaPackage();
    const plan = planEncoder(planRequest(config, { "mp-group": fileDestination("/srv/mp/mp-channel", "channel") }));
    assert.equal(plan.groups.length, 1);
    assert.equal(plan.groups[0]!.masterPlaylistName, "channel.m3u8");
    assert.deepEqual(plan.groups[0]!.variants.map((variant) => variant.playlistName), ["channel_1280x720.m3u8"]);
    assert.deepEqual(plan.groups[0]!.audioRenditions?.map((rendition) => rendition.playlistName), ["channelAAC-LC-128-EN.m3u8"]);
    const [video] = teeSlaves(plan);
    assert.equal(video!.path, "/srv/mp/mp-channel/channel_1280x720.m3u8.encoder");
    assert.equal(video!.options.get("hls_time"), "10");
    assert.equal(video!.options.get("hls_segment_filename"), "/srv/mp/mp-channel/channel_1280x720_%05d.ts");
    assert.match(video!.options.get("hls_flags")!, /program_date_time/);
  });
});

describe("the plan of a MediaPackage v2 group sent by CMAF ingest", () => {
  const v2 = () => minimalMediaPackage({ channelGroup: "g", channelName: "n" });
  const sockets = new Map([
    ["mp-group/_1280x720#video", "tcp://127.0.0.1:4001"],
    ["mp-group/_1280x720#audio0", "tcp://127.0.0.1:4002"],
    ["mp-group/AAC-LC-128-EN#audio0", "tcp://127.0.0.1:4003"],
  ]);

  it("one CMAF fragmented-MP4 slave per track, to the sender the beside opened for it, no playlists", () => {
    const plan = planEncoder({ ...planRequest(v2(), {}), slaveTargets: sockets });
    assert.equal(plan.groups.length, 0);
    const slaves = teeSlaves(plan);
    assert.deepEqual(slaves.map((slave) => slave.path), ["tcp://127.0.0.1:4001", "tcp://127.0.0.1:4002", "tcp://127.0.0.1:4003"]);
    for (const slave of slaves) {
      assert.equal(slave.options.get("f"), "mp4");
      assert.match(slave.options.get("movflags")!, /cmaf/);
    }
  });

  it("as HLS when the beside opened no sender for it (no CMAF ingest target), or not for every track", () => {
    const partial = new Map([...sockets].slice(0, 2));
    for (const slaveTargets of [undefined, partial]) {
      const plan = planEncoder({ ...planRequest(v2(), { "mp-group": fileDestination("/srv/mp/g/n", "index") }), ...(slaveTargets ? { slaveTargets } : {}) });
      assert.deepEqual(plan.groups.map((group) => group.masterPlaylistName), ["index.m3u8"]);
      assert.ok(teeSlaves(plan).every((slave) => slave.options.get("f") === "hls"));
    }
  });
});

describe("where a MediaPackage group publishes", () => {
  it("to the own origin by default: channel id folders inside the origin root, pipeline 1 beside in pipeline1/", () => {
    const { config } = mediaPackageAsHlsConfig(asConfig(minimalMediaPackage()), setup());
    assert.equal(config.encoderSettings!.outputGroups[0]!.outputGroupSettings.hlsGroupSettings!.hlsCdnSettings, undefined);
    assert.deepEqual(config.destinations[0]!.settings!.map((setting) => setting.url), [`file://${ORIGIN_ROOT}/mp-channel/channel`, `file://${ORIGIN_ROOT}/mp-channel/pipeline1/channel`]);
    const v2 = mediaPackageAsHlsConfig(asConfig(minimalMediaPackage({ channelGroup: "live group", channelName: "event" })), setup()).config;
    assert.equal(v2.destinations[0]!.settings![0]!.url, `file://${ORIGIN_ROOT}/live_group/event/index`);
    assert.equal(ownOriginPath(mediaPackageChannelOf(minimalMediaPackage({ channelGroup: "g", channelName: "n" }).destinations[0])!, 1), "/origin/mediapackage/g/n/pipeline1/index.m3u8");
  });

  it("never outside the origin root, whatever the ids hold", () => {
    for (const channel of [{ channelId: ".." }, { channelId: "../../etc" }, { channelId: "a/b" }, { channelId: "%2e%2e" }, { channelId: "x\\..\\y" }, { channelGroup: "..", channelName: "." }, { channelGroup: "/", channelName: "/etc/passwd" }]) {
      const { config } = mediaPackageAsHlsConfig(asConfig(minimalMediaPackage(channel)), setup());
      for (const setting of config.destinations[0]!.settings!) {
        const parsed = parseHlsDestinationUrl(setting.url!);
        assert.ok(parsed.ok && parsed.kind === "file", `${JSON.stringify(channel)}: ${setting.url}`);
        assert.ok(isInsideOrEqual(parsed.folder, ORIGIN_ROOT) && parsed.folder !== ORIGIN_ROOT, `${JSON.stringify(channel)} → ${parsed.folder}`);
        assert.equal(path.relative(ORIGIN_ROOT, parsed.folder).split("/").includes(".."), false);
      }
    }
  });

  it("a v1 channel the targets name: its WebDAV ingest URLs per pipeline, with username and passwordParam", () => {
    const targets = { "mp-channel": { settings: [{ url: "https://packager.example/in/v2/a/a/channel", username: "u", passwordParam: "mp-1" }, { url: "https://packager.example/in/v2/a/b/channel" }] } };
    const { config } = mediaPackageAsHlsConfig(asConfig(minimalMediaPackage()), setup(targets));
    assert.deepEqual(config.destinations[0]!.settings, [{ url: "https://packager.example/in/v2/a/a/channel", username: "u", passwordParam: "mp-1" }, { url: "https://packager.example/in/v2/a/b/channel" }]);
    assert.deepEqual(config.encoderSettings!.outputGroups[0]!.outputGroupSettings.hlsGroupSettings!.hlsCdnSettings, { hlsWebdavSettings: {} });
    assert.deepEqual(mediaPackageAsCmafConfig(asConfig(minimalMediaPackage()), setup(targets)).encoderSettings!.outputGroups, [], "a v1 channel is never sent CMAF");
  });

  it("a v2 channel the targets name: a CMAF ingest group to its ingest URLs per pipeline, not HLS", () => {
    const targets = { "g/n": { settings: [{ url: "https://packager.example/in/v1/g/1/n/index", username: "u", passwordParam: "mp-1" }] } };
    const mediaPackage = minimalMediaPackage({ channelGroup: "g", channelName: "n" });
    mediaPackage.encoderSettings.outputGroups[0].outputGroupSettings.mediaPackageGroupSettings.mediapackageV2GroupSettings = { segmentLength: 1500, segmentLengthUnits: "MILLISECONDS" };
    const hls = mediaPackageAsHlsConfig(asConfig(mediaPackage), setup(targets)).config;
    assert.deepEqual(hls.encoderSettings!.outputGroups, []);
    assert.deepEqual(hls.destinations, []);
    const cmaf = mediaPackageAsCmafConfig(asConfig(mediaPackage), setup(targets));
    assert.deepEqual(cmaf.destinations, [{ id: "mediapackage:mp-group", settings: [0, 1].map(() => ({ url: "https://packager.example/in/v1/g/1/n/index", username: "u", passwordParam: "mp-1" })) }]);
    const [group] = cmaf.encoderSettings!.outputGroups;
    assert.equal(group!.name, "mp-group");
    assert.deepEqual(group!.outputGroupSettings, { cmafIngestGroupSettings: { destination: { destinationRefId: "mediapackage:mp-group" }, segmentLength: 1500, segmentLengthUnits: "MILLISECONDS" } });
    assert.deepEqual(
      group!.outputs.map((output) => [output.outputName, output.videoDescriptionName, output.audioDescriptionNames, output.outputSettings]),
      [
        ["_1280x720", "v720", ["a_aac"], { cmafIngestOutputSettings: { nameModifier: "_1280x720" } }],
        ["AAC-LC-128-EN", undefined, ["a_aac"], { cmafIngestOutputSettings: { nameModifier: "AAC-LC-128-EN" } }],
      ],
    );
  });

  it("a v2 channel sent by CMAF ingest keeps scte35Type: its group sends the SCTE-35 track", () => {
    const targets = { "g/n": { settings: [{ url: "https://packager.example/in/v1/g/1/n/index" }] } };
    const mediaPackage = minimalMediaPackage({ channelGroup: "g", channelName: "n" });
    mediaPackage.encoderSettings.outputGroups[0].outputGroupSettings.mediaPackageGroupSettings.mediapackageV2GroupSettings = { scte35Type: "SCTE_35_WITHOUT_SEGMENTATION" };
    const [group] = mediaPackageAsCmafConfig(asConfig(mediaPackage), setup(targets)).encoderSettings!.outputGroups;
    assert.deepEqual(group!.outputGroupSettings, { cmafIngestGroupSettings: { destination: { destinationRefId: "mediapackage:mp-group" }, scte35Type: "SCTE_35_WITHOUT_SEGMENTATION" } });
  });

  it("a v2 channel sent by CMAF ingest keeps id3Behavior and its timestamp frame: its group sends the ID3 track, the same carriage as the v2 group's", () => {
    const targets = { "g/n": { settings: [{ url: "https://packager.example/in/v1/g/1/n/index" }] } };
    const mediaPackage = minimalMediaPackage({ channelGroup: "g", channelName: "n" });
    const v2 = { id3Behavior: "ENABLED", timedMetadataId3Frame: "TDRL", timedMetadataId3Period: 6, segmentLength: 4 } as const;
    mediaPackage.encoderSettings.outputGroups[0].outputGroupSettings.mediaPackageGroupSettings.mediapackageV2GroupSettings = v2;
    const [group] = mediaPackageAsCmafConfig(asConfig(mediaPackage), setup(targets)).encoderSettings!.outputGroups;
    const settings = group!.outputGroupSettings.cmafIngestGroupSettings!;
    assert.deepEqual(settings, { destination: { destinationRefId: "mediapackage:mp-group" }, segmentLength: 4, id3Behavior: "ENABLED", timedMetadataId3Frame: "TDRL", timedMetadataId3Period: 6 });
    // The pipeline marks the tags for the v2 group's carriage; the CMAF ingest sender reads them by the converted group's.
    assert.equal(id3CarriageKey(cmafId3Carriage(settings)!), id3CarriageKey(cmafId3Carriage(v2)!));
  });

  it("leaves the channel's other groups to their own kinds", () => {
    const config = minimalMediaPackage();
    config.encoderSettings.outputGroups.push(minimalHlsGroup());
    config.destinations.push({ id: "hls-dest", settings: [{ url: "file:///tmp/openlive-out/live/index" }] });
    const hls = mediaPackageAsHlsConfig(asConfig(config), setup()).config;
    assert.deepEqual(hls.encoderSettings!.outputGroups.map((group) => group.name), ["mp-group"]);
    assert.deepEqual(hls.destinations.map((destination) => destination.id), ["mediapackage:mp-group"]);
  });
});

function minimalHlsGroup(): Json {
  return { name: "hls", outputGroupSettings: { hlsGroupSettings: { destination: { destinationRefId: "hls-dest" } } }, outputs: [] };
}
