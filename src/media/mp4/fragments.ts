// The samples of a fragmented MP4 file (ISO/IEC 14496-12 §8.8): which track, when each sample
// is presented and where its bytes lie, read from each `moof`'s track fragments (`tfhd`, `tfdt`,
// `trun`), and the tracks' timescales and handlers read from the initialization segment's
// `moov` (`tkhd`, `mdhd`, `hdlr`). A Smooth Streaming fragment has no `tfdt`: its time is its
// `tfxd` ([MS-SSTR] §2.2.4.4, tfxd.ts), the presentation time of its first sample. Pure; never
// throws: what does not parse is left out.
//
//   ftyp moov                                  (initialization segment)
//   [styp] [sidx] [emsg…] moof mdat [emsg…] moof mdat …   (media segment)
//          moof ─ mfhd
//               └ traf ─ tfhd (track_ID, base offset, defaults)
//                      ├ tfdt (baseMediaDecodeTime)  or  uuid tfxd (first sample's time)
//                      └ trun (sample_count, data_offset, per-sample duration/size/flags/cts)

import { childBox, childBoxes, fullBoxHeader, readUint32, walkBoxes, type Mp4Box } from "./boxes.ts";
import { readTfxd } from "./tfxd.ts";

export interface Mp4Track {
  readonly trackId: number;
  readonly timescale: number;
  /** hdlr handler_type: "vide", "soun", … */
  readonly handler: string;
  /** The type of the first sample entry (stsd): "avc1", "hev1", "mp4a", … */
  readonly sampleEntry: string;
}

export interface FragmentSample {
  readonly trackId: number;
  /** Presentation time (decode time + composition offset) in the track's timescale. */
  readonly presentationTime: number;
  /** Where the sample's bytes lie in the file walked. */
  readonly offset: number;
  readonly size: number;
  /** The sample's duration in the track's timescale (trun or tfhd default). */
  readonly duration: number;
}

export interface Mp4Fragment {
  /** The fragment's `moof`. */
  readonly moof: Mp4Box;
  readonly samples: FragmentSample[];
  /** Some track fragment names an absolute base_data_offset (moving the moof would break it). */
  readonly absoluteOffsets: boolean;
}

/** The tracks an initialization segment's `moov` declares. */
export function mp4Tracks(init: Uint8Array): Mp4Track[] {
  const moov = walkBoxes(init).boxes.find((box) => box.type === "moov");
  if (!moov) return [];
  const tracks: Mp4Track[] = [];
  for (const trak of childBoxes(init, moov).filter((box) => box.type === "trak")) {
    const tkhd = childBox(init, trak, "tkhd");
    const mdia = childBox(init, trak, "mdia");
    const mdhd = mdia && childBox(init, mdia, "mdhd");
    const hdlr = mdia && childBox(init, mdia, "hdlr");
    if (!tkhd || !mdhd || !hdlr) continue;
    // tkhd: track_ID after creation/modification times (32 or 64 bits each, §8.3.2).
    const trackId = readUint32(init, tkhd.payload + 4 + (fullBoxHeader(init, tkhd).version === 1 ? 16 : 8));
    // mdhd: timescale after the same two times (§8.4.2).
    const timescale = readUint32(init, mdhd.payload + 4 + (fullBoxHeader(init, mdhd).version === 1 ? 16 : 8));
    // hdlr: pre_defined (32), then handler_type (§8.4.3).
    const handler = String.fromCharCode(...init.subarray(hdlr.payload + 8, hdlr.payload + 12));
    const minf = childBox(init, mdia, "minf");
    const stbl = minf && childBox(init, minf, "stbl");
    const stsd = stbl && childBox(init, stbl, "stsd");
    // stsd: entry_count (32), then the sample entries, boxes themselves (§8.5.2).
    const entry = stsd && walkBoxes(init, stsd.payload + 8, stsd.end).boxes[0];
    if (timescale > 0) tracks.push({ trackId, timescale, handler, sampleEntry: entry?.type ?? "" });
  }
  return tracks;
}

