// What one input source carries, detected from its elementary streams: codecs, profile,
// level, resolution, frame rate, interlace, audio channels and sample rate, captions
// (A/53 CEA-608/708 in the video, DVB-Sub/Teletext/SCTE-27 PIDs from the PMT), SCTE-35
// PIDs, and the bitrate over the last seconds. Fed by the TS demuxer (program + PES) or
// by RTMP (access units). Pure: time is passed in.

import { adtsToAudioInfo, parseAdtsHeader } from "../audio/adts.ts";
import { ac3ToAudioInfo, parseAc3Header } from "../audio/ac3.ts";
import { eac3ToAudioInfo, parseEac3Header } from "../audio/eac3.ts";
import { mpegAudioToAudioInfo, parseMpegAudioHeader } from "../audio/mpeg-audio.ts";
import { parseH264AccessUnit } from "../h264/access-unit.ts";
import { videoInfoFromSps } from "../h264/video-info.ts";
import { parseH265AccessUnit } from "../h265/access-unit.ts";
import { videoInfoFromH265Sps } from "../h265/video-info.ts";
import { parseMpeg2VideoAccessUnit, videoInfoFromMpeg2Sequence } from "../mpeg2video/access-unit.ts";
import type { TsProgram } from "../mpegts/ts-demuxer.ts";
import type { AudioInfo, CaptionInfo, Codec, StreamInfo, VideoInfo } from "../types.ts";

/** Bitrate is measured over this many one-second buckets. */
const BITRATE_WINDOW_S = 5;
/** Caption detection parses every picture's SEI until this many pictures, then every 10th. */
const CAPTION_FULL_SCAN_PICTURES = 300;

export interface ProbeUnit {
  readonly trackId: number;
  readonly kind: string;
  readonly codec: Codec;
  readonly data: Uint8Array;
}

interface TrackState {
  readonly codec: Codec;
  video?: VideoInfo;
  audio?: AudioInfo;
  pictures: number;
}

export class StreamProbe {
  readonly #tracks = new Map<number, TrackState>();
  readonly #cea608 = new Set<number>();
  readonly #cea708 = new Set<number>();
  #pidCaptions: Pick<CaptionInfo, "dvbSubPids" | "teletextPids" | "scte27Pids"> = { dvbSubPids: [], teletextPids: [], scte27Pids: [] };
  #scte35Pids: readonly number[] = [];
  readonly #bucketBytes = new Map<number, number>();
  #firstSecond: number | undefined;

  /** A PMT: which PIDs carry what; caption and SCTE-35 PIDs. */
  program(program: TsProgram): void {
    // Streams openlive does not decode still show up, by name, so the user learns what arrived.
    for (const stream of program.streams) {
      if (stream.codec !== "UNKNOWN" || (stream.kind !== "video" && stream.kind !== "audio")) continue;
      const description = stream.note ?? `stream type 0x${stream.streamType.toString(16)}`;
      const track: TrackState = this.#tracks.get(stream.pid) ?? { codec: "UNKNOWN", pictures: 0 };
      if (stream.kind === "video") track.video = { codec: "UNKNOWN", description };
      else track.audio = { codec: "UNKNOWN", description };
      this.#tracks.set(stream.pid, track);
    }
    this.#pidCaptions = { dvbSubPids: program.captions.dvbSubPids, teletextPids: program.captions.teletextPids, scte27Pids: program.captions.scte27Pids };
    this.#scte35Pids = program.scte35Pids;
  }

