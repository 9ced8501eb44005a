// Streaming MPEG-TS demuxer, ISO/IEC 13818-1 §2.4. Bytes in (any chunking), events out:
// `program` when a PMT is parsed or changes, `pes` per completed PES packet with PTS/DTS
// unwrapped per PID, `pcr` per PCR sample, `scte35` per splice_info_section, `errors` once
// per push when an error counter moved (with a stats snapshot). Pure: no I/O, no timers (time arrives as `nowMs`), never throws — bad bytes are
// counted, skipped, and the demuxer resyncs on the next 0x47 that is followed by another
// 0x47 188 bytes later (the hls.js tsdemuxer shape, with confirmation).
//
// Memory: the carried-over remainder is at most 188 bytes (a partial packet, or while
// hunting for sync a candidate waiting for its confirming byte); PES buffers are capped per
// PID (8 MiB by default, `pesOverflows` counts drops); PSI sections are at most 4096 bytes.

import type { CaptionInfo, Codec, TrackKind } from "../types.ts";
import { PID_NULL, PID_PAT, TableIds, TS_PACKET_SIZE, TS_SYNC_BYTE } from "./constants.ts";
import { crc32Mpeg2 } from "./crc32-mpeg2.ts";
import { iso639Language } from "./descriptors.ts";
import { ContinuityChecker, ContinuityResults } from "./continuity-checker.ts";
import { parsePat } from "./pat.ts";
import { DEFAULT_MAX_PES_BYTES, PesAssembler, type AssembledPes } from "./pes-assembler.ts";
import { parsePmt, pmtCaptionInfo, pmtScte35Pids, type Pmt, type PmtStream } from "./pmt.ts";
import { parseTsPacketHeader } from "./packet-header.ts";
import { PsiSectionAssembler } from "./psi-section-assembler.ts";
import { SectionProblems } from "./psi-section.ts";
import type { StreamRole } from "./stream-types.ts";
import { TimestampUnwrapper } from "./timestamp-unwrapper.ts";

export interface TsDemuxerOptions {
  /** Per-PID PES buffer cap in bytes. Default 8 MiB. */
  readonly maxPesBytes?: number;
}

export interface TsDemuxerStats {
  /** Whole 188-byte packets examined. */
  packets: number;
  /** Times the byte stream lost 0x47 alignment. */
  syncLosses: number;
  /** Bytes thrown away while hunting for sync. */
  skippedBytes: number;
  /** Packets with transport_error_indicator set (skipped). */
  teiErrors: number;
  continuityErrors: number;
  /** Legal duplicate packets dropped (§2.4.3.3); not errors. */
  duplicatePackets: number;
  pesErrors: number;
  pesOverflows: number;
  /** PSI sections failing CRC_32. */
  crcErrors: number;
  /** PSI sections with impossible lengths or truncated loops. */
  psiErrors: number;
  /** Packets with reserved adaptation_field_control or a bad adaptation_field_length. */
  malformedPackets: number;
  /** Packets with transport_scrambling_control ≠ 0 (payload not parsed). */
  scrambledPackets: number;
  /** Exceptions caught by the last-resort guard (bugs); the chunk's rest is dropped. */
  internalErrors: number;
}

export type TsErrorCounter = Exclude<keyof TsDemuxerStats, "packets" | "skippedBytes" | "duplicatePackets">;

export interface TsProgramStream {
  readonly pid: number;
  readonly streamType: number;
  readonly codec: Codec;
  readonly kind: TrackKind;
  readonly role: StreamRole;
  readonly note: string | null;
  /** ISO 639 language descriptor of the stream (audio selection by language). */
  readonly languageCode?: string;
}

export interface TsProgram {
  readonly programNumber: number;
  readonly pmtPid: number;
  readonly pcrPid: number;
  readonly version: number;
  readonly streams: readonly TsProgramStream[];
  /** Caption PIDs of this program (A/53 fields stay empty here). */
  readonly captions: CaptionInfo;
  readonly scte35Pids: readonly number[];
}

