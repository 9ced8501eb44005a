// An audio-only output of an HLS group (hlsSettings.audioOnlyHlsSettings): one `-f hls`
// output carrying only the output's audio streams, MPEG-TS segments on the group's segment
// length, listed in the master playlist as an EXT-X-MEDIA TYPE=AUDIO rendition of its
// audioGroupId (RFC 8216 §4.3.4.1) or, for AUDIO_ONLY_VARIANT_STREAM, as a variant of its own.
// segmentType FMP4 gives fMP4 segments and an initialization segment (hls-fmp4.ts); ffmpeg's
// HLS muxer writes no packed-audio segments (RFC 8216 §3.4), so segmentType AAC gives MPEG-TS
// segments (the list tells it).

import type { Output } from "../../model/generated/medialive-types.ts";
import { PASSTHROUGH_ASSUMED_BITRATE_BPS, type ResolvedAudio } from "../encoder/audio-encode.ts";
import { mpegtsLayout } from "../encoder/mpegts-options.ts";
import { AUDIO_TRACK_TYPES, type AudioTrackType, type FileDestination, type PlannedAudioRendition } from "../encoder/plan-types.ts";
import type { GroupPlanContext } from "../output-kind.ts";
import { plannedVariantNames } from "./hls-file-names.ts";
import { hlsPlaylistPath, hlsSlaveOptions, type HlsGroupTiming } from "./hls-group.ts";
import { hlsTimedMetadata } from "./hls-timed-metadata.ts";
import { fmp4InitName } from "./hls-fmp4.ts";
import type { HlsGroupSettings } from "../../model/generated/medialive-types.ts";

/** MediaLive's default audioGroupId (and audioRenditionSets). */
export const DEFAULT_AUDIO_GROUP_ID = "program_audio";
const DEFAULT_TRACK_TYPE: AudioTrackType = AUDIO_TRACK_TYPES.ALTERNATE_AUDIO_AUTO_SELECT;

export interface AudioRenditionRequest {
  readonly output: Output;
  readonly tag: string;
  readonly groupName: string;
  readonly destination: FileDestination;
  readonly settings: HlsGroupSettings;
  readonly timing: HlsGroupTiming;
}

/** audioRenditionSets "a,b" → ["a", "b"]; absent → MediaLive's default group. */
export function audioRenditionSetIds(value: string | undefined): string[] {
  const ids = (value ?? DEFAULT_AUDIO_GROUP_ID)
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
  return ids.length ? ids : [DEFAULT_AUDIO_GROUP_ID];
}

/** Adds the rendition's slave (audio streams only) to the plan and returns its master-playlist facts. */
export function planAudioRendition(request: AudioRenditionRequest, context: GroupPlanContext): PlannedAudioRendition {
  const { output, groupName, destination, settings, timing } = request;
  const hlsOutput = output.outputSettings.hlsOutputSettings!;
  const audioOnly = hlsOutput.hlsSettings.audioOnlyHlsSettings!;
  const audios: ResolvedAudio[] = (output.audioDescriptionNames ?? []).map((audioName) => {
    const audio = context.audios.get(audioName);
    if (!audio) throw new TypeError(`audio-only output "${output.outputName}" of group "${groupName}" names unknown audio description "${audioName}"`);
    return audio;
  });
  const first = audios[0];
  if (!first) throw new TypeError(`audio-only output "${output.outputName}" of group "${groupName}" names no audio description`);
  const ts = mpegtsLayout(undefined, audios.length, timing.segmentLengthSec, audios);
  const requester = `audio-only output "${output.outputName ?? request.tag}" of group "${groupName}"`;
  const fmp4 = audioOnly.segmentType === "FMP4";
  // ffmpeg's mp4 muxer carries no timed metadata (hls-fmp4.ts).
  const timedMetadata = fmp4 ? undefined : hlsTimedMetadata(context.request.config, settings, undefined);
  const streams = context.encodeOnce({ captions: false, audios, segmentLengthSec: timing.segmentLengthSec, videoPid: ts.videoPid, audioPids: ts.audioPids, ...(timedMetadata ? { timedMetadata } : {}), ...(fmp4 ? { pidsUnasked: true } : {}), requester });
  const bitrates = audios.map((audio) => audio.bitrateBps ?? PASSTHROUGH_ASSUMED_BITRATE_BPS);
  const facts = { widthPx: 0, heightPx: 0, frameRate: { num: 0, den: 1 }, videoBitrateBps: 0, audioBitratesBps: bitrates };
  const names = plannedVariantNames(destination.baseName, hlsOutput, facts, context.request.startedAtMs ?? 0);
  const fmp4InitFile = fmp4 ? fmp4InitName(names.playlistName) : undefined;
  const muxer = { destination, settings, timing, playlistName: names.playlistName, segmentTemplate: names.segmentTemplate, segmentOptions: ts.segmentOptions, strftime: names.strftime, pipelineIndex: context.request.pipelineIndex, ...(fmp4InitFile ? { fmp4InitName: fmp4InitFile } : {}) };
  context.addSlave({ format: "hls", options: hlsSlaveOptions(muxer), streams, path: hlsPlaylistPath(muxer) });
  const rendition: PlannedAudioRendition = {
    outputName: output.outputName ?? request.tag,
    playlistName: names.playlistName,
    segmentTemplate: names.segmentTemplate,
    ...(names.strftime ? { segmentStrftime: true } : {}),
    ...(fmp4InitFile ? { fmp4InitName: fmp4InitFile } : {}),
    audioGroupId: audioOnly.audioGroupId || DEFAULT_AUDIO_GROUP_ID,
    trackType: audioOnly.audioTrackType ?? DEFAULT_TRACK_TYPE,
    audio: {
      audioDescriptionName: first.name,
      bitrateBps: first.bitrateBps,
      codecs: first.codecs,
      ...(first.languageCode ? { languageCode: first.languageCode } : {}),
      ...(first.streamName ? { streamName: first.streamName } : {}),
    },
    bitrateBps: bitrates.reduce((sum, bps) => sum + bps, 0),
    codecs: [...new Set(audios.map((audio) => audio.codecs))].join(","),
  };
  return rendition;
}