  /** Counts bytes for the bitrate (every TS packet or datagram of the source). */
  bytes(count: number, nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    this.#firstSecond ??= second;
    this.#bucketBytes.set(second, (this.#bucketBytes.get(second) ?? 0) + count);
    for (const key of this.#bucketBytes.keys()) if (key <= second - BITRATE_WINDOW_S) this.#bucketBytes.delete(key);
  }

  /** A whole video picture or audio PES/frame. */
  unit(unit: ProbeUnit): void {
    let track = this.#tracks.get(unit.trackId);
    if (!track) this.#tracks.set(unit.trackId, (track = { codec: unit.codec, pictures: 0 }));
    if (unit.kind === "video") this.#video(track, unit);
    else if (unit.kind === "audio" && !track.audio) track.audio = audioInfoOf(unit.codec, unit.data);
  }

  #video(track: TrackState, unit: ProbeUnit): void {
    track.pictures += 1;
    const scanCaptions = track.pictures <= CAPTION_FULL_SCAN_PICTURES || track.pictures % 10 === 0;
    // A new sequence (an encoder restarted at another size) repeats its parameter sets at
    // the start of a keyframe: those pictures are parsed too, so the detected video follows.
    if (track.video && !scanCaptions && !startsWithParameterSet(unit.codec, unit.data)) return;
    if (unit.codec === "H264") {
      const info = parseH264AccessUnit(unit.data);
      if (info.sps) track.video = videoInfoFromSps(info.sps);
      this.#addCaptions(info.captions);
    } else if (unit.codec === "H265") {
      const info = parseH265AccessUnit(unit.data);
      if (info.sps) track.video = videoInfoFromH265Sps(info.sps, info.vps);
      this.#addCaptions(info.captions);
    } else if (unit.codec === "MPEG2_VIDEO") {
      const info = parseMpeg2VideoAccessUnit(unit.data);
      if (info.sequenceHeader) track.video = videoInfoFromMpeg2Sequence(info.sequenceHeader, info.sequenceExtension);
    } else if (!track.video) {
      track.video = { codec: unit.codec };
    }
  }

  #addCaptions(captions: { cea608Channels: readonly number[]; cea708Services: readonly number[] } | undefined): void {
    if (!captions) return;
    for (const channel of captions.cea608Channels) this.#cea608.add(channel);
    for (const service of captions.cea708Services) this.#cea708.add(service);
  }

  /** What is known so far; `nowMs` closes the bitrate window. */
  streamInfo(nowMs: number): StreamInfo {
    const video: (VideoInfo & { trackId: number })[] = [];
    const audio: (AudioInfo & { trackId: number })[] = [];
    for (const [trackId, track] of this.#tracks) {
      if (track.video) video.push({ ...track.video, trackId });
      if (track.audio) audio.push({ ...track.audio, trackId });
    }
    const second = Math.floor(nowMs / 1000);
    let bytes = 0;
    let seconds = 0;
    for (const [key, count] of this.#bucketBytes) {
      // The current second is partial, and so is the one the source started in: they do not count.
      if (key < second && key > second - 1 - BITRATE_WINDOW_S && key !== this.#firstSecond) {
        bytes += count;
        seconds += 1;
      }
    }
    return {
      video,
      audio,
      captions: { cea608Channels: [...this.#cea608].sort((a, b) => a - b), cea708Services: [...this.#cea708].sort((a, b) => a - b), ...this.#pidCaptions },
      scte35Pids: [...this.#scte35Pids],
      ...(seconds > 0 ? { bitrateBps: Math.round((bytes * 8) / seconds) } : {}),
    };
  }
}

function audioInfoOf(codec: Codec, data: Uint8Array): AudioInfo | undefined {
  switch (codec) {
    case "AAC": {
      const header = parseAdtsHeader(data);
      return header ? adtsToAudioInfo(header) : undefined;
    }
    case "AC3": {
      const header = parseAc3Header(data);
      return header ? ac3ToAudioInfo(header) : undefined;
    }
    case "EAC3": {
      const header = parseEac3Header(data);
      return header ? eac3ToAudioInfo(header) : undefined;
    }
    case "MPEG_AUDIO": {
      const header = parseMpegAudioHeader(data);
      return header ? mpegAudioToAudioInfo(header) : undefined;
    }
    default:
      return { codec };
  }
}

/** Bytes looked at for a parameter set: it follows at most an access unit delimiter and SEI. */
const PARAMETER_SET_SCAN_BYTES = 256;

/** Whether the access unit carries an SPS (H.264 type 7, H.265 type 33) or an MPEG-2 sequence header near its start. */
function startsWithParameterSet(codec: string, data: Uint8Array): boolean {
  const end = Math.min(data.length - 3, PARAMETER_SET_SCAN_BYTES);
  for (let i = 0; i < end; i++) {
    if (data[i] !== 0 || data[i + 1] !== 0 || data[i + 2] !== 1) continue;
    const header = data[i + 3]!;
    if (codec === "H264" && (header & 0x1f) === 7) return true;
    if (codec === "H265" && ((header >> 1) & 0x3f) === 33) return true;
    if (codec === "MPEG2_VIDEO" && header === 0xb3) return true;
  }
  return false;
}
