// Audio encodes (audioDescriptions) and the audio selectors of input attachments: how openlive honours each member, which it accepts and tells, which it refuses.
// Part of the one list in ../supported-features.ts (read its header for the rules).

import type { ShapeSupport } from "./member-support.ts";

export const AUDIO_SUPPORT = {
  // --- Audio encodes.
  AudioDescription: {
    path: "encoderSettings.audioDescriptions[]",
    members: {
      name: { note: "required, unique" },
      audioSelectorName: { note: "required; an audio selector of that name must exist in every input attachment" },
      codecSettings: { note: "required: aacSettings or passThroughSettings" },
      languageCode: { note: "ISO 639 language written to the TS descriptor and the HLS playlist" },
      languageCodeControl: { note: "FOLLOW_INPUT (source language when present) or USE_CONFIGURED" },
      audioType: { note: "written to the TS ISO 639 descriptor" },
      audioTypeControl: { note: "FOLLOW_INPUT or USE_CONFIGURED" },
      streamName: { note: "the rendition's NAME in the HLS playlist" },
    },
    told: {
      remixSettings: "audio remixing: not reproduced by openlive yet",
      audioNormalizationSettings: "loudness normalisation: not reproduced by openlive yet",
      audioWatermarkingSettings: "audio watermarks: not reproduced by openlive yet",
      audioDashRoles: "DASH roles: not reproduced by openlive yet",
      dvbDashAccessibility: "DVB-DASH accessibility: not reproduced by openlive yet",
    },
  },
  AudioCodecSettings: {
    path: "encoderSettings.audioDescriptions[].codecSettings",
    union: true,
    members: {
      aacSettings: { note: "AAC-LC with ffmpeg's encoder" },
      passThroughSettings: { note: "the source audio unchanged (AAC, AC-3, E-AC-3, MPEG audio fit in TS)" },
    },
    told: { ac3Settings: "AC-3 encoding: not reproduced by openlive yet", eac3Settings: "E-AC-3 encoding: not reproduced by openlive yet", eac3AtmosSettings: "Dolby Atmos: not reproduced by openlive yet", mp2Settings: "MP2 encoding: not reproduced by openlive yet", wavSettings: "WAV: not reproduced by openlive yet" },
  },
  AacSettings: {
    path: "encoderSettings.audioDescriptions[].codecSettings.aacSettings",
    members: {
      bitrate: { note: "bits/s" },
      codingMode: { note: "CODING_MODE_1_0, CODING_MODE_2_0, CODING_MODE_5_1 (channel count)", values: ["CODING_MODE_1_0", "CODING_MODE_2_0", "CODING_MODE_5_1"] },
      sampleRate: { note: "Hz", values: [32000, 44100, 48000] },
      profile: { note: "HE-AAC needs an encoder Debian's ffmpeg does not ship", values: ["LC"] },
      rateControlMode: { note: "", values: ["CBR"] },
      rawFormat: { note: "", values: ["NONE"] },
      spec: { note: "", values: ["MPEG4"] },
      inputType: { note: "", values: ["NORMAL"] },
    },
  },


  AudioSelector: {
    path: "inputAttachments[].inputSettings.audioSelectors[]",
    members: {
      name: { note: "unique in the attachment" },
      selectorSettings: { note: "absent = the first audio track; audioPidSelection or audioLanguageSelection" },
    },
  },
  AudioSelectorSettings: {
    path: "inputAttachments[].inputSettings.audioSelectors[].selectorSettings",
    union: true,
    members: {
      audioPidSelection: { note: "the audio elementary stream with this PID" },
      audioLanguageSelection: { note: "the audio track with this ISO 639 language (LOOSE or STRICT)" },
    },
    told: { audioTrackSelection: "audio track selection: not reproduced by openlive yet", audioHlsRenditionSelection: "HLS audio rendition selection: not reproduced by openlive yet" },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
