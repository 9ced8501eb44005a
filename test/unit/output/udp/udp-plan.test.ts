import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planEncoder } from "../../../../src/output/encoder/encoder-plan.ts";
import { minimalHls } from "../../../helpers/minimal-channel.ts";
import { withUdpGroup } from "../../../helpers/udp-channel.ts";
import { planRequest } from "../encoder/encoder-fixtures.ts";
import { outputView, teeSlaves, valueOf } from "../encoder/plan-view.ts";

/** The HLS channel plus a UDP group; slave 0 is the HLS variant, the UDP outputs follow. */
/**
 * The warnings that are not about PIDs: the HLS group beside shares the UDP output's encodes,
 * and MediaLive's M2TS default audio PIDs (482–498) differ from its M3U8 ones (492–498).
 */
const fecWarnings = (warnings: readonly string[]): string[] => warnings.filter((warning) => !/ asks PID /.test(warning));

function plan(outputs: Parameters<typeof withUdpGroup>[2], groupSettings = {}) {
  return planEncoder(planRequest(withUdpGroup(minimalHls(), "udp", outputs, groupSettings)));
}

describe("UDP output group plan", () => {
  it("sends udp:// as MPEG-TS of 7 TS packets per datagram from an unconnected socket, and never aborts the encoder", () => {
    const result = plan([{ outputName: "ts", urls: ["udp://239.1.2.3:5000"] }]);
    const slave = teeSlaves(result)[1]!;
    assert.equal(slave.options.get("f"), "mpegts");
    assert.equal(slave.path, "udp://239.1.2.3:5000?pkt_size=1316&connect=0");
    assert.equal(slave.options.get("flush_packets"), "0", "whole datagrams only, never a frame's remainder");
    assert.equal(slave.options.get("onfail"), "ignore");
    // The HLS variant keeps aborting on failure (its files are local).
    assert.equal(teeSlaves(result)[0]!.options.get("onfail"), "abort");
    // MediaLive's bufferMsec default of 1000 ms as the muxer's delay (µs).
    assert.equal(slave.options.get("max_delay"), "1000000");
    assert.equal(result.groups.length, 1, "only the HLS group publishes playlists");
  });

  it("sends rtp:// through rtp_mpegts (7 TS packets + the 12-byte RTP header), the MPEG-TS options as its muxer dictionary", () => {
    const result = plan([{ outputName: "rtp", urls: ["rtp://127.0.0.1:5004"], bufferMsec: 250, m2tsSettings: { rateMode: "CBR", bitrate: 4_000_000, programNum: 7, pmtPid: "0x100", patInterval: 50 } }]);
    const slave = teeSlaves(result)[1]!;
    assert.equal(slave.options.get("f"), "rtp_mpegts");
    assert.equal(slave.path, "rtp://127.0.0.1:5004?pkt_size=1328&connect=0");
    assert.equal(slave.options.get("max_delay"), "250000");
    const muxer = new Map(slave.options.get("mpegts_muxer_options")!.split(":").map((pair) => pair.split("=") as [string, string]));
    assert.equal(muxer.get("muxrate"), "4000000");
    assert.equal(muxer.get("mpegts_service_id"), "7");
    assert.equal(muxer.get("mpegts_pmt_start_pid"), "256");
    assert.equal(muxer.get("pat_period"), "0.05");
    assert.equal(slave.options.has("fec"), false);
  });

  it("writes muxrate only for CBR with a bitrate: VBR and bitrate 0 get ffmpeg's variable rate", () => {
    const cbr = teeSlaves(plan([{ outputName: "a", urls: ["udp://127.0.0.1:5000"], m2tsSettings: { bitrate: 3_500_000 } }]))[1]!;
    assert.equal(cbr.options.get("muxrate"), "3500000", "rateMode defaults to CBR");
    const vbr = teeSlaves(plan([{ outputName: "a", urls: ["udp://127.0.0.1:5000"], m2tsSettings: { rateMode: "VBR", bitrate: 3_500_000 } }]))[1]!;
    assert.equal(vbr.options.has("muxrate"), false);
    const auto = teeSlaves(plan([{ outputName: "a", urls: ["udp://127.0.0.1:5000"], m2tsSettings: { bitrate: 0 } }]))[1]!;
    assert.equal(auto.options.has("muxrate"), false);
    // PAT/PMT every 100 ms when unset: a continuous stream has no segments to repeat them on.
    assert.equal(auto.options.get("pat_period"), "0.1");
  });

  it("adds SMPTE 2022-1 FEC (ffmpeg prompeg, L = rowLength, D = columnDepth) to rtp:// outputs", () => {
    const result = plan([{ outputName: "fec", urls: ["rtp://127.0.0.1:5004"], fecOutputSettings: { includeFec: "COLUMN_AND_ROW", rowLength: 10, columnDepth: 8 } }]);
    assert.equal(teeSlaves(result)[1]!.options.get("fec"), "prompeg=l=10:d=8");
    assert.deepEqual(fecWarnings(result.warnings), []);
  });

  it("sends what prompeg can and warns: row FEC with COLUMN, L at least 4, L × D at most 100, no FEC on udp://", () => {
    const column = plan([{ outputName: "c", urls: ["rtp://127.0.0.1:5004"], fecOutputSettings: { includeFec: "COLUMN", rowLength: 2, columnDepth: 20 } }]);
    assert.equal(teeSlaves(column)[1]!.options.get("fec"), "prompeg=l=4:d=20");
    assert.equal(fecWarnings(column.warnings).length, 2);
    assert.match(column.warnings.join("\n"), /includeFec COLUMN.*row FEC/);
    assert.match(column.warnings.join("\n"), /rowLength 2 is sent as 4/);
    const big = plan([{ outputName: "b", urls: ["rtp://127.0.0.1:5004"], fecOutputSettings: { rowLength: 20, columnDepth: 20 } }]);
    assert.equal(teeSlaves(big)[1]!.options.get("fec"), "prompeg=l=20:d=5");
    const udp = plan([{ outputName: "u", urls: ["udp://127.0.0.1:5000"], fecOutputSettings: { rowLength: 5, columnDepth: 5 } }]);
    assert.equal(teeSlaves(udp)[1]!.options.has("fec"), false);
    assert.match(udp.warnings.join("\n"), /without FEC/);
  });

  it("shares the HLS variant's encode and keeps its PIDs; a UDP output asking other PIDs is warned", () => {
    const same = plan([{ outputName: "ts", urls: ["udp://127.0.0.1:5000"] }]);
    assert.deepEqual(outputView(same, 1).streamIndexes, outputView(same, 0).streamIndexes, "one encode feeds both");
    assert.deepEqual(outputView(same, 1).streamIds, ["0:481", "1:492"]);
    const other = plan([{ outputName: "ts", urls: ["udp://127.0.0.1:5000"], m2tsSettings: { videoPid: "0x200", audioPids: "0x201" } }]);
    assert.match(other.warnings.join("\n"), /asks PID 512 for video description "v720"/);
  });

  it("gives a UDP-only encode no forced keyframes (no segments), the GOP alone", () => {
    const config = withUdpGroup(minimalHls(), "udp", [{ outputName: "ts", urls: ["udp://127.0.0.1:5000", "udp://127.0.0.1:5010"] }]);
    config.encoderSettings.outputGroups.shift();
    const result = planEncoder({ ...planRequest(config, {}), pipelineIndex: 1 });
    assert.equal(valueOf(result.args, "-force_key_frames:v:0"), "expr:0");
    assert.equal(teeSlaves(result)[0]!.path, "udp://127.0.0.1:5010?pkt_size=1316&connect=0", "pipeline 1 sends to its own URL");
    assert.deepEqual(result.groups, []);
  });

  it("sends a bufferMsec under 100 ms as 100 ms: a shorter muxer delay makes a CBR multiplex invalid", () => {
    assert.equal(teeSlaves(plan([{ outputName: "a", urls: ["udp://127.0.0.1:5000"], bufferMsec: 0, m2tsSettings: { bitrate: 2_000_000 } }]))[1]!.options.get("max_delay"), "100000");
  });

  it("brackets an IPv6 destination", () => {
    assert.equal(teeSlaves(plan([{ outputName: "v6", urls: ["rtp://[ff02::1]:5004"] }]))[1]!.path, "rtp://[ff02::1]:5004?pkt_size=1328&connect=0");
  });
});
