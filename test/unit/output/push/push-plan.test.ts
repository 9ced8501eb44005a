import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planEncoder } from "../../../../src/output/encoder/encoder-plan.ts";
import { planRequest } from "../encoder/encoder-fixtures.ts";
import { teeSlaves } from "../encoder/plan-view.ts";
import { pushChannel } from "./push-fixtures.ts";

describe("push kinds in the encoder plan", () => {
  it("add one FLV tee slave per RTMP output and one MPEG-TS tee slave per SRT output, to its relay socket, from the HLS output's encode", () => {
    const request = { ...planRequest(pushChannel()), slaveTargets: new Map([["social/youtube", "unix:/work/relay/a.sock"], ["contrib/ird", "unix:/work/relay/b.sock"]]) };
    const plan = planEncoder(request);
    const slaves = teeSlaves(plan);
    assert.equal(slaves.length, 3);
    const [hls, rtmp, srt] = slaves;
    assert.equal(hls!.options.get("f"), "hls");
    assert.equal(rtmp!.path, "unix:/work/relay/a.sock");
    assert.equal(rtmp!.options.get("f"), "flv");
    assert.equal(rtmp!.options.get("flvflags"), "no_duration_filesize");
    assert.equal(rtmp!.options.get("bsfs/v"), "extract_extradata", "the AVC configuration record from the first packet (no global header)");
    assert.equal(rtmp!.options.get("flush_packets"), "0", "whole buffers, not one write per frame");
    assert.equal(srt!.options.get("f"), "mpegts");
    assert.equal(srt!.path, "unix:/work/relay/b.sock");
    assert.equal(srt!.options.get("mpegts_pmt_start_pid"), "500", "the SRT output's m2tsSettings");
    assert.equal(srt!.options.get("mpegts_service_id"), "3");
    assert.equal(srt!.options.get("pat_period"), "0.1", "MediaLive's 100 ms PAT interval by default");
    for (const slave of slaves) assert.equal(slave.options.get("select"), hls!.options.get("select"), "one encode feeds all three");
    assert.equal(plan.groups.length, 1, "only the HLS group has playlists");
  });

  it("refuses to plan an output whose socket was not opened", () => {
    assert.throws(() => planEncoder(planRequest(pushChannel())), /no relay socket was opened for output "youtube" of group "social"/);
  });
});
