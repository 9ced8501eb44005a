// Captions: caption descriptions and the caption selectors of input attachments: how openlive honours each member, which it accepts and tells, which it refuses.
// Part of the one list in ../supported-features.ts (read its header for the rules).

import type { ShapeSupport } from "./member-support.ts";

export const CAPTION_SUPPORT = {
  // --- Captions: embedded CEA-608/708 pass-through only.
  CaptionDescription: {
    path: "encoderSettings.captionDescriptions[]",
    members: {
      name: { note: "required, unique" },
      captionSelectorName: { note: "required; a caption selector of that name must exist in every input attachment" },
      destinationSettings: { note: "required: embeddedDestinationSettings" },
      languageCode: { note: "LANGUAGE of the CLOSED-CAPTIONS rendition in the HLS playlist" },
      languageDescription: { note: "NAME of the CLOSED-CAPTIONS rendition in the HLS playlist" },
      accessibility: { note: "CHARACTERISTICS of the rendition in the HLS playlist" },
    },
    told: { captionDashRoles: "DASH roles: not reproduced by openlive yet", dvbDashAccessibility: "DVB-DASH accessibility: not reproduced by openlive yet" },
  },
  CaptionDestinationSettings: {
    path: "encoderSettings.captionDescriptions[].destinationSettings",
    union: true,
    members: {
      embeddedDestinationSettings: { note: "CEA-608/708 kept in the video's SEI, CLOSED-CAPTIONS signalled in the master playlist" },
    },
    told: {
      aribDestinationSettings: "ARIB captions: not reproduced by openlive yet",
      burnInDestinationSettings: "burn-in captions: not reproduced by openlive yet",
      dvbSubDestinationSettings: "DVB-Sub captions: not reproduced by openlive yet",
      ebuTtDDestinationSettings: "EBU-TT-D captions: not reproduced by openlive yet",
      embeddedPlusScte20DestinationSettings: "embedded+SCTE-20 captions: not reproduced by openlive yet",
      rtmpCaptionInfoDestinationSettings: "RTMP CaptionInfo: not reproduced by openlive yet",
      scte20PlusEmbeddedDestinationSettings: "SCTE-20+embedded captions: not reproduced by openlive yet",
      scte27DestinationSettings: "SCTE-27 captions: not reproduced by openlive yet",
      smpteTtDestinationSettings: "SMPTE-TT captions: not reproduced by openlive yet",
      teletextDestinationSettings: "Teletext captions: not reproduced by openlive yet",
      ttmlDestinationSettings: "TTML captions: not reproduced by openlive yet",
      webvttDestinationSettings: "WebVTT captions: not reproduced by openlive yet",
    },
  },


  CaptionSelector: {
    path: "inputAttachments[].inputSettings.captionSelectors[]",
    members: {
      name: { note: "unique in the attachment" },
      languageCode: { note: "metadata" },
      selectorSettings: { note: "absent or embeddedSourceSettings" },
    },
  },
  CaptionSelectorSettings: {
    path: "inputAttachments[].inputSettings.captionSelectors[].selectorSettings",
    union: true,
    members: { embeddedSourceSettings: { note: "CEA-608/708 in the video's SEI" } },
    told: {
      ancillarySourceSettings: "ancillary-data captions: not reproduced by openlive yet",
      aribSourceSettings: "ARIB captions: not reproduced by openlive yet",
      dvbSubSourceSettings: "DVB-Sub captions: not reproduced by openlive yet",
      scte20SourceSettings: "SCTE-20 captions: not reproduced by openlive yet",
      scte27SourceSettings: "SCTE-27 captions: not reproduced by openlive yet",
      teletextSourceSettings: "Teletext captions: not reproduced by openlive yet",
    },
  },
  EmbeddedSourceSettings: {
    path: "…captionSelectors[].selectorSettings.embeddedSourceSettings",
    members: {
      convert608To708: { note: "captions pass through as they are", values: ["DISABLED"] },
      scte20Detection: { note: "SCTE-20 captions are not read", values: ["OFF"] },
      source608ChannelNumber: { note: "metadata: pass-through keeps every CC channel" },
      source608TrackNumber: { note: "metadata: pass-through keeps every track" },
    },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
