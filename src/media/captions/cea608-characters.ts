// CEA-608 character sets (ANSI/CTA-608-E §6.4 and Annex A): the basic set is ASCII with ten
// code points replaced; the special set (0x11/0x19, 0x30–0x3F) and the two extended sets
// (0x12/0x1A and 0x13/0x1B, 0x20–0x3F) are selected by a two-byte code. Bytes here have
// their parity bit stripped.

/** Basic characters that differ from ASCII. */
const BASIC_DIFFERENCES: Readonly<Record<number, string>> = {
  0x2a: "á", 0x5c: "é", 0x5e: "í", 0x5f: "ó", 0x60: "ú", 0x7b: "ç", 0x7c: "÷", 0x7d: "Ñ", 0x7e: "ñ", 0x7f: "█",
};

/** 0x11 0x30–0x3F; 0x39 is the transparent space, shown as a space. */
const SPECIAL = "®°½¿™¢£♪à èâêîôû";

/** 0x12 0x20–0x3F: Spanish and miscellaneous, French. */
const EXTENDED_12 = "ÁÉÓÚÜü‘¡*’—©℠•“”ÀÂÇÈÊËëÎÏïÔÙùÛ«»";

/** 0x13 0x20–0x3F: Portuguese, German, Danish. */
const EXTENDED_13 = "ÃãÍÌìÒòÕõ{}\\^_|~ÄäÖöß¥¤│ÅåØø┌┐└┘";

/** A basic-set byte (0x20–0x7F) as text. */
export function basicCharacter(byte: number): string {
  return BASIC_DIFFERENCES[byte] ?? String.fromCharCode(byte);
}

/** The special character of a second byte 0x30–0x3F (first byte 0x11, channel bit cleared). */
export function specialCharacter(byte2: number): string {
  return [...SPECIAL][byte2 - 0x30] ?? "";
}

/** The extended character of a second byte 0x20–0x3F; `set` is the first byte 0x12 or 0x13 (channel bit cleared). */
export function extendedCharacter(set: 0x12 | 0x13, byte2: number): string {
  return [...(set === 0x12 ? EXTENDED_12 : EXTENDED_13)][byte2 - 0x20] ?? "";
}
