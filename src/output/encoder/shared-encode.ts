// The one encode of a pipeline: every video and audio description that some output names is
// encoded once, into one ffmpeg output of the tee muxer, and each output (an HLS variant
// today; archive, UDP or RTMP outputs later) is a tee slave that selects the encoded streams
// it names. ffmpeg cannot feed one encoder's packets to two output files otherwise; tee
// hands the same packets to every slave, each with its own muxer and muxer options (file
// names, program number, PMT PID …).
//
// What an encoded stream carries is decided once for all its slaves:
// - keyframes: IDRs at the boundaries of every segment length its slaves use (gop-alignment.ts);
// - PIDs: ffmpeg sets a stream's PID (-streamid) on the encoded stream, and tee copies it to
//   every slave, so the first output to name a description decides its PID and an output
//   asking for another one is reported in the plan's warnings;
// - captions: A/53 caption SEI is written by the encoder into the picture itself (ATSC A/53
//   Part 4), and nothing in ffmpeg 5.1 removes it from a slave's copy (h264_metadata has no
//   caption option); as in MediaLive, an output without caption descriptions carries no
//   captions, so a description named by outputs with and without captions is encoded twice,
//   once each way. Every other output naming it shares one of the two.
// - timed metadata: a fed ID3 stream (timed-metadata-feeds.ts) is copied, not encoded, once
//   into the tee output for every output that carries it.
// Audio descriptions that differ only in name (MediaLive's console gives each output of its
// HLS template its own, with the same settings) produce the same packets: they share an encode.

import type { ResolvedAudio } from "./audio-encode.ts";
import type { CaptionBurnin } from "./caption-burnin.ts";
import type { FilterBranch } from "./filter-graph.ts";
import { commonKeyframePeriodSec, NO_FORCED_KEYFRAMES, segmentKeyframeExpr } from "./gop-alignment.ts";
import { audioStreamArgs, videoStreamArgs } from "./output-encode.ts";
import { teeTarget, type TeeSlave } from "./tee-target.ts";
import { DEFAULT_TIMED_METADATA_PID } from "./timed-metadata-feeds.ts";
import type { ResolvedVideo } from "./video-format.ts";

/**
 * Packets the output may buffer while its encoders fill their look-ahead (pass-through audio
 * arrives long before the first encoded picture); ffmpeg's default of 128 is too small.
 */
const MAX_MUXING_QUEUE_PACKETS = 4096;

/**
 * Microseconds a muxer holds packets waiting for every stream to have one, where a sparse
 * timed-metadata stream is muxed: libavformat's interleaver otherwise waits up to its 10 s
 * default for the next ID3 tag before writing the pictures ahead of it, which delays every
 * segment by up to the tags' period. One second still covers the encoders' look-ahead.
 */
const SPARSE_INTERLEAVE_DELTA_US = 1_000_000;

/** An output-locked encode: the IDRs of a keyframe period. */
export interface OutputLockingArgs {
  readonly keyframeExpr: (periodSec: number) => string;
}

/** What one output asks of the shared encode. */
export interface EncodeRequest {
  /** Absent: an output of audio only (an HLS audio rendition). */
  readonly video?: ResolvedVideo;
  /** The output's video carries A/53 captions (H.264 only). */
  readonly captions: boolean;
  /** A caption description burned into the output's picture: its own encode, like captions. */
  readonly burnin?: CaptionBurnin;
  readonly audios: readonly ResolvedAudio[];
  /** The output's segment length: its IDRs fall on these boundaries. Absent: a continuous output (no boundaries of its own). */
  readonly segmentLengthSec?: number;
  /** The PIDs the output's MPEG-TS settings ask for (audioPids[k]: audios[k]). */
  readonly videoPid: number;
  readonly audioPids: readonly number[];
  /**
   * The output's container has no PIDs (fMP4 segments): it takes the PIDs its streams get from
   * outputs that do ask, and its own (MediaLive's defaults) only where none asks.
   */
  readonly pidsUnasked?: boolean;
  /**
   * A fed timed-metadata stream the output carries (its index among the fed data streams) and
   * the PID it asks for; without one (an output with no MPEG-TS settings of its own) it takes
   * the PID the stream has, MediaLive's default 502 if it is the first to carry it.
   */
  readonly timedMetadata?: { readonly feedIndex: number; readonly pid?: number };
  /** The output writes ad markers: the encode keeps the splice marks of the fed pictures (media/scte35/splice-mark-sei.ts). */
  readonly spliceMarks?: boolean;
  /** Who asks, for warnings, e.g. `output "720p" of group "hls"`. */
  readonly requester: string;
}

