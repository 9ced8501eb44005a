// Decides the layout of the TS the encoder is fed from what the active source showed at
// start (codecs, size, frame rate, audio tracks), falling back to what the channel asks
// for and then to 1280x720 at 30 fps with AAC when the source has not arrived yet.

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { StreamInfo } from "../../media/types.ts";
import { AAC_LC_CODECS, AC3_CODECS, EAC3_CODECS } from "../../output/encoder/codec-strings.ts";
import { audioSelectorKey } from "../../output/encoder/audio-encode.ts";
import type { FedStreamLayout } from "../../output/encoder/encoder-plan.ts";
import { isFedAudioCodec, isFedVideoCodec, type FedAudioTrack, type ProgramLayout } from "../program/program-layout.ts";
import type { SourceReader } from "./source-reader.ts";

const DEFAULT_SIZE = { width: 1280, height: 720 };
/** RFC 6381 codec strings of the fed audio codecs (pass-through CODECS); MPEG audio is taken as Layer III, the common case. */
const FED_CODECS = { AAC: AAC_LC_CODECS, AC3: AC3_CODECS, EAC3: EAC3_CODECS, MPEG_AUDIO: "mp4a.40.34" } as const;

export function fedLayout(config: ChannelConfig, info: StreamInfo | undefined, reader: SourceReader | undefined): ProgramLayout {
  const video = info?.video[0];
  const firstDescription = config.encoderSettings?.videoDescriptions?.[0];
  const h264 = firstDescription?.codecSettings?.h264Settings;
  const h265 = firstDescription?.codecSettings?.h265Settings;
  const configuredRate = h264?.framerateNumerator && h264.framerateDenominator ? { num: h264.framerateNumerator, den: h264.framerateDenominator } : h265?.framerateNumerator && h265.framerateDenominator ? { num: h265.framerateNumerator, den: h265.framerateDenominator } : undefined;
  const sourceRate = video?.frameRate ? rational(video.frameRate) : undefined;
  const audio: FedAudioTrack[] = fedSelectorKeys(config).map((selectorName) => {
    const trackId = reader?.audioTrackFor(selectorName);
    const found = info?.audio.find((a) => a.trackId === trackId);
    const languageCode = reader?.sourceAudioTracks.find((track) => track.trackId === trackId)?.languageCode;
    const language = languageCode ? { languageCode } : {};
    if (found && isFedAudioCodec(found.codec)) return { selectorName, codec: found.codec, sampleRateHz: found.sampleRateHz ?? 48_000, channels: found.channels ?? 2, ...language };
    return { selectorName, codec: "AAC", sampleRateHz: 48_000, channels: 2, ...language };
  });
  return {
    videoCodec: video && isFedVideoCodec(video.codec) ? video.codec : "H264",
    width: video?.width ?? firstDescription?.width ?? DEFAULT_SIZE.width,
    height: video?.height ?? firstDescription?.height ?? DEFAULT_SIZE.height,
    frameRate: sourceRate ?? configuredRate ?? { num: 30, den: 1 },
    audio,
  };
}

/** One fed audio stream per distinct selector the audio descriptions use ("" for those naming none). */
export function fedSelectorKeys(config: ChannelConfig): string[] {
  const keys: string[] = [];
  for (const description of config.encoderSettings?.audioDescriptions ?? []) {
    const key = audioSelectorKey(description);
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** The encoder plan's view of the layout. */
export function fedStreamLayout(layout: ProgramLayout): FedStreamLayout {
  return {
    videoCodec: layout.videoCodec,
    width: layout.width,
    height: layout.height,
    frameRate: layout.frameRate,
    audioSelectorNames: layout.audio.map((track) => track.selectorName),
    audioStreams: layout.audio.map((track) => ({ codecs: FED_CODECS[track.codec], channels: track.channels, ...(track.languageCode ? { languageCode: track.languageCode } : {}) })),
  };
}

/** 29.97 → 30000/1001, 25 → 25/1. */
function rational(fps: number): { num: number; den: number } {
  for (const den of [1, 1001]) {
    const num = Math.round(fps * den);
    if (den === 1001 ? Math.abs(num / 1001 - fps) < 0.005 && num % 1000 === 0 : Math.abs(num - fps) < 0.01) return { num, den };
  }
  return { num: Math.round(fps * 1000), den: 1000 };
}