const TFHD_BASE_DATA_OFFSET = 0x01;
const TFHD_SAMPLE_DESCRIPTION_INDEX = 0x02;
const TFHD_DEFAULT_DURATION = 0x08;
const TFHD_DEFAULT_SIZE = 0x10;
const TFHD_DEFAULT_BASE_IS_MOOF = 0x02_0000;
const TRUN_DATA_OFFSET = 0x01;
const TRUN_FIRST_SAMPLE_FLAGS = 0x04;
const TRUN_DURATION = 0x100;
const TRUN_SIZE = 0x200;
const TRUN_FLAGS = 0x400;
const TRUN_CTS = 0x800;

/** Samples per trun at most (a live fragment holds a few hundred). */
const MAX_SAMPLES = 1 << 20;

function int32(value: number): number {
  return value | 0;
}

/** The fragments of a media segment (or of a whole fragmented file), in order. */
export function mp4Fragments(segment: Uint8Array): Mp4Fragment[] {
  const fragments: Mp4Fragment[] = [];
  for (const moof of walkBoxes(segment).boxes.filter((box) => box.type === "moof")) {
    const samples: FragmentSample[] = [];
    let absoluteOffsets = false;
    let previousDataEnd = moof.start;
    let firstTraf = true;
    for (const traf of childBoxes(segment, moof).filter((box) => box.type === "traf")) {
      const tfhd = childBox(segment, traf, "tfhd");
      if (!tfhd || tfhd.end - tfhd.payload < 8) continue;
      const { flags } = fullBoxHeader(segment, tfhd);
      const trackId = readUint32(segment, tfhd.payload + 4);
      let at = tfhd.payload + 8;
      let base: number;
      if (flags & TFHD_BASE_DATA_OFFSET) {
        base = readUint32(segment, at) * 2 ** 32 + readUint32(segment, at + 4);
        absoluteOffsets = true;
        at += 8;
      } else {
        // §8.8.7.1: the moof's first byte, or (without default-base-is-moof) for a later track fragment the end of the previous one's data.
        base = flags & TFHD_DEFAULT_BASE_IS_MOOF || firstTraf ? moof.start : previousDataEnd;
      }
      if (flags & TFHD_SAMPLE_DESCRIPTION_INDEX) at += 4;
      const defaultDuration = flags & TFHD_DEFAULT_DURATION ? readUint32(segment, at) : 0;
      if (flags & TFHD_DEFAULT_DURATION) at += 4;
      const defaultSize = flags & TFHD_DEFAULT_SIZE ? readUint32(segment, at) : 0;
      const tfdt = childBox(segment, traf, "tfdt");
      let decodeTime = 0;
      if (tfdt) decodeTime = fullBoxHeader(segment, tfdt).version === 1 ? readUint32(segment, tfdt.payload + 4) * 2 ** 32 + readUint32(segment, tfdt.payload + 8) : readUint32(segment, tfdt.payload + 4);
      // Without a tfdt, a tfxd gives the first sample's presentation time: its decode time once its composition offset is known.
      let tfxdTime = tfdt ? undefined : childBoxes(segment, traf).flatMap((box) => (box.type === "uuid" ? [readTfxd(segment, box.payload, box.end)] : [])).find((found) => found !== undefined)?.absoluteTime;
      let dataAt = base;
      for (const trun of childBoxes(segment, traf).filter((box) => box.type === "trun")) {
        const header = fullBoxHeader(segment, trun);
        const count = readUint32(segment, trun.payload + 4);
        let field = trun.payload + 8;
        if (header.flags & TRUN_DATA_OFFSET) {
          dataAt = base + int32(readUint32(segment, field));
          field += 4;
        }
        if (header.flags & TRUN_FIRST_SAMPLE_FLAGS) field += 4;
        const perSample = [TRUN_DURATION, TRUN_SIZE, TRUN_FLAGS, TRUN_CTS].filter((bit) => header.flags & bit).length * 4;
        if (count > MAX_SAMPLES || field + count * perSample > trun.end) continue;
        for (let i = 0; i < count; i++) {
          const duration = header.flags & TRUN_DURATION ? readUint32(segment, field) : defaultDuration;
          if (header.flags & TRUN_DURATION) field += 4;
          const size = header.flags & TRUN_SIZE ? readUint32(segment, field) : defaultSize;
          if (header.flags & TRUN_SIZE) field += 4;
          if (header.flags & TRUN_FLAGS) field += 4;
          // Version 1 composition offsets are signed; version 0 ones are unsigned (§8.8.8.3).
          const cts = header.flags & TRUN_CTS ? (header.version === 0 ? readUint32(segment, field) : int32(readUint32(segment, field))) : 0;
          if (header.flags & TRUN_CTS) field += 4;
          if (tfxdTime !== undefined) {
            decodeTime = tfxdTime - cts;
            tfxdTime = undefined;
          }
          samples.push({ trackId, presentationTime: decodeTime + cts, offset: dataAt, size, duration });
          decodeTime += duration;
          dataAt += size;
        }
      }
      previousDataEnd = dataAt;
      firstTraf = false;
    }
    fragments.push({ moof, samples, absoluteOffsets });
  }
  return fragments;
}

