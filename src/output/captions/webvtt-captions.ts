// WebVTT subtitle renditions of a running pipeline's HLS groups, decoded from the CEA-608
// captions of the video it feeds the encoder. Runs in the pipeline worker: the worker hands
// over every fed video access unit (decode order) and ticks; each rendition's segments cover
// the HLS group's segment length on the fed timeline and are written with X-TIMESTAMP-MAP
// (RFC 8216 §3.5) in the encoder's output timestamps. The encoder rebases what it is fed,
// so the offset between the two clocks is read from the first TS segment the encoder
// writes after it starts (first-video-pts.ts); segments wait until it is known.

import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import { cea608PairsOfAccessUnit } from "../../media/captions/cc-pairs.ts";
import { Cea608Track } from "../../media/captions/cea608-track.ts";
import type { EncoderPlan, PlannedGroup } from "../encoder/plan-types.ts";
import { segmentNumbersIn } from "../hls/stale-segments.ts";
import { firstVideoPts90k } from "./first-video-pts.ts";
import { renderWebvttPlaylist, type ListedSegment } from "./webvtt-playlist.ts";
import { segmentFileName, webvttRenditionsOf, type WebvttRenditionPlan } from "./webvtt-renditions.ts";
import { WebvttSegmenter } from "./webvtt-segmenter.ts";
import { renderWebvttSegment } from "./webvtt-text.ts";

/** How often the first output segment is looked for while the clock offset is unknown. */
const OFFSET_POLL_MS = 250;

interface Rendition {
  readonly plan: WebvttRenditionPlan;
  readonly group: PlannedGroup;
  track: Cea608Track;
  segmenter: WebvttSegmenter | undefined;
  listed: ListedSegment[];
  /** Files written, oldest first (deleted past keepSegments). */
  written: string[];
  nextIndex: number;
  discontinuitySequence: number;
  discontinuityNext: boolean;
}

/** The variant playlist (and its folder and segment template) whose first new segment gives the clock offset. */
interface ProbeVariant {
  readonly playlist: string;
  readonly folder: string;
  readonly template: string;
}

export interface WebvttCaptionsOptions {
  readonly config: ChannelConfig;
  readonly plan: EncoderPlan;
  readonly videoCodec: string;
  readonly logger: Logger;
}

export class WebvttCaptions {
  readonly #renditions: Rendition[];
  /** The fed video's codec while it can carry A/53 captions (MPEG-2 video user data is not read). */
  #codec: "H264" | "H265" | undefined;
  readonly #logger: Logger;
  readonly #probe: ProbeVariant;
  #segmentsAtStart = new Set<string>();
  #fedOriginPts90k: number | undefined;
  #offset90k: number | undefined;
  #lastPollMs = 0;

  /** Undefined when no output names a WebVTT caption description. */
  static create(options: WebvttCaptionsOptions): WebvttCaptions | undefined {
    const renditions = options.plan.groups.flatMap((group) => webvttRenditionsOf(options.config, group).map((plan) => ({ plan, group })));
    // Every encode of the pipeline shares the encoder's clock: any variant tells the offset.
    const probeGroup = [renditions[0]?.group, ...options.plan.groups].find((group) => group !== undefined && group.variants.length > 0);
    const probeVariant = probeGroup?.variants[0];
    if (renditions.length === 0 || !probeGroup || !probeVariant) return undefined;
    const probe = { playlist: path.join(probeGroup.destination.folder, probeVariant.playlistName), folder: probeGroup.destination.folder, template: probeVariant.segmentTemplate };
    const captions = new WebvttCaptions(renditions, options.logger, probe);
    captions.useVideoCodec(options.videoCodec);
    return captions;
  }

