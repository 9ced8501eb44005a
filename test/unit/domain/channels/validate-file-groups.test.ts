import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { parseFileGroupDestinationUrl } from "../../../../src/domain/channels/file-group-destination-url.ts";
import { validateChannelConfig } from "../../../../src/domain/channels/validate-channel.ts";
import { inputRecord } from "../../../helpers/input-record.ts";
import { minimalHls } from "../../../helpers/minimal-channel.ts";

type Json = Record<string, any>;

function validate(config: Json) {
  const inputId = config.inputAttachments[0].inputId as string;
  const inputs = new Map([[inputId, inputRecord({ id: inputId, name: "in", type: "URL_PULL", inputClass: "SINGLE_PIPELINE" })]]);
  return validateChannelConfig(config as unknown as ChannelConfig, { inputs });
}

/** The minimal channel with an archive group on `url` beside its HLS group. */
function withArchive(url: string, output: Json = {}): Json {
  const config = minimalHls();
  config.channelClass = "SINGLE_PIPELINE";
  config.destinations.push({ id: "rec", settings: [{ url }] });
  config.encoderSettings.outputGroups.push({
    name: "archive",
    outputGroupSettings: { archiveGroupSettings: { destination: { destinationRefId: "rec" }, rolloverInterval: 60 } },
    outputs: [{ outputName: "a", videoDescriptionName: config.encoderSettings.videoDescriptions[0].name, audioDescriptionNames: ["a_aac"], outputSettings: { archiveOutputSettings: { nameModifier: "_a", containerSettings: { m2tsSettings: {} } } }, ...output }],
  });
  return config;
}

function withCaptures(output: Json): Json {
  const config = minimalHls();
  config.channelClass = "SINGLE_PIPELINE";
  config.encoderSettings.videoDescriptions.push({ name: "stills", width: 320, height: 180, codecSettings: { frameCaptureSettings: { captureInterval: 2 } } });
  config.destinations.push({ id: "fc", settings: [{ url: "s3ssl://thumbs-bucket/live/cap" }] });
  config.encoderSettings.outputGroups.push({
    name: "stills",
    outputGroupSettings: { frameCaptureGroupSettings: { destination: { destinationRefId: "fc" } } },
    outputs: [{ outputName: "f", videoDescriptionName: "stills", outputSettings: { frameCaptureOutputSettings: { nameModifier: "_t" } }, ...output }],
  });
  return config;
}

describe("archive and frame capture destination URLs", () => {
  it("reads s3:// and s3ssl:// as bucket, folders and base file name", () => {
    assert.deepEqual(parseFileGroupDestinationUrl("s3ssl://my-bucket/channel59/delivery/curling"), { ok: true, kind: "s3", bucket: "my-bucket", prefix: "channel59/delivery", baseName: "curling", tls: true });
    assert.deepEqual(parseFileGroupDestinationUrl("s3://b12/rec"), { ok: true, kind: "s3", bucket: "b12", prefix: "", baseName: "rec", tls: false });
    assert.deepEqual(parseFileGroupDestinationUrl("file:///srv/out/rec"), { ok: true, kind: "file", folder: "/srv/out", baseName: "rec" });
  });

  it("refuses a folder without a base name, dot segments, bad buckets and other schemes", () => {
    for (const url of ["s3ssl://bucket/folder/", "s3://bucket", "s3://bucket/../x", "s3://bucket/a%2Fb", "s3://b/x", "s3://bucket/x?y", "http://host/rec", "rtmp://host/app/key"]) {
      const parsed = parseFileGroupDestinationUrl(url);
      assert.equal(parsed.ok, false, url);
    }
  });
});

