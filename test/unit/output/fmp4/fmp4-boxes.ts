// Synthetic ISO BMFF boxes for the fMP4 tests: a header of type + payload, 32- or 64-bit size.

export function box(type: string, payload: Buffer | string = "", large = false): Buffer {
  const body = typeof payload === "string" ? Buffer.from(payload) : payload;
  if (large) {
    const header = Buffer.alloc(16);
    header.writeUInt32BE(1, 0);
    header.write(type, 4, "latin1");
    header.writeBigUInt64BE(BigInt(16 + body.length), 8);
    return Buffer.concat([header, body]);
  }
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, "latin1");
  return Buffer.concat([header, body]);
}

/** `bytes` cut into pieces of `size` (the last shorter). */
export function pieces(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}
