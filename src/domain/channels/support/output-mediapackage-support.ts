// MediaPackage output groups, outputs and destinations: how openlive honours each member (docs/outputs.md, MediaPackage).
// Part of the one list in ../supported-features.ts (read its header for the rules).

import { type ShapeSupport } from "./member-support.ts";

const V2_CMAF = "the Nielsen ID3, KLV, input ID3 pass-through and caption-language signalling MediaLive adds to a MediaPackage v2 channel's CMAF ingest is not reproduced: openlive sends its video and audio tracks, and the SCTE-35 and ID3 tracks scte35Type and id3Behavior ask for (or, to its own origin, HLS with MPEG-TS segments)";

export const OUTPUT_MEDIAPACKAGE_SUPPORT = {
  MediaPackageGroupSettings: {
    path: "encoderSettings.outputGroups[].outputGroupSettings.mediaPackageGroupSettings",
    members: {
      destination: {
        note: "required: destinationRefId of a destination with mediaPackageSettings. Published as MediaLive's HLS to MediaPackage (MPEG-TS, nameModifier = output name, EXT-X-PROGRAM-DATE-TIME, PAT/PMT per segment, PAUSE_OUTPUT on input loss for STANDARD channels) to openlive's origin at /origin/mediapackage/<channel>/, or to the v1 WebDAV ingest URL the targets configuration gives the channel; a v2 channel the targets configuration gives an ingest URL is sent CMAF ingest instead (DASH-IF Live Media Ingest interface 1: each track POSTed to <url>/Streams(<output name>.cmfv|.cmfa), as a cmafIngestGroupSettings group sends)",
      },
      mediapackageV2GroupSettings: { note: "v2 channels: segmentLength, scte35Type, id3Behavior, timedMetadataId3Frame and timedMetadataId3Period honoured, the rest told" },
    },
  },
  MediaPackageV2GroupSettings: {
    path: "…mediaPackageGroupSettings.mediapackageV2GroupSettings",
    members: {
      segmentLength: { note: "CMAF ingest: the segment length as given; HLS: MILLISECONDS rounded up to whole seconds, as HLS segments are planned in seconds" },
      segmentLengthUnits: { note: "SECONDS (default) or MILLISECONDS" },
      scte35Type: {
        note: "CMAF ingest: SCTE_35_WITHOUT_SEGMENTATION sends the splices as the SCTE-35 track Streams(scte.cmfm), as a cmafIngestGroupSettings group does (an ISO/IEC 23001-18 event message track beside the first video track); HLS to the own origin or v1: no effect (its MPEG-TS segments carry what the outputs' own settings pass)",
        values: ["NONE", "SCTE_35_WITHOUT_SEGMENTATION"],
      },
      id3Behavior: {
        note: "CMAF ingest: ENABLED sends the ID3 track Streams(id3.cmfm), as a cmafIngestGroupSettings group does (the timestamps of timedMetadataId3Frame, the schedule's timedMetadataSettings and id3SegmentTaggingSettings tags, as AOM ID3 emib beside the first video track); HLS to the own origin or v1: no effect",
        values: ["DISABLED", "ENABLED"],
      },
      timedMetadataId3Frame: { note: "CMAF ingest with id3Behavior ENABLED: PRIV or TDRL timestamps on the ID3 track, as a cmafIngestGroupSettings group's; otherwise no effect" },
      timedMetadataId3Period: { note: "seconds between those timestamps (default 10; 0 is taken as 10)" },
    },
    told: {
      captionLanguageMappings: V2_CMAF,
      klvBehavior: V2_CMAF,
      nielsenId3Behavior: V2_CMAF,
      timedMetadataPassthrough: V2_CMAF,
      additionalDestinations: "additional CMAF ingest destinations are not sent to: openlive publishes the group to one target",
    },
  },
  MediaPackageOutputSettings: {
    path: "encoderSettings.outputGroups[].outputs[].outputSettings.mediaPackageOutputSettings",
    members: {
      mediaPackageV2DestinationSettings: { note: "the own origin's HLS master playlist's audio groups and renditions, as MediaPackage v2 would write them (a CMAF ingest target builds its own manifests)" },
    },
  },
  MediaPackageV2DestinationSettings: {
    path: "…mediaPackageOutputSettings.mediaPackageV2DestinationSettings",
    members: {
      audioGroupId: { note: "an audio-only output's GROUP-ID (default program_audio)" },
      audioRenditionSets: { note: "a video output's AUDIO groups (as standardHlsSettings.audioRenditionSets)" },
      hlsAutoSelect: { note: "YES → AUTOSELECT=YES on an audio-only output's EXT-X-MEDIA; NO and OMIT → NO" },
      hlsDefault: { note: "YES → DEFAULT=YES,AUTOSELECT=YES; NO and OMIT → NO" },
    },
  },
  MediaPackageOutputDestinationSettings: {
    path: "destinations[].mediaPackageSettings[]",
    members: {
      channelId: { note: "v1 channel: any id (openlive has no MediaPackage channels to check it against); HLS at /origin/mediapackage/<channelId>/channel.m3u8, or the targets configuration's WebDAV URL for it" },
      channelGroup: { note: "v2 channel group: with channelName, HLS at /origin/mediapackage/<channelGroup>/<channelName>/index.m3u8, or CMAF ingest to the URL the targets configuration gives \"<channelGroup>/<channelName>\"" },
      channelName: { note: "v2 channel name (with channelGroup)" },
    },
    told: {
      channelEndpointId: "openlive's origin and the configured targets take both pipelines; a MediaPackage v2 ingest endpoint is not chosen by id",
      mediaPackageRegionName: "openlive has no regions: the targets configuration says where a channel's ingest is",
    },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
