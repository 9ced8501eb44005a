// SEI message framing (ITU-T H.264 §7.3.2.3.1; identical in H.265 §7.3.5): each message is
// payloadType and payloadSize coded as runs of 0xFF plus a last byte, then the payload.
// Works on the RBSP (emulation prevention already removed) after the NAL header.

export const SeiPayloadTypes = {
  USER_DATA_REGISTERED_ITU_T_T35: 4,
  RECOVERY_POINT: 6,
} as const;

export interface SeiMessage {
  readonly payloadType: number;
  /** View into the RBSP; shorter than the declared size when the RBSP was truncated. */
  readonly payload: Uint8Array;
  readonly truncated: boolean;
}

/** Splits an SEI RBSP (starting after the NAL header) into messages; stops at rbsp_trailing_bits or bad data. */
export function parseSeiMessages(rbsp: Uint8Array): SeiMessage[] {
  const messages: SeiMessage[] = [];
  let offset = 0;
  // more_rbsp_data(): stop at the 0x80 trailing byte that ends the RBSP
  while (offset < rbsp.length && !(rbsp[offset] === 0x80 && offset === rbsp.length - 1)) {
    let payloadType = 0;
    while (offset < rbsp.length && rbsp[offset] === 0xff) {
      payloadType += 255;
      offset++;
    }
    if (offset >= rbsp.length) break;
    payloadType += rbsp[offset++] ?? 0;
    let payloadSize = 0;
    while (offset < rbsp.length && rbsp[offset] === 0xff) {
      payloadSize += 255;
      offset++;
    }
    if (offset >= rbsp.length) break;
    payloadSize += rbsp[offset++] ?? 0;
    const end = Math.min(rbsp.length, offset + payloadSize);
    messages.push({ payloadType, payload: rbsp.subarray(offset, end), truncated: end - offset < payloadSize });
    if (end - offset < payloadSize) break;
    offset = end;
  }
  return messages;
}