  private constructor(renditions: readonly { plan: WebvttRenditionPlan; group: PlannedGroup }[], logger: Logger, probe: ProbeVariant) {
    this.#renditions = renditions.map(({ plan, group }) => ({
      plan,
      group,
      track: new Cea608Track(plan.cea608Channel),
      segmenter: undefined,
      listed: [],
      written: [],
      nextIndex: 0,
      discontinuitySequence: 0,
      discontinuityNext: false,
    }));
    this.#logger = logger;
    this.#probe = probe;
  }

  /** The fed video's codec (a new layout keeps the renditions and their numbering). */
  useVideoCodec(codec: string): void {
    this.#codec = codec === "H264" || codec === "H265" ? codec : undefined;
  }

  /** An encoder run starts: its timestamps start afresh, so the offset is learned again and the playlists mark a discontinuity. */
  encoderStarting(): void {
    this.#segmentsAtStart = new Set(this.#listedProbeSegments().keys());
    const restarted = this.#fedOriginPts90k !== undefined;
    this.#fedOriginPts90k = undefined;
    this.#offset90k = undefined;
    for (const rendition of this.#renditions) {
      rendition.track = new Cea608Track(rendition.plan.cea608Channel);
      rendition.segmenter = undefined;
      rendition.discontinuityNext = restarted;
    }
  }

  /** One video access unit the worker fed the encoder (Annex B, decode order). */
  video(pts90k: number, data: Uint8Array): void {
    if (this.#fedOriginPts90k === undefined) {
      this.#fedOriginPts90k = pts90k;
      for (const rendition of this.#renditions) rendition.segmenter = new WebvttSegmenter({ segmentLengthSec: rendition.group.segmentLengthSec, originPts90k: pts90k });
    }
    const codec = this.#codec;
    const pairs = { 1: undefined as ReturnType<typeof cea608PairsOfAccessUnit> | undefined, 2: undefined as ReturnType<typeof cea608PairsOfAccessUnit> | undefined };
    for (const rendition of this.#renditions) {
      const field = rendition.track.field;
      pairs[field] ??= codec ? cea608PairsOfAccessUnit(codec, data, field) : [];
      rendition.segmenter?.add(rendition.track.pushPicture(pts90k, pairs[field]));
    }
  }

  /** Learns the clock offset once the encoder's first segment is out, then writes the segments that are complete. */
  tick(nowMs: number): void {
    if (this.#offset90k === undefined) {
      if (this.#fedOriginPts90k === undefined || nowMs - this.#lastPollMs < OFFSET_POLL_MS) return;
      this.#lastPollMs = nowMs;
      const first = this.#firstNewSegment();
      if (first === undefined) return;
      this.#offset90k = first.pts90k - this.#fedOriginPts90k;
      // The subtitle segments take the video's numbers: segments of one number cover the same time.
      for (const rendition of this.#renditions) rendition.nextIndex = Math.max(rendition.nextIndex, first.number);
      this.#logger.debug({ offset90k: this.#offset90k }, "WebVTT captions: output clock offset");
    }
    for (const rendition of this.#renditions) this.#writeComplete(rendition, this.#offset90k);
  }

  #writeComplete(rendition: Rendition, offset90k: number): void {
    const reached = rendition.track.decodedPts90k;
    if (!rendition.segmenter || reached === undefined) return;
    const segments = rendition.segmenter.cut(reached, rendition.track.showing);
    if (segments.length === 0) return;
    const folder = rendition.group.destination.folder;
    try {
      for (const segment of segments) {
        const fileName = segmentFileName(rendition.plan.segmentTemplate, rendition.nextIndex);
        writeAtomically(path.join(folder, fileName), renderWebvttSegment(segment.startPts90k + offset90k, segment.cues, rendition.plan.styleControl));
        rendition.listed.push({ index: rendition.nextIndex, fileName, durationSec: segment.durationTicks90k / 90_000, discontinuity: rendition.discontinuityNext });
        rendition.written.push(fileName);
        rendition.discontinuityNext = false;
        rendition.nextIndex += 1;
      }
      while (rendition.listed.length > rendition.group.indexNSegments) {
        if (rendition.listed.shift()?.discontinuity) rendition.discontinuitySequence += 1;
      }
      writeAtomically(path.join(folder, rendition.plan.playlistName), renderWebvttPlaylist(rendition.listed, rendition.group.segmentLengthSec, rendition.discontinuitySequence));
      while (rendition.written.length > rendition.group.keepSegments) rmSync(path.join(folder, rendition.written.shift()!), { force: true });
    } catch (error) {
      this.#logger.warn({ err: error, playlist: rendition.plan.playlistName }, "WebVTT captions: cannot write");
    }
  }

  /** Segment file name → number, as the probe playlist lists them now. */
  #listedProbeSegments(): Map<string, number> {
    try {
      return segmentNumbersIn(readFileSync(this.#probe.playlist, "utf8").split("\n").map((line) => line.trim()), this.#probe.template);
    } catch {
      return new Map();
    }
  }

  /** The number and first video PTS of the first segment the running encoder listed, once there is one. */
  #firstNewSegment(): { number: number; pts90k: number } | undefined {
    const fresh = [...this.#listedProbeSegments()].filter(([name]) => !this.#segmentsAtStart.has(name)).sort((a, b) => a[1] - b[1]);
    if (fresh[0] === undefined) return undefined;
    try {
      const pts90k = firstVideoPts90k(readFileSync(path.join(this.#probe.folder, fresh[0][0])));
      return pts90k === undefined ? undefined : { number: fresh[0][1], pts90k };
    } catch {
      return undefined;
    }
  }
}

function writeAtomically(file: string, text: string): void {
  const temp = `${file}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}
