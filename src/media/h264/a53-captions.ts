// Closed-caption presence from ATSC A/53 Part 4 user data (§6.2.3, Table 6.8/6.9), carried
// in an H.264/H.265 user_data_registered_itu_t_t35 SEI (payloadType 4):
//
//   u8  itu_t_t35_country_code     0xB5 (USA)
//   u16 itu_t_t35_provider_code    0x0031 (ATSC)
//   u32 user_identifier            "GA94" (0x47413934)
//   u8  user_data_type_code        0x03 = cc_data
//   cc_data(): u8 process_em_data_flag(1) process_cc_data_flag(1) additional_data_flag(1) cc_count(5)
//              u8 em_data
//              cc_count × { marker_bits(5) cc_valid(1) cc_type(2) | cc_data_1 | cc_data_2 }
//              u8 marker_bits 0xFF
//
// cc_type 0/1: CEA-608 byte pairs for field 1/2 (CEA-608 §8, odd parity). cc_type 3/2:
// start/continuation of a CEA-708 DTVCC packet (CEA-708 §5), whose service blocks name
// the caption services.

export const A53_COUNTRY_CODE_USA = 0xb5;
export const A53_PROVIDER_CODE_ATSC = 0x0031;
export const A53_USER_IDENTIFIER_GA94 = 0x47413934;
export const A53_USER_DATA_TYPE_CC_DATA = 0x03;

export const CcTypes = {
  NTSC_FIELD_1: 0,
  NTSC_FIELD_2: 1,
  DTVCC_PACKET_DATA: 2,
  DTVCC_PACKET_START: 3,
} as const;

export interface CcDataTriplet {
  readonly ccValid: boolean;
  readonly ccType: number;
  readonly ccData1: number;
  readonly ccData2: number;
}

export interface CaptionPresence {
  /** CEA-608 channels 1–4 with at least one control code seen. */
  readonly cea608Channels: number[];
  /** CEA-708 service numbers 1–63 with a non-empty service block. */
  readonly cea708Services: number[];
}

/** cc_data triplets from a user_data_registered_itu_t_t35 payload; undefined unless it is A/53 GA94 cc_data. */
export function parseA53CcData(payload: Uint8Array): CcDataTriplet[] | undefined {
  if (payload.length < 10) return undefined;
  if (payload[0] !== A53_COUNTRY_CODE_USA) return undefined;
  if ((((payload[1] ?? 0) << 8) | (payload[2] ?? 0)) !== A53_PROVIDER_CODE_ATSC) return undefined;
  const identifier = ((payload[3] ?? 0) * 0x1000000) + (((payload[4] ?? 0) << 16) | ((payload[5] ?? 0) << 8) | (payload[6] ?? 0));
  if (identifier !== A53_USER_IDENTIFIER_GA94 || payload[7] !== A53_USER_DATA_TYPE_CC_DATA) return undefined;
  const flags = payload[8] ?? 0;
  const processCcData = (flags & 0x40) !== 0;
  const ccCount = flags & 0x1f;
  const triplets: CcDataTriplet[] = [];
  if (!processCcData) return triplets;
  let offset = 10; // after em_data
  for (let i = 0; i < ccCount && offset + 3 <= payload.length; i++, offset += 3) {
    const head = payload[offset] ?? 0;
    triplets.push({ ccValid: (head & 0x04) !== 0, ccType: head & 0x03, ccData1: payload[offset + 1] ?? 0, ccData2: payload[offset + 2] ?? 0 });
  }
  return triplets;
}

/**
 * Which CEA-608 channel a byte pair addresses, or undefined for padding/text/XDS.
 * Control and PAC codes have a first byte 0x10–0x1F (parity stripped) whose bit 3 is the
 * data-channel bit (CEA-608 §8.4, Tables 50–53): field 1 → CC1/CC2, field 2 → CC3/CC4.
 */
export function cea608ChannelOfPair(field: 1 | 2, ccData1: number, ccData2: number): number | undefined {
  const b1 = ccData1 & 0x7f;
  const b2 = ccData2 & 0x7f;
  if (b1 < 0x10 || b1 > 0x1f || b2 < 0x20) return undefined;
  const dataChannel = (b1 & 0x08) === 0 ? 1 : 2;
  return field === 1 ? dataChannel : dataChannel + 2;
}

/**
 * Service numbers in the service blocks of DTVCC packet bytes (CEA-708 §5, §6.2):
 * packet header u8 sequence_number(2) packet_size_code(6) (size = code*2, 0 → 128, header included);
 * service block header u8 service_number(3) block_size(5); service_number 7 → extended
 * header u8 null_fill(2) extended_service_number(6). Block 0/0 is the null block.
 */
export function dtvccServicesOfPacket(packet: Uint8Array): number[] {
  const services: number[] = [];
  if (packet.length === 0) return services;
  const sizeCode = (packet[0] ?? 0) & 0x3f;
  const packetSize = sizeCode === 0 ? 128 : sizeCode * 2;
  const end = Math.min(packet.length, packetSize);
  let offset = 1;
  while (offset < end) {
    const head = packet[offset++] ?? 0;
    let serviceNumber = head >> 5;
    const blockSize = head & 0x1f;
    if (serviceNumber === 0) break; // null service block: the rest is padding
    if (serviceNumber === 7) {
      if (offset >= end) break;
      serviceNumber = (packet[offset++] ?? 0) & 0x3f;
    }
    if (offset + blockSize > end) break;
    if (blockSize > 0 && serviceNumber > 0 && !services.includes(serviceNumber)) services.push(serviceNumber);
    offset += blockSize;
  }
  return services;
}

/** Collects caption channels/services from cc_data triplets (one picture's worth, or more). */
export function captionPresenceOfTriplets(triplets: readonly CcDataTriplet[], into?: CaptionPresence): CaptionPresence {
  const cea608 = new Set(into?.cea608Channels ?? []);
  const cea708 = new Set(into?.cea708Services ?? []);
  let packet: number[] | undefined;
  const flushPacket = (): void => {
    if (packet) for (const service of dtvccServicesOfPacket(Uint8Array.from(packet))) cea708.add(service);
    packet = undefined;
  };
  for (const t of triplets) {
    if (!t.ccValid) continue;
    if (t.ccType === CcTypes.NTSC_FIELD_1 || t.ccType === CcTypes.NTSC_FIELD_2) {
      const channel = cea608ChannelOfPair(t.ccType === CcTypes.NTSC_FIELD_1 ? 1 : 2, t.ccData1, t.ccData2);
      if (channel !== undefined) cea608.add(channel);
    } else if (t.ccType === CcTypes.DTVCC_PACKET_START) {
      flushPacket();
      packet = [t.ccData1, t.ccData2];
    } else if (packet) {
      packet.push(t.ccData1, t.ccData2);
    }
  }
  flushPacket(); // a packet cut at the end of the picture: complete blocks still count
  return { cea608Channels: [...cea608].sort((a, b) => a - b), cea708Services: [...cea708].sort((a, b) => a - b) };
}
