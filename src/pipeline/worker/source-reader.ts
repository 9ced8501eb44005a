// One input attachment as seen by one pipeline: the ingest edge of this pipeline's source
// (its push endpoint, or its pull source), the SourceMonitor that probes and checks what
// arrives, and access units with their codec and keyframe flag for the program timeline.

import type { InputAttachment } from "../../model/generated/medialive-types.ts";
import { attachmentNameOf } from "../../domain/channels/channel-config.ts";
import type { InputRecord } from "../../domain/records.ts";
import { AllowList } from "../../ingest/allow-list.ts";
import { SourceMonitor } from "../../ingest/monitor/source-monitor.ts";
import type { CaptionSelectorKind } from "../../ingest/monitor/source-checks.ts";
import { createPullSource, type PullSource, type PullState } from "../../ingest/pull/pull-source.ts";
import { RtmpPushEndpoint, type RtmpPushLogger } from "../../ingest/rtmp-push/rtmp-push-endpoint.ts";
import { RtpPushEndpoint } from "../../ingest/rtp-push/rtp-push-endpoint.ts";
import { SrtListenerEndpoint } from "../../ingest/srt-listener/srt-listener-endpoint.ts";
import type { AccessUnit } from "../../media/types.ts";
import { isKeyframe } from "../../media/keyframes.ts";
import { GopBuffer } from "../switching/gop-buffer.ts";
import { ParameterSets } from "../switching/parameter-sets.ts";
import type { SourceSnapshot } from "../../ingest/monitor/source-monitor.ts";
import { confineFileUrl } from "../../shared/input-paths-fs.ts";
import type { SourceStats, WorkerAlert } from "./messages.ts";

export interface SourceReaderOptions {
  readonly attachment: InputAttachment;
  readonly input: InputRecord;
  readonly pipelineIndex: 0 | 1;
  readonly cidrs: readonly string[];
  readonly resolveSecret: (name: string) => string | undefined;
  readonly onUnit: (reader: SourceReader, unit: AccessUnit, nowMs: number) => void;
  readonly onAlert: (alert: WorkerAlert) => void;
  /** Pull inputs: the source's state (ENDED: a file played to its end with sourceEndBehavior CONTINUE). */
  readonly onPullState?: (reader: SourceReader, state: PullState) => void;
  /** Pull inputs: the source URL to read instead of the input's (dynamic inputs, $urlPath$ substituted). */
  readonly url?: string;
  /** File inputs: play only this part (a switch's inputClippingSettings, in ms from the file's start). */
  readonly clipping?: { readonly startMs?: number; readonly stopMs?: number };
  /** Push edges log the peers they refuse or close (RTMP). */
  readonly logger?: RtmpPushLogger;
  /** Folders file:// sources must lie in (checked again here: a link may have changed since the input was created). */
  readonly inputRoots: readonly string[];
}

interface Closable {
  close(): Promise<void>;
}

/** Video counts as arriving for the `receiving` figure when its last picture is this recent. */
const RECEIVING_FRESH_MS = 2_000;
let nextReaderId = 1;

export class SourceReader {
  readonly options: SourceReaderOptions;
  readonly monitor: SourceMonitor;
  readonly allowList: AllowList;
  /** Audio track ids in the order they were first seen (PID order for TS). */
  readonly audioTracks: number[] = [];
  /** The last GOP, for a switch to this input while it is on standby. */
  readonly gop = new GopBuffer();
  /** The video's latest parameter sets, for the first keyframe after a switch to this input. */
  readonly parameterSets = new ParameterSets();
  /** The video track the program takes from this source: the first one that showed a keyframe. */
  videoTrackId: number | undefined;
  /** Arrival of the last picture of that track (input loss is measured on it). */
  lastVideoMs: number | undefined;
  /** Arrival of the last audio unit of any track. */
  lastAudioMs: number | undefined;
  /** Distinguishes readers of one attachment over the worker's life (metrics fold each one's counters). */
  readonly readerId = nextReaderId++;
  #videoFrames = 0;
  #audioFrames = 0;
  #edge: Closable | undefined;
  #closed = false;

