// openlive's Prometheus metrics (docs/metrics.md), on a registry of their own (not prom-client's
// global one, so several services can run in one process). Counters are fed as the
// pipeline workers report (once a second): each report carries cumulative counts, which
// CounterFold turns into increases, so a `_total` never goes down when a worker restarts.
// Gauges (state, active input, speed, bitrate) are read from the runtime at scrape time.
// Every name, type and label is documented in docs/metrics.md (a test keeps them equal).

import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import type { SourceStats } from "../pipeline/worker/messages.ts";
import { CounterFold } from "./counter-fold.ts";
import type { ChannelMetricsView, MetricsSource, PipelineStatsReport } from "./metrics-source.ts";

export const PIPELINE_LABELS = ["channel_id", "pipeline"] as const;
export const INPUT_LABELS = ["channel_id", "pipeline", "input_id", "attachment"] as const;

interface CounterSpec {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
}

/** Every counter openlive exports (process metrics aside). */
export const COUNTERS = [
  { name: "openlive_input_bytes_total", help: "MPEG-TS bytes (RTMP: audio and video payload bytes) received from the source.", labelNames: INPUT_LABELS },
  { name: "openlive_input_packets_total", help: "Packets received from the source: admitted datagrams (RTP, SRT), audio/video messages (RTMP), MPEG-TS packets (pull inputs).", labelNames: INPUT_LABELS },
  { name: "openlive_input_rtp_packets_total", help: "Valid RTP packets received (RTP_PUSH inputs; duplicates included).", labelNames: INPUT_LABELS },
  { name: "openlive_input_rtp_lost_packets_total", help: "RTP sequence numbers that never arrived within the reorder window.", labelNames: INPUT_LABELS },
  { name: "openlive_input_rtp_reordered_packets_total", help: "RTP packets that arrived out of order and were put back in order.", labelNames: INPUT_LABELS },
  { name: "openlive_input_rtp_duplicate_packets_total", help: "RTP packets received twice (dropped).", labelNames: INPUT_LABELS },
  { name: "openlive_input_ts_continuity_errors_total", help: "MPEG-TS continuity counter errors in the source.", labelNames: INPUT_LABELS },
  { name: "openlive_input_frames_total", help: "Access units received per stream type: video pictures, audio PES/frames.", labelNames: [...INPUT_LABELS, "stream"] },
  { name: "openlive_input_disallowed_total", help: "Datagrams (RTP, SRT) or TCP connections (RTMP) refused by the input's security groups.", labelNames: INPUT_LABELS },
  { name: "openlive_pipeline_encoder_frames_total", help: "Frames the pipeline's encoder produced.", labelNames: PIPELINE_LABELS },
  { name: "openlive_pipeline_segments_published_total", help: "New HLS segments listed in the pipeline's media playlists (every variant counted).", labelNames: PIPELINE_LABELS },
  { name: "openlive_pipeline_output_errors_total", help: "Output failures: reason=upload (an http(s) destination gave up on a file), reason=encoder_exit (the encoder died).", labelNames: [...PIPELINE_LABELS, "reason"] },
  { name: "openlive_pipeline_restarts_total", help: "Times the pipeline's worker process died and was restarted.", labelNames: PIPELINE_LABELS },
  { name: "openlive_channel_failovers_total", help: "Automatic input failovers to the secondary input.", labelNames: PIPELINE_LABELS },
  { name: "openlive_channel_secondary_input_seconds_total", help: "Time the secondary input of the failover pair was on air.", labelNames: PIPELINE_LABELS },
  { name: "openlive_channel_input_switches_total", help: "Input switches of any kind (failover, return to primary, schedule).", labelNames: PIPELINE_LABELS },
  { name: "openlive_channel_input_loss_seconds_total", help: "Time the output showed input-loss fill (repeated frame, black, colour or slate) instead of live video.", labelNames: PIPELINE_LABELS },
] as const satisfies readonly CounterSpec[];

export const GAUGES = [
  { name: "openlive_input_bitrate_bps", help: "Bitrate of the source measured over the last seconds.", labelNames: INPUT_LABELS },
  { name: "openlive_input_receiving", help: "1 while video arrives from the source (a picture within the last 2 s), else 0.", labelNames: INPUT_LABELS },
  { name: "openlive_pipeline_running", help: "1 while the pipeline's encoder produces output, else 0.", labelNames: PIPELINE_LABELS },
  { name: "openlive_pipeline_active_input", help: "1 for the input attachment on air, 0 for the other attachments the pipeline reads.", labelNames: [...PIPELINE_LABELS, "attachment"] },
  { name: "openlive_pipeline_encoder_speed", help: "Encoder speed relative to realtime (ffmpeg speed=; 1 keeps up).", labelNames: PIPELINE_LABELS },
  { name: "openlive_pipeline_encoder_fps", help: "Frames the encoder produced per second over the last second.", labelNames: PIPELINE_LABELS },
] as const satisfies readonly CounterSpec[];

