// Ad avails from SCTE-35 (availConfiguration): how openlive honours each member. Part of the
// one list in ../supported-features.ts; the paths are described in docs/ads-and-schedule.md.

import type { ShapeSupport } from "./member-support.ts";

const OFFSET = { note: "milliseconds added to the splice time of each message from the input (-1000 to 1000)" } as const;
const FLAG_NOTE = "FOLLOW: a 0 (or absent) flag restricts the avail, which availBlanking blanks, and a blackout start, which blackoutSlate shows; IGNORE: this flag's 0 no longer restricts";

export const SCTE35_SUPPORT = {
  AvailConfiguration: {
    path: "encoderSettings.availConfiguration",
    members: {
      availSettings: { note: "which SCTE-35 messages of the active input are ad avails (absent: splice insert mode)" },
    },
    told: {
      scte35SegmentationScope: "openlive cuts no extra segment and forces no IDR at a splice (HLS ad markers go on the next segment boundary; pass-through sections in TS outputs go just before the splice picture, emsg boxes in fMP4 HLS segments before the fragment holding it), so there is no segmentation to scope; markers, sections and emsg boxes go to every output that asks for them",
    },
  },
  AvailSettings: {
    path: "encoderSettings.availConfiguration.availSettings",
    union: true,
    members: {
      scte35SpliceInsert: { note: "splice_insert and time_signal of advertisement, placement opportunity and break types are avails" },
      scte35TimeSignalApos: { note: "only time_signal of placement opportunity and break types are avails" },
    },
    told: { esam: "ESAM needs a POIS (signal conditioning server) to ask; openlive talks to none" },
  },
  Scte35SpliceInsert: {
    path: "encoderSettings.availConfiguration.availSettings.scte35SpliceInsert",
    members: { adAvailOffset: OFFSET, noRegionalBlackoutFlag: { note: FLAG_NOTE }, webDeliveryAllowedFlag: { note: FLAG_NOTE } },
  },
  Scte35TimeSignalApos: {
    path: "encoderSettings.availConfiguration.availSettings.scte35TimeSignalApos",
    members: { adAvailOffset: OFFSET, noRegionalBlackoutFlag: { note: FLAG_NOTE }, webDeliveryAllowedFlag: { note: FLAG_NOTE } },
  },
  AvailBlanking: {
    path: "encoderSettings.availBlanking",
    members: {
      state: { note: "ENABLED: from the picture a restricted avail's splice lands on, the encoder is fed the image (one all-intra picture in the fed codec) and silence; the program returns at its first keyframe at or after the avail's end", values: ["ENABLED", "DISABLED"] },
      availBlankingImage: { note: "file:///<absolute path> in an input root, http(s):// or s3(ssl)://<bucket>/<key> (downloaded once); scaled into the frame; absent: black" },
    },
  },
  BlackoutSlate: {
    path: "encoderSettings.blackoutSlate",
    members: {
      state: { note: "ENABLED: a restricted time_signal Program, Chapter or Unscheduled Event Start blacks out (image and silence) until an end of equal or greater strength", values: ["ENABLED", "DISABLED"] },
      blackoutSlateImage: { note: "as availBlankingImage; absent: black" },
      networkEndBlackout: { note: "ENABLED (with state ENABLED): a Network End whose EIDR UPID matches networkId blacks out until the Network Start", values: ["ENABLED", "DISABLED"] },
      networkEndBlackoutImage: { note: "shown during a network end blackout; absent: black" },
      networkId: { note: "the EIDR (10.XXXX/XXXX-XXXX-XXXX-XXXX-XXXX-C) compared with the Network End/Start UPID" },
    },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