/** A stream of the shared encode output. */
export interface EncodedStream {
  readonly type: "video" | "audio" | "data";
  /** Its place among the output's streams of its type. */
  readonly index: number;
}

/** The streams an output receives: its video, then its audios in its order, then its timed metadata. */
export type EncodedStreams = readonly EncodedStream[];

/** One output fed by the shared encode: a tee slave without its stream selection. */
export interface SlaveRequest {
  readonly format: string;
  readonly options: readonly (readonly [key: string, value: string])[];
  readonly streams: EncodedStreams;
  readonly path: string;
}

interface StreamClaim {
  pid: number;
  requester: string;
  /** Set by an output whose container has no PIDs: the first output that asks for one sets it. */
  unasked?: boolean;
}

interface VideoEncode extends StreamClaim {
  readonly video: ResolvedVideo;
  readonly captions: boolean;
  readonly burnin: CaptionBurnin | undefined;
  readonly segmentLengthsSec: Set<number>;
  spliceMarks?: boolean;
}

interface DataCopy extends StreamClaim {
  readonly feedIndex: number;
}

interface AudioEncode extends StreamClaim {
  readonly audio: ResolvedAudio;
  readonly key: string;
}

/** Everything of an audio description that reaches its encoded stream (not its name nor its HLS stream name). */
const audioEncodeKey = (audio: ResolvedAudio): string => JSON.stringify([audio.fedIndex, audio.passThrough, audio.filterChain, audio.codecArgs, audio.languageCode, audio.disposition]);

/** The filter branches the shared encode adds to the plan's filter graph. */
export interface EncodeBranches {
  readonly video: FilterBranch[];
  /** Fed audio stream index → its branches. */
  readonly audio: Map<number, FilterBranch[]>;
}

export class SharedEncode {
  readonly #videos: VideoEncode[] = [];
  readonly #audios: AudioEncode[] = [];
  readonly #datas: DataCopy[] = [];

  /** Whether the encode copies timed-metadata (data) streams from the fed TS. */
  get carriesData(): boolean {
    return this.#datas.length > 0;
  }
  readonly #slaves: SlaveRequest[] = [];
  readonly #warn: (message: string) => void;

  constructor(warn: (message: string) => void) {
    this.#warn = warn;
  }

  /** The encoded streams of `request`, encoding a description only the first time one is asked for. */
  encodeOnce(request: EncodeRequest): EncodedStreams {
    const { video, captions, burnin, requester } = request;
    const streams: EncodedStream[] = [];
    if (video) {
      let videoIndex = this.#videos.findIndex((encode) => encode.video.name === video.name && encode.captions === captions && encode.burnin?.descriptionName === burnin?.descriptionName);
      if (videoIndex < 0) {
        videoIndex = this.#videos.push({ video, captions, burnin, segmentLengthsSec: new Set(), pid: request.videoPid, requester, unasked: request.pidsUnasked === true }) - 1;
      }
      const videoEncode = this.#videos[videoIndex]!;
      if (request.segmentLengthSec !== undefined) videoEncode.segmentLengthsSec.add(request.segmentLengthSec);
      if (request.spliceMarks) videoEncode.spliceMarks = true;
      this.#checkPid(videoEncode, request, request.videoPid, `video description "${video.name}"`);
      streams.push({ type: "video", index: videoIndex });
    }
    request.audios.forEach((audio, k) => {
      const pid = request.audioPids[k]!;
      const key = audioEncodeKey(audio);
      let audioIndex = this.#audios.findIndex((encode) => encode.key === key);
      if (audioIndex < 0) audioIndex = this.#audios.push({ audio, key, pid, requester, unasked: request.pidsUnasked === true }) - 1;
      this.#checkPid(this.#audios[audioIndex]!, request, pid, `audio description "${audio.name}"`);
      streams.push({ type: "audio", index: audioIndex });
    });
    if (request.timedMetadata) {
      const { feedIndex, pid } = request.timedMetadata;
      let dataIndex = this.#datas.findIndex((copy) => copy.feedIndex === feedIndex);
      if (dataIndex < 0) dataIndex = this.#datas.push({ feedIndex, pid: pid ?? DEFAULT_TIMED_METADATA_PID, requester }) - 1;
      if (pid !== undefined) this.#checkPid(this.#datas[dataIndex]!, request, pid, "timed metadata");
      streams.push({ type: "data", index: dataIndex });
    }
    return streams;
  }

  /** The video of each encode, in the order of their branches (`venc<j>`). */
  get videoEncodes(): ResolvedVideo[] {
    return this.#videos.map((encode) => encode.video);
  }

  addSlave(slave: SlaveRequest): void {
    this.#slaves.push(slave);
  }