type CounterName = (typeof COUNTERS)[number]["name"];

/** One series fed from a report: the counter, fixed extra labels, and how to read its cumulative value. */
interface Feed<T> {
  readonly counter: CounterName;
  readonly labels?: Readonly<Record<string, string>>;
  /** Values in ms exported as seconds. */
  readonly ms?: boolean;
  /** The count survives worker restarts (it is the service's own): keyed by run only. */
  readonly perRun?: boolean;
  readonly value: (from: T) => number | undefined;
}

const PIPELINE_FEEDS: readonly Feed<PipelineStatsReport>[] = [
  { counter: "openlive_pipeline_encoder_frames_total", value: (r) => r.stats.encoderFrames },
  { counter: "openlive_pipeline_segments_published_total", value: (r) => r.stats.segmentsPublished },
  { counter: "openlive_pipeline_output_errors_total", labels: { reason: "upload" }, value: (r) => r.stats.uploadFailures },
  { counter: "openlive_pipeline_output_errors_total", labels: { reason: "encoder_exit" }, value: (r) => r.stats.encoderExits },
  { counter: "openlive_pipeline_restarts_total", perRun: true, value: (r) => r.restarts },
  { counter: "openlive_channel_failovers_total", value: (r) => r.stats.failovers },
  { counter: "openlive_channel_secondary_input_seconds_total", ms: true, value: (r) => r.stats.secondaryMs },
  { counter: "openlive_channel_input_switches_total", value: (r) => r.stats.switches },
  { counter: "openlive_channel_input_loss_seconds_total", ms: true, value: (r) => r.stats.inputLossMs },
];

const INPUT_FEEDS: readonly Feed<SourceStats>[] = [
  { counter: "openlive_input_bytes_total", value: (s) => s.bytesIn },
  { counter: "openlive_input_packets_total", value: (s) => s.packetsIn },
  { counter: "openlive_input_rtp_packets_total", value: (s) => s.rtp?.received },
  { counter: "openlive_input_rtp_lost_packets_total", value: (s) => s.rtp?.lost },
  { counter: "openlive_input_rtp_reordered_packets_total", value: (s) => s.rtp?.reordered },
  { counter: "openlive_input_rtp_duplicate_packets_total", value: (s) => s.rtp?.duplicates },
  { counter: "openlive_input_ts_continuity_errors_total", value: (s) => s.continuityErrors },
  { counter: "openlive_input_frames_total", labels: { stream: "video" }, value: (s) => s.videoFrames },
  { counter: "openlive_input_frames_total", labels: { stream: "audio" }, value: (s) => s.audioFrames },
  { counter: "openlive_input_disallowed_total", value: (s) => s.disallowed },
];

export interface OpenliveMetricsOptions {
  readonly source: MetricsSource;
  /** prom-client's process metrics (event-loop lag, memory, CPU, handles); default true. */
  readonly processMetrics?: boolean;
  /** Subscribes to channel deletions (the ChangeFeed's channelDeleted): their series are dropped. */
  readonly onChannelDeleted?: (listener: (channelId: string) => void) => () => void;
}

export class OpenliveMetrics {
  readonly registry = new Registry();
  readonly #counters = new Map<string, Counter<string>>();
  readonly #fold = new CounterFold();
  /** Channel id → its counter series (by counter name and labels), so a deleted channel's series can go. */
  readonly #seriesByChannel = new Map<string, Map<string, { counter: Counter<string>; labels: Record<string, string> }>>();
  readonly #unsubscribe: (() => void)[];