describe("validateChannelConfig: archive and frame capture groups", () => {
  it("accepts an archive group to a file:// folder or an S3 bucket", () => {
    assert.deepEqual(validate(withArchive("file:///tmp/openlive-out/archive/rec")), []);
    assert.deepEqual(validate(withArchive("s3://archive-bucket/rec")), []);
  });

  it("takes the S3 forms of HLS destinations too, and refuses an archive's udp:// destination", () => {
    const config = withArchive("s3://archive-bucket/rec");
    config.destinations[0].settings[0].url = "s3://hls-bucket/live/index";
    assert.deepEqual(validate(config), []);
    const problems = validate(withArchive("udp://239.1.1.1:5000"));
    assert.deepEqual(problems.map((p) => p.elementPath), ["destinations[1].settings[0].url"]);
  });

  it("refuses an http(s) archive destination, saying which forms it takes", () => {
    const problems = validate(withArchive("https://origin.example/rec"));
    assert.deepEqual(problems.map((p) => p.elementPath), ["destinations[1].settings[0].url"]);
    assert.match(problems[0]!.errorMessage, /file:\/\/\/<absolute folder>\/<baseFilename> or s3ssl:\/\//);
  });

  it("refuses a name modifier or extension that would leave the folder", () => {
    const config = withArchive("s3://archive-bucket/rec");
    config.encoderSettings.outputGroups[1].outputs[0].outputSettings.archiveOutputSettings.nameModifier = "/../x";
    config.encoderSettings.outputGroups[1].outputs[0].outputSettings.archiveOutputSettings.extension = "ts/..";
    assert.deepEqual(validate(config).map((p) => p.elementPath), [
      "encoderSettings.outputGroups[1].outputs[0].outputSettings.archiveOutputSettings.nameModifier",
      "encoderSettings.outputGroups[1].outputs[0].outputSettings.archiveOutputSettings.extension",
    ]);
  });

  it("accepts an audio-only archive output and refuses one with neither video nor audio", () => {
    assert.deepEqual(validate(withArchive("s3://archive-bucket/rec", { videoDescriptionName: undefined })).filter((p) => p.elementPath.includes("outputGroups[1]")), []);
    const problems = validate(withArchive("s3://archive-bucket/rec", { videoDescriptionName: undefined, audioDescriptionNames: [] }));
    assert.ok(problems.some((p) => p.elementPath === "encoderSettings.outputGroups[1].outputs[0].videoDescriptionName"), JSON.stringify(problems));
  });

  it("refuses an archive output naming a frame capture description", () => {
    const config = withArchive("s3://archive-bucket/rec");
    config.encoderSettings.videoDescriptions.push({ name: "stills", width: 320, height: 180, codecSettings: { frameCaptureSettings: {} } });
    config.encoderSettings.outputGroups[1].outputs[0].videoDescriptionName = "stills";
    const problems = validate(config);
    assert.deepEqual(problems.map((p) => p.elementPath), ["encoderSettings.outputGroups[1].outputs[0].videoDescriptionName"]);
    assert.match(problems[0]!.errorMessage, /needs an H\.264, H\.265 or MPEG-2 video description/);
  });

  it("accepts a frame capture group to S3 and refuses outputs with audio or an H.264 description", () => {
    assert.deepEqual(validate(withCaptures({})), []);
    const withAudio = validate(withCaptures({ audioDescriptionNames: ["a_aac"] }));
    assert.ok(withAudio.some((p) => p.elementPath === "encoderSettings.outputGroups[1].outputs[0].audioDescriptionNames"), JSON.stringify(withAudio));
    const config = withCaptures({});
    config.encoderSettings.outputGroups[1].outputs[0].videoDescriptionName = config.encoderSettings.videoDescriptions[0].name;
    const problems = validate(config);
    assert.ok(problems.some((p) => p.elementPath === "encoderSettings.outputGroups[1].outputs[0].videoDescriptionName" && /frameCaptureSettings/.test(p.errorMessage)), JSON.stringify(problems));
  });

  it("refuses a group naming a destination that does not exist", () => {
    const config = withArchive("s3://archive-bucket/rec");
    config.encoderSettings.outputGroups[1].outputGroupSettings.archiveGroupSettings.destination.destinationRefId = "nope";
    const problems = validate(config);
    assert.ok(problems.some((p) => p.elementPath === "encoderSettings.outputGroups[1].outputGroupSettings.archiveGroupSettings.destination.destinationRefId"), JSON.stringify(problems));
  });
});
