import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import type { ChannelMetricsView, MetricsSource, PipelineStatsReport } from "../../../src/metrics/metrics-source.ts";
import { OpenliveMetrics } from "../../../src/metrics/openlive-metrics.ts";
import type { PipelineStats, SourceStats } from "../../../src/pipeline/worker/messages.ts";
import { REPO_ROOT } from "../../helpers/openlive-process.ts";
import { parsePromText, samplesOf, valueOf } from "../../helpers/prometheus-text.ts";

class FakeRuntime implements MetricsSource {
  channels: ChannelMetricsView[] = [];
  readonly listeners = new Set<(report: PipelineStatsReport) => void>();
  metricsView(): readonly ChannelMetricsView[] {
    return this.channels;
  }
  onStats(listener: (report: PipelineStatsReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  report(report: PipelineStatsReport): void {
    for (const listener of this.listeners) listener(report);
  }
}

function source(overrides: Partial<SourceStats> = {}): SourceStats {
  return {
    readerId: 1, attachmentName: "main", inputId: "1234567", inputType: "RTP_PUSH", bytesIn: 0, packetsIn: 0, videoFrames: 0, audioFrames: 0,
    continuityErrors: 0, disallowed: 0, receiving: true, rtp: { received: 0, lost: 0, reordered: 0, duplicates: 0 }, ...overrides,
  };
}

function stats(overrides: Partial<PipelineStats> = {}): PipelineStats {
  return {
    startedAtMs: 1_000, encoderFrames: 0, encoderExits: 0, segmentsPublished: 0, uploadFailures: 0, inputLossMs: 0,
    failovers: 0, secondaryMs: 0, switches: 0, sources: [], ...overrides,
  };
}

const CH = { channel_id: "9876543", pipeline: "0" };
const IN = { ...CH, input_id: "1234567", attachment: "main" };

async function scrape(metrics: OpenliveMetrics) {
  return parsePromText((await metrics.render()).body);
}

describe("OpenliveMetrics", () => {
  it("renders counters from worker reports with documented names and labels", async () => {
    const runtime = new FakeRuntime();
    const metrics = new OpenliveMetrics({ source: runtime, processMetrics: false });
    runtime.report({
      channelId: "9876543", pipelineIndex: 0, runId: 1, restarts: 0,
      stats: stats({ encoderFrames: 300, segmentsPublished: 4, inputLossMs: 1500, secondaryMs: 2500, failovers: 1, switches: 2, encoderExits: 1, uploadFailures: 3,
        sources: [source({ bytesIn: 188_000, packetsIn: 143, videoFrames: 300, audioFrames: 470, continuityErrors: 2, disallowed: 7, rtp: { received: 143, lost: 1, reordered: 2, duplicates: 3 } })] }),
    });
    const text = await scrape(metrics);
    assert.equal(text.types.get("openlive_input_bytes_total"), "counter");
    assert.equal(valueOf(text, "openlive_input_bytes_total", IN), 188_000);
    assert.equal(valueOf(text, "openlive_input_packets_total", IN), 143);
    assert.equal(valueOf(text, "openlive_input_rtp_packets_total", IN), 143);
    assert.equal(valueOf(text, "openlive_input_rtp_lost_packets_total", IN), 1);
    assert.equal(valueOf(text, "openlive_input_rtp_reordered_packets_total", IN), 2);
    assert.equal(valueOf(text, "openlive_input_rtp_duplicate_packets_total", IN), 3);
    assert.equal(valueOf(text, "openlive_input_ts_continuity_errors_total", IN), 2);
    assert.equal(valueOf(text, "openlive_input_frames_total", { ...IN, stream: "video" }), 300);
    assert.equal(valueOf(text, "openlive_input_frames_total", { ...IN, stream: "audio" }), 470);
    assert.equal(valueOf(text, "openlive_input_disallowed_total", IN), 7);
    assert.equal(valueOf(text, "openlive_pipeline_encoder_frames_total", CH), 300);
    assert.equal(valueOf(text, "openlive_pipeline_segments_published_total", CH), 4);
    assert.equal(valueOf(text, "openlive_pipeline_output_errors_total", { ...CH, reason: "upload" }), 3);
    assert.equal(valueOf(text, "openlive_pipeline_output_errors_total", { ...CH, reason: "encoder_exit" }), 1);
    assert.equal(valueOf(text, "openlive_pipeline_restarts_total", CH), 0, "a zero count shows as a series");
    assert.equal(valueOf(text, "openlive_channel_failovers_total", CH), 1);
    assert.equal(valueOf(text, "openlive_channel_secondary_input_seconds_total", CH), 2.5);
    assert.equal(valueOf(text, "openlive_channel_input_switches_total", CH), 2);
    assert.equal(valueOf(text, "openlive_channel_input_loss_seconds_total", CH), 1.5);
    // Exactly the four input labels (plus stream on frames).
    assert.deepEqual(Object.keys(samplesOf(text, "openlive_input_bytes_total")[0]!.labels).sort(), ["attachment", "channel_id", "input_id", "pipeline"]);
    metrics.close();
  });

  it("never lets a _total go down: worker restarts, reader reopened, run restarted", async () => {
    const runtime = new FakeRuntime();
    const metrics = new OpenliveMetrics({ source: runtime, processMetrics: false });
    const send = (runId: number, startedAtMs: number, restarts: number, frames: number, readerId: number, bytes: number): void =>
      runtime.report({ channelId: "9876543", pipelineIndex: 0, runId, restarts, stats: stats({ startedAtMs, encoderFrames: frames, sources: [source({ readerId, bytesIn: bytes })] }) });
    const totals: [number, number, number][] = [];
    const read = async (): Promise<void> => {
      const text = await scrape(metrics);
      totals.push([valueOf(text, "openlive_pipeline_encoder_frames_total", CH)!, valueOf(text, "openlive_input_bytes_total", IN)!, valueOf(text, "openlive_pipeline_restarts_total", CH)!]);
    };
    send(1, 1_000, 0, 100, 1, 1_000);
    await read();
    send(1, 1_000, 0, 160, 1, 1_600);
    await read();
    // The worker died and came back (new start time): it counts from zero, and quickly passes the old count.
    send(1, 9_000, 1, 200, 2, 2_000);
    await read();
    // A pull reader replaced within the same worker (new reader id).
    send(1, 9_000, 1, 230, 3, 50);
    await read();
    // StopChannel + StartChannel: a new run, restarts from zero again.
    send(2, 20_000, 0, 10, 4, 10);
    await read();
    assert.deepEqual(totals, [
      [100, 1_000, 0],
      [160, 1_600, 0],
      [360, 3_600, 1],
      [390, 3_650, 1],
      [400, 3_660, 1],
    ]);
    metrics.close();
  });

  it("drops a deleted channel's counter series and keeps the others", async () => {
    const runtime = new FakeRuntime();
    const deletions = new Set<(channelId: string) => void>();
    const metrics = new OpenliveMetrics({
      source: runtime,
      processMetrics: false,
      onChannelDeleted: (listener) => {
        deletions.add(listener);
        return () => deletions.delete(listener);
      },
    });
    for (const channelId of ["9876543", "1111111"]) {
      for (const pipelineIndex of [0, 1]) runtime.report({ channelId, pipelineIndex, runId: 1, restarts: 0, stats: stats({ encoderFrames: 50, sources: [source({ bytesIn: 500 })] }) });
    }
    const channelsIn = async (name: string): Promise<string[]> => [...new Set(samplesOf(await scrape(metrics), name).map((sample) => sample.labels.channel_id!))].sort();
    assert.deepEqual(await channelsIn("openlive_pipeline_encoder_frames_total"), ["1111111", "9876543"]);
    for (const listener of deletions) listener("9876543");
    assert.deepEqual(await channelsIn("openlive_pipeline_encoder_frames_total"), ["1111111"]);
    assert.deepEqual(await channelsIn("openlive_input_bytes_total"), ["1111111"]);
    assert.deepEqual(await channelsIn("openlive_input_frames_total"), ["1111111"]);
    assert.equal(valueOf(await scrape(metrics), "openlive_pipeline_encoder_frames_total", { channel_id: "1111111", pipeline: "1" }), 50);
    // The same id reporting again (it cannot in practice: ids are not reused) counts from its report, not from before.
    runtime.report({ channelId: "9876543", pipelineIndex: 0, runId: 1, restarts: 0, stats: stats({ encoderFrames: 60 }) });
    assert.equal(valueOf(await scrape(metrics), "openlive_pipeline_encoder_frames_total", CH), 60);
    metrics.close();
    assert.equal(deletions.size, 0, "close() unsubscribes");
  });

  it("reads gauges from the runtime at scrape time: running, active input, speed, fps, bitrate", async () => {
    const runtime = new FakeRuntime();
    const metrics = new OpenliveMetrics({ source: runtime, processMetrics: false });
    runtime.channels = [{
      channelId: "9876543",
      pipelines: [
        { pipelineIndex: 0, running: true, restarts: 0, activeInputAttachmentName: "backup", stats: stats({ encoderSpeed: 1.01, encoderFps: 29.97, sources: [source({ bitrateBps: 900_000 }), source({ readerId: 2, attachmentName: "backup", inputId: "7654321", receiving: false })] }) },
        { pipelineIndex: 1, running: false, restarts: 2 },
      ],
    }];
    let text = await scrape(metrics);
    assert.equal(text.types.get("openlive_pipeline_running"), "gauge");
    assert.equal(valueOf(text, "openlive_pipeline_running", CH), 1);
    assert.equal(valueOf(text, "openlive_pipeline_running", { ...CH, pipeline: "1" }), 0);
    assert.equal(valueOf(text, "openlive_pipeline_active_input", { ...CH, attachment: "backup" }), 1);
    assert.equal(valueOf(text, "openlive_pipeline_active_input", { ...CH, attachment: "main" }), 0);
    assert.equal(valueOf(text, "openlive_pipeline_encoder_speed", CH), 1.01);
    assert.equal(valueOf(text, "openlive_pipeline_encoder_fps", CH), 29.97);
    assert.equal(valueOf(text, "openlive_pipeline_encoder_speed", { ...CH, pipeline: "1" }), undefined, "no encoder report: no series");
    assert.equal(valueOf(text, "openlive_input_bitrate_bps", IN), 900_000);
    assert.equal(valueOf(text, "openlive_input_receiving", IN), 1);
    assert.equal(valueOf(text, "openlive_input_receiving", { ...CH, attachment: "backup" }), 0);
    // The channel stopped: its gauges go.
    runtime.channels = [];
    text = await scrape(metrics);
    assert.equal(samplesOf(text, "openlive_pipeline_running").length, 0);
    assert.equal(samplesOf(text, "openlive_pipeline_active_input").length, 0);
    metrics.close();
  });

  it("keeps each service's metrics on its own registry, with the process metrics", async () => {
    const a = new OpenliveMetrics({ source: new FakeRuntime() });
    const b = new OpenliveMetrics({ source: new FakeRuntime() });
    const text = await scrape(a);
    assert.ok(valueOf(text, "process_resident_memory_bytes")! > 0);
    assert.notEqual(valueOf(text, "nodejs_eventloop_lag_seconds"), undefined);
    assert.ok((await b.render()).body.includes("openlive_pipeline_running"));
    assert.match((await a.render()).contentType, /^text\/plain; version=0\.0\.4/);
    a.close();
    b.close();
  });

  it("docs/metrics.md lists exactly the metrics openlive exports, with their types", async () => {
    const metrics = new OpenliveMetrics({ source: new FakeRuntime() });
    const exported = new Map((await metrics.registry.getMetricsAsJSON()).map((m) => [m.name, String(m.type)]));
    metrics.close();
    const doc = readFileSync(path.join(REPO_ROOT, "docs/metrics.md"), "utf8");
    const documented = new Map<string, string>();
    for (const match of doc.matchAll(/^\| `([a-z0-9_:]+)` \| (counter|gauge|histogram|summary) \|/gm)) documented.set(match[1]!, match[2]!);
    assert.deepEqual([...exported.keys()].filter((name) => !documented.has(name)), [], "exported but not documented");
    assert.deepEqual([...documented.keys()].filter((name) => !exported.has(name)), [], "documented but not exported");
    for (const [name, type] of exported) assert.equal(documented.get(name), type, `type of ${name}`);
  });
});
