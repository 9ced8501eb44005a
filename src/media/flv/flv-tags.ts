// FLV tag bodies as carried in RTMP audio (type 8) and video (type 9) messages
// (Adobe FLV spec v10.1 §E.4.2 AUDIODATA, §E.4.3 VIDEODATA; ISO/IEC 14496-15 §5.3.3.1
// AVCDecoderConfigurationRecord; Enhanced RTMP v1/v2 ExVideoTagHeader/ExAudioTagHeader).
// Supported: H.264 (codec id 7) and AAC (sound format 10). Everything else is reported as
// "unsupported" with its name so the monitor can raise an alert. Pure, never throws.
//
// VIDEODATA:  | FrameType u4 | CodecID u4 | AVCPacketType u8 | CompositionTime si24 | data
// Enhanced:   | 1 | FrameType u3 | PacketType u4 | FourCC u32 | ...
// AUDIODATA:  | SoundFormat u4 | SoundRate u2 | SoundSize u1 | SoundType u1 | AACPacketType u8 | data
// Enhanced audio (v2): SoundFormat 9 = ExHeader: | 9 | AudioPacketType u4 | FourCC u32 | ...
//
// The AVCDecoderConfigurationRecord and AVCC NAL splitting live in media/bits/avcc.ts.

import { parseAvcDecoderConfig, splitAvcc, type AvcDecoderConfig } from "../bits/avcc.ts";

export const FlvVideoCodecIds = {
  SORENSON_H263: 2,
  SCREEN_VIDEO: 3,
  VP6: 4,
  VP6_ALPHA: 5,
  SCREEN_VIDEO_V2: 6,
  AVC: 7,
  /** Non-standard (widely used in China) HEVC-in-FLV codec id. */
  HEVC_LEGACY: 12,
} as const;

const VIDEO_CODEC_NAMES: Readonly<Record<number, string>> = {
  1: "JPEG",
  2: "Sorenson H.263",
  3: "Screen video",
  4: "On2 VP6",
  5: "On2 VP6 with alpha",
  6: "Screen video v2",
  7: "H.264",
  12: "H.265 (codec id 12)",
  13: "AV1 (codec id 13)",
};

const VIDEO_FOURCC_NAMES: Readonly<Record<string, string>> = {
  avc1: "H.264 (enhanced RTMP)",
  hvc1: "H.265",
  av01: "AV1",
  vp09: "VP9",
  vp08: "VP8",
};

export const FlvSoundFormats = {
  MP3: 2,
  /** Enhanced RTMP v2 ExAudioTagHeader. */
  EX_HEADER: 9,
  AAC: 10,
} as const;

const AUDIO_FORMAT_NAMES: Readonly<Record<number, string>> = {
  0: "Linear PCM (platform endian)",
  1: "ADPCM",
  2: "MP3",
  3: "Linear PCM (little endian)",
  4: "Nellymoser 16 kHz mono",
  5: "Nellymoser 8 kHz mono",
  6: "Nellymoser",
  7: "G.711 A-law",
  8: "G.711 mu-law",
  10: "AAC",
  11: "Speex",
  14: "MP3 8 kHz",
  15: "Device-specific sound",
};

const AUDIO_FOURCC_NAMES: Readonly<Record<string, string>> = {
  Opus: "Opus",
  fLaC: "FLAC",
  "ac-3": "AC-3",
  "ec-3": "E-AC-3",
  ".mp3": "MP3",
  mp4a: "AAC (enhanced RTMP)",
};

export const FlvFrameTypes = {
  KEY: 1,
  INTER: 2,
  DISPOSABLE_INTER: 3,
  GENERATED_KEY: 4,
  COMMAND: 5,
} as const;

export type FlvVideoTag =
  | { readonly kind: "avc-sequence-header"; readonly frameType: number; readonly config: AvcDecoderConfig }
  | {
      readonly kind: "avc-nalus";
      readonly frameType: number;
      readonly keyframe: boolean;
      /** PTS − DTS in ms (signed 24-bit). */
      readonly compositionTimeMs: number;
      readonly nalus: readonly Uint8Array[];
    }
  | { readonly kind: "avc-end-of-sequence"; readonly frameType: number }
  /** Video info/command frame (frame type 5): no picture. */
  | { readonly kind: "command-frame"; readonly frameType: number }
  | { readonly kind: "unsupported"; readonly codecName: string; readonly codecId?: number; readonly fourCc?: string }
  | { readonly kind: "invalid"; readonly reason: string };

