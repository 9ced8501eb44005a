// MPEG-TS wire constants from ISO/IEC 13818-1 (H.222.0): packet size, well-known PIDs,
// table ids (§2.4.4, Table 2-31), stream types (Table 2-34 plus ATSC/SCTE/DVB private
// values) and descriptor tags (§2.6, ETSI EN 300 468 §6.2, ATSC A/52 Annex A).

export const TS_PACKET_SIZE = 188;
export const TS_HEADER_SIZE = 4;
export const TS_SYNC_BYTE = 0x47;
/** Payload bytes of a packet without an adaptation field. */
export const TS_MAX_PAYLOAD = TS_PACKET_SIZE - TS_HEADER_SIZE;

export const PID_PAT = 0x0000;
export const PID_CAT = 0x0001;
export const PID_NULL = 0x1fff;
export const PID_MAX = 0x1fff;

export const TableIds = {
  PAT: 0x00,
  CAT: 0x01,
  PMT: 0x02,
  SCTE35: 0xfc,
} as const;

/** The 33-bit PTS/DTS/PCR-base modulus (§2.4.3.7). */
export const TIMESTAMP_MODULUS_33 = 8_589_934_592; // 2^33

export const StreamTypes = {
  MPEG1_VIDEO: 0x01,
  MPEG2_VIDEO: 0x02,
  MPEG1_AUDIO: 0x03,
  MPEG2_AUDIO: 0x04,
  PRIVATE_SECTIONS: 0x05,
  PRIVATE_PES: 0x06,
  AAC_ADTS: 0x0f,
  AAC_LATM: 0x11,
  METADATA_PES: 0x15,
  H264: 0x1b,
  H265: 0x24,
  /** BD/HDMV LPCM (see stream-types.ts for the decision). */
  LPCM: 0x80,
  AC3: 0x81,
  /** SCTE-27 subtitles (ATSC); DTS on Blu-ray (HDMV registration). */
  SCTE27: 0x82,
  /** Dolby TrueHD on Blu-ray (HDMV registration); no LPCM meaning in broadcast TS. */
  HDMV_TRUEHD: 0x83,
  /** SCTE-35 splice information sections. */
  SCTE35: 0x86,
  EAC3: 0x87,
} as const;

export const DescriptorTags = {
  REGISTRATION: 0x05,
  ISO_639_LANGUAGE: 0x0a,
  VBI_TELETEXT: 0x46,
  TELETEXT: 0x56,
  DVB_SUBTITLING: 0x59,
  DVB_AC3: 0x6a,
  DVB_ENHANCED_AC3: 0x7a,
  /** ATSC A/52 Annex A AC-3 audio descriptor. */
  ATSC_AC3: 0x81,
  /** ATSC A/52 Annex G E-AC-3 audio descriptor. */
  ATSC_EAC3: 0xcc,
} as const;

/** PES stream_id values (§2.4.3.7, Table 2-22). */
export const StreamIds = {
  PROGRAM_STREAM_MAP: 0xbc,
  PRIVATE_STREAM_1: 0xbd,
  PADDING: 0xbe,
  PRIVATE_STREAM_2: 0xbf,
  AUDIO_FIRST: 0xc0,
  VIDEO_FIRST: 0xe0,
  ECM: 0xf0,
  EMM: 0xf1,
  DSMCC: 0xf2,
  H222_1_TYPE_E: 0xf8,
  PROGRAM_STREAM_DIRECTORY: 0xff,
} as const;
