// Ad avails from SCTE-35 (availConfiguration): how openlive honours each member. Part of the
// one list in ../supported-features.ts; the paths are described in docs/ads-and-schedule.md.

import type { ShapeSupport } from "./member-support.ts";

const FLAG_NOTE = "decides whether an avail is restricted, which only avail blanking acts on (availBlanking is not reproduced)";

export const SCTE35_SUPPORT = {
  AvailConfiguration: {
    path: "encoderSettings.availConfiguration",
    members: {
      availSettings: { note: "which SCTE-35 messages of the active input are ad avails (absent: splice insert mode)" },
    },
    told: {
      scte35SegmentationScope: "openlive passes no SCTE-35 into its outputs (ffmpeg 5.1's MPEG-TS muxer cannot carry SCTE-35 sections), so there is no scope to choose; HLS ad markers go to every group that asks for them",
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
    members: { adAvailOffset: { note: "milliseconds added to the splice time of each message from the input (-1000 to 1000)" } },
    told: { noRegionalBlackoutFlag: FLAG_NOTE, webDeliveryAllowedFlag: FLAG_NOTE },
  },
  Scte35TimeSignalApos: {
    path: "encoderSettings.availConfiguration.availSettings.scte35TimeSignalApos",
    members: { adAvailOffset: { note: "milliseconds added to the splice time of each message from the input (-1000 to 1000)" } },
    told: { noRegionalBlackoutFlag: FLAG_NOTE, webDeliveryAllowedFlag: FLAG_NOTE },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