  constructor(options: SourceReaderOptions) {
    this.options = options;
    this.allowList = new AllowList(options.cidrs);
    this.monitor = new SourceMonitor({
      inputType: options.input.type,
      captionSelectors: captionSelectorsOf(options.attachment),
      onPes: (pes, nowMs) => {
        if ((pes.kind !== "video" && pes.kind !== "audio") || pes.pts90k === null) return;
        const keyframe = pes.kind === "audio" || isKeyframe(pes.codec, pes.data);
        this.#unit({ trackId: pes.pid, kind: pes.kind, codec: pes.codec, pts90k: pes.pts90k, dts90k: pes.dts90k ?? pes.pts90k, keyframe, data: pes.data }, nowMs);
      },
    });
  }

  get attachmentName(): string {
    return attachmentNameOf(this.options.attachment);
  }

  async start(): Promise<void> {
    const { input, pipelineIndex } = this.options;
    const endpoint = input.endpoints.find((e) => e.pipeline === pipelineIndex) ?? input.endpoints[0];
    const onTs = (bytes: Uint8Array, nowMs: number): void => this.monitor.push(bytes, nowMs);
    switch (input.type) {
      case "RTP_PUSH": {
        const edge = new RtpPushEndpoint({ address: endpoint!.address, port: endpoint!.port, allowList: this.allowList, onTs, onAlert: (alert) => this.options.onAlert({ ...alert, inputId: input.id }) });
        this.#edge = edge;
        await edge.start();
        break;
      }
      case "RTMP_PUSH": {
        const index = input.endpoints.indexOf(endpoint!);
        const edge = new RtmpPushEndpoint({
          address: endpoint!.address,
          port: endpoint!.port,
          streamName: input.streamNames[index] ?? input.streamNames[0] ?? "",
          allowList: this.allowList,
          acceptingPublishers: true,
          onAccessUnit: (unit, nowMs) => {
            this.monitor.pushAccessUnit(unit, nowMs);
            this.#unit(unit, nowMs);
          },
          ...(this.options.logger ? { logger: this.options.logger } : {}),
        });
        this.#edge = edge;
        await edge.start();
        break;
      }
      case "SRT_LISTENER": {
        const listener = input.srtListener;
        const passphrase = listener ? this.options.resolveSecret(listener.decryption.passphraseSecretArn) : undefined;
        if (!listener || passphrase === undefined) {
          this.options.onAlert({ alertType: "Unable to Access Input Resource", message: `the SRT passphrase secret of input ${input.id} cannot be resolved`, state: "SET", atMs: Date.now(), inputId: input.id });
          return;
        }
        const edge = new SrtListenerEndpoint({
          address: endpoint!.address,
          port: endpoint!.port,
          allowList: this.allowList,
          minimumLatencyMs: listener.minimumLatency,
          ...(listener.streamId ? { streamId: listener.streamId } : {}),
          passphrase,
          algorithm: listener.decryption.algorithm,
          onTs,
        });
        this.#edge = edge;
        await edge.start();
        break;
      }
      default: {
        const sourceCount = input.type === "SRT_CALLER" ? input.srtCallerSources.length : input.sources.length;
        const url = this.options.url ?? (input.type === "SRT_CALLER" ? undefined : input.sources[Math.min(pipelineIndex, Math.max(0, sourceCount - 1))]?.url);
        if (url !== undefined && /^file:/i.test(url)) {
          const confined = await confineFileUrl(url, this.options.inputRoots);
          if (!confined.ok) throw new Error(`the file source ${url} is refused: ${confined.reason}`);
        }
        const networkSettings = this.options.attachment.inputSettings?.networkInputSettings;
        const pull: PullSource = createPullSource({
          input,
          sourceIndex: Math.min(pipelineIndex, Math.max(0, sourceCount - 1)),
          resolveSecret: async (name) => this.options.resolveSecret(name),
          ...(networkSettings?.hlsInputSettings ? { hlsInputSettings: networkSettings.hlsInputSettings } : {}),
          ...(this.options.attachment.inputSettings?.sourceEndBehavior ? { sourceEndBehavior: this.options.attachment.inputSettings.sourceEndBehavior } : {}),
          ...(this.options.url !== undefined ? { url: this.options.url } : {}),
          ...(this.options.clipping !== undefined ? { clipping: this.options.clipping } : {}),
          onState: (state) => this.options.onPullState?.(this, state),
          onTs,
          onAlert: (alert) => this.options.onAlert({ ...alert, inputId: input.id }),
        });
        this.#edge = pull;
        pull.start();
      }
    }
  }