export type FlvAudioTag =
  | { readonly kind: "aac-sequence-header"; readonly audioSpecificConfig: Uint8Array }
  | { readonly kind: "aac-raw"; readonly data: Uint8Array }
  | { readonly kind: "unsupported"; readonly codecName: string; readonly soundFormat: number; readonly fourCc?: string }
  | { readonly kind: "invalid"; readonly reason: string };

function fourCcAt(body: Uint8Array, offset: number): string {
  return String.fromCharCode(body[offset]!, body[offset + 1]!, body[offset + 2]!, body[offset + 3]!);
}

/**
 * Parses a VIDEODATA tag body. `nalLengthSizeBytes` comes from the stream's last AVC
 * sequence header (`config.lengthSizeBytes`, default 4).
 */
export function parseFlvVideoTag(body: Uint8Array, nalLengthSizeBytes = 4): FlvVideoTag {
  if (body.length < 1) return { kind: "invalid", reason: "empty video tag" };
  const b0 = body[0]!;
  if (b0 & 0x80) {
    // Enhanced RTMP ExVideoTagHeader: IsExHeader | FrameType u3 | PacketType u4 | FourCC
    if (body.length < 5) return { kind: "invalid", reason: "enhanced video tag shorter than 5 bytes" };
    const fourCc = fourCcAt(body, 1);
    return { kind: "unsupported", codecName: VIDEO_FOURCC_NAMES[fourCc] ?? `FourCC '${fourCc}'`, fourCc };
  }
  const frameType = b0 >> 4;
  const codecId = b0 & 0x0f;
  if (frameType === FlvFrameTypes.COMMAND) return { kind: "command-frame", frameType };
  if (codecId !== FlvVideoCodecIds.AVC) {
    return { kind: "unsupported", codecName: VIDEO_CODEC_NAMES[codecId] ?? `codec id ${codecId}`, codecId };
  }
  if (body.length < 5) return { kind: "invalid", reason: "AVC video tag shorter than 5 bytes" };
  const packetType = body[1]!;
  let compositionTimeMs = (body[2]! << 16) | (body[3]! << 8) | body[4]!;
  if (compositionTimeMs & 0x800000) compositionTimeMs -= 0x1000000; // SI24
  const data = body.subarray(5);
  switch (packetType) {
    case 0: {
      const config = parseAvcDecoderConfig(data);
      if (!config) return { kind: "invalid", reason: "truncated AVCDecoderConfigurationRecord" };
      return { kind: "avc-sequence-header", frameType, config };
    }
    case 1: {
      const split = splitAvcc(data, nalLengthSizeBytes);
      if (split.truncated) return { kind: "invalid", reason: "NAL unit length overruns the tag" };
      return { kind: "avc-nalus", frameType, keyframe: frameType === FlvFrameTypes.KEY, compositionTimeMs, nalus: split.units };
    }
    case 2:
      return { kind: "avc-end-of-sequence", frameType };
    default:
      return { kind: "invalid", reason: `unknown AVCPacketType ${packetType}` };
  }
}

/** Parses an AUDIODATA tag body. */
export function parseFlvAudioTag(body: Uint8Array): FlvAudioTag {
  if (body.length < 1) return { kind: "invalid", reason: "empty audio tag" };
  const soundFormat = body[0]! >> 4;
  if (soundFormat === FlvSoundFormats.EX_HEADER) {
    if (body.length < 5) return { kind: "invalid", reason: "enhanced audio tag shorter than 5 bytes" };
    const fourCc = fourCcAt(body, 1);
    return { kind: "unsupported", codecName: AUDIO_FOURCC_NAMES[fourCc] ?? `FourCC '${fourCc}'`, soundFormat, fourCc };
  }
  if (soundFormat !== FlvSoundFormats.AAC) {
    return { kind: "unsupported", codecName: AUDIO_FORMAT_NAMES[soundFormat] ?? `sound format ${soundFormat}`, soundFormat };
  }
  if (body.length < 2) return { kind: "invalid", reason: "AAC audio tag shorter than 2 bytes" };
  const packetType = body[1]!;
  const data = body.subarray(2);
  if (packetType === 0) {
    if (data.length < 2) return { kind: "invalid", reason: "AudioSpecificConfig shorter than 2 bytes" };
    return { kind: "aac-sequence-header", audioSpecificConfig: data };
  }
  if (packetType === 1) return { kind: "aac-raw", data };
  return { kind: "invalid", reason: `unknown AACPacketType ${packetType}` };
}
