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
        note: "PASSTHROUGH (ID3 in emsg boxes) is not reproduced: the ID3 tags travel on the fed MPEG-TS's timed-metadata stream, which ffmpeg's mp4 muxer drops, and no picture mark carries them into the segments as splice marks carry SCTE-35 (which fMP4 segments get as emsg boxes), so the group's timedMetadataId3Frame tags and ID3 actions reach its MPEG-TS outputs only",
        values: ["NO_PASSTHROUGH"],
      },
    },
  },
  FrameCaptureHlsSettings: {
    path: "…hlsSettings.frameCaptureHlsSettings",
    members: {},
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
