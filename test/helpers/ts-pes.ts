// Reads the PES packets of one PID out of MPEG-TS bytes (ISO/IEC 13818-1 §2.4.3.2, §2.4.3.6),
// for tests that check what an output carries byte for byte (ffprobe may rewrite payloads).

export interface PesPacket {
  readonly streamId: number;
  readonly pts90k: number | undefined;
  readonly payload: Buffer;
}

export function pesPackets(ts: Buffer, pid: number): PesPacket[] {
  const units: Buffer[] = [];
  let current: Buffer[] | undefined;
  for (let offset = 0; offset + 188 <= ts.length; offset += 188) {
    if (ts[offset] !== 0x47) throw new Error(`no sync byte at ${offset}`);
    if ((((ts[offset + 1]! & 0x1f) << 8) | ts[offset + 2]!) !== pid) continue;
    const start = (ts[offset + 1]! & 0x40) !== 0;
    const control = (ts[offset + 3]! >> 4) & 0x3;
    let payloadAt = offset + 4;
    if (control & 0x2) payloadAt += 1 + ts[offset + 4]!;
    if (!(control & 0x1)) continue;
    if (start) {
      if (current) units.push(Buffer.concat(current));
      current = [];
    }
    current?.push(ts.subarray(payloadAt, offset + 188));
  }
  if (current) units.push(Buffer.concat(current));
  return units.map((pes) => {
    const headerEnd = 9 + pes[8]!;
    const length = (pes[4]! << 8) | pes[5]!;
    const end = length ? 6 + length : pes.length;
    const hasPts = (pes[7]! & 0x80) !== 0;
    const pts90k = hasPts ? (pes[9]! & 0x0e) * 2 ** 29 + (pes[10]! << 22) + ((pes[11]! & 0xfe) << 14) + (pes[12]! << 7) + (pes[13]! >> 1) : undefined;
    return { streamId: pes[3]!, pts90k, payload: pes.subarray(headerEnd, end) };
  });
}