export interface TsPesUnit {
  readonly pid: number;
  readonly streamType: number;
  readonly streamId: number;
  readonly codec: Codec;
  readonly kind: TrackKind;
  /** Unwrapped (monotonic per PID) PTS, or null when the PES carries none. */
  readonly pts90k: number | null;
  /** Unwrapped DTS; equals pts90k when the PES carries only a PTS. */
  readonly dts90k: number | null;
  /** random_access_indicator on the first packet. */
  readonly randomAccess: boolean;
  /** Packets of this PES were lost (continuity error) or it followed a TEI packet. */
  readonly continuityError: boolean;
  readonly data: Uint8Array;
}

export interface TsPcrSample {
  readonly pid: number;
  /** Raw PCR in 27 MHz ticks (base × 300 + extension); wraps at 2^33 × 300. */
  readonly pcr27m: number;
  readonly discontinuity: boolean;
  readonly nowMs: number;
}

export type TsDemuxEvent =
  | { readonly type: "program"; readonly program: TsProgram }
  | { readonly type: "pes"; readonly pes: TsPesUnit }
  | { readonly type: "pcr"; readonly pcr: TsPcrSample }
  /** A whole SCTE-35 splice_info_section (ANSI/SCTE 35 §9.2) with a good CRC_32, undecoded. */
  | { readonly type: "scte35"; readonly pid: number; readonly section: Uint8Array }
  | { readonly type: "errors"; readonly stats: Readonly<TsDemuxerStats> };

interface PidState {
  readonly stream: PmtStream;
  readonly assembler: PesAssembler;
  readonly unwrapper: TimestampUnwrapper;
}

const ERROR_COUNTERS: readonly TsErrorCounter[] = [
  "syncLosses",
  "teiErrors",
  "continuityErrors",
  "pesErrors",
  "pesOverflows",
  "crcErrors",
  "psiErrors",
  "malformedPackets",
  "scrambledPackets",
  "internalErrors",
];

function emptyStats(): TsDemuxerStats {
  return {
    packets: 0,
    syncLosses: 0,
    skippedBytes: 0,
    teiErrors: 0,
    continuityErrors: 0,
    duplicatePackets: 0,
    pesErrors: 0,
    pesOverflows: 0,
    crcErrors: 0,
    psiErrors: 0,
    malformedPackets: 0,
    scrambledPackets: 0,
    internalErrors: 0,
  };
}

export class TsDemuxer {
  readonly #maxPesBytes: number;
  readonly #stats: TsDemuxerStats = emptyStats();
  readonly #continuity = new ContinuityChecker();
  #remainder: Uint8Array = new Uint8Array(0);
  #hunting = false;
  /** PSI assemblers for the PAT and each PMT PID. */
  readonly #psi = new Map<number, PsiSectionAssembler>();
  /** PMT PID → program number, from the PAT. */
  #pmtPids = new Map<number, number>();
  /** Program number → last accepted PMT. */
  readonly #pmts = new Map<number, { readonly pmt: Pmt; readonly pmtPid: number }>();
  /** Elementary PID → PES state. */
  #pids = new Map<number, PidState>();
  /** SCTE-35 PIDs from the PMTs (sections, not PES). */
  #scte35Pids = new Set<number>();
  #events: TsDemuxEvent[] = [];
  /** Scratch list for completed PES (reused to avoid a per-packet allocation). */
  readonly #done: AssembledPes[] = [];
  #nowMs = 0;

  constructor(options: TsDemuxerOptions = {}) {
    this.#maxPesBytes = options.maxPesBytes ?? DEFAULT_MAX_PES_BYTES;
  }

