// Command lines of the children that pull RTMP, MP4/TS files and SRT. Pure.
//
// - MP4_FILE, TS_FILE: Debian ffmpeg remuxes (`-c copy`) to MPEG-TS on stdout.
//   Files are read at native rate (`-re`) so the pipeline gets real time, not a burst of
//   the whole file. For H.264 and H.265
//   out of MP4, ffmpeg's mpegts muxer inserts h264_mp4toannexb / hevc_mp4toannexb itself
//   (libavformat/mpegtsenc.c, mpegts_check_bitstream; the MP4 test checks the SPS arrives).
//   A clip (schedule inputClippingSettings) is `-ss`/`-to` on the input: ffmpeg seeks, then
//   stops reading at the stop position (an input `-to` is a position in the file, not a
//   duration). With `-c copy` the clip starts at the keyframe at or before the start. ffmpeg
//   cannot loop a clip (`-stream_loop` goes back to the file's start, and an input `-to`
//   ends the whole run, not each pass), so a looping clip is played once per child and the
//   supervisor starts the next pass (child-pull-source.ts). TS_FILE keeps the file's timestamps
//   (`-copyts`, `-mpegts_copyts 1`): the remux drops the SCTE-35 PID, whose sections the edge reads from the file
//   itself and places by those timestamps (ts-file-cues.ts).
// - RTMP_PULL: openlive's own RTMP player pulls the stream (rtmp-play-feed.ts: ffmpeg's RTMP
//   client drops the AMF data messages that carry cue points) and writes it as FLV to the
//   child's stdin; ffmpeg remuxes that to MPEG-TS keeping the stream's timestamps (`-copyts`,
//   `-mpegts_copyts 1`), the clock the cue points' splice times are on. Nothing secret reaches
//   the child: the player holds the credentials. No -re: a live stream is paced by its server
//   (with -re, a server's start-up burst of its cached GOP would become permanent latency).
// - SRT_CALLER: srt-live-transmit (Debian srt-tools) calls the listener and writes the
//   received MPEG-TS unchanged to stdout (`file://con`), keeping every PID the upstream
//   sends; `-a:no` makes it exit when the connection breaks, so our supervisor sees it.
// - Secrets never go on a command line (/proc/<pid>/cmdline is world-readable). A source with
//   credentials (http(s):// with a user name, an SRT passphrase) is handed to
//   ffmpeg as a one-entry ffconcat script on its stdin (ffconcat-script.ts); srt-live-
//   transmit takes a passphrase only in its URI argument, so an encrypted SRT_CALLER source
//   is called by ffmpeg's libsrt client instead, which remuxes video and audio to MPEG-TS
//   (other PIDs are not kept, as for the other pulls).

import { fileURLToPath } from "node:url";
import type { SrtAlgorithm, SrtCallerSourceRecord } from "../../domain/records.ts";
import { urlSecretForms } from "../../shared/redact-secrets.ts";
import { ffconcatInputArgs, ffconcatScript } from "./ffconcat-script.ts";
import { urlWithCredentials } from "./url-credentials.ts";

export const FFMPEG_COMMAND = "ffmpeg";
export const SRT_LIVE_TRANSMIT_COMMAND = "srt-live-transmit";

export type FfmpegPullKind = "MP4_FILE" | "TS_FILE";

export interface FfmpegPullArgsOptions {
  readonly kind: FfmpegPullKind;
  /** http(s):// or file:// URL, credentials already in its user info where needed. */
  readonly url: string;
  /** Start over at the end (sourceEndBehavior LOOP); ignored with a clip. */
  readonly loop: boolean;
  /** Play this part of the file (positions from its start). */
  readonly clipping?: PullClipping;
}

/** A part of a file, in ms from its start; either end may be open. */
export interface PullClipping {
  readonly startMs?: number;
  readonly stopMs?: number;
}

