// The splice_info_section of ANSI/SCTE 35 2023 §9 as typed values: what the parser returns
// and the writer takes (parse(write(x)) equals x). Lengths and CRCs are not part of the
// values: the writer computes them, the parser checks them. Field names follow the standard
// (camel case); times are in 90 kHz ticks (`…90k`).

/** table_id of every splice_info_section (§9.6). */
export const SCTE35_TABLE_ID = 0xfc;
/** splice_descriptor identifier 'CUEI' (§10.2) for the descriptors this standard defines. */
export const CUEI_IDENTIFIER = 0x43554549;
/** splice_command_length of legacy senders that do not know it (§9.6.1). */
export const UNKNOWN_COMMAND_LENGTH = 0xfff;

/** splice_command_type values (§9.6, Table 7). */
export const SpliceCommandTypes = {
  SPLICE_NULL: 0x00,
  SPLICE_SCHEDULE: 0x04,
  SPLICE_INSERT: 0x05,
  TIME_SIGNAL: 0x06,
  BANDWIDTH_RESERVATION: 0x07,
  PRIVATE_COMMAND: 0xff,
} as const;

/** splice_descriptor_tag values for the 'CUEI' identifier (§10.1, Table 16). */
export const SpliceDescriptorTags = {
  AVAIL: 0x00,
  DTMF: 0x01,
  SEGMENTATION: 0x02,
  TIME: 0x03,
  AUDIO: 0x04,
} as const;

/** splice_time() (§9.8.1): a PTS when time_specified_flag is set, else null (“immediate”). */
export interface SpliceTime {
  readonly ptsTime90k: number | null;
}

/** break_duration() (§9.8.2). */
export interface BreakDuration {
  readonly autoReturn: boolean;
  readonly duration90k: number;
}

export interface SpliceComponent {
  readonly componentTag: number;
  /** Absent (null) when splice_immediate_flag is set. */
  readonly spliceTime: SpliceTime | null;
}

interface SpliceInsertHead {
  readonly kind: "splice_insert";
  readonly spliceEventId: number;
}

/** splice_insert() (§9.7.3). */
export type SpliceInsert =
  | (SpliceInsertHead & { readonly spliceEventCancelIndicator: true })
  | (SpliceInsertHead & {
      readonly spliceEventCancelIndicator: false;
      readonly outOfNetworkIndicator: boolean;
      readonly programSpliceFlag: boolean;
      readonly spliceImmediateFlag: boolean;
      readonly eventIdComplianceFlag: boolean;
      /** Program splice without splice_immediate: the splice time; otherwise null. */
      readonly spliceTime: SpliceTime | null;
      /** Component splice mode: one entry per component; [] in program splice mode. */
      readonly components: readonly SpliceComponent[];
      /** Present when duration_flag is set. */
      readonly breakDuration: BreakDuration | null;
      readonly uniqueProgramId: number;
      readonly availNum: number;
      readonly availsExpected: number;
    });

/** One event of splice_schedule() (§9.7.2); times are UTC seconds since 1980-01-06 (GPS epoch). */
export type ScheduledSplice =
  | { readonly spliceEventId: number; readonly spliceEventCancelIndicator: true }
  | {
      readonly spliceEventId: number;
      readonly spliceEventCancelIndicator: false;
      readonly outOfNetworkIndicator: boolean;
      readonly programSpliceFlag: boolean;
      /** Program splice: the utc_splice_time; null in component mode. */
      readonly utcSpliceTime: number | null;
      readonly components: readonly { readonly componentTag: number; readonly utcSpliceTime: number }[];
      readonly breakDuration: BreakDuration | null;
      readonly uniqueProgramId: number;
      readonly availNum: number;
      readonly availsExpected: number;
    };

export type SpliceCommand =
  | { readonly kind: "splice_null" }
  | { readonly kind: "splice_schedule"; readonly events: readonly ScheduledSplice[] }
  | SpliceInsert
  | { readonly kind: "time_signal"; readonly spliceTime: SpliceTime }
  | { readonly kind: "bandwidth_reservation" }
  | { readonly kind: "private_command"; readonly identifier: number; readonly privateBytes: Uint8Array }
  /** A command type this standard reserves: kept raw. */
  | { readonly kind: "unknown"; readonly commandType: number; readonly bytes: Uint8Array };

