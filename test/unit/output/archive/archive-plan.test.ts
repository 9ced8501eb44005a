import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planEncoder } from "../../../../src/output/encoder/encoder-plan.ts";
import { archiveSlaveOptions, rolloverSecOf } from "../../../../src/output/archive/archive-plan.ts";
import { cbrMuxrateBps, m2tsMuxerOptions } from "../../../../src/output/encoder/m2ts-options.ts";
import { fileDestination, minimalHls, planRequest } from "../encoder/encoder-fixtures.ts";
import { outputView, teeSlaves } from "../encoder/plan-view.ts";

type Json = Record<string, any>;

function withArchive(m2tsSettings: Json, groupExtra: Json = {}): Json {
  const config = minimalHls();
  config.destinations.push({ id: "rec", settings: [{ url: "file:///srv/out/archive/rec" }] });
  config.encoderSettings.outputGroups.push({
    name: "archive",
    outputGroupSettings: { archiveGroupSettings: { destination: { destinationRefId: "rec" }, ...groupExtra } },
    outputs: [{ outputName: "a", videoDescriptionName: config.encoderSettings.videoDescriptions[0].name, audioDescriptionNames: ["a_aac"], outputSettings: { archiveOutputSettings: { nameModifier: "_a", containerSettings: { m2tsSettings } } } }],
  });
  return config;
}

const destinations = { hls: fileDestination("/srv/out/live"), archive: fileDestination("/work/p0/archive/archive", "rec") };

describe("archive plan", () => {
  it("adds one segment slave per output, rolling over every rolloverInterval into the staging folder", () => {
    const plan = planEncoder(planRequest(withArchive({}, { rolloverInterval: 7 }), destinations));
    const slaves = teeSlaves(plan);
    assert.equal(slaves.length, 2);
    const archive = slaves[1]!;
    assert.equal(archive.options.get("f"), "segment");
    assert.equal(archive.options.get("segment_time"), "7");
    assert.equal(archive.options.get("segment_format"), "mpegts");
    assert.equal(archive.options.get("segment_start_number"), "0");
    assert.equal(archive.path, "/work/p0/archive/archive/o0.%06d.ts");
    // The archive shares the HLS output's encodes: the same video and audio streams, no second encode.
    assert.deepEqual(outputView(plan, 1).streamIndexes, outputView(plan, 0).streamIndexes);
    // No HLS facts for an archive group: master playlists are for HLS groups only.
    assert.deepEqual(plan.groups.map((group) => group.name), ["hls"]);
  });

  it("puts IDRs on the rollover boundaries as well as the HLS segments' (the keyframe period is their common divisor)", () => {
    const hlsOnly = planEncoder(planRequest(minimalHls(), destinations));
    const forcedOf = (args: readonly string[]): string => args[args.findIndex((arg) => arg.startsWith("-force_key_frames")) + 1]!;
    assert.equal(forcedOf(hlsOnly.args), "expr:gte(t+0.001,n_forced*6)");
    const plan = planEncoder(planRequest(withArchive({}, { rolloverInterval: 4 }), destinations));
    // IDRs every 2 s: on every 6 s HLS boundary and every 4 s rollover.
    assert.equal(forcedOf(plan.args), "expr:gte(t+0.001,n_forced*2)");
  });

  it("records an audio-only output from the audio encode alone", () => {
    const config = withArchive({});
    delete config.encoderSettings.outputGroups[1].outputs[0].videoDescriptionName;
    const plan = planEncoder(planRequest(config, destinations));
    const view = outputView(plan, 1);
    assert.deepEqual(view.streamIndexes, [outputView(plan, 0).streamIndexes[1]]);
  });

  it("rolls over every 300 s when rolloverInterval is unset (MediaLive's default)", () => {
    assert.equal(rolloverSecOf({ outputGroupSettings: { archiveGroupSettings: { destination: { destinationRefId: "x" } } }, outputs: [] } as never), 300);
  });

  it("passes M2tsSettings to the mpegts muxer inside the segment muxer", () => {
    const plan = planEncoder(planRequest(withArchive({ programNum: 7, pmtPid: "0x40", patInterval: 50, rateMode: "CBR", bitrate: 2_000_000, audioStreamType: "DVB" }), destinations));
    const options = new Map(teeSlaves(plan)[1]!.options.get("segment_format_options")!.split(":").map((pair) => pair.split("=") as [string, string]));
    assert.equal(options.get("mpegts_service_id"), "7");
    assert.equal(options.get("mpegts_pmt_start_pid"), "64");
    assert.equal(options.get("pat_period"), "0.05");
    assert.equal(options.get("muxrate"), "2000000");
    assert.equal(options.get("mpegts_flags"), "+system_b");
    assert.equal(options.get("mpegts_m2ts_mode"), "0");
  });
});

describe("M2TS muxer options", () => {
  it("uses MediaLive's M2TS defaults: PAT/PMT every 100 ms, audio PIDs from 482, no mux rate (VBR)", () => {
    const mux = m2tsMuxerOptions(undefined, { videoBitrateBps: 1_000_000, audios: [{ bitrateBps: 128_000, codecs: "mp4a.40.2" }, { bitrateBps: 128_000, codecs: "mp4a.40.2" }] });
    const options = new Map(mux.options);
    assert.equal(options.get("pat_period"), "0.1");
    assert.equal(options.get("muxrate"), undefined);
    assert.equal(mux.videoPid, 481);
    assert.deepEqual(mux.audioPids, [482, 483]);
  });

  it("estimates a CBR mux rate from the streams when bitrate is 0 or unset", () => {
    const rates = { videoBitrateBps: 3_000_000, audios: [{ bitrateBps: 128_000, codecs: "mp4a.40.2" }] };
    assert.equal(cbrMuxrateBps({ rateMode: "CBR" }, rates), Math.ceil(3_128_000 * 1.25 + 64_000));
    assert.equal(cbrMuxrateBps({ rateMode: "CBR", bitrate: 0 }, rates), Math.ceil(3_128_000 * 1.25 + 64_000));
    assert.equal(cbrMuxrateBps({ rateMode: "CBR", bitrate: 5_000_000 }, rates), 5_000_000);
  });

  it("writes the segment options as one tee-escaped value of key=value pairs", () => {
    assert.deepEqual(archiveSlaveOptions(2, [["a", "1"], ["b", "x"]]), [
      ["segment_time", "2"],
      ["segment_format", "mpegts"],
      ["segment_format_options", "a=1:b=x"],
      ["segment_start_number", "0"],
    ]);
  });
});
