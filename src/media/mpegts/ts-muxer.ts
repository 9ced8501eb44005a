// MPEG-TS muxer for the pipeline, ISO/IEC 13818-1 §2.4. Pure: access units in, 188-byte
// packets out. One program: PAT + PMT repeated every `psiIntervalMs` (and before each
// video keyframe), one PES per access unit (§2.4.3.6) with PTS, plus DTS when it differs,
// PCR in the adaptation field of the PCR PID at least every `pcrIntervalMs`, continuity
// counters per PID, stuffing through the adaptation field.
//
// Clock: the PCR follows the largest DTS seen minus `pcrDelay90k` (so data arrives before
// its decode time), never going backwards. Timestamps are written modulo 2^33.

import type { AccessUnit } from "../types.ts";
import { PID_PAT, StreamIds, StreamTypes } from "./constants.ts";
import { writeTimestamp33 } from "./pes-header.ts";
import { writeTsPacket, type AdaptationFlags } from "./packet-writer.ts";
import { packetizeSections } from "./section-packetizer.ts";
import { writePatSection, writePmtSection, type PmtStreamDescription } from "./psi-writer.ts";

export interface TsMuxerStream extends PmtStreamDescription {
  /** PES stream_id; default 0xE0 for video types, 0xC0 for MPEG/AAC audio, 0xBD otherwise. */
  readonly streamId?: number;
}

export interface TsMuxerOptions {
  readonly programNumber?: number;
  readonly transportStreamId?: number;
  /** Default 0x1000. */
  readonly pmtPid?: number;
  /** Default: the first video stream, else the first stream. */
  readonly pcrPid?: number;
  readonly streams: readonly TsMuxerStream[];
  /** Raw program_info descriptors of the PMT (e.g. the 'CUEI' registration of SCTE-35). */
  readonly programDescriptors?: Uint8Array;
  /** PAT/PMT repetition in ms of the 90 kHz clock. Default 100. */
  readonly psiIntervalMs?: number;
  /** Longest gap between PCRs in ms. Default 40 (§2.7.2 allows 100). */
  readonly pcrIntervalMs?: number;
  /** PCR = DTS − this. Default 63000 (700 ms). */
  readonly pcrDelay90k?: number;
}

/** What mux() needs from an access unit; trackId is the PID. */
export type TsMuxUnit = Pick<AccessUnit, "trackId" | "pts90k" | "dts90k" | "keyframe" | "data">;

const VIDEO_TYPES: ReadonlySet<number> = new Set([StreamTypes.H264, StreamTypes.H265, StreamTypes.MPEG2_VIDEO, StreamTypes.MPEG1_VIDEO]);
const MPEG_AUDIO_TYPES: ReadonlySet<number> = new Set([StreamTypes.MPEG1_AUDIO, StreamTypes.MPEG2_AUDIO, StreamTypes.AAC_ADTS, StreamTypes.AAC_LATM]);

function defaultStreamId(streamType: number): number {
  if (VIDEO_TYPES.has(streamType)) return StreamIds.VIDEO_FIRST;
  if (MPEG_AUDIO_TYPES.has(streamType)) return StreamIds.AUDIO_FIRST;
  return StreamIds.PRIVATE_STREAM_1;
}

export class TsMuxer {
  readonly #programNumber: number;
  readonly #transportStreamId: number;
  readonly #pmtPid: number;
  readonly #pcrPid: number;
  readonly #streams: ReadonlyMap<number, TsMuxerStream & { readonly streamId: number; readonly video: boolean }>;
  readonly #psiInterval90k: number;
  readonly #pcrInterval90k: number;
  readonly #pcrDelay90k: number;
  readonly #pat: Uint8Array;
  readonly #pmt: Uint8Array;
  readonly #cc = new Map<number, number>();
  #lastPsi90k: number | null = null;
  #lastPcr90k: number | null = null;
  #clock90k: number | null = null;

  constructor(options: TsMuxerOptions) {
    if (options.streams.length === 0) throw new TypeError("TsMuxer needs at least one stream");
    this.#programNumber = options.programNumber ?? 1;
    this.#transportStreamId = options.transportStreamId ?? 1;
    this.#pmtPid = options.pmtPid ?? 0x1000;
    const firstVideo = options.streams.find((s) => VIDEO_TYPES.has(s.streamType));
    this.#pcrPid = options.pcrPid ?? (firstVideo ?? options.streams[0])?.pid ?? 0x100;
    this.#streams = new Map(options.streams.map((s) => [s.pid, { ...s, streamId: s.streamId ?? defaultStreamId(s.streamType), video: VIDEO_TYPES.has(s.streamType) }]));
    this.#psiInterval90k = (options.psiIntervalMs ?? 100) * 90;
    this.#pcrInterval90k = (options.pcrIntervalMs ?? 40) * 90;
    this.#pcrDelay90k = options.pcrDelay90k ?? 63_000;
    this.#pat = writePatSection(this.#transportStreamId, 0, [{ programNumber: this.#programNumber, pmtPid: this.#pmtPid }]);
    this.#pmt = writePmtSection(this.#programNumber, 0, this.#pcrPid, options.streams, options.programDescriptors);
  }

