// An upstream that carries SCTE-35: ffmpeg makes H.264 + AAC media (320x180 test pattern), the
// project's TsMuxer puts it back together with an SCTE-35 PID (stream_type 0x86, 'CUEI'
// registration, ANSI/SCTE 35 §8) carrying a splice_insert, sent three times ahead of its
// splice time as senders do; the TS is then sent in real time as RTP (RFC 3550, payload type
// 33, seven TS packets a datagram — what RTP_PUSH inputs receive). ffmpeg's own mpegts muxer
// cannot carry the sections (it writes SCTE-35 as a PES private data stream).

import { createSocket } from "node:dgram";
import path from "node:path";
import { StreamTypes, TS_PACKET_SIZE } from "../../src/media/mpegts/constants.ts";
import { TsMuxer } from "../../src/media/mpegts/ts-muxer.ts";
import { scte35PmtStream, scte35ProgramDescriptors } from "../../src/media/scte35/scte35-pmt.ts";
import { spliceSection, writeSpliceInfoSection } from "../../src/media/scte35/splice-writer.ts";
import { accessUnitsOfTsFile, ffmpegSync } from "./ts-file.ts";

export interface Scte35UpstreamOptions {
  readonly folder: string;
  readonly seconds: number;
  readonly scte35Pid: number;
  readonly spliceEventId: number;
  /** Splice time, seconds after the first picture. */
  readonly spliceAtS: number;
  readonly breakDurationS: number;
}

/** Packets with the time (90 kHz, from the first picture) they are due. */
export interface TimedPackets {
  readonly at90k: number;
  readonly packets: readonly Uint8Array[];
}

const VIDEO_PID = 256;
const AUDIO_PID = 257;

export function makeScte35Upstream(options: Scte35UpstreamOptions): TimedPackets[] {
  const media = path.join(options.folder, "media.ts");
  ffmpegSync(["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", String(options.seconds), "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-bf", "0", "-c:a", "aac", "-f", "mpegts", media]);
  const units = accessUnitsOfTsFile(media).sort((a, b) => a.dts90k - b.dts90k);
  const first = units.find((unit) => unit.kind === "video");
  if (!first) throw new Error("no video in the made media");
  const muxer = new TsMuxer({ streams: [{ pid: VIDEO_PID, streamType: StreamTypes.H264 }, { pid: AUDIO_PID, streamType: StreamTypes.AAC_ADTS }, scte35PmtStream(options.scte35Pid)], programDescriptors: scte35ProgramDescriptors() });
  const splicePts90k = first.pts90k + Math.round(options.spliceAtS * 90_000);
  const section = writeSpliceInfoSection(
    spliceSection({
      kind: "splice_insert",
      spliceEventId: options.spliceEventId,
      spliceEventCancelIndicator: false,
      outOfNetworkIndicator: true,
      programSpliceFlag: true,
      spliceImmediateFlag: false,
      eventIdComplianceFlag: true,
      spliceTime: { ptsTime90k: splicePts90k % 2 ** 33 },
      components: [],
      breakDuration: { autoReturn: true, duration90k: Math.round(options.breakDurationS * 90_000) },
      uniqueProgramId: 1,
      availNum: 1,
      availsExpected: 1,
    }),
  );
  const sendAt = [3, 2, 1].map((ahead) => splicePts90k - ahead * 90_000);
  const timed: TimedPackets[] = [];
  for (const unit of units) {
    while (sendAt.length > 0 && unit.dts90k >= sendAt[0]!) {
      sendAt.shift();
      timed.push({ at90k: unit.dts90k - first.dts90k, packets: muxer.sections(options.scte35Pid, [section]) });
    }
    timed.push({ at90k: unit.dts90k - first.dts90k, packets: muxer.mux({ trackId: unit.kind === "video" ? VIDEO_PID : AUDIO_PID, pts90k: unit.pts90k, dts90k: unit.dts90k, keyframe: unit.keyframe, data: unit.data }) });
  }
  return timed;
}

/** Sends the packets as RTP to host:port, each at its time (a little ahead, as an encoder's mux delay); resolves when all are sent. */
export async function sendRtp(timed: readonly TimedPackets[], host: string, port: number, leadMs = 300): Promise<void> {
  const socket = createSocket("udp4");
  const startMs = Date.now() + leadMs;
  let sequence = 0;
  const ssrc = 0x5c7e35;
  let pending: Uint8Array[] = [];
  const flush = async (at90k: number): Promise<void> => {
    if (pending.length === 0) return;
    const header = Buffer.alloc(12);
    header[0] = 0x80;
    header[1] = 33;
    header.writeUInt16BE(sequence++ & 0xffff, 2);
    header.writeUInt32BE(at90k >>> 0, 4);
    header.writeUInt32BE(ssrc, 8);
    const datagram = Buffer.concat([header, ...pending]);
    pending = [];
    await new Promise<void>((resolve, reject) => socket.send(datagram, port, host, (error) => (error ? reject(error) : resolve())));
  };
  try {
    for (const { at90k, packets } of timed) {
      const waitMs = startMs + at90k / 90 - leadMs - Date.now();
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      for (const packet of packets) {
        if (packet.length !== TS_PACKET_SIZE) throw new Error("not a TS packet");
        pending.push(packet);
        if (pending.length === 7) await flush(at90k);
      }
      await flush(at90k);
    }
  } finally {
    socket.close();
  }
}
