// SCTE-35 of a TS_FILE input. The file plays through ffmpeg (pull-child-args.ts), whose remux
// drops the SCTE-35 PID; ffmpeg keeps the file's timestamps (-copyts), so the sections are
// read from the file itself with the project's TS demuxer (ISO/IEC 13818-1) and handed on at
// the same point of the stream: each section just before the first picture that played at or
// after the picture it followed in the file. A clip (inputClippingSettings) skips the sections
// before its first picture; each pass of a looping file (ffmpeg moves its timestamps on by the
// file's length) delivers them again on the new pass's clock.
//
// readTsFileCues reads the file (only when its PMT declares an SCTE-35 PID, stream_type 0x86
// with the 'CUEI' registration — otherwise it stops after the first megabytes); readTsUrlCues
// does the same for an http(s):// file, in a GET of its own beside ffmpeg's (ts-url-cues.ts).
// What a read keeps is capped (DEFAULT_TS_CUE_CAPS: a file with more sections is refused, as
// are bytes that are not a transport stream).
// TsFileCues is pure: pictures' PTS in, sections out.

import { createReadStream } from "node:fs";
import { TS_PACKET_SIZE } from "../../media/mpegts/constants.ts";
import { TsDemuxer, type TsDemuxEvent } from "../../media/mpegts/ts-demuxer.ts";
import { rebaseSection, wrap33 } from "../../media/scte35/splice-pts.ts";
import { parseSpliceInfoSection } from "../../media/scte35/splice-parser.ts";
import { writeSpliceInfoSection } from "../../media/scte35/splice-writer.ts";

export interface TsFileCue {
  /** The SCTE-35 PID the section came on (scte35Pid picks among them). */
  readonly pid: number;
  readonly section: Uint8Array;
  /** PTS of the last video picture before the section in the file (the file's first picture when none came before). */
  readonly anchorPts90k: number;
}

export interface TsFileCueList {
  readonly cues: readonly TsFileCue[];
  readonly firstVideoPts90k: number | null;
  readonly lastVideoPts90k: number | null;
}

/** What one file's read keeps at most: a hostile or broken file cannot grow it without bound. */
export interface TsCueCaps {
  readonly maxSections: number;
  /** The kept sections' bytes (a splice_info_section is at most 4096 bytes, SCTE 35 §9.2). */
  readonly maxSectionBytes: number;
}

export const DEFAULT_TS_CUE_CAPS: TsCueCaps = {
  // A cue every second of a ten-hour file.
  maxSections: 36_000,
  // Those cues at about 230 bytes each (a time_signal with a few segmentation descriptors).
  maxSectionBytes: 8 * 1024 * 1024,
} as const;

/** Bytes read before giving up on a file whose PMT declares no SCTE-35 PID. */
const PMT_SCAN_BYTES = 4 * 1024 * 1024;

/** The bytes read are not a transport stream, or hold more sections than TsCueCaps keep. */
export class TsCueReadError extends Error {
  override readonly name = "TsCueReadError";
}

/** The SCTE-35 sections of a TS file with their places; none when the file declares no SCTE-35 PID. */
export async function readTsFileCues(filePath: string, signal?: AbortSignal): Promise<TsFileCueList> {
  // Leaving the stream's iteration early destroys it (the file is closed).
  return readTsCues(createReadStream(filePath, { highWaterMark: 1024 * 1024, ...(signal ? { signal } : {}) }));
}

/**
 * The sections of a TS file's bytes, read in order from `chunks` (left early once the first
 * megabytes showed no SCTE-35 PID: the iterator's return closes it). A file with more sections
 * than `caps` keep, and bytes that are not a transport stream (in the first megabytes, or in all
 * of a shorter file), end the read with a TsCueReadError: a file's sections are passed
 * whole or not at all (a partial list would also lack the last picture's PTS, which tells a
 * looping file's next pass).
 */
