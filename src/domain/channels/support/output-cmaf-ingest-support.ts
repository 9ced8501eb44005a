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
      id3Behavior: {
        note: "ENABLED: the group's ID3 is sent as one more stream, Streams(id3.cmfm) (see id3NameModifier): an ISO/IEC 23001-18 event message track (handler meta, sample entry evte) whose segments span the first video track's segments, each tag an emib (scheme https://aomedia.org/emsg/ID3, AOM \"Carriage of ID3 Timed Metadata in CMAF\"; message_data the whole ID3v2 tag; event_duration unknown) at the presentation time of the picture it was fed with, emeb where none is. The tags: timedMetadataId3Frame timestamps, the schedule's timedMetadataSettings (once) and id3SegmentTaggingSettings (with the first picture of each of the group's segments). DISABLED (default): no track",
        values: ["DISABLED", "ENABLED"],
      },
      scte35Type: {
        note: "SCTE_35_WITHOUT_SEGMENTATION: the splices the pipeline takes (input SCTE-35 chosen by availSettings, the schedule's SCTE-35 actions) are sent as one more stream, Streams(scte.cmfm): an ISO/IEC 23001-18 event message track (handler meta, sample entry evte) whose segments span the first video track's segments, each splice an emib (scheme urn:scte:scte35:2013:bin, the splice_info_section re-based onto the picture it marks) at that picture's presentation time, repeated while its break duration runs, emeb where none is active; segments are not cut at splices. NONE (default): no track",
        values: ["NONE", "SCTE_35_WITHOUT_SEGMENTATION"],
      },
      timedMetadataId3Frame: { note: "with id3Behavior ENABLED, PRIV or TDRL: an ID3v2.4 tag with the picture's UTC time (system clock) on the ID3 track, first with the first picture, then every timedMetadataId3Period seconds (PRIV owner `com.elementaltechnologies.timestamp.utc`, as the HLS groups' timedMetadataId3Frame). NONE: none" },
      timedMetadataPassthrough: { note: "ENABLED (ID3 pass-through) is not reproduced", values: ["DISABLED"] },
      klvNameModifier: { note: noEffect("the KLV track") },
      nielsenId3NameModifier: { note: noEffect("the Nielsen ID3 track") },
      scte35NameModifier: { note: "replaces \"scte\" in the SCTE-35 track's name Streams(<modifier>.cmfm); characters other than letters, digits, + - _ . become '_'" },
      id3NameModifier: { note: "replaces \"id3\" in the ID3 track's name Streams(<modifier>.cmfm); characters other than letters, digits, + - _ . become '_'" },
      timedMetadataId3Period: { note: "seconds between the ID3 timestamps of timedMetadataId3Frame (default 10; 0 is taken as 10)" },
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
