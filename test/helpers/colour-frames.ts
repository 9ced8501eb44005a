// What a viewer of an HLS output saw, frame by frame, reduced to named colours: the
// failover and schedule-switch tests feed solid-colour sources (test/helpers/colour-upstream.ts)
// and read back which source was on air in each output frame, and how many fill frames
// lay between two sources.
//
//   segments (in playlist order) ─concat:─▶ ffmpeg -vf scale=4:4:flags=area,format=rgb24,showinfo
//     -fps_mode passthrough -f rawvideo pipe:1 ─▶ one averaged RGB pixel per frame ─▶ nearest
//     palette colour (or "other")
//
// The segments are decoded as one byte stream (ffmpeg's concat: protocol), so the decoder
// keeps its state across segment boundaries the way a player does; showinfo's packet
// position tells which segment each frame came from. Every decoded frame is kept
// (passthrough: no frame-rate conversion duplicates or drops one).
//
// The playlist side (hls-parser): media sequence numbers, EXT-X-DISCONTINUITY positions,
// EXT-X-PROGRAM-DATE-TIME, and continuity of the segment numbering. HlsRecorder follows a
// live playlist over time, keeps a copy of every segment it lists (a live output deletes
// old ones) and reports a media sequence that goes back or skips segments.

import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as HLS from "hls-parser";

export type Rgb = readonly [number, number, number];

/** Named reference colours, e.g. { red: [255, 0, 0], blue: [0, 0, 255], black: [0, 0, 0] }. */
export type Palette = Readonly<Record<string, Rgb>>;

/** The name given to a frame farther than maxDistance from every palette colour. */
export const OTHER = "other";

/** A palette for the tests' sources: the lavfi colours after H.264 4:2:0 and back to RGB. */
export const TEST_PALETTE: Palette = {
  red: [255, 0, 0],
  blue: [0, 0, 255],
  green: [0, 255, 0],
  black: [0, 0, 0],
  white: [255, 255, 255],
};

/** Default largest Euclidean RGB distance to a palette colour (an H.264 round trip of a flat colour is within ~10). */
export const DEFAULT_MAX_DISTANCE = 80;

export interface DecodedFrame {
  /** 0-based position in the decoded sequence. */
  readonly index: number;
  /** The frame's average colour. */
  readonly rgb: Rgb;
  /** The nearest palette colour's name, or OTHER. */
  readonly colour: string;
  /** Index of the decoded file (segment) the frame came from; undefined if the position was not reported. */
  readonly fileIndex: number | undefined;
  /** Presentation time in the decoded stream (seconds), as ffmpeg reports it. */
  readonly ptsTime: number | undefined;
  /** Seconds since the first frame of the same file (for EXT-X-PROGRAM-DATE-TIME arithmetic). */
  readonly offsetInFileS: number | undefined;
}

export interface DecodeOptions {
  readonly palette?: Palette;
  readonly maxDistance?: number;
  readonly ffmpegPath?: string;
  readonly timeoutMs?: number;
}

export interface ColourRun {
  readonly colour: string;
  /** Index of the run's first frame. */
  readonly start: number;
  readonly count: number;
}

/** The nearest palette colour within maxDistance (Euclidean, RGB), else OTHER. */
export function classifyRgb(rgb: Rgb, palette: Palette = TEST_PALETTE, maxDistance = DEFAULT_MAX_DISTANCE): string {
  let best = OTHER;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const [name, reference] of Object.entries(palette)) {
    const distance = Math.hypot(rgb[0] - reference[0], rgb[1] - reference[1], rgb[2] - reference[2]);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return bestDistance <= maxDistance ? best : OTHER;
}

/** Consecutive equal colours, in order. */
export function runs(colours: readonly string[]): ColourRun[] {
  const out: ColourRun[] = [];
  colours.forEach((colour, index) => {
    const last = out.at(-1);
    if (last && last.colour === colour) out[out.length - 1] = { ...last, count: last.count + 1 };
    else out.push({ colour, start: index, count: 1 });
  });
  return out;
}

/** Runs of at least minFrames, merged where a shorter run between two equal colours was dropped: the sources in order. */
export function colourOrder(colours: readonly string[], minFrames = 1): string[] {
  const order: string[] = [];
  for (const run of runs(colours)) {
    if (run.count < minFrames) continue;
    if (order.at(-1) !== run.colour) order.push(run.colour);
  }
  return order;
}