/** Whether ffmpegPullArgs plays a clip (and so leaves looping to the supervisor). */
export function isClipped(clipping: PullClipping | undefined): clipping is PullClipping {
  return clipping !== undefined && ((clipping.startMs ?? 0) > 0 || clipping.stopMs !== undefined);
}

export function ffmpegPullArgs(options: FfmpegPullArgsOptions): string[] {
  const input: string[] = ["-re"];
  const clipped = isClipped(options.clipping);
  if (options.loop && !clipped) input.push("-stream_loop", "-1");
  if (clipped) {
    const { startMs, stopMs } = options.clipping!;
    if (startMs !== undefined && startMs > 0) input.push("-ss", seconds(startMs));
    if (stopMs !== undefined) input.push("-to", seconds(stopMs));
  }
  // TS_FILE: the file's own timestamps, not moved by ffmpeg nor by its mpegts muxer's delay: the
  // file's SCTE-35 sections, read beside ffmpeg (ts-file-cues.ts), name pictures by them.
  const timestamps = options.kind === "TS_FILE" ? ["-copyts", "-mpegts_copyts", "1"] : [];
  return [...LEADING_ARGS, ...input, "-i", ffmpegInputUrl(options.url), ...timestamps, ...TS_TO_STDOUT_ARGS];
}

const LEADING_ARGS = ["-hide_banner", "-nostdin", "-loglevel", "warning"] as const;

/** The output half of every child that hands MPEG-TS to the pipeline on stdout. */
export const TS_TO_STDOUT_ARGS = [
  // Video and audio only: data and subtitle tracks of MP4 (tmcd, mov_text) cannot be
  // copied into MPEG-TS and would make ffmpeg refuse the whole file. CEA-608/708 ride
  // inside the H.264 and survive.
  "-map",
  "0:v?",
  "-map",
  "0:a?",
  "-c",
  "copy",
  "-f",
  "mpegts",
  // Each packet is written when muxed, not when ffmpeg's 32 KiB output buffer fills:
  // at a few hundred kb/s that buffer would otherwise hold half a second of media.
  "-flush_packets",
  "1",
  "pipe:1",
] as const;

/** The RTMP_PULL child: FLV from openlive's RTMP player on stdin, MPEG-TS on stdout, on the stream's own timestamps. */
export function rtmpFlvRemuxArgs(): string[] {
  return [...LEADING_ARGS, "-f", "flv", "-i", "pipe:0", "-copyts", "-mpegts_copyts", "1", ...TS_TO_STDOUT_ARGS];
}

/** What starts one pull child: its command line and what it reads on stdin. */
export interface PullChildSpec {
  readonly command: string;
  readonly args: readonly string[];
  /** Written to the child's stdin (the ffconcat script when a secret is involved). */
  readonly stdinText: string;
  /** Every spelling of the secrets the child knows, for redacting its output. */
  readonly secrets: readonly string[];
}

export type PullChildSpecResult = ({ readonly ok: true } & PullChildSpec) | { readonly ok: false; readonly reason: string };

export interface PullCredentials {
  readonly username?: string;
  readonly password?: string;
}

const PROTOCOLS_BY_SCHEME: Readonly<Record<string, readonly string[]>> = {
  "http:": ["http", "tcp"],
  "https:": ["https", "http", "tcp", "tls"],
} as const;

/**
 * The ffmpeg child for MP4_FILE and TS_FILE. Without a user name the URL goes on the command
 * line as before; with one, the URL with its credentials is in the ffconcat script on stdin,
 * and so is a clip (as inpoint/outpoint: concatdec seeks inside the entry).
 */
