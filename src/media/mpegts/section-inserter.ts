// Puts sections of one extra PID into an existing MPEG-TS (TS in → TS out, ISO/IEC 13818-1),
// each just before the video picture it belongs to: every PMT gets an entry for the PID (and
// program descriptors, e.g. the registration a SCTE-35 PID asks for), its CRC_32 computed
// anew; the sections go into packets of their own with their own continuity_counter
// (§2.4.3.3), laid in front of the first packet of the picture's PES. To keep the packet count
// of a constant-rate mux, as many null packets (PID 0x1FFF, §2.4.3.3) as were added are left
// out afterwards. Pure and streaming: chunks need not be packet-aligned; bytes that are no
// TS packet pass unchanged and never throw.
//
// Chunks are kept by reference until their bytes go out: a caller must not reuse them.
// A picture's packets are held until the next picture of the video PID starts (then its PES is
// whole and `sectionsFor` can look into it), so the output runs one picture behind the input.
// `patchesFor` may overwrite bytes of the held access unit in place (same length: no packet
// moves, no PES length changes); the bytes are written into the chunks handed in.

import { concatBytes } from "../bits/bytes.ts";
import { PID_NULL, PID_PAT, StreamTypes, TS_PACKET_SIZE, TS_SYNC_BYTE } from "./constants.ts";
import { parsePat } from "./pat.ts";
import { parsePesHeader } from "./pes-header.ts";
import { parsePmt, type Pmt } from "./pmt.ts";
import { writePmtSection, type PmtStreamDescription } from "./psi-writer.ts";
import { packetizeSections } from "./section-packetizer.ts";

export type InsertionVideoCodec = "H264" | "H265";

/** A whole video PES of the stream, as the inserter hands it to `sectionsFor`. */
export interface InsertionPicture {
  readonly codec: InsertionVideoCodec;
  /** The PES's PTS; null when it has none. */
  readonly pts90k: number | null;
  /** The PES payload: the access unit (Annex B). */
  readonly accessUnit: Uint8Array;
}

export interface SectionInserterOptions {
  /** The PMT entry of the inserted PID (its pid, stream_type and ES descriptors). */
  readonly stream: PmtStreamDescription;
  /** Program descriptors (whole: tag, length, data) each PMT must carry; one already there is not added twice. */
  readonly programDescriptors: Uint8Array;
  /** The sections to put in front of a picture; [] for most pictures. */
  readonly sectionsFor: (picture: InsertionPicture) => readonly Uint8Array[];
  /** Bytes of the access unit to overwrite, as long as they were; [] or absent for most pictures. */
  readonly patchesFor?: (picture: InsertionPicture) => readonly AccessUnitPatch[];
}

/** `bytes` written over the access unit from `offset` on (dropped if it runs past the end). */
export interface AccessUnitPatch {
  readonly offset: number;
  readonly bytes: Uint8Array;
}

export interface SectionInserterCounters {
  readonly sectionsInserted: number;
  readonly packetsInserted: number;
  readonly nullPacketsDropped: number;
  readonly pmtsRewritten: number;
  /** PMTs left as they were: spread over packets, too long with the entry, or already using the PID for another stream. */
  readonly pmtsKept: number;
  /** Bytes passed on that were no TS packet. */
  readonly skippedBytes: number;
}

const CODEC_OF: ReadonlyMap<number, InsertionVideoCodec> = new Map([
  [StreamTypes.H264, "H264"],
  [StreamTypes.H265, "H265"],
]);

/** Packets held for one picture at most (about 12 MB): a larger "picture" is passed on unexamined. */
const MAX_HELD_PACKETS = 65_536;

function pidOf(packet: Uint8Array): number {
  return (((packet[1] ?? 0) & 0x1f) << 8) | (packet[2] ?? 0);
}

function payloadUnitStart(packet: Uint8Array): boolean {
  return ((packet[1] ?? 0) & 0x40) !== 0;
}

/** Where the payload starts in a packet; TS_PACKET_SIZE when it has none. */
function payloadStart(packet: Uint8Array): number {
  const control = ((packet[3] ?? 0) >> 4) & 0x03;
  if ((control & 0x01) === 0) return TS_PACKET_SIZE;
  if ((control & 0x02) === 0) return 4;
  return Math.min(TS_PACKET_SIZE, 5 + (packet[4] ?? 0));
}