/** segmentation_upid() (§10.3.3.1, Table 22). `bytes` is the wire form; the rest are views of it. */
export interface SegmentationUpid {
  readonly type: number;
  readonly bytes: Uint8Array;
  /** The characters of the text-valued types (ISCI, Ad-ID, TID, ADI, URI, SCR). */
  readonly text?: string;
  /** The parts of a MID (type 0x0D, §10.3.3.3). */
  readonly mid?: readonly SegmentationUpid[];
}

export interface SegmentationComponent {
  readonly componentTag: number;
  readonly ptsOffset90k: number;
}

/** Flags of §10.3.3.1, present when delivery_not_restricted_flag is 0. */
export interface DeliveryRestrictions {
  readonly webDeliveryAllowedFlag: boolean;
  readonly noRegionalBlackoutFlag: boolean;
  readonly archiveAllowedFlag: boolean;
  /** 2 bits: 0 restrict group 0, 1 group 1, 2 group 2, 3 none. */
  readonly deviceRestrictions: number;
}

interface SegmentationHead {
  readonly tag: typeof SpliceDescriptorTags.SEGMENTATION;
  readonly identifier: number;
  readonly segmentationEventId: number;
  readonly segmentationEventIdComplianceIndicator: boolean;
}

/** segmentation_descriptor() (§10.3.3). */
export type SegmentationDescriptor =
  | (SegmentationHead & { readonly segmentationEventCancelIndicator: true })
  | (SegmentationHead & {
      readonly segmentationEventCancelIndicator: false;
      readonly programSegmentationFlag: boolean;
      /** null when delivery_not_restricted_flag is 1. */
      readonly deliveryRestrictions: DeliveryRestrictions | null;
      /** Component mode (program_segmentation_flag 0) only. */
      readonly components: readonly SegmentationComponent[];
      /** 40-bit duration, present when segmentation_duration_flag is set. */
      readonly segmentationDuration90k: number | null;
      readonly upid: SegmentationUpid;
      readonly segmentationTypeId: number;
      readonly segmentNum: number;
      readonly segmentsExpected: number;
      /** Types 0x34/0x36/0x38/0x3A: present when the descriptor carries them. */
      readonly subSegment: { readonly subSegmentNum: number; readonly subSegmentsExpected: number } | null;
    });

export interface AudioComponent {
  readonly componentTag: number;
  /** ISO 639-2 code, 3 characters. */
  readonly isoCode: string;
  readonly bitStreamMode: number;
  readonly numChannels: number;
  readonly fullServiceAudio: boolean;
}

export type SpliceDescriptor =
  | { readonly tag: typeof SpliceDescriptorTags.AVAIL; readonly identifier: number; readonly providerAvailId: number }
  | { readonly tag: typeof SpliceDescriptorTags.DTMF; readonly identifier: number; readonly preroll: number; readonly dtmfChars: string }
  | SegmentationDescriptor
  | { readonly tag: typeof SpliceDescriptorTags.TIME; readonly identifier: number; readonly taiSeconds: number; readonly taiNs: number; readonly utcOffset: number }
  | { readonly tag: typeof SpliceDescriptorTags.AUDIO; readonly identifier: number; readonly components: readonly AudioComponent[] }
  /** Any other tag, or another identifier than 'CUEI': kept raw (the bytes after descriptor_length). */
  | { readonly tag: "raw"; readonly descriptorTag: number; readonly data: Uint8Array };

/** One splice_info_section (§9.6). */
export interface SpliceInfoSection {
  readonly sectionSyntaxIndicator: boolean;
  readonly privateIndicator: boolean;
  /** 2 bits (§9.6.1): 0 Type 1, 1 Type 2, 2 Type 3, 3 not specified. */
  readonly sapType: number;
  readonly protocolVersion: number;
  readonly encryptedPacket: boolean;
  readonly encryptionAlgorithm: number;
  readonly ptsAdjustment90k: number;
  readonly cwIndex: number;
  readonly tier: number;
  /** splice_command_length was 0xFFF (legacy “unknown”), so the command's own syntax delimits it. */
  readonly legacyCommandLength: boolean;
  /** null when encrypted: the command cannot be read. */
  readonly command: SpliceCommand | null;
  /** [] when encrypted. */
  readonly descriptors: readonly SpliceDescriptor[];
  /**
   * Encrypted sections: splice_command_length as sent and the bytes from splice_command_type to
   * before CRC_32 (E_CRC_32 included), undeciphered; null when clear.
   */
  readonly encryptedPayload: { readonly spliceCommandLength: number; readonly bytes: Uint8Array } | null;
}

export type SpliceParseResult =
  | { readonly ok: true; readonly section: SpliceInfoSection; readonly crc32: number }
  | { readonly ok: false; readonly reason: string };
