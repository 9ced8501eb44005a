// Container recognition from the first bytes of a file. Pure: bytes in, yes/no out.
// Only the start of a file is looked at (the checks fetch 4 KiB), so these say "this
// looks like the container it claims to be", not "this file decodes".

/** How many leading bytes the checks read; enough for three M2TS packets and an MP4 ftyp box. */
export const SNIFF_BYTES = 4096;

const TS_SYNC_BYTE = 0x47;
const TS_PACKET_BYTES = 188;
/** M2TS (Blu-ray, AVCHD) prefixes each 188-byte packet with a 4-byte TP_extra_header. */
const M2TS_PACKET_BYTES = 192;
const M2TS_HEADER_BYTES = 4;
/**
 * Three sync bytes in a row at packet spacing: one 0x47 is a 1-in-256 accident, three are
 * not. A TS shorter than three packets cannot hold a PAT, a PMT and any media anyway.
 */
const TS_PACKETS_TO_CHECK = 3;

/** MPEG-TS: 0x47 at 0/188/376, or M2TS with 0x47 at 4/196/388. */
export function looksLikeMpegTs(bytes: Uint8Array): boolean {
  return hasSyncBytes(bytes, 0, TS_PACKET_BYTES) || hasSyncBytes(bytes, M2TS_HEADER_BYTES, M2TS_PACKET_BYTES);
}

function hasSyncBytes(bytes: Uint8Array, firstOffset: number, packetBytes: number): boolean {
  for (let packet = 0; packet < TS_PACKETS_TO_CHECK; packet += 1) {
    if (bytes[firstOffset + packet * packetBytes] !== TS_SYNC_BYTE) return false;
  }
  return true;
}

/**
 * Top-level ISO BMFF box types a real MP4 (progressive, fragmented or a segment) starts with.
 * `wide`/`pnot`/`skip` occur before `moov`/`mdat` in QuickTime-era files that players accept.
 */
const MP4_FIRST_BOX_TYPES: ReadonlySet<string> = new Set(["ftyp", "styp", "moov", "moof", "mdat", "free", "skip", "wide", "pnot", "sidx", "uuid", "pdin"]);

/** Size field of the first box: 0 = "to end of file", 1 = 64-bit size follows, else ≥ the 8-byte header. */
const BOX_SIZE_TO_EOF = 0;
const BOX_SIZE_64_BIT = 1;
const BOX_HEADER_BYTES = 8;

/** MP4 / ISO BMFF: a known box type at offset 4 behind a plausible 32-bit box size. */
export function looksLikeMp4(bytes: Uint8Array): boolean {
  if (bytes.length < BOX_HEADER_BYTES) return false;
  const size = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  if (size !== BOX_SIZE_TO_EOF && size !== BOX_SIZE_64_BIT && size < BOX_HEADER_BYTES) return false;
  const type = String.fromCharCode(bytes[4]!, bytes[5]!, bytes[6]!, bytes[7]!);
  return MP4_FIRST_BOX_TYPES.has(type);
}
