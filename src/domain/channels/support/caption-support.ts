// Captions: caption descriptions and the caption selectors of input attachments: how openlive honours each member, which it accepts and tells, which it refuses.
// Part of the one list in ../supported-features.ts (read its header for the rules).

import type { ShapeSupport } from "./member-support.ts";

export const CAPTION_SUPPORT = {
  // --- Captions: embedded CEA-608/708 pass-through, and WebVTT subtitle renditions decoded from CEA-608.
  CaptionDescription: {
    path: "encoderSettings.captionDescriptions[]",
    members: {
      name: { note: "required, unique" },
      captionSelectorName: { note: "required; a caption selector of that name must exist in every input attachment" },
      destinationSettings: { note: "required: embeddedDestinationSettings, webvttDestinationSettings or burnInDestinationSettings honoured, the other kinds told" },
      languageCode: { note: "LANGUAGE of the CLOSED-CAPTIONS or SUBTITLES rendition in the HLS master playlist" },
      languageDescription: { note: "NAME of the CLOSED-CAPTIONS or SUBTITLES rendition in the HLS master playlist" },
      accessibility: { note: "CHARACTERISTICS of the rendition in the HLS master playlist" },
    },
    told: { captionDashRoles: "DASH roles: not reproduced by openlive yet", dvbDashAccessibility: "DVB-DASH accessibility: not reproduced by openlive yet" },
  },
  CaptionDestinationSettings: {
    path: "encoderSettings.captionDescriptions[].destinationSettings",
    union: true,
    members: {
      embeddedDestinationSettings: { note: "CEA-608/708 kept in the video's SEI, CLOSED-CAPTIONS signalled in the master playlist" },
      webvttDestinationSettings: {
        note: "an HLS subtitle rendition (EXT-X-MEDIA TYPE=SUBTITLES, GROUP-ID \"subs\", SUBTITLES on every variant of the group): openlive decodes the selector's CEA-608 channel from the source's A/53 SEI and writes WebVTT segments of the group's segment length with X-TIMESTAMP-MAP, as <baseName>_<description name>.m3u8; named by an HLS output with only captionDescriptionNames (nothing encoded for it) or by one with video",
      },
      burnInDestinationSettings: {
        note: "captions drawn into the picture of every output with video that names the description (H.264 or H.265; an encode of its own): openlive decodes the selector's CEA-608 channel from the source's A/53 SEI and keeps the shown caption's text in a file of the pipeline's work dir, which the encoder's ffmpeg `drawtext=textfile=…:reload=1` re-reads every frame (drawn after scaling and sharpening, before the timecode burn-in)",
      },
    },
    told: {
      aribDestinationSettings: "ARIB captions: not reproduced by openlive yet",
      dvbSubDestinationSettings: "DVB-Sub captions: the pipeline feeds the encoder video and audio PIDs only, so no subtitle PID reaches the TS output",
      ebuTtDDestinationSettings: "EBU-TT-D captions: not reproduced by openlive yet",
      embeddedPlusScte20DestinationSettings: "embedded+SCTE-20 captions: not reproduced by openlive yet",
      rtmpCaptionInfoDestinationSettings: "RTMP CaptionInfo: not reproduced by openlive yet",
      scte20PlusEmbeddedDestinationSettings: "SCTE-20+embedded captions: not reproduced by openlive yet",
      scte27DestinationSettings: "SCTE-27 captions: not reproduced by openlive yet",
      smpteTtDestinationSettings: "SMPTE-TT captions: not reproduced by openlive yet",
      teletextDestinationSettings: "Teletext captions: the pipeline feeds the encoder video and audio PIDs only, so no teletext PID reaches the TS output",
      ttmlDestinationSettings: "TTML captions: not reproduced by openlive yet",
    },
  },
  WebvttDestinationSettings: {
    path: "encoderSettings.captionDescriptions[].destinationSettings.webvttDestinationSettings",
    members: {
      styleControl: {
        note: "PASSTHROUGH: each cue placed where CEA-608 puts it (top row → `line:` %, first column → `position:` %, over the middle 80 % of the picture); NO_STYLE_DATA (the default): cue text only. Colours and italics are not carried",
      },
    },
  },
  BurnInDestinationSettings: {
    path: "encoderSettings.captionDescriptions[].destinationSettings.burnInDestinationSettings",
    members: {
      fontSize: { note: "points at fontResolution dpi → drawtext `fontsize` in pixels (points × dpi / 72); \"auto\" (or absent): 1/18 of the picture height" },
      fontResolution: { note: "dpi of fontSize (default 96)" },
      fontColor: { note: "drawtext `fontcolor` (default WHITE)" },
      fontOpacity: { note: "0–255 → the alpha of `fontcolor` (default 255, opaque)" },
      backgroundColor: { note: "drawtext `box=1:boxcolor` behind the text (NONE or absent: no box)" },
      backgroundOpacity: { note: "0–255 → the alpha of `boxcolor` (default 0: no box)" },
      outlineSize: { note: "drawtext `borderw` (pixels)" },
      outlineColor: { note: "drawtext `bordercolor` (default BLACK)" },
      shadowColor: { note: "drawtext `shadowcolor` (NONE or absent: no shadow)" },
      shadowOpacity: { note: "0–255 → the alpha of `shadowcolor` (default 0: no shadow)" },
      shadowXOffset: { note: "drawtext `shadowx` (pixels)" },
      shadowYOffset: { note: "drawtext `shadowy` (pixels)" },
      xPosition: { note: "drawtext `x` of the text block's left edge (pixels; absent: placed by alignment)" },
      yPosition: { note: "drawtext `y` of the text block's top edge (pixels; absent: 30 px above the bottom of the picture)" },
      alignment: { note: "without xPosition: LEFT → 10 px from the left edge, CENTERED → the text block centred (its lines left-aligned: drawtext in ffmpeg 5.1 has no per-line alignment)", values: ["CENTERED", "LEFT"] },
    },
    told: {
      font: "a font file: the burn-in draws fontconfig's monospace face (the timecode burn-in's)",
      subtitleRows: "DVB-Sub/teletext row grid: CEA-608 captions keep their own rows",
      teletextGridControl: "teletext grid: the source captions are CEA-608, never teletext",
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
      dvbSubSourceSettings: "DVB-Sub captions: the pipeline reads video and audio PIDs only; DVB-Sub bitmaps are neither passed on nor converted",
      scte20SourceSettings: "SCTE-20 captions: not reproduced by openlive yet",
      scte27SourceSettings: "SCTE-27 captions: not reproduced by openlive yet",
      teletextSourceSettings: "Teletext captions: the pipeline reads video and audio PIDs only; teletext pages are neither passed on nor decoded",
    },
  },
  EmbeddedSourceSettings: {
    path: "…captionSelectors[].selectorSettings.embeddedSourceSettings",
    members: {
      convert608To708: { note: "captions pass through as they are", values: ["DISABLED"] },
      scte20Detection: { note: "SCTE-20 captions are not read", values: ["OFF"] },
      source608ChannelNumber: { note: "the CEA-608 channel (CC1–CC4, default CC1) a WebVTT caption description decodes; embedded pass-through keeps every channel" },
      source608TrackNumber: { note: "metadata: pass-through keeps every track" },
    },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