  #checkPid(claim: StreamClaim, request: EncodeRequest, pid: number, what: string): void {
    const { requester } = request;
    if (claim.pid === pid || request.pidsUnasked) return;
    if (claim.unasked) {
      // The first output that asks decides; the outputs without PIDs before it do not mind.
      claim.pid = pid;
      claim.requester = requester;
      claim.unasked = false;
      return;
    }
    this.#warn(`${requester} asks PID ${pid} for ${what}, which ${claim.requester} gets as PID ${claim.pid}: one encode feeds both and ffmpeg sets PIDs per encoded stream, so both get ${claim.pid}`);
  }

  /** Filter branches of the encodes (labels `venc<j>`, `aenc<k>`; pass-through audio has none). */
  branches(videoChain: (video: ResolvedVideo, burnin?: CaptionBurnin) => string): EncodeBranches {
    const audio = new Map<number, FilterBranch[]>();
    this.#audios.forEach(({ audio: resolved }, k) => {
      if (resolved.passThrough) return;
      const list = audio.get(resolved.fedIndex) ?? [];
      list.push({ label: `aenc${k}`, chain: resolved.filterChain! });
      audio.set(resolved.fedIndex, list);
    });
    return { video: this.#videos.map((encode, j) => ({ label: `venc${j}`, chain: videoChain(encode.video, encode.burnin) })), audio };
  }

  /**
   * The tee output: every encoded stream once (videos, audios, then copied timed metadata), then one slave per output. Empty without slaves.
   * `locking`: an output-locked encode's keyframes (output-locking.ts), its frames keeping their timestamps.
   */
  outputArgs(locking?: OutputLockingArgs): string[] {
    if (this.#slaves.length === 0) return [];
    const args: string[] = [];
    this.#videos.forEach((_, j) => args.push("-map", `[venc${j}]`));
    this.#audios.forEach(({ audio }, k) => args.push("-map", audio.passThrough ? `0:a:${audio.fedIndex}` : `[aenc${k}]`));
    this.#datas.forEach(({ feedIndex }) => args.push("-map", `0:d:${feedIndex}`));
    this.#videos.forEach((encode, j) => {
      const keyframeExpr = encode.segmentLengthsSec.size > 0 ? (locking?.keyframeExpr ?? segmentKeyframeExpr)(commonKeyframePeriodSec([...encode.segmentLengthsSec])) : NO_FORCED_KEYFRAMES;
      args.push(...videoStreamArgs(encode.video, encode.captions, keyframeExpr, j, encode.spliceMarks === true, locking ? "passthrough" : "cfr"), "-streamid", `${j}:${encode.pid}`);
    });
    this.#audios.forEach((encode, k) => args.push(...audioStreamArgs(encode.audio, k), "-streamid", `${this.#videos.length + k}:${encode.pid}`));
    this.#datas.forEach((copy, m) => args.push(`-c:d:${m}`, "copy", "-streamid", `${this.#videos.length + this.#audios.length + m}:${copy.pid}`));
    if (this.#datas.length > 0) args.push("-max_interleave_delta", String(SPARSE_INTERLEAVE_DELTA_US));
    args.push("-max_muxing_queue_size", String(MAX_MUXING_QUEUE_PACKETS), "-f", "tee", teeTarget(this.#slaves.map((slave) => this.#teeSlave(slave))));
    return args;
  }

  #teeSlave(slave: SlaveRequest): TeeSlave {
    const streamIndexes = slave.streams.map((stream) => this.#outputIndex(stream));
    const pids = slave.streams.map((stream) => this.#claim(stream).pid);
    const repeated = pids.filter((pid, i) => pids.indexOf(pid) !== i);
    if (repeated.length > 0) this.#warn(`the output written to ${slave.path} would carry PID ${repeated[0]} twice (shared encodes decide PIDs): the MPEG-TS muxer refuses it and that output stays empty`);
    const sparse = slave.streams.some((stream) => stream.type === "data");
    const options = sparse ? [...slave.options, ["max_interleave_delta", String(SPARSE_INTERLEAVE_DELTA_US)] as const] : slave.options;
    return { format: slave.format, options, streamIndexes, path: slave.path };
  }

  /** A stream's index in the tee output: videos, then audios, then timed metadata. */
  #outputIndex(stream: EncodedStream): number {
    if (stream.type === "video") return stream.index;
    if (stream.type === "audio") return this.#videos.length + stream.index;
    return this.#videos.length + this.#audios.length + stream.index;
  }

  #claim(stream: EncodedStream): StreamClaim {
    if (stream.type === "video") return this.#videos[stream.index]!;
    if (stream.type === "audio") return this.#audios[stream.index]!;
    return this.#datas[stream.index]!;
  }
}