export interface Transition {
  /** Index of the last `from` frame before the first `to` frame. */
  readonly lastFrom: number;
  /** Index of the first `to` frame after a `from` frame. */
  readonly firstTo: number;
  /** Frames strictly between them (fill, repeats, anything else). */
  readonly gap: number;
  /** What the gap frames were. */
  readonly fill: readonly ColourRun[];
}

/**
 * The first change from `from` to `to` at or after `startIndex`: the first `to` frame that
 * comes after some `from` frame, and the last `from` frame before it. Undefined when the
 * sequence never goes from one to the other.
 */
export function transition(colours: readonly string[], from: string, to: string, startIndex = 0): Transition | undefined {
  let lastFrom = -1;
  for (let i = startIndex; i < colours.length; i++) {
    if (colours[i] === from) lastFrom = i;
    else if (colours[i] === to && lastFrom >= 0) {
      const between = colours.slice(lastFrom + 1, i);
      return { lastFrom, firstTo: i, gap: between.length, fill: runs(between).map((run) => ({ ...run, start: run.start + lastFrom + 1 })) };
    }
  }
  return undefined;
}

/** Fill frames between the last frame of `from` and the first of `to` (first such change), or undefined. */
export function framesBetween(colours: readonly string[], from: string, to: string, startIndex = 0): number | undefined {
  return transition(colours, from, to, startIndex)?.gap;
}

/** "red×50 other×1 green×12 blue×40": a sequence for messages. */
export function describeRuns(colours: readonly string[]): string {
  return runs(colours)
    .map((run) => `${run.colour}×${run.count}`)
    .join(" ");
}

const SHOWINFO = /n:\s*(\d+)\s+pts:\s*(-?\d+|NOPTS)\s+pts_time:(\S+)\s+(?:duration:\s*\S+\s+duration_time:\S+\s+)?pos:\s*(-?\d+)/;
const PIXELS = 4;

/**
 * Decodes `files` (MPEG-TS segments, in order) as one stream and classifies every frame.
 * Files that do not exist are an error (copy live segments first: HlsRecorder does).
 */
export async function decodeColourFrames(files: readonly string[], options: DecodeOptions = {}): Promise<DecodedFrame[]> {
  if (files.length === 0) return [];
  for (const file of files) if (file.includes("|")) throw new TypeError(`decodeColourFrames: "|" in a file name cannot go through concat: (${file})`);
  // Byte offset where each file ends in the concatenated stream: showinfo's pos falls in one of them.
  const ends: number[] = [];
  let total = 0;
  for (const file of files) {
    total += statSync(file).size;
    ends.push(total);
  }
  const args = [
    "-hide_banner",
    "-nostdin",
    "-loglevel",
    "info",
    "-i",
    `concat:${files.join("|")}`,
    "-map",
    "0:v:0",
    "-vf",
    `scale=${PIXELS}:${PIXELS}:flags=area,format=rgb24,showinfo`,
    "-fps_mode",
    "passthrough",
    "-f",
    "rawvideo",
    "pipe:1",
  ];
  const { stdout, stderr, code } = await run(options.ffmpegPath ?? "ffmpeg", args, options.timeoutMs ?? 120_000);
  if (code !== 0) throw new Error(`ffmpeg decode failed (${code}):\n${stderr.slice(-4000)}`);
  const infos = stderr
    .split("\n")
    .filter((line) => line.includes("Parsed_showinfo"))
    .map((line) => SHOWINFO.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ ptsTime: Number(match[3]), pos: Number(match[4]) }));
  const frameBytes = PIXELS * PIXELS * 3;
  const count = Math.floor(stdout.length / frameBytes);
  const matched = infos.length === count;
  const frames: DecodedFrame[] = [];
  const firstPtsOfFile = new Map<number, number>();
  for (let index = 0; index < count; index++) {
    let r = 0;
    let g = 0;
    let b = 0;
    for (let p = 0; p < PIXELS * PIXELS; p++) {
      const at = index * frameBytes + p * 3;
      r += stdout[at]!;
      g += stdout[at + 1]!;
      b += stdout[at + 2]!;
    }
    const n = PIXELS * PIXELS;
    const rgb: Rgb = [Math.round(r / n), Math.round(g / n), Math.round(b / n)];
    const info = matched ? infos[index] : undefined;
    const fileIndex = info && info.pos >= 0 ? ends.findIndex((end) => info.pos < end) : undefined;
    const ptsTime = info && Number.isFinite(info.ptsTime) ? info.ptsTime : undefined;
    let offsetInFileS: number | undefined;
    if (fileIndex !== undefined && fileIndex >= 0 && ptsTime !== undefined) {
      if (!firstPtsOfFile.has(fileIndex)) firstPtsOfFile.set(fileIndex, ptsTime);
      offsetInFileS = ptsTime - firstPtsOfFile.get(fileIndex)!;
    }
    frames.push({
      index,
      rgb,
      colour: classifyRgb(rgb, options.palette ?? TEST_PALETTE, options.maxDistance ?? DEFAULT_MAX_DISTANCE),
      fileIndex: fileIndex === undefined || fileIndex < 0 ? undefined : fileIndex,
      ptsTime,
      offsetInFileS,
    });
  }
  return frames;
}