  constructor(options: OpenliveMetricsOptions) {
    const source = options.source;
    for (const spec of COUNTERS) {
      this.#counters.set(spec.name, new Counter({ name: spec.name, help: spec.help, labelNames: [...spec.labelNames], registers: [this.registry] }));
    }
    const gauge = (name: (typeof GAUGES)[number]["name"], fill: (gauge: Gauge<string>, channels: readonly ChannelMetricsView[]) => void): void => {
      const spec = GAUGES.find((g) => g.name === name)!;
      new Gauge({
        name,
        help: spec.help,
        labelNames: [...spec.labelNames],
        registers: [this.registry],
        collect() {
          this.reset();
          fill(this, source.metricsView());
        },
      });
    };
    gauge("openlive_pipeline_running", (g, channels) => {
      for (const { channelId, pipelines } of channels) for (const p of pipelines) g.set(pipelineLabels(channelId, p.pipelineIndex), p.running ? 1 : 0);
    });
    gauge("openlive_pipeline_active_input", (g, channels) => {
      for (const { channelId, pipelines } of channels) {
        for (const p of pipelines) {
          const names = new Set((p.stats?.sources ?? []).map((s) => s.attachmentName));
          if (p.activeInputAttachmentName !== undefined) names.add(p.activeInputAttachmentName);
          for (const attachment of names) g.set({ ...pipelineLabels(channelId, p.pipelineIndex), attachment }, attachment === p.activeInputAttachmentName ? 1 : 0);
        }
      }
    });
    gauge("openlive_pipeline_encoder_speed", (g, channels) => {
      for (const { channelId, pipelines } of channels) for (const p of pipelines) if (p.stats?.encoderSpeed !== undefined) g.set(pipelineLabels(channelId, p.pipelineIndex), p.stats.encoderSpeed);
    });
    gauge("openlive_pipeline_encoder_fps", (g, channels) => {
      for (const { channelId, pipelines } of channels) for (const p of pipelines) if (p.stats?.encoderFps !== undefined) g.set(pipelineLabels(channelId, p.pipelineIndex), p.stats.encoderFps);
    });
    gauge("openlive_input_bitrate_bps", (g, channels) => {
      for (const { channelId, pipelines } of channels) {
        for (const p of pipelines) for (const s of p.stats?.sources ?? []) if (s.bitrateBps !== undefined) g.set(inputLabels(channelId, p.pipelineIndex, s), s.bitrateBps);
      }
    });
    gauge("openlive_input_receiving", (g, channels) => {
      for (const { channelId, pipelines } of channels) {
        for (const p of pipelines) for (const s of p.stats?.sources ?? []) g.set(inputLabels(channelId, p.pipelineIndex, s), s.receiving ? 1 : 0);
      }
    });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.#unsubscribe = [source.onStats((report) => this.record(report))];
    if (options.onChannelDeleted) this.#unsubscribe.push(options.onChannelDeleted((channelId) => this.forgetChannel(channelId)));
  }

  /** Folds one worker report into the counters (called for every "stats" message). */
  record(report: PipelineStatsReport): void {
    const run = `${report.runId}`;
    const worker = `${run}:${report.stats.startedAtMs}`;
    const values = new Map<string, number>();
    const series = new Map<string, { name: string; counter: Counter<string>; labels: Record<string, string>; ms: boolean }>();
    const add = (key: string, feed: Feed<never>, labels: Record<string, string>, value: number | undefined): void => {
      if (value === undefined) return;
      values.set(key, value);
      series.set(key, { name: feed.counter, counter: this.#counters.get(feed.counter)!, labels: { ...labels, ...feed.labels }, ms: feed.ms ?? false });
    };
    const base = pipelineLabels(report.channelId, report.pipelineIndex);
    PIPELINE_FEEDS.forEach((feed, index) => add(`p${index}|${feed.perRun ? run : worker}`, feed, base, feed.value(report)));
    for (const source of report.stats.sources) {
      const labels = inputLabels(report.channelId, report.pipelineIndex, source);
      INPUT_FEEDS.forEach((feed, index) => add(`i${index}|${worker}:${source.readerId}`, feed, labels, feed.value(source)));
    }
    let channelSeries = this.#seriesByChannel.get(report.channelId);
    if (!channelSeries) this.#seriesByChannel.set(report.channelId, (channelSeries = new Map()));
    for (const [key, amount] of this.#fold.fold(foldGroup(report.channelId, report.pipelineIndex), values)) {
      const { name, counter, labels, ms } = series.get(key)!;
      const seriesKey = `${name}${JSON.stringify(labels)}`;
      if (!channelSeries.has(seriesKey)) channelSeries.set(seriesKey, { counter, labels });
      // An increase of 0 still creates the series, so it shows (at 0) from the first report.
      counter.inc(labels, ms ? amount / 1000 : amount);
    }
  }

  /**
   * Drops every counter series of a deleted channel: its id never comes back, and a scrape
   * should not list it for the rest of the process's life. (A stopped channel keeps its
   * series: its counters go on from where they were when it starts again.)
   */
  forgetChannel(channelId: string): void {
    for (const { counter, labels } of this.#seriesByChannel.get(channelId)?.values() ?? []) counter.remove(labels);
    this.#seriesByChannel.delete(channelId);
    for (let pipelineIndex = 0; pipelineIndex < MAX_PIPELINES; pipelineIndex++) this.#fold.forget(foldGroup(channelId, pipelineIndex));
  }

  /** The text exposition of every metric. */
  async render(): Promise<{ readonly contentType: string; readonly body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  close(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
    this.registry.clear();
  }
}

/** STANDARD channels have two pipelines, SINGLE_PIPELINE one. */
const MAX_PIPELINES = 2;

function foldGroup(channelId: string, pipelineIndex: number): string {
  return `${channelId}/${pipelineIndex}`;
}

function pipelineLabels(channelId: string, pipelineIndex: number): Record<string, string> {
  return { channel_id: channelId, pipeline: String(pipelineIndex) };
}

function inputLabels(channelId: string, pipelineIndex: number, source: SourceStats): Record<string, string> {
  return { ...pipelineLabels(channelId, pipelineIndex), input_id: source.inputId, attachment: source.attachmentName };
}