/** The section that starts at the pointer_field of a PSI packet, if it lies wholly in it. */
function sectionInPacket(packet: Uint8Array): { readonly section: Uint8Array; readonly at: number } | undefined {
  const start = payloadStart(packet);
  if (!payloadUnitStart(packet) || start >= TS_PACKET_SIZE) return undefined;
  const at = start + 1 + (packet[start] ?? 0);
  if (at + 3 > TS_PACKET_SIZE) return undefined;
  const length = 3 + ((((packet[at + 1] ?? 0) & 0x0f) << 8) | (packet[at + 2] ?? 0));
  if (at + length > TS_PACKET_SIZE) return undefined;
  return { section: packet.subarray(at, at + length), at };
}

/** Writes `bytes` at `offset` of the PES that the `payloads` (views into the held packets) make up, in place. */
function patchPayloads(payloads: readonly Uint8Array[], offset: number, bytes: Uint8Array): void {
  const total = payloads.reduce((sum, payload) => sum + payload.length, 0);
  if (offset < 0 || offset + bytes.length > total) return;
  let at = offset;
  let i = 0;
  for (const payload of payloads) {
    while (i < bytes.length && at < payload.length) payload[at++] = bytes[i++]!;
    at -= payload.length;
    if (i === bytes.length) return;
  }
}

function descriptorBytes(descriptors: Pmt["programDescriptors"]): number[] {
  return descriptors.flatMap((d) => [d.tag, d.data.length, ...d.data]);
}

/** The descriptors of `wanted` (a raw loop) that `present` lacks, appended to it. */
function withDescriptors(present: Pmt["programDescriptors"], wanted: Uint8Array): Uint8Array {
  const bytes = descriptorBytes(present);
  const have = new Set(present.map((d) => `${d.tag}:${d.data.join(",")}`));
  for (let i = 0; i + 2 <= wanted.length; ) {
    const length = wanted[i + 1] ?? 0;
    const one = wanted.subarray(i, i + 2 + length);
    if (!have.has(`${one[0]}:${[...one.subarray(2)].join(",")}`)) bytes.push(...one);
    i += 2 + length;
  }
  return Uint8Array.from(bytes);
}

export class TsSectionInserter {
  readonly #options: SectionInserterOptions;
  #pending = new Uint8Array(0);
  /** Packets (and unrecognised bytes) of the picture being gathered, in input order. */
  #held: Uint8Array[] = [];
  /** Payloads of the video PES being gathered. */
  #video: Uint8Array[] = [];
  #pmtPids = new Set<number>();
  #videoPid: number | undefined;
  #codec: InsertionVideoCodec | undefined;
  /** A PMT uses the PID for something else: nothing is inserted. */
  #conflict = false;
  #continuityCounter = 0;
  /** Null packets still to leave out for the packets added. */
  #nullDebt = 0;
  #counters = { sectionsInserted: 0, packetsInserted: 0, nullPacketsDropped: 0, pmtsRewritten: 0, pmtsKept: 0, skippedBytes: 0 };

  constructor(options: SectionInserterOptions) {
    this.#options = options;
  }