export type EmsgInsertion = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly reason: string };

/**
 * Where a `sidx` (§8.16.3) says its subsegments lie: the offset of each reference's
 * referenced_size field and the subsegment's span. Media references only (reference_type 0).
 */
export function sidxReferences(bytes: Uint8Array, sidx: Mp4Box): { readonly sizeField: number; readonly start: number; readonly end: number }[] {
  const version = bytes[sidx.payload] ?? 0;
  let at = sidx.payload + 4 + 8; // version/flags, reference_ID, timescale
  const wide = version === 0 ? 4 : 8;
  at += wide; // earliest_presentation_time
  const firstOffset = version === 0 ? readUint32(bytes, at) : readUint32(bytes, at) * 2 ** 32 + readUint32(bytes, at + 4);
  at += wide + 2; // first_offset, reserved
  const count = ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
  at += 2;
  const references: { sizeField: number; start: number; end: number }[] = [];
  let start = sidx.end + firstOffset;
  for (let i = 0; i < count && at + 12 <= sidx.end; i++, at += 12) {
    const size = readUint32(bytes, at) & 0x7fff_ffff;
    references.push({ sizeField: at, start, end: start + size });
    start += size;
  }
  return references;
}

/**
 * `segment` with `boxes` (whole emsg boxes) just before the `moof` that starts at `moofStart`.
 * Nothing in the fragments changes: trun data offsets count from the moof's first byte (or from
 * where the previous track fragment's data ends), so the samples move with their moof. A `sidx`
 * before it grows the referenced_size of the subsegment the boxes now open or lie in (DASH
 * places a segment's emsg boxes before its first moof, inside the subsegment). Refused: a track
 * fragment with an absolute base_data_offset, a sidx whose first subsegment starts after the
 * point (the boxes would lie outside every subsegment), or a subsegment grown past 31 bits.
 */
export function insertBeforeMoof(segment: Uint8Array, moofStart: number, boxes: readonly Uint8Array[]): EmsgInsertion {
  const walk = walkBoxes(segment);
  if (!walk.boxes.some((box) => box.type === "moof" && box.start === moofStart)) return { ok: false, reason: "no moof there" };
  if (mp4Fragments(segment).some((fragment) => fragment.absoluteOffsets)) return { ok: false, reason: "a track fragment gives an absolute base_data_offset" };
  const added = boxes.reduce((sum, box) => sum + box.length, 0);
  const grown: { sizeField: number; size: number }[] = [];
  for (const sidx of walk.boxes.filter((box) => box.type === "sidx" && box.end <= moofStart)) {
    const reference = sidxReferences(segment, sidx).find((candidate) => candidate.start <= moofStart && moofStart < candidate.end);
    if (!reference) return { ok: false, reason: "the sidx lists no subsegment holding that moof" };
    const size = reference.end - reference.start + added;
    if (size > 0x7fff_ffff) return { ok: false, reason: "the subsegment would outgrow the sidx" };
    grown.push({ sizeField: reference.sizeField, size });
  }
  const out = new Uint8Array(segment.length + added);
  out.set(segment.subarray(0, moofStart), 0);
  let at = moofStart;
  for (const box of boxes) {
    out.set(box, at);
    at += box.length;
  }
  out.set(segment.subarray(moofStart), at);
  for (const { sizeField, size } of grown) {
    const type = (out[sizeField] ?? 0) & 0x80;
    out.set([type | ((size >>> 24) & 0x7f), (size >>> 16) & 0xff, (size >>> 8) & 0xff, size & 0xff], sizeField);
  }
  return { ok: true, bytes: out };
}
