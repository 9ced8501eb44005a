// HLS outputs with fMP4 segments (fmp4HlsSettings) and trick-play image tracks
// (frameCaptureHlsSettings): how openlive honours each member. Part of the one list in
// ../supported-features.ts (read its header for the rules).

import type { ShapeSupport } from "./member-support.ts";

export const OUTPUT_HLS_FMP4_SUPPORT = {
  Fmp4HlsSettings: {
    path: "…hlsSettings.fmp4HlsSettings",
    members: {
      audioRenditionSets: {
        note: "comma-separated audioGroupIds (default program_audio), as standardHlsSettings': the variant is listed once per group that has audio-only outputs, with AUDIO=\"<group>\" (RFC 8216 §4.3.4.2)",
      },
      nielsenId3Behavior: { note: "PASSTHROUGH: Nielsen watermarks are not detected, so no Nielsen ID3 tags are written", values: ["NO_PASSTHROUGH"] },
      timedMetadataBehavior: {
        note: "PASSTHROUGH: the ID3 the group asks for (timedMetadataId3Frame timestamps every timedMetadataId3Period, the schedule's hlsTimedMetadataSettings tags, hlsId3SegmentTaggingSettings tags when hlsId3SegmentTagging is ENABLED) goes into the segments as emsg boxes as AOM \"Carriage of ID3 Timed Metadata in CMAF\" puts it (scheme https://aomedia.org/emsg/ID3, value \"\", version 1 in the video's timescale, presentation_time the picture the tag was fed with, event_duration unknown, message_data the whole ID3v2 tag), before the moof of the fragment holding that picture. NO_PASSTHROUGH (default): no ID3, as MediaLive",
        values: ["NO_PASSTHROUGH", "PASSTHROUGH"],
      },
    },
  },
  FrameCaptureHlsSettings: {
    path: "…hlsSettings.frameCaptureHlsSettings",
    members: {},
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
