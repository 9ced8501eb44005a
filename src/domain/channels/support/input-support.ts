// Inputs as the channel uses them: how openlive honours each member, which it accepts and tells, which it refuses.
// Part of the one list in ../supported-features.ts (read its header for the rules).

import { noEffect, type ShapeSupport } from "./member-support.ts";

export const INPUT_SUPPORT = {
  // --- Inputs as the channel uses them.
  InputAttachment: {
    path: "inputAttachments[]",
    members: {
      inputId: { note: "required: an existing input attached to no other channel" },
      inputAttachmentName: { note: "unique; schedule input switches name it" },
      inputSettings: { note: "selectors and source-end behaviour" },
      automaticInputFailoverSettings: { note: "on the primary attachment of a push failover pair" },
    },
    told: { logicalInterfaceNames: "logical interfaces belong to MediaLive Anywhere nodes; openlive reads inputs on its own host's interfaces" },
  },
  InputSettings: {
    path: "inputAttachments[].inputSettings",
    members: {
      audioSelectors: { note: "named audio tracks of the input" },
      captionSelectors: { note: "named caption tracks of the input (embedded only)" },
      sourceEndBehavior: { note: "CONTINUE or LOOP for file inputs" },
      networkInputSettings: { note: "HLS pull settings" },
      deblockFilter: { note: "", values: ["DISABLED"] },
      denoiseFilter: { note: "", values: ["DISABLED"] },
      filterStrength: { note: noEffect("input filters") },
      inputFilter: { note: "AUTO or DISABLED: openlive applies no input filter; FORCED is not supported", values: ["AUTO", "DISABLED"] },
      smpte2038DataPreference: { note: "", values: ["IGNORE"] },
      videoSelector: { note: "colour space handling of the source" },
      scte35Pid: { note: "the PID (stream_type 0x86 in the PMT) whose SCTE-35 messages are read; absent: every SCTE-35 PID of the program" },
    },
  },

  NetworkInputSettings: {
    path: "inputAttachments[].inputSettings.networkInputSettings",
    members: {
      hlsInputSettings: { note: "URL_PULL (HLS) client settings" },
      serverValidation: {
        note: "TLS certificates are always fully checked",
        values: ["CHECK_CRYPTOGRAPHY_AND_VALIDATE_NAME"],
      },
    },
    told: { multicastInputSettings: "multicast inputs are not offered by openlive (RTP push, SRT and the pull inputs are), so their source-address settings have nothing to apply to" },
  },
  HlsInputSettings: {
    path: "inputAttachments[].inputSettings.networkInputSettings.hlsInputSettings",
    members: {
      bufferSegments: { note: "segments buffered before playout" },
      retries: { note: "retries per playlist or segment fetch" },
      retryInterval: { note: "seconds between retries" },
      bandwidth: { note: "bits/s: the variant with the highest BANDWIDTH not above it (the lowest when every variant is above it); absent: the highest" },
      scte35Source: {
        note: "SEGMENTS (the default): the SCTE-35 PID of the pulled MPEG-TS segments; MANIFEST: the media playlist's cue tags (EXT-X-CUE-OUT/-CONT/-IN, EXT-OATCLS-SCTE35, EXT-X-DATERANGE SCTE35-OUT/IN/CMD, EXT-X-SCTE35) become splices on the tagged segment's first picture, and the segments' PID is not read",
      },
    },
  },
  VideoSelector: {
    path: "inputAttachments[].inputSettings.videoSelector",
    members: {
      colorSpace: { note: "", values: ["FOLLOW"] },
      colorSpaceUsage: { note: noEffect("colour-space conversion") },
    },
    told: { colorSpaceSettings: "colour-space conversion: not reproduced by openlive yet", selectorSettings: "video PID or program selection: not reproduced by openlive yet" },
  },
  AutomaticInputFailoverSettings: {
    path: "inputAttachments[].automaticInputFailoverSettings",
    members: {
      secondaryInputId: { note: "required: another push input of the same type attached to this channel" },
      inputPreference: { note: "EQUAL_INPUT_PREFERENCE or PRIMARY_INPUT_PREFERRED" },
      errorClearTimeMsec: { note: "how long a recovered input must stay clean" },
      failoverConditions: { note: "input loss, video black, audio silence" },
    },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
