// An HLS output group's part of the encoder plan: one `hls` slave of the shared encode per
// variant (encoder/shared-encode.ts: each description is encoded once, whichever outputs and
// groups name it), its MPEG-TS layout from m3u8Settings, MediaLive's file names, and the
// facts the master playlist and the monitoring need (PlannedGroup).
//
// fmp4HlsSettings outputs get fMP4 segments and an initialization segment (hls-fmp4.ts);
// frameCaptureHlsSettings outputs an image media playlist of JPEGs (hls-image-stream.ts).
//
// One HLS muxer per variant rather than one per group with -var_stream_map: the segment name
// template and the MPEG-TS options (-hls_segment_options) of a var_stream_map output are
// shared by all its variants, and MediaLive gives each output its own segmentModifier and
// m3u8Settings (program number, PMT PID). Segments still line up across a group: every
// encode forces IDRs on the segment boundaries of every group it feeds.
//
// Timecode (timecodeConfig.source SYSTEMCLOCK, ZEROBASED or EMBEDDED): HLS with TS segments
// carries no timecode (timecodeInsertion is DISABLED only), so the source only matters for
// EXT-X-PROGRAM-DATE-TIME. ffmpeg's HLS muxer starts that clock at the system time when it
// starts and advances it by segment durations, which is MediaLive's SYSTEM_CLOCK and, for
// SYSTEMCLOCK timecode, INITIALIZE_FROM_OUTPUT_TIMECODE too; ZEROBASED/EMBEDDED with
// INITIALIZE_FROM_OUTPUT_TIMECODE are reported in EncoderPlan.warnings.

import path from "node:path";
import { outputGroupKey } from "../output-group-key.ts";
import type { OutputGroup } from "../../model/generated/medialive-types.ts";
import { PASSTHROUGH_ASSUMED_BITRATE_BPS } from "../encoder/audio-encode.ts";
import { mpegtsLayout } from "../encoder/mpegts-options.ts";
import { lockedSegmentOptions } from "../encoder/output-locking.ts";
import type { PlannedAudioRendition, PlannedImageStream, PlannedVariant } from "../encoder/plan-types.ts";
import type { GroupPlan, GroupPlanContext } from "../output-kind.ts";
import { outputCaptionBurnin } from "../captions/burnin-captions.ts";
import { embeddedCaptionNames, isCaptionsOnlyOutput } from "../captions/webvtt-renditions.ts";
import { audioRenditionSetIds, planAudioRendition } from "./hls-audio-rendition.ts";
import { hlsMasterPlaylistName, plannedVariantNames } from "./hls-file-names.ts";
import { hlsGroupTiming, hlsPlaylistPath, hlsSlaveOptions } from "./hls-group.ts";
import { fmp4HlsId3Carriage } from "../encoder/timed-metadata-feeds.ts";
import { hlsTimedMetadata } from "./hls-timed-metadata.ts";
import { fmp4Codecs, fmp4InitName } from "./hls-fmp4.ts";
import { planImageStream } from "./hls-image-stream.ts";
import { outputScte35Pid } from "../scte35/scte35-passthrough.ts";

