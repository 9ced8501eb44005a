import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planEncoder } from "../../../../src/output/encoder/encoder-plan.ts";
import { minimalHls } from "../../../helpers/minimal-channel.ts";
import { withUdpGroup } from "../../../helpers/udp-channel.ts";
import { planRequest } from "../encoder/encoder-fixtures.ts";
import { outputView, teeSlaves, valueOf } from "../encoder/plan-view.ts";

type Outputs = Parameters<typeof withUdpGroup>[2];

/** A relay socket per output of group "udp", as the UDP kind's beside opens them. */
function relays(outputs: Outputs): Map<string, string> {
  return new Map(outputs.map((output) => [`udp/${output.outputName}`, `unix:/run/relay/${output.outputName}.sock`]));
}

/** The HLS channel plus a UDP group; slave 0 is the HLS variant, the UDP outputs follow. */
function plan(outputs: Outputs, groupSettings = {}) {
  return planEncoder({ ...planRequest(withUdpGroup(minimalHls(), "udp", outputs, groupSettings)), slaveTargets: relays(outputs) });
}

describe("UDP output group plan", () => {
  it("writes each output's MPEG-TS to its relay socket (the sender sends it), never to the network, and aborts like every local slave", () => {
    for (const url of ["udp://239.1.2.3:5000", "rtp://127.0.0.1:5004"]) {
      const result = plan([{ outputName: "ts", urls: [url], fecOutputSettings: { includeFec: "COLUMN", rowLength: 5, columnDepth: 5 } }]);
      const slave = teeSlaves(result)[1]!;
      assert.equal(slave.options.get("f"), "mpegts", "RTP and FEC are the sender's: the encoder writes a plain transport stream");
      assert.equal(slave.path, "unix:/run/relay/ts.sock");
      assert.equal(slave.options.get("flush_packets"), "0", "at the example's rates a 32 KiB buffer lasts well under a quarter of bufferMsec: whole buffers");
      assert.equal(slave.options.get("onfail"), "abort");
      assert.equal(slave.options.has("fec"), false);
      // MediaLive's bufferMsec default of 1000 ms as the muxer's delay (µs).
      assert.equal(slave.options.get("max_delay"), "1000000");
      assert.equal(result.groups.length, 1, "only the HLS group publishes playlists");
    }
  });

  it("writes whole 32 KiB buffers only where one lasts at most a quarter of bufferMsec, else each frame as it is muxed", () => {
    const flushOf = (bufferMsec: number, bitrate: number): string | undefined =>
      teeSlaves(plan([{ outputName: "ts", urls: ["udp://127.0.0.1:5000"], bufferMsec, m2tsSettings: { rateMode: "CBR", bitrate } }]))[1]!.options.get("flush_packets");
    // 32768 × 8 bits at 4 Mbit/s: 65.54 ms.
    assert.equal(flushOf(1000, 4_000_000), "0");
    assert.equal(flushOf(263, 4_000_000), "0", "65.5 ms ≤ 263 / 4");
    assert.equal(flushOf(260, 4_000_000), "1", "65.5 ms > 260 / 4");
    assert.equal(flushOf(1000, 1_000_000), "1", "262 ms at 1 Mbit/s > 250");
    assert.equal(flushOf(100, 5_000_000), "1", "52 ms at 5 Mbit/s > 100 / 4");
    assert.equal(flushOf(100, 20_000_000), "0", "13 ms at 20 Mbit/s ≤ 100 / 4");
  });

  it("throws when no relay socket was opened for an output", () => {
    const config = withUdpGroup(minimalHls(), "udp", [{ outputName: "ts", urls: ["udp://127.0.0.1:5000"] }]);
    assert.throws(() => planEncoder(planRequest(config)), /no relay socket was opened for output "ts" of group "udp"/);
  });

  it("maps m2tsSettings to the muxer: PIDs, program, PAT period, and muxrate only for CBR with a bitrate", () => {
    const rtp = teeSlaves(plan([{ outputName: "rtp", urls: ["rtp://127.0.0.1:5004"], bufferMsec: 250, m2tsSettings: { rateMode: "CBR", bitrate: 4_000_000, programNum: 7, pmtPid: "0x100", patInterval: 50 } }]))[1]!;
    assert.equal(rtp.options.get("max_delay"), "250000");
    assert.equal(rtp.options.get("muxrate"), "4000000");
    assert.equal(rtp.options.get("mpegts_service_id"), "7");
    assert.equal(rtp.options.get("mpegts_pmt_start_pid"), "256");
    assert.equal(rtp.options.get("pat_period"), "0.05");
    const cbr = teeSlaves(plan([{ outputName: "a", urls: ["udp://127.0.0.1:5000"], m2tsSettings: { bitrate: 3_500_000 } }]))[1]!;
    assert.equal(cbr.options.get("muxrate"), "3500000", "rateMode defaults to CBR");
    const vbr = teeSlaves(plan([{ outputName: "a", urls: ["udp://127.0.0.1:5000"], m2tsSettings: { rateMode: "VBR", bitrate: 3_500_000 } }]))[1]!;
    assert.equal(vbr.options.has("muxrate"), false);
    const auto = teeSlaves(plan([{ outputName: "a", urls: ["udp://127.0.0.1:5000"], m2tsSettings: { bitrate: 0 } }]))[1]!;
    assert.equal(auto.options.has("muxrate"), false);
    // PAT/PMT every 100 ms when unset: a continuous stream has no segments to repeat them on.
    assert.equal(auto.options.get("pat_period"), "0.1");
  });

  it("shares the HLS variant's encode and keeps its PIDs; a UDP output asking other PIDs is warned", () => {
    const same = plan([{ outputName: "ts", urls: ["udp://127.0.0.1:5000"] }]);
    assert.deepEqual(outputView(same, 1).streamIndexes, outputView(same, 0).streamIndexes, "one encode feeds both");
    assert.deepEqual(outputView(same, 1).streamIds, ["0:481", "1:492"]);
    const other = plan([{ outputName: "ts", urls: ["udp://127.0.0.1:5000"], m2tsSettings: { videoPid: "0x200", audioPids: "0x201" } }]);
    assert.match(other.warnings.join("\n"), /asks PID 512 for video description "v720"/);
  });

  it("gives a UDP-only encode no forced keyframes (no segments), the GOP alone", () => {
    const outputs = [{ outputName: "ts", urls: ["udp://127.0.0.1:5000", "udp://127.0.0.1:5010"] }];
    const config = withUdpGroup(minimalHls(), "udp", outputs);
    config.encoderSettings.outputGroups.shift();
    const result = planEncoder({ ...planRequest(config, {}), pipelineIndex: 1, slaveTargets: relays(outputs) });
    assert.equal(valueOf(result.args, "-force_key_frames:v:0"), "expr:0");
    assert.deepEqual(result.groups, []);
  });

  it("sends a bufferMsec under 100 ms as 100 ms: a shorter muxer delay makes a CBR multiplex invalid", () => {
    assert.equal(teeSlaves(plan([{ outputName: "a", urls: ["udp://127.0.0.1:5000"], bufferMsec: 0, m2tsSettings: { bitrate: 2_000_000 } }]))[1]!.options.get("max_delay"), "100000");
  });
});
