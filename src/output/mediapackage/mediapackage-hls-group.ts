// A MediaPackage output group as the HLS output group MediaLive makes of it (MediaLive User
// Guide, "Result of this procedure" for a MediaPackage output group): MPEG-TS renditions, each
// output's nameModifier its output name, EXT-X-PROGRAM-DATE-TIME every second, a PAT and a
// PMT at the start of each segment, RFC 4281 codec strings, and on input loss a STANDARD
// channel pauses its outputs (the packager switches to the other pipeline) while a
// single-pipeline one emits fill. An output without video is an audio rendition marked
// ALTERNATE_AUDIO_NOT_AUTO_SELECT unless its mediaPackageV2DestinationSettings say
// otherwise. The HLS kind plans and publishes the result (output/hls/), so a MediaPackage
// group is encoded and named exactly as an HLS group would be.

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { AudioOnlyHlsTrackType, HlsGroupSettings, MediaPackageV2DestinationSettings, Output, OutputGroup } from "../../model/generated/medialive-types.ts";
import { fileNamePart } from "../file-name-part.ts";

/** An output whose video description is a JPEG frame capture: a CMAF image track MediaPackage v2 takes, which HLS with TS segments cannot carry. */
export function isFrameCaptureOutput(config: Pick<ChannelConfig, "encoderSettings">, output: Pick<Output, "videoDescriptionName">): boolean {
  const video = (config.encoderSettings?.videoDescriptions ?? []).find((description) => description.name === output.videoDescriptionName);
  return video?.codecSettings?.frameCaptureSettings !== undefined;
}

/** The HLS group settings MediaLive gives a MediaPackage group (the HLS kind's defaults for the rest). */
export function mediaPackageHlsSettings(group: OutputGroup, channelClass: ChannelConfig["channelClass"]): HlsGroupSettings {
  const settings = group.outputGroupSettings.mediaPackageGroupSettings;
  if (!settings) throw new TypeError(`output group "${group.name}" is not a MediaPackage group`);
  const v2 = settings.mediapackageV2GroupSettings;
  const segmentLength = v2?.segmentLength === undefined ? undefined : v2.segmentLengthUnits === "MILLISECONDS" ? Math.max(1, Math.ceil(v2.segmentLength / 1000)) : v2.segmentLength;
  return {
    destination: settings.destination,
    ...(segmentLength !== undefined ? { segmentLength } : {}),
    programDateTime: "INCLUDE",
    programDateTimeClock: "SYSTEM_CLOCK",
    programDateTimePeriod: 1,
    codecSpecification: "RFC_4281",
    inputLossAction: channelClass === "SINGLE_PIPELINE" ? "EMIT_OUTPUT" : "PAUSE_OUTPUT",
  };
}

/** A MediaPackage group's outputs that carry video or audio (frame captures left out), each with the name its files or streams take. */
export function mediaPackageOutputs(group: OutputGroup, config: Pick<ChannelConfig, "encoderSettings">): { readonly output: Output; readonly nameModifier: string }[] {
  const used = new Set<string>();
  return group.outputs.flatMap((output, index) => {
    if (isFrameCaptureOutput(config, output)) return [];
    let nameModifier = fileNamePart(output.outputName || `Output ${index + 1}`);
    // Two output names may reduce to one file name ("a b", "a_b"): each output keeps its own files.
    if (used.has(nameModifier)) nameModifier = `${nameModifier}_${index + 1}`;
    used.add(nameModifier);
    return [{ output, nameModifier }];
  });
}

/** The MediaPackage group as an HLS group of the same name, destination and encodes. */
export function mediaPackageGroupAsHls(group: OutputGroup, config: Pick<ChannelConfig, "channelClass" | "encoderSettings">): OutputGroup {
  const outputs = mediaPackageOutputs(group, config).map(({ output, nameModifier }): Output => {
    const v2 = output.outputSettings.mediaPackageOutputSettings?.mediaPackageV2DestinationSettings;
    const audioOnly = !output.videoDescriptionName && (output.audioDescriptionNames ?? []).length > 0;
    const hlsSettings = audioOnly
      ? { audioOnlyHlsSettings: { ...(v2?.audioGroupId ? { audioGroupId: v2.audioGroupId } : {}), audioTrackType: audioTrackTypeOf(v2) } }
      : { standardHlsSettings: { m3u8Settings: { patInterval: 0, pmtInterval: 0 }, ...(v2?.audioRenditionSets ? { audioRenditionSets: v2.audioRenditionSets } : {}) } };
    const { outputSettings: _mediaPackage, ...names } = output;
    return { ...names, outputSettings: { hlsOutputSettings: { nameModifier, hlsSettings } } };
  });
  return { ...(group.name ? { name: group.name } : {}), outputGroupSettings: { hlsGroupSettings: mediaPackageHlsSettings(group, config.channelClass) }, outputs };
}

/** hlsDefault / hlsAutoSelect YES as the HLS track type that writes them (RFC 8216 §4.3.4.1 DEFAULT, AUTOSELECT). */
function audioTrackTypeOf(v2: MediaPackageV2DestinationSettings | undefined): AudioOnlyHlsTrackType {
  if (v2?.hlsDefault === "YES") return "ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT";
  if (v2?.hlsAutoSelect === "YES") return "ALTERNATE_AUDIO_AUTO_SELECT";
  return "ALTERNATE_AUDIO_NOT_AUTO_SELECT";
}