export function ffmpegPullSpec(options: FfmpegPullArgsOptions, credentials: PullCredentials): PullChildSpecResult {
  if (credentials.username === undefined || credentials.username === "" || options.url.startsWith("file:")) {
    return { ok: true, command: FFMPEG_COMMAND, args: ffmpegPullArgs(options), stdinText: "", secrets: [] };
  }
  const url = urlWithCredentials(options.url, credentials.username, credentials.password ?? "");
  const protocols = PROTOCOLS_BY_SCHEME[url.protocol];
  if (protocols === undefined) return { ok: false, reason: `unsupported URL scheme ${url.protocol.replace(/:$/, "")}` };
  const clipped = isClipped(options.clipping);
  const script = ffconcatScript({
    url: url.href,
    ...(clipped && options.clipping!.startMs !== undefined ? { inpointMs: options.clipping!.startMs } : {}),
    ...(clipped && options.clipping!.stopMs !== undefined ? { outpointMs: options.clipping!.stopMs } : {}),
  });
  if (!script.ok) return script;
  const input: string[] = ["-re"];
  if (options.loop && !clipped) input.push("-stream_loop", "-1");
  return {
    ok: true,
    command: FFMPEG_COMMAND,
    args: [...LEADING_ARGS, ...input, ...ffconcatInputArgs(protocols), ...TS_TO_STDOUT_ARGS],
    stdinText: script.text,
    secrets: urlSecretForms(url, credentials.password),
  };
}

/** ffmpeg's time duration syntax in seconds, to the millisecond. */
function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** ffmpeg takes local files as paths; a file:// URL may carry percent-escapes ffmpeg would not decode. */
export function ffmpegInputUrl(url: string): string {
  if (!url.startsWith("file:")) return url;
  return `file:${fileURLToPath(url)}`;
}

const PBKEYLEN_BY_ALGORITHM: Readonly<Record<SrtAlgorithm, number>> = { AES128: 16, AES192: 24, AES256: 32 } as const;

/** libsrt's default latency when the source names none (SRTO_LATENCY). */
const SRT_DEFAULT_LATENCY_MS = 120;
/** ffmpeg's libsrt options take latency in µs. */
const US_PER_MS = 1000;

/**
 * The SRT_CALLER child. Without a passphrase: srt-live-transmit, which keeps every PID. With
 * one: ffmpeg's libsrt caller, passphrase and stream ID as `option` lines of the ffconcat
 * script on stdin (srt-live-transmit would need them in its argv).
 */
export function srtCallerSpec(source: SrtCallerSourceRecord, passphrase: string | undefined): PullChildSpecResult {
  if (!source.decryption || passphrase === undefined) {
    return { ok: true, command: SRT_LIVE_TRANSMIT_COMMAND, args: srtCallerArgs(source), stdinText: "", secrets: [] };
  }
  const address = source.srtListenerAddress;
  const host = address.includes(":") ? `[${address}]` : address;
  const script = ffconcatScript({
    url: `srt://${host}:${source.srtListenerPort}?mode=caller`,
    options: {
      latency: String((source.minimumLatency ?? SRT_DEFAULT_LATENCY_MS) * US_PER_MS),
      ...(source.streamId !== undefined && source.streamId !== "" ? { streamid: source.streamId } : {}),
      passphrase,
      pbkeylen: String(PBKEYLEN_BY_ALGORITHM[source.decryption.algorithm]),
    },
  });
  if (!script.ok) return script;
  return { ok: true, command: FFMPEG_COMMAND, args: [...LEADING_ARGS, ...ffconcatInputArgs(["srt", "udp"]), ...TS_TO_STDOUT_ARGS], stdinText: script.text, secrets: [passphrase] };
}

/** srt-live-transmit for an unencrypted SRT_CALLER source (it takes no secret by design). */
export function srtCallerArgs(source: SrtCallerSourceRecord): string[] {
  const params = new URLSearchParams({ mode: "caller", latency: String(source.minimumLatency ?? SRT_DEFAULT_LATENCY_MS) });
  if (source.streamId !== undefined && source.streamId !== "") params.set("streamid", source.streamId);
  const address = source.srtListenerAddress;
  const host = address.includes(":") ? `[${address}]` : address;
  return ["-q", "-a:no", `srt://${host}:${source.srtListenerPort}?${params.toString()}`, "file://con"];
}
