import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { describe, it } from "node:test";
import { FEC_HEADER_BYTES, Smpte2022FecEncoder, type FecMatrix } from "../../../../src/output/udp/smpte2022-fec.ts";
import { RtpTsPacketizer } from "../../../../src/output/udp/rtp-ts-packetizer.ts";
import { parseFecPacket } from "../../../helpers/fec-packet.ts";
import { recoverMediaPacket } from "../../../helpers/fec-recovery.ts";

const seq = (packet: Uint8Array): number => new DataView(packet.buffer, packet.byteOffset).getUint16(2);

/** `count` RTP packets of 7 TS packets each with varied bytes, 90 kHz timestamps that advance. */
function mediaPackets(count: number, firstSequenceNumber = 65_530): Uint8Array[] {
  const packetizer = new RtpTsPacketizer({ ssrc: 0x11223344, firstSequenceNumber, timestampOffset: 4_000_000_000 });
  return Array.from({ length: count }, (_, n) => {
    const payload = new Uint8Array(1316).map((_, i) => (i % 188 === 0 ? 0x47 : (n * 31 + i * 7) & 0xff));
    return packetizer.packetize(payload, n * 3.3);
  });
}

function encodeAll(matrix: FecMatrix, media: readonly Uint8Array[]): { column: Uint8Array[]; row: Uint8Array[] } {
  const encoder = new Smpte2022FecEncoder(matrix, { column: 100, row: 200 });
  const column: Uint8Array[] = [];
  const row: Uint8Array[] = [];
  for (const packet of media) {
    const out = encoder.push(packet);
    column.push(...out.column);
    row.push(...out.row);
  }
  return { column, row };
}

/** Datagrams reaching 127.0.0.1 on `port`, +2 and +4 while `ffmpeg` runs with `args` (its output rtp://127.0.0.1:port). */
async function capturePrompeg(port: number, args: readonly string[]): Promise<{ media: Buffer[]; column: Buffer[]; row: Buffer[] }> {
  const captured = { media: [] as Buffer[], column: [] as Buffer[], row: [] as Buffer[] };
  const sockets = await Promise.all(
    (["media", "column", "row"] as const).map(async (key, index) => {
      const socket = createSocket("udp4");
      socket.on("message", (datagram) => captured[key].push(datagram));
      await new Promise<void>((resolve) => socket.bind(port + 2 * index, "127.0.0.1", resolve));
      return socket;
    }),
  );
  const child = spawn("ffmpeg", [...args, `rtp://127.0.0.1:${port}`], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  assert.equal(code, 0, stderr);
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (const socket of sockets) socket.close();
  return captured;
}

describe("SMPTE 2022-1 FEC encoder", () => {
  it("rebuilds a lost media packet from its column FEC and from its row FEC", () => {
    const matrix = { rowLength: 5, columnDepth: 4, rows: true };
    const media = mediaPackets(40);
    const { column, row } = encodeAll(matrix, media);
    assert.equal(column.length, 10, "one column FEC packet per column: 2 matrices × L");
    assert.equal(row.length, 8, "one row FEC packet per row: 2 matrices × D");
    // Lose the media packet at matrix place (row 2, column 3) of the second matrix.
    const lostIndex = 20 + 2 * 5 + 3;
    const lost = media[lostIndex]!;
    const columnFec = column.find((packet) => parseFecPacket(packet).snBase === seq(media[20 + 3]!))!;
    const columnMates = [0, 1, 3].map((r) => media[20 + r * 5 + 3]!);
    assert.deepEqual(recoverMediaPacket(columnFec, columnMates, seq(lost)), lost);
    const rowFec = row.find((packet) => parseFecPacket(packet).snBase === seq(media[20 + 10]!))!;
    const rowMates = [0, 1, 2, 4].map((c) => media[20 + 10 + c]!);
    assert.deepEqual(recoverMediaPacket(rowFec, rowMates, seq(lost)), lost);
  });

  it("sends column FEC only for includeFec COLUMN, with the header fields of SMPTE 2022-1 §8", () => {
    const media = mediaPackets(12);
    const { column, row } = encodeAll({ rowLength: 3, columnDepth: 4, rows: false }, media);
    assert.equal(row.length, 0);
    assert.deepEqual(
      column.map((packet) => parseFecPacket(packet)).map((p) => [p.payloadType, p.sequenceNumber, p.snBase, p.direction, p.offset, p.na, p.extension, p.type, p.ptRecovery, p.lengthRecovery, p.mask, p.payloadBytes]),
      [0, 1, 2].map((c) => [96, 100 + c, seq(media[c]!), "column", 3, 4, true, 0, 0, 0, 0, 1316]),
    );
    // Sequence numbers wrap: the second column's base is past 65535.
    assert.equal(parseFecPacket(column[0]!).snBase, 65_530);
    assert.equal(new DataView(column[0]!.buffer).getUint32(RTP_TIMESTAMP_OFFSET), new DataView(media[0]!.buffer).getUint32(RTP_TIMESTAMP_OFFSET));
  });

  it("refuses a matrix SMPTE 2022-1 does not allow", () => {
    assert.throws(() => new Smpte2022FecEncoder({ rowLength: 20, columnDepth: 6, rows: true }, { column: 0, row: 0 }), /L × D ≤ 100/);
    assert.throws(() => new Smpte2022FecEncoder({ rowLength: 4, columnDepth: 3, rows: true }, { column: 0, row: 0 }), /D 4–20/);
  });

  it("sends the FEC packets ffmpeg's prompeg sends for the same media packets (L=4, D=5)", { timeout: 30_000 }, async () => {
    const port = 42_000 + 6 * Math.floor(Math.random() * 1000);
    const prompeg = await capturePrompeg(port, ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-t", "2", "-c:v", "libx264", "-b:v", "2M", "-g", "10", "-f", "rtp_mpegts", "-fec", "prompeg=l=4:d=5"]);
    const media = [...prompeg.media].sort((a, b) => seq(a) - seq(b));
    assert.ok(media.length >= 60, `${media.length} media packets`);
    assert.ok(media.every((packet, i) => i === 0 || seq(packet) === seq(media[i - 1]!) + 1), "no media packet lost on loopback");
    const ours = encodeAll({ rowLength: 4, columnDepth: 5, rows: true }, media);
    for (const [direction, theirs, mine] of [["column", prompeg.column, ours.column], ["row", prompeg.row, ours.row]] as const) {
      assert.ok(theirs.length > 10, `prompeg sent ${theirs.length} ${direction} packets`);
      const mineBySnBase = new Map(mine.map((packet) => [parseFecPacket(packet).snBase, packet]));
      for (const packet of theirs) {
        const own = mineBySnBase.get(parseFecPacket(packet).snBase);
        assert.ok(own, `${direction} FEC for SNBase ${parseFecPacket(packet).snBase}`);
        // Everything but the FEC stream's own RTP sequence number (bytes 2–3).
        assert.deepEqual(Buffer.from(own.subarray(4)).toString("hex"), Buffer.from(packet.subarray(4)).toString("hex"), `${direction} SNBase ${parseFecPacket(packet).snBase}`);
        assert.deepEqual(own.subarray(0, 2), new Uint8Array(packet.subarray(0, 2)));
        assert.equal(own.length, 12 + FEC_HEADER_BYTES + 1316);
      }
    }
  });
});

const RTP_TIMESTAMP_OFFSET = 4;