  /** PAT and PMT packets, and notes the time for the repetition interval. */
  psi(nowPts90k: number): Uint8Array[] {
    this.#lastPsi90k = nowPts90k;
    return [...this.#section(PID_PAT, this.#pat), ...this.#section(this.#pmtPid, this.#pmt)];
  }

  /**
   * Packets carrying private sections on a PID of the PMT (e.g. SCTE-35 splice_info_sections on
   * a stream_type 0x86 PID); they are not timed, so callers send them ahead of the splice.
   */
  sections(pid: number, sections: readonly Uint8Array[]): Uint8Array[] {
    return this.#streams.has(pid) ? this.#section(pid, ...sections) : [];
  }

  /** Packets for one access unit, preceded by PSI and PCR-only packets when due. Unknown PIDs give []. */
  mux(unit: TsMuxUnit): Uint8Array[] {
    const stream = this.#streams.get(unit.trackId);
    if (!stream) return [];
    const packets: Uint8Array[] = [];
    const dts90k = unit.dts90k;
    if (this.#clock90k === null || dts90k > this.#clock90k) this.#clock90k = dts90k;
    const clock90k = this.#clock90k;
    if (this.#lastPsi90k === null || clock90k - this.#lastPsi90k >= this.#psiInterval90k || clock90k < this.#lastPsi90k || (stream.video && unit.keyframe)) {
      packets.push(...this.psi(clock90k));
    }
    let pcr27m: number | undefined;
    const pcrDue = this.#lastPcr90k === null || clock90k - this.#lastPcr90k >= this.#pcrInterval90k || clock90k < this.#lastPcr90k;
    if (pcrDue) {
      const pcr90k = clock90k - this.#pcrDelay90k;
      this.#lastPcr90k = clock90k;
      if (stream.pid === this.#pcrPid) pcr27m = pcr90k * 300;
      // Adaptation-only packet: carries the last used counter, not incremented (§2.4.3.3).
      else packets.push(writeTsPacket(this.#pcrPid, false, ((this.#cc.get(this.#pcrPid) ?? 0) + 15) & 0x0f, { pcr27m: pcr90k * 300 }, new Uint8Array(0)).packet);
    }
    const pes = this.#pesPacket(stream.streamId, stream.video, unit);
    let offset = 0;
    let first = true;
    while (offset < pes.length || first) {
      const flags: AdaptationFlags | null = first ? { randomAccess: unit.keyframe && stream.video, ...(pcr27m !== undefined ? { pcr27m } : {}) } : null;
      const { packet, taken } = writeTsPacket(stream.pid, first, this.#nextCc(stream.pid), flags, pes.subarray(offset));
      packets.push(packet);
      offset += taken;
      first = false;
    }
    return packets;
  }

  #pesPacket(streamId: number, video: boolean, unit: TsMuxUnit): Uint8Array {
    const withDts = unit.dts90k !== unit.pts90k;
    const headerDataLength = withDts ? 10 : 5;
    const headerLength = 9 + headerDataLength;
    const pes = new Uint8Array(headerLength + unit.data.length);
    const pesPacketLength = pes.length - 6;
    pes[0] = 0;
    pes[1] = 0;
    pes[2] = 1;
    pes[3] = streamId;
    if (!video && pesPacketLength <= 0xffff) {
      pes[4] = (pesPacketLength >> 8) & 0xff;
      pes[5] = pesPacketLength & 0xff;
    } // video: 0 = unbounded (§2.4.3.7)
    pes[6] = 0x84; // '10', not scrambled, data_alignment_indicator
    pes[7] = withDts ? 0xc0 : 0x80;
    pes[8] = headerDataLength;
    writeTimestamp33(pes, 9, withDts ? 0x3 : 0x2, unit.pts90k);
    if (withDts) writeTimestamp33(pes, 14, 0x1, unit.dts90k);
    pes.set(unit.data, headerLength);
    return pes;
  }

  /** Sections as packets on `pid` (pointer_field, spanning, 0xFF stuffing), continuing the PID's counter. */
  #section(pid: number, ...sections: Uint8Array[]): Uint8Array[] {
    const { packets, nextContinuityCounter } = packetizeSections(pid, sections, this.#cc.get(pid) ?? 0);
    this.#cc.set(pid, nextContinuityCounter);
    return packets;
  }

  #nextCc(pid: number): number {
    const cc = this.#cc.get(pid) ?? 0;
    this.#cc.set(pid, (cc + 1) & 0x0f);
    return cc;
  }
}