export async function readTsCues(chunks: AsyncIterable<Uint8Array>, caps: TsCueCaps = DEFAULT_TS_CUE_CAPS): Promise<TsFileCueList> {
  const demuxer = new TsDemuxer();
  const cues: { pid: number; section: Uint8Array; anchorPts90k: number | null }[] = [];
  let firstVideoPts90k: number | null = null;
  let lastVideoPts90k: number | null = null;
  let bytesRead = 0;
  let sectionBytes = 0;
  const take = (events: readonly TsDemuxEvent[]): void => {
    for (const event of events) {
      if (event.type === "pes" && event.pes.kind === "video" && event.pes.pts90k !== null) {
        lastVideoPts90k = wrap33(event.pes.pts90k);
        firstVideoPts90k ??= lastVideoPts90k;
      } else if (event.type === "scte35") {
        sectionBytes += event.section.length;
        if (cues.length >= caps.maxSections || sectionBytes > caps.maxSectionBytes) {
          throw new TsCueReadError(`more SCTE-35 sections than one file's read keeps (${caps.maxSections} sections, ${caps.maxSectionBytes} bytes); read stopped after ${bytesRead} bytes`);
        }
        cues.push({ pid: event.pid, section: event.section, anchorPts90k: lastVideoPts90k });
      }
    }
  };
  // Under half the bytes in 188-byte packets (ISO/IEC 13818-1 §2.4.3.2: a sync byte each 188):
  // not a transport stream (random bytes still give the odd packet where two 0x47 fall 188 apart).
  const notTransportStream = (): TsCueReadError | undefined => {
    const packetBytes = demuxer.stats().packets * TS_PACKET_SIZE;
    return packetBytes < bytesRead / 2 ? new TsCueReadError(`not an MPEG transport stream: ${packetBytes} of ${bytesRead} bytes read were in 188-byte packets`) : undefined;
  };
  for await (const chunk of chunks) {
    bytesRead += chunk.length;
    take(demuxer.push(chunk, 0));
    if (bytesRead >= PMT_SCAN_BYTES && cues.length === 0 && !demuxer.programs().some((program) => program.scte35Pids.length > 0)) {
      const refused = notTransportStream();
      if (refused) throw refused;
      return { cues: [], firstVideoPts90k, lastVideoPts90k };
    }
  }
  // The last picture's PES ends with the file.
  take(demuxer.flush());
  const refused = notTransportStream();
  if (refused) throw refused;
  return { cues: cues.map((cue) => ({ pid: cue.pid, section: cue.section, anchorPts90k: cue.anchorPts90k ?? firstVideoPts90k ?? 0 })), firstVideoPts90k, lastVideoPts90k };
}

/** Half the 33-bit clock: a difference below it is "at or after". */
const HALF_CLOCK_33 = 2 ** 32;

function atOrAfter(pts90k: number, reference90k: number): boolean {
  return wrap33(pts90k - reference90k) < HALF_CLOCK_33;
}

export class TsFileCues {
  readonly #list: TsFileCueList;
  #next = 0;
  /** How far this pass's clock lies past the file's own (ffmpeg's loop offset). */
  #offset90k = 0;
  #started = false;

  constructor(list: TsFileCueList) {
    this.#list = list;
  }

  /** A picture of the played file at `pts90k`: the sections due before it. */
  picture(pts90k: number): { pid: number; section: Uint8Array }[] {
    const { cues, firstVideoPts90k, lastVideoPts90k } = this.#list;
    if (cues.length === 0 || firstVideoPts90k === null || lastVideoPts90k === null) return [];
    const pts33 = wrap33(pts90k);
    if (this.#started && atOrAfter(pts33, wrap33(lastVideoPts90k + this.#offset90k)) && pts33 !== wrap33(lastVideoPts90k + this.#offset90k)) {
      // Past the file's last picture: a new pass of a looping file.
      this.#offset90k = wrap33(pts33 - firstVideoPts90k);
      this.#next = 0;
      this.#started = false;
    }
    if (!this.#started) {
      this.#started = true;
      // A clip, or a pass joined late: sections placed before this first picture are not played.
      while (this.#next < cues.length && !atOrAfter(wrap33(cues[this.#next]!.anchorPts90k + this.#offset90k), pts33)) this.#next += 1;
    }
    const due: { pid: number; section: Uint8Array }[] = [];
    while (this.#next < cues.length && atOrAfter(pts33, wrap33(cues[this.#next]!.anchorPts90k + this.#offset90k))) {
      const cue = cues[this.#next]!;
      due.push({ pid: cue.pid, section: this.#offset90k === 0 ? cue.section : shifted(cue.section, this.#offset90k) });
      this.#next += 1;
    }
    return due;
  }
}

/** The section with its splice moved `offset90k` later (pts_adjustment, ANSI/SCTE 35 2023 §9.6.1). */
function shifted(section: Uint8Array, offset90k: number): Uint8Array {
  const parsed = parseSpliceInfoSection(section);
  return parsed.ok && !parsed.section.encryptedPacket ? writeSpliceInfoSection(rebaseSection(parsed.section, offset90k)) : section;
}