function run(command: string, args: readonly string[], timeoutMs: number): Promise<{ stdout: Buffer; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(chunks), stderr, code });
    });
  });
}

// ---------------------------------------------------------------- audio level

export interface AudioLevel {
  /** volumedetect's mean_volume (dBFS); -91 is digital silence. */
  readonly meanDb: number;
  /** volumedetect's max_volume (dBFS). */
  readonly maxDb: number;
}

/** Loudness of the first audio stream of `file` (or of [fromS, fromS + durationS)) by ffmpeg volumedetect. */
export async function audioLevel(file: string, window: { fromS?: number; durationS?: number } = {}, ffmpegPath = "ffmpeg"): Promise<AudioLevel> {
  const args = [
    "-hide_banner",
    "-nostdin",
    "-loglevel",
    "info",
    ...(window.fromS === undefined ? [] : ["-ss", String(window.fromS)]),
    ...(window.durationS === undefined ? [] : ["-t", String(window.durationS)]),
    "-i",
    file,
    "-map",
    "0:a:0",
    "-af",
    "volumedetect",
    "-f",
    "null",
    "-",
  ];
  const { stderr, code } = await run(ffmpegPath, args, 60_000);
  const mean = /mean_volume:\s*(-?[\d.]+|-inf) dB/.exec(stderr)?.[1];
  const max = /max_volume:\s*(-?[\d.]+|-inf) dB/.exec(stderr)?.[1];
  if (code !== 0 || mean === undefined || max === undefined) throw new Error(`volumedetect on ${file} failed (${code}):\n${stderr.slice(-3000)}`);
  const db = (text: string): number => (text === "-inf" ? Number.NEGATIVE_INFINITY : Number(text));
  return { meanDb: db(mean), maxDb: db(max) };
}

// ---------------------------------------------------------------- playlists

export interface PlaylistSegment {
  readonly uri: string;
  /** The segment file (uri resolved against the playlist's folder). */
  readonly file: string;
  /** Media sequence number. */
  readonly msn: number;
  readonly durationS: number;
  /** EXT-X-DISCONTINUITY before this segment. */
  readonly discontinuity: boolean;
  /** EXT-X-PROGRAM-DATE-TIME of the segment (ms since the epoch), if tagged. */
  readonly programDateTimeMs: number | undefined;
  /** The trailing number of the file name (live_720p_00042.ts → 42), if any. */
  readonly fileNumber: number | undefined;
}

export interface MediaPlaylistReport {
  readonly mediaSequence: number;
  readonly targetDurationS: number;
  readonly endlist: boolean;
  readonly segments: readonly PlaylistSegment[];
  /** Media sequence numbers of the segments that carry EXT-X-DISCONTINUITY. */
  readonly discontinuityMsns: readonly number[];
  /** Places where the segment file numbering does not go up by one (a restarted or skipping writer). */
  readonly numberingGaps: readonly string[];
}

/** Parses a media playlist text; `folder` resolves relative segment URIs. */
export function parseMediaPlaylist(text: string, folder: string): MediaPlaylistReport {
  const parsed = HLS.parse(text);
  if (parsed.isMasterPlaylist) throw new TypeError("parseMediaPlaylist: a master playlist, not a media playlist");
  const playlist = parsed as HLS.types.MediaPlaylist;
  const base = playlist.mediaSequenceBase ?? 0;
  const segments: PlaylistSegment[] = playlist.segments.map((segment, index) => {
    const number = /(\d+)\.[a-z0-9]+$/i.exec(segment.uri)?.[1];
    return {
      uri: segment.uri,
      file: path.resolve(folder, segment.uri),
      msn: Number.isFinite(segment.mediaSequenceNumber) ? segment.mediaSequenceNumber : base + index,
      durationS: segment.duration,
      discontinuity: segment.discontinuity === true,
      programDateTimeMs: segment.programDateTime ? segment.programDateTime.getTime() : undefined,
      fileNumber: number === undefined ? undefined : Number(number),
    };
  });
  const numberingGaps: string[] = [];
  for (let i = 1; i < segments.length; i++) {
    const previous = segments[i - 1]!;
    const current = segments[i]!;
    if (previous.fileNumber !== undefined && current.fileNumber !== undefined && current.fileNumber !== previous.fileNumber + 1) {
      numberingGaps.push(`${previous.uri} (msn ${previous.msn}) is followed by ${current.uri} (msn ${current.msn})`);
    }
  }
  return {
    mediaSequence: base,
    targetDurationS: playlist.targetDuration,
    endlist: playlist.endlist,
    segments,
    discontinuityMsns: segments.filter((s) => s.discontinuity).map((s) => s.msn),
    numberingGaps,
  };
}