  /** A snapshot of the counters. */
  stats(): TsDemuxerStats {
    return { ...this.#stats };
  }

  /** Programs from the current PMTs. */
  programs(): TsProgram[] {
    return [...this.#pmts.values()].map(({ pmt, pmtPid }) => toProgram(pmt, pmtPid));
  }

  /** Bytes carried to the next push (≤ 188). */
  get remainderBytes(): number {
    return this.#remainder.length;
  }

  /** Bytes buffered in PES assemblers (each ≤ maxPesBytes). */
  get bufferedPesBytes(): number {
    let total = 0;
    for (const state of this.#pids.values()) total += state.assembler.bufferedBytes;
    return total;
  }

  /** Feeds bytes of any length. Nothing keeps a view of `chunk`; the caller may reuse it. */
  push(chunk: Uint8Array, nowMs: number): TsDemuxEvent[] {
    this.#nowMs = nowMs;
    const before = this.#errorSum();
    try {
      this.#pushBytes(chunk);
    } catch {
      this.#stats.internalErrors++;
      this.#remainder = new Uint8Array(0);
    }
    return this.#takeEvents(before);
  }

  /** End of stream: completes unbounded PES packets in progress (video), drops the remainder. */
  flush(): TsDemuxEvent[] {
    const before = this.#errorSum();
    try {
      const done: AssembledPes[] = [];
      for (const [pid, state] of this.#pids) {
        state.assembler.flush(this.#stats, done);
        for (const pes of done) this.#emitPes(pid, state, pes);
        done.length = 0;
      }
    } catch {
      this.#stats.internalErrors++;
    }
    this.#remainder = new Uint8Array(0);
    return this.#takeEvents(before);
  }

  #takeEvents(errorsBefore: number): TsDemuxEvent[] {
    if (this.#errorSum() !== errorsBefore) this.#events.push({ type: "errors", stats: this.stats() });
    const events = this.#events;
    this.#events = [];
    return events;
  }

  #errorSum(): number {
    let sum = 0;
    for (const key of ERROR_COUNTERS) sum += this.#stats[key];
    return sum;
  }

  #pushBytes(chunk: Uint8Array): void {
    let data: Uint8Array;
    if (this.#remainder.length > 0) {
      data = new Uint8Array(this.#remainder.length + chunk.length);
      data.set(this.#remainder);
      data.set(chunk, this.#remainder.length);
    } else {
      data = chunk; // only read during this call: assemblers copy what they keep
    }
    const length = data.length;
    let offset = 0;
    while (offset < length) {
      if (this.#hunting) {
        // Look for 0x47 confirmed by another 0x47 one packet later; keep an unconfirmed
        // candidate (≤ 188 bytes) for the next push so any chunking gives the same result.
        let candidate = -1;
        let waiting = false;
        for (let i = offset; i < length; i++) {
          if (data[i] !== TS_SYNC_BYTE) continue;
          if (i + TS_PACKET_SIZE >= length) {
            candidate = i;
            waiting = true;
            break;
          }
          if (data[i + TS_PACKET_SIZE] === TS_SYNC_BYTE) {
            candidate = i;
            break;
          }
        }
        if (candidate < 0) {
          this.#stats.skippedBytes += length - offset;
          offset = length;
          break;
        }
        this.#stats.skippedBytes += candidate - offset;
        offset = candidate;
        if (waiting) break;
        this.#hunting = false;
      }
      if (length - offset < TS_PACKET_SIZE) break;
      if (data[offset] !== TS_SYNC_BYTE) {
        this.#stats.syncLosses++;
        this.#hunting = true;
        continue;
      }
      this.#packet(data, offset);
      offset += TS_PACKET_SIZE;
    }
    this.#remainder = offset < length ? data.slice(offset) : new Uint8Array(0);
  }

  #packet(data: Uint8Array, offset: number): void {
    this.#stats.packets++;
    const b1 = data[offset + 1] ?? 0;
    const b3 = data[offset + 3] ?? 0;
    let pid: number;
    let payloadUnitStart: boolean;
    let payloadOffset: number;
    let randomAccess = false;
    let continuityError: boolean;
    if ((b1 & 0x80) === 0 && (b3 & 0xf0) === 0x10) {
      // Fast path (most packets): no TEI, not scrambled, payload only (§2.4.3.2).
      pid = ((b1 & 0x1f) << 8) | (data[offset + 2] ?? 0);
      if (pid === PID_NULL) return;
      payloadUnitStart = (b1 & 0x40) !== 0;
      payloadOffset = 4;
      const continuity = this.#continuity.check(pid, b3 & 0x0f, true, false);
      if (continuity === ContinuityResults.DUPLICATE) {
        this.#stats.duplicatePackets++;
        return;
      }
      continuityError = continuity === ContinuityResults.ERROR;
      if (continuityError) this.#stats.continuityErrors++;
    } else {
      const parsed = parseTsPacketHeader(data, offset);
      if (!parsed.ok) {
        this.#stats.malformedPackets++;
        return;
      }
      const header = parsed.header;
      if (header.transportError) {
        // Any field may be wrong; skip the packet. Its PID's next packet then shows a gap.
        this.#stats.teiErrors++;
        return;
      }
      pid = header.pid;
      if (pid === PID_NULL) return;
      const af = header.adaptationField;
      if (af?.pcr27m != null) this.#events.push({ type: "pcr", pcr: { pid, pcr27m: af.pcr27m, discontinuity: af.discontinuity, nowMs: this.#nowMs } });
      const continuity = this.#continuity.check(pid, header.continuityCounter, header.hasPayload, af?.discontinuity ?? false);
      if (continuity === ContinuityResults.DUPLICATE) {
        this.#stats.duplicatePackets++;
        return;
      }
      continuityError = continuity === ContinuityResults.ERROR;
      if (continuityError) this.#stats.continuityErrors++;
      if (!header.hasPayload) return;
      if (header.scrambling !== 0) {
        this.#stats.scrambledPackets++;
        return;
      }
      payloadUnitStart = header.payloadUnitStart;
      payloadOffset = header.payloadOffset;
      randomAccess = af?.randomAccess ?? false;
    }
    const payload = data.subarray(offset + payloadOffset, offset + TS_PACKET_SIZE);
    if (pid === PID_PAT || this.#pmtPids.has(pid)) {
      const assembler = this.#psiAssembler(pid);
      if (continuityError) assembler.reset();
      for (const section of assembler.push(payload, payloadUnitStart)) this.#section(pid, section);
      return;
    }
    if (this.#scte35Pids.has(pid)) {
      const assembler = this.#psiAssembler(pid);
      if (continuityError) assembler.reset();
      for (const section of assembler.push(payload, payloadUnitStart)) {
        if (section[0] !== TableIds.SCTE35) continue;
        if (crc32Mpeg2(section) !== 0) this.#stats.crcErrors++;
        else this.#events.push({ type: "scte35", pid, section });
      }
      return;
    }
    const state = this.#pids.get(pid);
    if (!state) return;
    if (continuityError) state.assembler.markContinuityError();
    const done = this.#done;
    state.assembler.push(payload, payloadUnitStart, randomAccess, this.#stats, done);
    if (done.length === 0) return;
    for (const pes of done) this.#emitPes(pid, state, pes);
    done.length = 0;
  }

  #psiAssembler(pid: number): PsiSectionAssembler {
    let assembler = this.#psi.get(pid);
    if (!assembler) {
      assembler = new PsiSectionAssembler();
      this.#psi.set(pid, assembler);
    }
    return assembler;
  }

  #section(pid: number, section: Uint8Array): void {
    const tableId = section[0] ?? 0xff;
    if (pid === PID_PAT) {
      if (tableId !== 0x00) return;
      const result = parsePat(section);
      if (!result.ok) return this.#sectionProblem(result.problem);
      if (!result.pat.currentNext) return;
      const next = new Map<number, number>();
      for (const program of result.pat.programs) next.set(program.pmtPid, program.programNumber);
      let removed = false;
      for (const [pmtPid, programNumber] of this.#pmtPids) {
        if (next.get(pmtPid) !== programNumber) {
          removed = this.#pmts.delete(programNumber) || removed;
          this.#psi.delete(pmtPid);
        }
      }
      this.#pmtPids = next;
      if (removed) this.#rebuildPids();
      return;
    }
    if (tableId !== 0x02) return;
    const result = parsePmt(section);
    if (!result.ok) return this.#sectionProblem(result.problem);
    const pmt = result.pmt;
    if (!pmt.currentNext || this.#pmtPids.get(pid) !== pmt.programNumber) return;
    const previous = this.#pmts.get(pmt.programNumber);
    if (previous && previous.pmt.crc32 === pmt.crc32) return;
    this.#pmts.set(pmt.programNumber, { pmt, pmtPid: pid });
    this.#rebuildPids();
    this.#events.push({ type: "program", program: toProgram(pmt, pid) });
  }

  #sectionProblem(problem: string): void {
    if (problem === SectionProblems.CRC) this.#stats.crcErrors++;
    else this.#stats.psiErrors++;
  }

  /** Keeps PES state of streams whose PID and stream type are unchanged. */
  #rebuildPids(): void {
    const next = new Map<number, PidState>();
    for (const { pmt } of this.#pmts.values()) {
      for (const stream of pmt.streams) {
        if (stream.sections || next.has(stream.pid)) continue;
        const existing = this.#pids.get(stream.pid);
        if (existing && existing.stream.streamType === stream.streamType) next.set(stream.pid, { ...existing, stream });
        else next.set(stream.pid, { stream, assembler: new PesAssembler(this.#maxPesBytes), unwrapper: new TimestampUnwrapper() });
      }
    }
    this.#pids = next;
    const scte35 = new Set<number>();
    for (const { pmt } of this.#pmts.values()) for (const pid of pmtScte35Pids([pmt])) scte35.add(pid);
    for (const pid of this.#scte35Pids) if (!scte35.has(pid) && !this.#pmtPids.has(pid)) this.#psi.delete(pid);
    this.#scte35Pids = scte35;
  }

  #emitPes(pid: number, state: PidState, pes: AssembledPes): void {
    const { header } = pes;
    let pts90k: number | null = null;
    let dts90k: number | null = null;
    if (header.pts90k !== null) {
      // DTS first: it is the decode timeline; PTS then lands on the lap nearest to it.
      if (header.dts90k !== null) {
        dts90k = state.unwrapper.unwrap(header.dts90k);
        pts90k = state.unwrapper.unwrap(header.pts90k);
      } else {
        pts90k = state.unwrapper.unwrap(header.pts90k);
        dts90k = pts90k;
      }
    }
    const { stream } = state;
    this.#events.push({
      type: "pes",
      pes: {
        pid,
        streamType: stream.streamType,
        streamId: header.streamId,
        codec: stream.codec,
        kind: stream.kind,
        pts90k,
        dts90k,
        randomAccess: pes.randomAccess,
        continuityError: pes.continuityError,
        data: pes.data,
      },
    });
  }
}

function toProgram(pmt: Pmt, pmtPid: number): TsProgram {
  return {
    programNumber: pmt.programNumber,
    pmtPid,
    pcrPid: pmt.pcrPid,
    version: pmt.version,
    streams: pmt.streams.map((s) => {
      const languageCode = iso639Language(s.descriptors);
      return { pid: s.pid, streamType: s.streamType, codec: s.codec, kind: s.kind, role: s.role, note: s.note, ...(languageCode ? { languageCode } : {}) };
    }),
    captions: pmtCaptionInfo([pmt]),
    scte35Pids: pmtScte35Pids([pmt]),
  };
}
