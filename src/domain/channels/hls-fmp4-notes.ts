// What an HLS group's fMP4 and frame capture outputs accept but do not reproduce, found
// across members (the one list, supported-features.ts, sees each member alone): H.265 as
// HVC1 in fMP4, I-frame-only playlists for fMP4 outputs, and a frame capture description's
// captureInterval in an HLS group (its pictures follow the segments). fMP4 outputs carry the
// group's ID3 timestamps as emsg boxes with timedMetadataBehavior PASSTHROUGH (and none
// without it, as MediaLive): nothing to tell.

import type { ChannelConfig } from "./channel-config.ts";
import type { NotHonouredSetting } from "./supported-features.ts";

export function hlsFmp4Notes(config: ChannelConfig): NotHonouredSetting[] {
  const notes: NotHonouredSetting[] = [];
  const videos = config.encoderSettings?.videoDescriptions ?? [];
  (config.encoderSettings?.outputGroups ?? []).forEach((group, groupIndex) => {
    const settings = group?.outputGroupSettings?.hlsGroupSettings;
    if (!settings) return;
    const groupAt = `encoderSettings.outputGroups[${groupIndex}]`;
    const fmp4Outputs = (group.outputs ?? []).filter((output) => output?.outputSettings?.hlsOutputSettings?.hlsSettings?.fmp4HlsSettings);
    if (fmp4Outputs.length > 0 && settings.iFrameOnlyPlaylists === "STANDARD") {
      notes.push({ elementPath: `${groupAt}.outputGroupSettings.hlsGroupSettings.iFrameOnlyPlaylists`, reason: "fMP4 outputs get no I-frame-only playlist (openlive finds the IDR byte ranges in MPEG-TS segments only); the group's MPEG-TS outputs do" });
    }
    (group.outputs ?? []).forEach((output, outputIndex) => {
      const hls = output?.outputSettings?.hlsOutputSettings;
      const outputAt = `${groupAt}.outputs[${outputIndex}]`;
      const video = videos.find((description) => description?.name === output?.videoDescriptionName);
      if (hls?.hlsSettings?.fmp4HlsSettings && hls.h265PackagingType === "HVC1" && video?.codecSettings?.h265Settings) {
        notes.push({ elementPath: `${outputAt}.outputSettings.hlsOutputSettings.h265PackagingType`, reason: "fMP4 segments carry H.265 with the hev1 sample entry ffmpeg's mp4 muxer writes (one encode feeds every output of the description); CODECS says hev1" });
      }
      const interval = video?.codecSettings?.frameCaptureSettings?.captureInterval;
      if (hls?.hlsSettings?.frameCaptureHlsSettings && interval !== undefined) {
        notes.push({ elementPath: `${outputAt}.videoDescriptionName`, reason: `in an HLS group the pictures follow the segments (one per segmentLength, as MediaLive does), not the description's captureInterval ${interval}` });
      }
    });
  });
  return notes;
}
