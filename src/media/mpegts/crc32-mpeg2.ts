// CRC-32/MPEG-2 over PSI sections (ISO/IEC 13818-1 Annex A): polynomial 0x04C11DB7,
// initial value 0xFFFFFFFF, no reflection, no final XOR. A whole section including its
// CRC_32 field gives 0 when intact.

const TABLE = /* @__PURE__ */ (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 24;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
    table[i] = crc >>> 0;
  }
  return table;
})();

/** CRC-32/MPEG-2 of `bytes[start, end)`; out-of-range bounds are clamped. */
export function crc32Mpeg2(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const from = Math.max(0, start);
  const to = Math.min(bytes.length, end);
  let crc = 0xffffffff;
  for (let i = from; i < to; i++) crc = (crc << 8) ^ (TABLE[((crc >>> 24) ^ (bytes[i] ?? 0)) & 0xff] ?? 0);
  return crc >>> 0;
}