export function planHlsGroup(group: OutputGroup, groupIndex: number, context: GroupPlanContext): GroupPlan {
  const settings = group.outputGroupSettings.hlsGroupSettings;
  if (!settings) throw new TypeError(`output group "${group.name}" is not an HLS group`);
  const name = outputGroupKey(group, groupIndex);
  const destination = context.request.destinations.get(name);
  if (!destination) throw new TypeError(`no destination resolved for output group "${name}"`);
  const timecodeSource = context.request.config.encoderSettings?.timecodeConfig.source;
  if (settings.programDateTime === "INCLUDE" && settings.programDateTimeClock !== "SYSTEM_CLOCK" && timecodeSource !== "SYSTEMCLOCK") {
    context.warn(`group "${group.name}": EXT-X-PROGRAM-DATE-TIME starts from the system clock, not from ${timecodeSource} timecode`);
  }
  const timing = hlsGroupTiming(settings);
  if (settings.timedMetadataId3Frame === "PRIV" || settings.timedMetadataId3Frame === "TDRL") {
    if (timecodeSource !== undefined && timecodeSource !== "SYSTEMCLOCK") context.warn(`group "${group.name}": the ID3 ${settings.timedMetadataId3Frame} timestamps carry the system clock's UTC time, not ${timecodeSource} timecode`);
  }
  const variants: PlannedVariant[] = [];
  const audioRenditions: PlannedAudioRendition[] = [];
  const imageStreams: PlannedImageStream[] = [];
  group.outputs.forEach((output, outputIndex) => {
    if (isCaptionsOnlyOutput(output)) return; // a WebVTT rendition, written by the pipeline (output/captions/)
    const hlsOutput = output.outputSettings.hlsOutputSettings;
    if (!hlsOutput) throw new TypeError(`output ${outputIndex} of group "${name}" is not an HLS output`);
    if (hlsOutput.hlsSettings.audioOnlyHlsSettings) {
      audioRenditions.push(planAudioRendition({ output, tag: `${groupIndex}_${outputIndex}`, groupName: name, destination, settings, timing }, context));
      return;
    }
    if (hlsOutput.hlsSettings.frameCaptureHlsSettings) {
      imageStreams.push(planImageStream({ output, outputIndex, groupName: name, destination, timing }, context));
      return;
    }
    const fmp4 = hlsOutput.hlsSettings.fmp4HlsSettings;
    const video = context.videos.get(output.videoDescriptionName ?? "");
    if (!video) throw new TypeError(`output ${outputIndex} of group "${name}" names no known video description`);
    const captionDescriptionNames = output.captionDescriptionNames ?? [];
    const embedded = embeddedCaptionNames(context.request.config, captionDescriptionNames);
    const captions = embedded.length > 0 && video.codec === "H264";
    if (embedded.length > 0 && !captions) {
      context.warn(`output "${output.outputName}" of group "${name}": ffmpeg 5.1's libx265 cannot carry A/53 captions; the variant has none`);
    }
    const audios = (output.audioDescriptionNames ?? []).map((audioName) => {
      const audio = context.audios.get(audioName);
      if (!audio) throw new TypeError(`output ${outputIndex} of group "${name}" names unknown audio description "${audioName}"`);
      return audio;
    });
    const ts = mpegtsLayout(hlsOutput.hlsSettings.standardHlsSettings?.m3u8Settings, audios.length, timing.segmentLengthSec, audios);
    const requester = `output "${output.outputName ?? outputIndex}" of group "${name}"`;
    // The pipeline's work dir holds the thumbnail and the burn-in text files.
    const burnin = outputCaptionBurnin(context.request.config, captionDescriptionNames, path.dirname(context.request.thumbnailFile));
    // ffmpeg's mp4 muxer drops the timed-metadata stream: an fMP4 output's ID3 rides on its pictures as ID3 marks instead
    // (pipeline/program/id3-marks.ts), which the encoder keeps as it keeps splice marks, and becomes emsg boxes (fmp4-id3-events.ts).
    const timedMetadata = fmp4 ? undefined : hlsTimedMetadata(context.request.config, settings, hlsOutput.hlsSettings.standardHlsSettings?.m3u8Settings);
    const fmp4Id3 = fmp4 ? fmp4HlsId3Carriage(settings, fmp4) : undefined;
    if (fmp4 && !fmp4Id3 && hlsTimedMetadata(context.request.config, settings, undefined)) context.warn(`output "${output.outputName ?? outputIndex}" of group "${name}": fMP4 segments carry the group's ID3 only with fmp4HlsSettings.timedMetadataBehavior PASSTHROUGH`);
    const keepsMarks = (settings.adMarkers?.length ?? 0) > 0 || outputScte35Pid(output) !== undefined || fmp4Id3 !== undefined;
    const streams = context.encodeOnce({ video, captions, ...(burnin ? { burnin } : {}), audios, segmentLengthSec: timing.segmentLengthSec, videoPid: ts.videoPid, audioPids: ts.audioPids, ...(timedMetadata ? { timedMetadata } : {}), ...(fmp4 ? { pidsUnasked: true } : {}), ...(keepsMarks ? { spliceMarks: true } : {}), requester });
    const nameModifier = hlsOutput.nameModifier ?? "";
    const variantCodecs = [video.codecs, ...new Set(audios.map((audio) => audio.codecs))].join(",");
    const audioBitratesBps = audios.map((audio) => audio.bitrateBps ?? PASSTHROUGH_ASSUMED_BITRATE_BPS);
    const facts = { widthPx: video.width, heightPx: video.height, frameRate: video.frameRate, videoBitrateBps: video.rate.bitrateBps ?? video.rate.maxBitrateBps, audioBitratesBps };
    const { playlistName, segmentTemplate, strftime } = plannedVariantNames(destination.baseName, hlsOutput, facts, context.request.startedAtMs ?? 0);
    const fmp4InitFile = fmp4 ? fmp4InitName(playlistName) : undefined;
    const muxer = { destination, settings, timing, playlistName, segmentTemplate, segmentOptions: lockedSegmentOptions(context.request.config, ts.segmentOptions), strftime, pipelineIndex: context.request.pipelineIndex, ...(fmp4InitFile ? { fmp4InitName: fmp4InitFile } : {}) };
    context.addSlave({ format: "hls", options: hlsSlaveOptions(muxer), streams, path: hlsPlaylistPath(muxer) });
    variants.push({
      outputGroupName: name,
      outputName: output.outputName ?? `output${outputIndex}`,
      nameModifier,
      playlistName,
      segmentTemplate,
      ...(strftime ? { segmentStrftime: true } : {}),
      ...(fmp4InitFile ? { fmp4InitName: fmp4InitFile } : {}),
      videoDescriptionName: video.name,
      width: video.width,
      height: video.height,
      frameRate: video.frameRate,
      rateControlMode: video.rate.mode,
      videoBitrateBps: video.rate.bitrateBps ?? video.rate.maxBitrateBps,
      maxBitrateBps: video.rate.maxBitrateBps,
      audioBitratesBps,
      audio: audios.map((audio) => ({
        audioDescriptionName: audio.name,
        bitrateBps: audio.bitrateBps,
        codecs: audio.codecs,
        ...(audio.languageCode ? { languageCode: audio.languageCode } : {}),
        ...(audio.streamName ? { streamName: audio.streamName } : {}),
      })),
      codecs: fmp4 ? fmp4Codecs(variantCodecs) : variantCodecs,
      captions,
      captionDescriptionNames,
      audioGroupIds: audioRenditionSetIds((hlsOutput.hlsSettings.standardHlsSettings ?? fmp4)?.audioRenditionSets),
    });
  });
  const inputLossAction = settings.inputLossAction === "PAUSE_OUTPUT" ? "PAUSE_OUTPUT" : "EMIT_OUTPUT";
  return { group: { name, destination, ...timing, inputLossAction, settings, masterPlaylistName: hlsMasterPlaylistName(destination.baseName), variants, ...(audioRenditions.length ? { audioRenditions } : {}), ...(imageStreams.length ? { imageStreams } : {}) } };
}
