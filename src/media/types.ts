// The shapes every media parser produces: access units on a 90 kHz clock, and what was
// detected about each elementary stream and input source. Pure data, no I/O.

/** 90 kHz clock ticks (MPEG-TS PTS/DTS units), unwrapped to a monotonic number. */
export type Ticks90k = number;

export const Codecs = {
  H264: "H264",
  H265: "H265",
  MPEG2_VIDEO: "MPEG2_VIDEO",
  AAC: "AAC",
  AC3: "AC3",
  EAC3: "EAC3",
  MPEG_AUDIO: "MPEG_AUDIO",
  LPCM: "LPCM",
  UNKNOWN: "UNKNOWN",
} as const;
export type Codec = (typeof Codecs)[keyof typeof Codecs];

export type TrackKind = "video" | "audio" | "captions" | "data";

/** One decodable unit: a whole video picture (Annex B) or one or more audio frames. */
export interface AccessUnit {
  /** Elementary stream PID (TS) or track number (RTMP: 0 video, 1 audio). */
  readonly trackId: number;
  readonly kind: "video" | "audio";
  readonly codec: Codec;
  readonly pts90k: Ticks90k;
  readonly dts90k: Ticks90k;
  /** A random access point (IDR / IRAP picture, or every audio unit). */
  readonly keyframe: boolean;
  readonly data: Uint8Array;
}

export interface CaptionInfo {
  /** CEA-608 channels seen in A/53 SEI (1–4). */
  readonly cea608Channels: readonly number[];
  /** CEA-708 service numbers seen in A/53 SEI. */
  readonly cea708Services: readonly number[];
  /** PIDs of DVB subtitles (descriptor 0x59), Teletext (0x56) and SCTE-27 (stream type 0x82) from the PMT. */
  readonly dvbSubPids: readonly number[];
  readonly teletextPids: readonly number[];
  readonly scte27Pids: readonly number[];
}

export interface VideoInfo {
  readonly codec: Codec;
  /** What the stream is when openlive does not process its codec (e.g. "MPEG-4 Part 2 video"). */
  readonly description?: string;
  readonly profile?: string;
  readonly level?: string;
  readonly width?: number;
  readonly height?: number;
  /** Frames per second from the bitstream (VUI / sequence header), when signalled. */
  readonly frameRate?: number;
  readonly interlaced?: boolean;
}

export interface AudioInfo {
  readonly codec: Codec;
  /** What the stream is when openlive does not process its codec (e.g. "Opus"). */
  readonly description?: string;
  readonly channels?: number;
  readonly sampleRateHz?: number;
  /** e.g. AAC object type ("LC", "HE-AAC"), MPEG layer ("Layer II"). */
  readonly profile?: string;
}

/** What was detected on one input source (one endpoint or pull source). */
export interface StreamInfo {
  readonly video: readonly (VideoInfo & { readonly trackId: number })[];
  readonly audio: readonly (AudioInfo & { readonly trackId: number })[];
  readonly captions: CaptionInfo;
  readonly scte35Pids: readonly number[];
  /** Measured over the last seconds, by the monitor. */
  readonly bitrateBps?: number;
}
