// The stream layout of the MPEG-TS a pipeline feeds its encoder: one video stream and one
// audio stream per audio selector the channel's outputs use. Fixed while the encoder runs:
// a source whose codecs differ from it needs an encoder restart (the worker does that),
// while a different resolution, frame rate or sample rate is absorbed by ffmpeg's filters.

import { StreamTypes } from "../../media/mpegts/constants.ts";
import type { TsMuxerStream } from "../../media/mpegts/ts-muxer.ts";
import { Codecs, type Codec } from "../../media/types.ts";

export type FedVideoCodec = "H264" | "H265" | "MPEG2_VIDEO";
export type FedAudioCodec = "AAC" | "AC3" | "EAC3" | "MPEG_AUDIO";

export interface FedAudioTrack {
  readonly selectorName: string;
  readonly codec: FedAudioCodec;
  readonly sampleRateHz: number;
  readonly channels: number;
  /** ISO 639 language of the source track (FOLLOW_INPUT language). */
  readonly languageCode?: string;
}

export interface ProgramLayout {
  readonly videoCodec: FedVideoCodec;
  readonly width: number;
  readonly height: number;
  readonly frameRate: { readonly num: number; readonly den: number };
  readonly audio: readonly FedAudioTrack[];
}

export const VIDEO_PID = 0x100;
export const FIRST_AUDIO_PID = 0x101;

export function isFedVideoCodec(codec: Codec): codec is FedVideoCodec {
  return codec === Codecs.H264 || codec === Codecs.H265 || codec === Codecs.MPEG2_VIDEO;
}

export function isFedAudioCodec(codec: Codec): codec is FedAudioCodec {
  return codec === Codecs.AAC || codec === Codecs.AC3 || codec === Codecs.EAC3 || codec === Codecs.MPEG_AUDIO;
}

const VIDEO_STREAM_TYPES: Record<FedVideoCodec, number> = { H264: StreamTypes.H264, H265: StreamTypes.H265, MPEG2_VIDEO: StreamTypes.MPEG2_VIDEO };

/** AC-3 and E-AC-3 travel as DVB private data with their descriptor (EN 300 468 Annex D), which every demuxer knows. */
function audioStream(codec: FedAudioCodec, pid: number): TsMuxerStream {
  switch (codec) {
    case "AAC":
      return { pid, streamType: StreamTypes.AAC_ADTS };
    case "MPEG_AUDIO":
      return { pid, streamType: StreamTypes.MPEG1_AUDIO };
    case "AC3":
      return { pid, streamType: 0x06, descriptors: new Uint8Array([0x6a, 0x01, 0x00]), streamId: 0xbd };
    case "EAC3":
      return { pid, streamType: 0x06, descriptors: new Uint8Array([0x7a, 0x01, 0x00]), streamId: 0xbd };
  }
}

/** The PMT streams of a layout: video on 0x100, audio track i on 0x101 + i. */
export function muxerStreams(layout: ProgramLayout): TsMuxerStream[] {
  return [{ pid: VIDEO_PID, streamType: VIDEO_STREAM_TYPES[layout.videoCodec] }, ...layout.audio.map((track, i) => audioStream(track.codec, FIRST_AUDIO_PID + i))];
}

/** True when media of `next` can be fed to an encoder started for `current` (codecs equal). */
export function sameCodecs(current: ProgramLayout, next: Pick<ProgramLayout, "videoCodec" | "audio">): boolean {
  return current.videoCodec === next.videoCodec && current.audio.length === next.audio.length && current.audio.every((track, i) => track.codec === next.audio[i]!.codec);
}