/** Reads and parses a media playlist file. */
export function readMediaPlaylist(file: string): MediaPlaylistReport {
  return parseMediaPlaylist(readFileSync(file, "utf8"), path.dirname(file));
}

/** The media playlists named by a master playlist file (resolved paths), in order. */
export function variantPlaylists(masterFile: string): string[] {
  const parsed = HLS.parse(readFileSync(masterFile, "utf8"));
  if (!parsed.isMasterPlaylist) return [masterFile];
  return (parsed as HLS.types.MasterPlaylist).variants.map((variant) => path.resolve(path.dirname(masterFile), variant.uri));
}

/** Decodes every segment a media playlist lists now, in order. */
export async function decodePlaylist(file: string, options: DecodeOptions = {}): Promise<{ report: MediaPlaylistReport; frames: DecodedFrame[] }> {
  const report = readMediaPlaylist(file);
  const frames = await decodeColourFrames(
    report.segments.map((s) => s.file),
    options,
  );
  return { report, frames };
}

// ---------------------------------------------------------------- following a live playlist

export interface RecordedSegment extends PlaylistSegment {
  /** The private copy that decode() reads. */
  readonly copy: string;
  /** Date.now() when the recorder first saw the segment listed. */
  readonly firstSeenMs: number;
}

export interface RecordedFrame extends DecodedFrame {
  /** Media sequence number of the frame's segment. */
  readonly msn: number | undefined;
  /** Wall time of the frame from EXT-X-PROGRAM-DATE-TIME (when the output carries it). */
  readonly programDateTimeMs: number | undefined;
}

export interface HlsRecorderOptions {
  /** Poll interval; default 200 ms (well under a segment, so no segment is missed). */
  readonly intervalMs?: number;
  /** Where the copies go; default a new temp folder, removed by close(). */
  readonly copyDir?: string;
}

/**
 * Follows a live media playlist: copies every segment when it is first listed and checks
 * that the output continues (the media sequence never goes back, no segment is skipped,
 * a sequence number keeps its segment). Call close() when done.
 */
export class HlsRecorder {
  readonly playlist: string;
  readonly copyDir: string;
  /** Continuity problems seen so far (empty = the media sequence continued). */
  readonly problems: string[] = [];
  /** Polls that could not read or parse the playlist (it does not exist yet, or was caught mid-write). */
  unreadablePolls = 0;
  readonly #segments = new Map<number, RecordedSegment>();
  readonly #ownsCopyDir: boolean;
  readonly #timer: NodeJS.Timeout;
  #lastMediaSequence: number | undefined;
  #closed = false;

  constructor(playlist: string, options: HlsRecorderOptions = {}) {
    this.playlist = playlist;
    this.#ownsCopyDir = options.copyDir === undefined;
    this.copyDir = options.copyDir ?? mkdtempSync(path.join(tmpdir(), "openlive-recorder-"));
    mkdirSync(this.copyDir, { recursive: true });
    this.poll();
    this.#timer = setInterval(() => this.poll(), options.intervalMs ?? 200);
  }