  updateAllowList(cidrs: readonly string[]): void {
    this.allowList.update(cidrs);
  }

  /** The reader's counters for /metrics, with the monitor's snapshot taken at `nowMs`. */
  stats(snapshot: SourceSnapshot, nowMs: number): SourceStats {
    const edge = this.#edge;
    let packetsIn = Math.floor(snapshot.bytesIn / 188);
    let disallowed = 0;
    let rtp: SourceStats["rtp"];
    if (edge instanceof RtpPushEndpoint) {
      const stats = edge.stats;
      packetsIn = stats.datagrams - stats.disallowedDatagrams;
      disallowed = stats.disallowedDatagrams;
      rtp = { received: stats.rtp.received, lost: stats.rtp.lost, reordered: stats.rtp.reordered, duplicates: stats.rtp.duplicates };
    } else if (edge instanceof SrtListenerEndpoint) {
      const stats = edge.stats;
      packetsIn = stats.datagramsIn - stats.disallowedDatagrams;
      disallowed = stats.disallowedDatagrams;
    } else if (edge instanceof RtmpPushEndpoint) {
      const stats = edge.stats;
      packetsIn = stats.accessUnits;
      disallowed = stats.disallowedConnections;
    }
    const bitrateBps = snapshot.streamInfo.bitrateBps;
    return {
      readerId: this.readerId,
      attachmentName: this.attachmentName,
      inputId: this.options.input.id,
      inputType: this.options.input.type,
      bytesIn: snapshot.bytesIn,
      packetsIn,
      videoFrames: this.#videoFrames,
      audioFrames: this.#audioFrames,
      continuityErrors: snapshot.continuityErrors,
      disallowed,
      ...(bitrateBps !== undefined ? { bitrateBps } : {}),
      receiving: snapshot.lastVideoMs !== undefined && nowMs - snapshot.lastVideoMs < RECEIVING_FRESH_MS,
      ...(rtp ? { rtp } : {}),
    };
  }

  #unit(unit: AccessUnit, nowMs: number): void {
    if (this.#closed) return;
    if (unit.kind === "video") this.#videoFrames += 1;
    else this.#audioFrames += 1;
    if (unit.kind === "audio") {
      if (!this.audioTracks.includes(unit.trackId)) {
        this.audioTracks.push(unit.trackId);
        this.audioTracks.sort((a, b) => a - b);
      }
      this.lastAudioMs = nowMs;
    } else {
      if (this.videoTrackId === undefined && unit.keyframe) this.videoTrackId = unit.trackId;
      if (unit.trackId === this.videoTrackId) {
        this.lastVideoMs = nowMs;
        if (unit.keyframe) this.parameterSets.observe(unit.codec, unit.data);
      }
    }
    this.gop.push(unit, nowMs, this.videoTrackId);
    this.options.onUnit(this, unit, nowMs);
  }

  /**
   * The source track that feeds an audio selector: `audioPidSelection` names a PID,
   * `audioTrackSelection` a 1-based track, otherwise the first audio (MediaLive's default).
   */
  audioTrackFor(selectorName: string): number | undefined {
    const selector = this.options.attachment.inputSettings?.audioSelectors?.find((s) => s.name === selectorName);
    const settings = selector?.selectorSettings;
    if (settings?.audioPidSelection?.pid !== undefined) return settings.audioPidSelection.pid;
    const track = settings?.audioTrackSelection?.tracks?.[0]?.track;
    if (track !== undefined) return this.audioTracks[track - 1];
    return this.audioTracks[0];
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#edge?.close();
  }
}

function captionSelectorsOf(attachment: InputAttachment): { name: string; kind: CaptionSelectorKind }[] {
  const kinds: CaptionSelectorKind[] = ["embeddedSourceSettings", "dvbSubSourceSettings", "teletextSourceSettings", "scte27SourceSettings"];
  return (attachment.inputSettings?.captionSelectors ?? []).flatMap((selector) => {
    const settings = selector.selectorSettings as Record<string, unknown> | undefined;
    const kind = kinds.find((k) => settings?.[k] !== undefined);
    return kind && selector.name ? [{ name: selector.name, kind }] : [];
  });
}
