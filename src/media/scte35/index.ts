// Public surface of the SCTE-35 package (ANSI/SCTE 35 2023): splice_info_section parser and
// writer, PTS helpers, PMT entries, HLS cue-tag reader and the avail/blackout decisions.

export * from "./splice-info.ts";
export { parseSpliceInfoSection, parseSpliceInfoBase64, parseSpliceInfoHex } from "./splice-parser.ts";
export { writeSpliceInfoSection, writeSpliceCommand, spliceSection } from "./splice-writer.ts";
export { writeSpliceDescriptor, textUpid, midUpid } from "./splice-descriptor-writer.ts";
export { makeUpid } from "./splice-descriptor-parser.ts";
export { SegmentationTypes, UpidTypes, segmentationTypeName, SUB_SEGMENT_TYPES } from "./segmentation-types.ts";
export { applyPtsAdjustment, rebasePts, rebaseSection, spliceTimeOf, wrap33 } from "./splice-pts.ts";
export { scte35PmtStream, scte35ProgramDescriptors, CueStreamTypes } from "./scte35-pmt.ts";
export { readManifestSignals, parseAttributeList } from "./hls-cue-tags.ts";
export type { ManifestSignal } from "./hls-cue-tags.ts";
export { applyAvailEvent, availAt, pruneAvails } from "./avail-timeline.ts";
export type { TimelineAvail } from "./avail-timeline.ts";
export { availEvents, blackoutTriggers, nextBlackoutState, eidrText, restricted, AvailModes, BlackoutEvents, BLACKOUT_STRENGTH } from "./avail-decision.ts";
export type { AvailEvent, AvailMode, AvailSettings, BlackoutEvent, BlackoutSettings, BlackoutState, BlackoutTrigger, FlagBehavior, RestrictionFlagSettings } from "./avail-decision.ts";