  /** Reads the playlist once (the timer does this; tests may call it to be current). */
  poll(): void {
    if (this.#closed) return;
    let report: MediaPlaylistReport;
    try {
      const text = readFileSync(this.playlist, "utf8");
      // A writer without temp-file-and-rename can be caught mid-line; the next poll sees it whole.
      if (!text.endsWith("\n")) throw new Error("partial playlist");
      report = parseMediaPlaylist(text, path.dirname(this.playlist));
    } catch {
      this.unreadablePolls += 1;
      return;
    }
    if (report.segments.length === 0) return;
    if (this.#lastMediaSequence !== undefined && report.mediaSequence < this.#lastMediaSequence) {
      this.#problem(`the media sequence went back from ${this.#lastMediaSequence} to ${report.mediaSequence}`);
    }
    this.#lastMediaSequence = Math.max(this.#lastMediaSequence ?? report.mediaSequence, report.mediaSequence);
    const highest = this.highestMsn;
    const first = report.segments[0]!;
    if (highest !== undefined && first.msn > highest + 1) {
      this.#problem(`segments ${highest + 1}…${first.msn - 1} were never listed (the playlist jumped from ${highest} to ${first.msn})`);
    }
    for (const gap of report.numberingGaps) this.#problem(`numbering: ${gap}`);
    for (const segment of report.segments) {
      const known = this.#segments.get(segment.msn);
      if (known) {
        if (known.uri !== segment.uri) this.#problem(`media sequence number ${segment.msn} was ${known.uri}, now ${segment.uri}`);
        continue;
      }
      const copy = path.join(this.copyDir, `${String(segment.msn).padStart(8, "0")}-${path.basename(segment.file)}`);
      try {
        copyFileSync(segment.file, copy);
      } catch (error) {
        this.#problem(`segment ${segment.uri} (msn ${segment.msn}) listed but not readable: ${(error as Error).message}`);
        continue;
      }
      this.#segments.set(segment.msn, { ...segment, copy, firstSeenMs: Date.now() });
    }
  }

  #problem(text: string): void {
    if (!this.problems.includes(text)) this.problems.push(text);
  }

  /** Every recorded segment, by media sequence number. */
  segments(): RecordedSegment[] {
    return [...this.#segments.values()].sort((a, b) => a.msn - b.msn);
  }

  get highestMsn(): number | undefined {
    let highest: number | undefined;
    for (const msn of this.#segments.keys()) if (highest === undefined || msn > highest) highest = msn;
    return highest;
  }

  /** Media sequence numbers of recorded segments that carry EXT-X-DISCONTINUITY. */
  discontinuityMsns(fromMsn = Number.NEGATIVE_INFINITY, toMsn = Number.POSITIVE_INFINITY): number[] {
    return this.segments()
      .filter((s) => s.discontinuity && s.msn >= fromMsn && s.msn <= toMsn)
      .map((s) => s.msn);
  }

  /** Decodes the recorded segments with fromMsn ≤ msn ≤ toMsn, in order; frames carry their msn and wall time. */
  async decode(range: { fromMsn?: number; toMsn?: number } = {}, options: DecodeOptions = {}): Promise<RecordedFrame[]> {
    this.poll();
    const chosen = this.segments().filter((s) => s.msn >= (range.fromMsn ?? Number.NEGATIVE_INFINITY) && s.msn <= (range.toMsn ?? Number.POSITIVE_INFINITY));
    const frames = await decodeColourFrames(
      chosen.map((s) => s.copy),
      options,
    );
    return frames.map((frame) => {
      const segment = frame.fileIndex === undefined ? undefined : chosen[frame.fileIndex];
      const programDateTimeMs = segment?.programDateTimeMs !== undefined && frame.offsetInFileS !== undefined ? segment.programDateTimeMs + frame.offsetInFileS * 1000 : undefined;
      return { ...frame, msn: segment?.msn, programDateTimeMs };
    });
  }

  /**
   * Waits until the output shows `colour` steadily: the newest `segments` (default 3) carry no
   * EXT-X-DISCONTINUITY and decode to that colour only (at least `minFrames`, default two
   * segments of 25 fps). A pipeline may restart its encoder once while it starts; a test
   * waits this out before it changes anything, so it never blames its own switch for that.
   */
  async waitForSteady(colour: string, options: { segments?: number; minFrames?: number; timeoutMs?: number } = {}): Promise<void> {
    const count = options.segments ?? 3;
    const minFrames = options.minFrames ?? (count - 1) * 25;
    const timeoutMs = options.timeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    let last = "nothing decoded";
    for (;;) {
      this.poll();
      const newest = this.segments().slice(-count);
      if (newest.length === count && !newest.some((s) => s.discontinuity)) {
        const colours = coloursOf(await this.decode({ fromMsn: newest[0]!.msn }));
        if (colours.length >= minFrames && colours.every((c) => c === colour)) return;
        last = describeRuns(colours);
      } else if (newest.length === count) {
        last = `a discontinuity in msn ${newest.filter((s) => s.discontinuity).map((s) => s.msn).join(",")}`;
      }
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${count} segments of steady ${colour} (last: ${last})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Stops polling; removes the copies unless a copyDir was given. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    if (this.#ownsCopyDir) rmSync(this.copyDir, { recursive: true, force: true });
  }
}

/** The colour names of frames (for runs(), transition(), framesBetween()). */
export function coloursOf(frames: readonly DecodedFrame[]): string[] {
  return frames.map((frame) => frame.colour);
}
