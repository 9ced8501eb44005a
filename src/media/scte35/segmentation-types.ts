// segmentation_type_id (ANSI/SCTE 35 2023 §10.3.3.1, Table 23) and segmentation_upid_type
// (Table 22) names, and the grouping the avail and blackout rules use.

export const SegmentationTypes = {
  NOT_INDICATED: 0x00,
  CONTENT_IDENTIFICATION: 0x01,
  CALL_AD_SERVER: 0x02,
  PROGRAM_START: 0x10,
  PROGRAM_END: 0x11,
  PROGRAM_EARLY_TERMINATION: 0x12,
  PROGRAM_BREAKAWAY: 0x13,
  PROGRAM_RESUMPTION: 0x14,
  PROGRAM_RUNOVER_PLANNED: 0x15,
  PROGRAM_RUNOVER_UNPLANNED: 0x16,
  PROGRAM_OVERLAP_START: 0x17,
  PROGRAM_BLACKOUT_OVERRIDE: 0x18,
  PROGRAM_JOIN: 0x19,
  CHAPTER_START: 0x20,
  CHAPTER_END: 0x21,
  BREAK_START: 0x22,
  BREAK_END: 0x23,
  OPENING_CREDIT_START: 0x24,
  OPENING_CREDIT_END: 0x25,
  CLOSING_CREDIT_START: 0x26,
  CLOSING_CREDIT_END: 0x27,
  PROVIDER_ADVERTISEMENT_START: 0x30,
  PROVIDER_ADVERTISEMENT_END: 0x31,
  DISTRIBUTOR_ADVERTISEMENT_START: 0x32,
  DISTRIBUTOR_ADVERTISEMENT_END: 0x33,
  PROVIDER_PLACEMENT_OPPORTUNITY_START: 0x34,
  PROVIDER_PLACEMENT_OPPORTUNITY_END: 0x35,
  DISTRIBUTOR_PLACEMENT_OPPORTUNITY_START: 0x36,
  DISTRIBUTOR_PLACEMENT_OPPORTUNITY_END: 0x37,
  PROVIDER_OVERLAY_PLACEMENT_OPPORTUNITY_START: 0x38,
  PROVIDER_OVERLAY_PLACEMENT_OPPORTUNITY_END: 0x39,
  DISTRIBUTOR_OVERLAY_PLACEMENT_OPPORTUNITY_START: 0x3a,
  DISTRIBUTOR_OVERLAY_PLACEMENT_OPPORTUNITY_END: 0x3b,
  PROVIDER_PROMO_START: 0x3c,
  PROVIDER_PROMO_END: 0x3d,
  DISTRIBUTOR_PROMO_START: 0x3e,
  DISTRIBUTOR_PROMO_END: 0x3f,
  UNSCHEDULED_EVENT_START: 0x40,
  UNSCHEDULED_EVENT_END: 0x41,
  ALTERNATE_CONTENT_OPPORTUNITY_START: 0x42,
  ALTERNATE_CONTENT_OPPORTUNITY_END: 0x43,
  PROVIDER_AD_BLOCK_START: 0x44,
  PROVIDER_AD_BLOCK_END: 0x45,
  DISTRIBUTOR_AD_BLOCK_START: 0x46,
  DISTRIBUTOR_AD_BLOCK_END: 0x47,
  NETWORK_START: 0x50,
  NETWORK_END: 0x51,
} as const;

const TYPE_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(SegmentationTypes).map(([key, value]) => [value, key.toLowerCase().replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase())]),
);

/** “Provider placement opportunity start” for 0x34; `Reserved (0x..)` for values the table does not define. */
export function segmentationTypeName(typeId: number): string {
  return TYPE_NAMES.get(typeId) ?? `Reserved (0x${typeId.toString(16).padStart(2, "0")})`;
}

/** Types whose descriptor carries sub_segment_num and sub_segments_expected (§10.3.3.1). */
export const SUB_SEGMENT_TYPES: ReadonlySet<number> = new Set([
  SegmentationTypes.PROVIDER_PLACEMENT_OPPORTUNITY_START,
  SegmentationTypes.DISTRIBUTOR_PLACEMENT_OPPORTUNITY_START,
  SegmentationTypes.PROVIDER_OVERLAY_PLACEMENT_OPPORTUNITY_START,
  SegmentationTypes.DISTRIBUTOR_OVERLAY_PLACEMENT_OPPORTUNITY_START,
]);

/** segmentation_upid_type values (Table 22). */
export const UpidTypes = {
  NOT_USED: 0x00,
  USER_DEFINED: 0x01,
  ISCI: 0x02,
  AD_ID: 0x03,
  UMID: 0x04,
  ISAN_DEPRECATED: 0x05,
  ISAN: 0x06,
  TID: 0x07,
  TI: 0x08,
  ADI: 0x09,
  EIDR: 0x0a,
  ATSC_CONTENT_IDENTIFIER: 0x0b,
  MPU: 0x0c,
  MID: 0x0d,
  ADS_INFORMATION: 0x0e,
  URI: 0x0f,
  UUID: 0x10,
  SCR: 0x11,
} as const;

/** UPID types whose bytes are characters (Table 22). */
export const TEXT_UPID_TYPES: ReadonlySet<number> = new Set([UpidTypes.ISCI, UpidTypes.AD_ID, UpidTypes.TID, UpidTypes.ADI, UpidTypes.URI, UpidTypes.SCR]);
