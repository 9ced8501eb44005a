// CMAF ingest output groups: how openlive honours each member, which it accepts and tells.
// Part of the one list in ../supported-features.ts (read its header for the rules).

import { noEffect, type ShapeSupport } from "./member-support.ts";

export const OUTPUT_CMAF_INGEST_SUPPORT = {
  CmafIngestGroupSettings: {
    path: "encoderSettings.outputGroups[].outputGroupSettings.cmafIngestGroupSettings",
    members: {
      destination: { note: "required: a destination whose settings[] are http(s) URLs of the ingest endpoint (the publishing point); each track is POSTed to `<url>/Streams(<name>)`, with basic auth from username/passwordParam" },
      segmentLength: { note: "each CMAF segment is one fragment of this length, starting with an IDR (the shared encode forces one on every boundary); default 2 s" },
      segmentLengthUnits: { note: "SECONDS (default) or MILLISECONDS" },
      sendDelayMs: { note: "pipeline 1 sends every object this many ms later" },
      nielsenId3Behavior: { note: "PASSTHROUGH (Nielsen ID3 track) is not reproduced", values: ["NO_PASSTHROUGH"] },
      klvBehavior: { note: "PASSTHROUGH (KLV track) is not reproduced", values: ["NO_PASSTHROUGH"] },
      id3Behavior: { note: "ENABLED is not reproduced: MediaLive sends ID3 (timedMetadataSettings, id3SegmentTaggingSettings) as a track of its own, Streams(id3.cmfm), a timed-metadata track openlive does not write", values: ["DISABLED"] },
      scte35Type: { note: "SCTE_35_WITHOUT_SEGMENTATION is not reproduced: MediaLive sends the messages as a track of its own, Streams(scte.cmfm), a timed-metadata track openlive does not write (its fMP4 HLS segments carry them as emsg boxes)", values: ["NONE"] },
      timedMetadataId3Frame: { note: "PRIV/TDRL timecode frames are not inserted", values: ["NONE"] },
      timedMetadataPassthrough: { note: "ENABLED (ID3 pass-through) is not reproduced", values: ["DISABLED"] },
      klvNameModifier: { note: noEffect("the KLV track") },
      nielsenId3NameModifier: { note: noEffect("the Nielsen ID3 track") },
      scte35NameModifier: { note: noEffect("the SCTE-35 track") },
      id3NameModifier: { note: noEffect("the ID3 track") },
      timedMetadataId3Period: { note: noEffect("timecode ID3 frames") },
      additionalDestinations: { note: "every track is also sent to each of these destinations (http(s) URLs, one per pipeline), each with its own retries; the group's alert is raised while any of them refuses" },
    },
    told: {
      captionLanguageMappings: "caption languages are not signalled in the CMAF tracks (embedded captions travel in the video's SEI)",
    },
  },
  CmafIngestOutputSettings: {
    path: "encoderSettings.outputGroups[].outputs[].outputSettings.cmafIngestOutputSettings",
    members: {
      nameModifier: { note: "the stream name: `Streams(<nameModifier>.cmfv)` for the video, `Streams(<nameModifier>.cmfa)` for the audio (`<nameModifier>_2.cmfa` … for further audios); the outputName when absent; reduced to letters, digits, '-' and '_'" },
    },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
