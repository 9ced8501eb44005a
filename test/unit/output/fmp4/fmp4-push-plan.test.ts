import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planEncoder } from "../../../../src/output/encoder/encoder-plan.ts";
import { withFmp4PushGroups } from "../../../helpers/fmp4-push-channel.ts";
import { minimalHls, planRequest } from "../encoder/encoder-fixtures.ts";
import { outputView, teeSlaves, valueOf } from "../encoder/plan-view.ts";

function pushChannel() {
  return withFmp4PushGroups(minimalHls(), { cmaf: ["http://127.0.0.1:1/in/channel"], smooth: ["http://127.0.0.1:2/live/channel.isml"] }, "v720", "a_aac");
}

const TARGETS = new Map([
  ["cmaf/video#video", "unix:/work/relay/1.sock"],
  ["cmaf/audio#audio0", "unix:/work/relay/2.sock"],
  ["smooth/main", "unix:/work/relay/3.sock"],
]);

describe("encoder plan of CMAF ingest and Smooth groups", () => {
  it("adds one fMP4 slave per CMAF track and one ismv slave per Smooth output, writing to their senders' sockets, from the one encode", () => {
    const plan = planEncoder({ ...planRequest(pushChannel()), slaveTargets: TARGETS });
    const slaves = teeSlaves(plan);
    const byPath = new Map(slaves.map((slave) => [slave.path, slave.options]));
    const video = byPath.get("unix:/work/relay/1.sock")!;
    assert.equal(video.get("f"), "mp4");
    assert.equal(video.get("movflags"), "+empty_moov+delay_moov+default_base_moof+cmaf+frag_keyframe");
    assert.equal(video.get("min_frag_duration"), "990000", "one fragment per 1 s segment, cut at its IDR");
    assert.equal(video.get("select"), "0");
    const audio = byPath.get("unix:/work/relay/2.sock")!;
    assert.equal(audio.get("movflags"), "+empty_moov+delay_moov+default_base_moof+cmaf");
    assert.equal(audio.get("frag_duration"), "1000000");
    assert.equal(audio.get("select"), "1");
    const smooth = byPath.get("unix:/work/relay/3.sock")!;
    assert.equal(smooth.get("f"), "ismv");
    assert.equal(smooth.get("movflags"), "+empty_moov+delay_moov+isml+frag_keyframe");
    assert.equal(smooth.get("select"), "0,1");
    // HLS, CMAF and Smooth share one video and one audio encode, with IDRs on every group's boundaries.
    assert.equal(slaves.length, 4);
    assert.deepEqual(plan.args.filter((arg) => /^-c:[va]:\d+$/.test(arg)), ["-c:v:0", "-c:a:0"]);
    assert.match(valueOf(plan.args, "-force_key_frames:v:0") ?? valueOf(plan.args, "-force_key_frames") ?? "", /expr:/);
    assert.deepEqual(plan.groups.map((group) => group.name), ["hls"], "only HLS groups have playlists");
  });

  it("takes the PIDs of the TS outputs it shares an encode with, even planned before them (fMP4 has no PIDs)", () => {
    const config = pushChannel();
    const [hls, ...pushGroups] = config.encoderSettings.outputGroups;
    config.encoderSettings.outputGroups = [...pushGroups, hls];
    hls.outputs[0].outputSettings.hlsOutputSettings.hlsSettings.standardHlsSettings.m3u8Settings = { videoPid: "600", audioPids: "700" };
    const plan = planEncoder({ ...planRequest(config), slaveTargets: TARGETS });
    assert.deepEqual(plan.warnings.filter((warning) => / asks PID /.test(warning)), [], "no PID conflict to warn of");
    const hlsIndex = teeSlaves(plan).findIndex((slave) => !slave.path.startsWith("unix:"));
    assert.deepEqual(outputView(plan, hlsIndex).streamIds, ["0:600", "1:700"], "the HLS variant keeps the PIDs it asks for");
  });

  it("a CMAF group with a SCTE-35 track has its video encoded with the pictures' splice marks kept (udu_sei); without one, not", () => {
    const without = planEncoder({ ...planRequest(pushChannel()), slaveTargets: TARGETS });
    assert.equal(valueOf(without.args, "-udu_sei:v:0"), undefined);
    const config = pushChannel();
    config.encoderSettings.outputGroups.find((group: { name: string }) => group.name === "cmaf").outputGroupSettings.cmafIngestGroupSettings.scte35Type = "SCTE_35_WITHOUT_SEGMENTATION";
    const plan = planEncoder({ ...planRequest(config), slaveTargets: TARGETS });
    assert.equal(valueOf(plan.args, "-udu_sei:v:0"), "1");
    assert.equal(teeSlaves(plan).length, 4, "no slave of its own: the track is made from the video's");
  });

  it("refuses to plan a push output whose sender was not started", () => {
    assert.throws(() => planEncoder({ ...planRequest(pushChannel()), slaveTargets: new Map() }), /no sender for track cmaf\/video#video/);
  });
});