  get counters(): SectionInserterCounters {
    return { ...this.#counters };
  }

  /** Takes a chunk of the stream; returns the bytes ready to go on (the current picture stays held). */
  push(chunk: Uint8Array): Uint8Array {
    const out: Uint8Array[] = [];
    const bytes = this.#pending.length ? concat([this.#pending, chunk]) : chunk;
    let offset = 0;
    while (offset + TS_PACKET_SIZE <= bytes.length) {
      if (bytes[offset] !== TS_SYNC_BYTE) {
        const next = nextSync(bytes, offset + 1);
        this.#counters.skippedBytes += next - offset;
        this.#held.push(bytes.subarray(offset, next));
        offset = next;
        continue;
      }
      this.#packet(bytes.subarray(offset, offset + TS_PACKET_SIZE), out);
      offset += TS_PACKET_SIZE;
    }
    this.#pending = bytes.slice(offset);
    return concat(out);
  }

  /** The end of the stream (or of one file of it): everything held goes out. The continuity counter goes on. */
  flush(): Uint8Array {
    const out: Uint8Array[] = [];
    this.#release(out);
    if (this.#pending.length) {
      this.#counters.skippedBytes += this.#pending.length;
      out.push(this.#pending);
    }
    this.#pending = new Uint8Array(0);
    this.#pmtPids = new Set();
    this.#videoPid = undefined;
    this.#codec = undefined;
    this.#conflict = false;
    return concat(out);
  }

  #packet(packet: Uint8Array, out: Uint8Array[]): void {
    const pid = pidOf(packet);
    if (pid === PID_NULL && this.#nullDebt > 0) {
      this.#nullDebt -= 1;
      this.#counters.nullPacketsDropped += 1;
      return;
    }
    if (pid === PID_PAT) this.#pat(packet);
    else if (this.#pmtPids.has(pid)) packet = this.#pmt(packet);
    if (pid === this.#videoPid) {
      if (payloadUnitStart(packet)) this.#release(out);
      const start = payloadStart(packet);
      if (start < TS_PACKET_SIZE) this.#video.push(packet.subarray(start));
    }
    this.#held.push(packet);
    // Nothing to look into (no video known yet, or an audio-only program) or a picture beyond
    // reason: what is held goes on as it is.
    if (this.#videoPid === undefined || this.#held.length > MAX_HELD_PACKETS) this.#pass(out);
  }

  #pass(out: Uint8Array[]): void {
    out.push(...this.#held);
    this.#held = [];
    this.#video = [];
  }

  /** The held picture's packets go out, behind the sections that belong in front of it. */
  #release(out: Uint8Array[]): void {
    const held = this.#held;
    this.#held = [];
    const video = this.#video;
    this.#video = [];
    if (video.length && this.#codec && !this.#conflict) {
      const pes = concat(video);
      const header = parsePesHeader(pes);
      const picture = header.ok ? { codec: this.#codec, pts90k: header.header.pts90k, accessUnit: pes.subarray(Math.min(pes.length, header.header.payloadOffset)) } : undefined;
      const sections = picture ? this.#options.sectionsFor(picture) : [];
      if (picture && header.ok) for (const patch of this.#options.patchesFor?.(picture) ?? []) patchPayloads(video, header.header.payloadOffset + patch.offset, patch.bytes);
      if (sections.length) {
        const packed = packetizeSections(this.#options.stream.pid, sections, this.#continuityCounter);
        this.#continuityCounter = packed.nextContinuityCounter;
        out.push(...packed.packets);
        this.#nullDebt += packed.packets.length;
        this.#counters.sectionsInserted += sections.length;
        this.#counters.packetsInserted += packed.packets.length;
      }
    }
    out.push(...held);
  }

  #pat(packet: Uint8Array): void {
    const found = sectionInPacket(packet);
    if (!found) return;
    const parsed = parsePat(found.section);
    if (parsed.ok) this.#pmtPids = new Set(parsed.pat.programs.map((program) => program.pmtPid));
  }

  #pmt(packet: Uint8Array): Uint8Array {
    const found = sectionInPacket(packet);
    if (!found) {
      if (payloadUnitStart(packet)) this.#counters.pmtsKept += 1;
      return packet;
    }
    const parsed = parsePmt(found.section);
    if (!parsed.ok) return packet;
    const { pmt } = parsed;
    const video = pmt.streams.find((stream) => CODEC_OF.has(stream.streamType));
    this.#videoPid = video?.pid;
    this.#codec = video ? CODEC_OF.get(video.streamType) : undefined;
    const { stream } = this.#options;
    const taken = pmt.streams.find((s) => s.pid === stream.pid);
    this.#conflict = taken !== undefined && taken.streamType !== stream.streamType;
    if (taken || stream.pid === pmt.pcrPid) {
      this.#conflict ||= stream.pid === pmt.pcrPid;
      this.#counters.pmtsKept += 1;
      return packet;
    }
    const streams: PmtStreamDescription[] = [...pmt.streams.map((s) => ({ pid: s.pid, streamType: s.streamType, descriptors: Uint8Array.from(descriptorBytes(s.descriptors)) })), stream];
    const section = writePmtSection(pmt.programNumber, pmt.version, pmt.pcrPid, streams, withDescriptors(pmt.programDescriptors, this.#options.programDescriptors));
    if (found.at + section.length > TS_PACKET_SIZE) {
      this.#counters.pmtsKept += 1;
      return packet;
    }
    const whole = new Uint8Array(TS_PACKET_SIZE).fill(0xff);
    whole.set(packet.subarray(0, found.at));
    whole.set(section, found.at);
    this.#counters.pmtsRewritten += 1;
    return whole;
  }
}

/** The next offset where a packet seems to start (a sync byte with another one a packet later), or the end. */
function nextSync(bytes: Uint8Array, from: number): number {
  for (let i = from; i + TS_PACKET_SIZE <= bytes.length; i++) {
    if (bytes[i] === TS_SYNC_BYTE && (i + TS_PACKET_SIZE === bytes.length || bytes[i + TS_PACKET_SIZE] === TS_SYNC_BYTE)) return i;
  }
  return Math.max(from, bytes.length - TS_PACKET_SIZE + 1);
}

/** The one part as it is (no copy on the common path of a chunk passed through whole), else concatBytes. */
function concat(parts: readonly Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0]! : concatBytes(parts);
}
