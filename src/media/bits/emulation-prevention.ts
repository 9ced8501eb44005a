// Emulation prevention (ITU-T H.264 §7.4.1, H.265 §7.4.2): inside a NAL unit the encoder
// writes 00 00 03 wherever the payload has 00 00 followed by 00–03, so that no start code
// appears. Parsers work on the RBSP with those 03 bytes removed.

/** NAL unit payload → RBSP: drops every 0x03 that follows two zero bytes. */
export function removeEmulationPrevention(nal: Uint8Array): Uint8Array {
  let zeros = 0;
  let needsCopy = false;
  for (let i = 0; i < nal.length; i++) {
    const byte = nal[i] ?? 0;
    if (zeros >= 2 && byte === 0x03) {
      needsCopy = true;
      break;
    }
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  if (!needsCopy) return nal;
  const out = new Uint8Array(nal.length);
  let length = 0;
  zeros = 0;
  for (let i = 0; i < nal.length; i++) {
    const byte = nal[i] ?? 0;
    if (zeros >= 2 && byte === 0x03) {
      zeros = 0;
      continue;
    }
    out[length++] = byte;
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return out.subarray(0, length);
}

/** RBSP → NAL unit payload: inserts 0x03 after 00 00 when the next byte is ≤ 0x03. */
export function addEmulationPrevention(rbsp: Uint8Array): Uint8Array {
  const out: number[] = [];
  let zeros = 0;
  for (const byte of rbsp) {
    if (zeros >= 2 && byte <= 0x03) {
      out.push(0x03);
      zeros = 0;
    }
    out.push(byte);
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return Uint8Array.from(out);
}
