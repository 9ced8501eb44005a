// Command lines for Debian's ffprobe as the RTMP and SRT client of a pull check. Pure.
// ffprobe connects, reads until it knows the streams, then reads exactly one packet
// (`-read_intervals %+#1`): a source that answers with at least one audio/video stream and
// one media packet is live. Probing is cut to the minimum (`-analyzeduration 0 -probesize
// 32`) because the check needs "media flows", not codec details, and every probed
// millisecond is taken from the ≤ 5 s budget.

import type { SrtAlgorithm } from "../../domain/records.ts";

export const FFPROBE_COMMAND = "ffprobe";

/** Microseconds per millisecond: ffmpeg's timeout options are in µs, the API's in ms. */
const US_PER_MS = 1000;

/**
 * ffprobe's own network timeouts should fire before the hard kill at timeoutMs, so its error
 * (handshake failed, no data) is what the user reads rather than a bare "timeout". Starting
 * ffprobe costs 0.2–0.9 s of the budget on a loaded 2-core machine (it loads ~100 shared
 * libraries), hence 1 s of headroom, but at least half the budget for the network.
 */
export function ffprobeNetworkTimeoutMs(timeoutMs: number): number {
  return Math.max(Math.round(timeoutMs * 0.5), timeoutMs - 1000);
}

const COMMON_ARGS = [
  "-hide_banner",
  // debug, not error: the connect and RTMP handshake progress lines tell an unreachable server
  // from one that accepted but never finished the handshake, and from one that sent no media.
  // With one packet read this is a few KiB of stderr.
  "-v",
  "debug",
  "-analyzeduration",
  "0",
  "-probesize",
  "32",
  "-read_intervals",
  "%+#1",
  "-show_entries",
  "stream=codec_type:packet=codec_type",
  "-of",
  "json",
] as const;

export function rtmpProbeArgs(url: string, timeoutMs: number): string[] {
  // -rw_timeout, not -timeout: for rtmp:// `-timeout` means "listen for a publisher".
  return [...COMMON_ARGS, "-rw_timeout", String(ffprobeNetworkTimeoutMs(timeoutMs) * US_PER_MS), url];
}

/** RTMP_PULL credentials travel in the URL's user info, the only way ffmpeg's rtmp client takes them. */
export function rtmpUrlWithCredentials(url: string, username: string | undefined, password: string | undefined): string {
  if (username === undefined || username === "") return url;
  const parsed = new URL(url);
  parsed.username = username;
  parsed.password = password ?? "";
  return parsed.toString();
}

export interface SrtCallerProbe {
  readonly address: string;
  readonly port: string;
  readonly streamId?: string;
  readonly minimumLatencyMs?: number;
  readonly encryption?: { readonly algorithm: SrtAlgorithm; readonly passphrase: string };
}

const PBKEYLEN_BY_ALGORITHM: Readonly<Record<SrtAlgorithm, number>> = { AES128: 16, AES192: 24, AES256: 32 } as const;

/** libsrt refuses passphrases outside 10–79 characters (SRTO_PASSPHRASE). */
const SRT_PASSPHRASE_LENGTH = { min: 10, max: 79 } as const;

export function srtPassphraseProblem(passphrase: string): string | undefined {
  const length = [...passphrase].length;
  if (length < SRT_PASSPHRASE_LENGTH.min || length > SRT_PASSPHRASE_LENGTH.max) {
    return `SRT passphrase must be ${SRT_PASSPHRASE_LENGTH.min}–${SRT_PASSPHRASE_LENGTH.max} characters (the secret holds ${length})`;
  }
  return undefined;
}

export function srtProbeUrl(address: string, port: string): string {
  const host = address.includes(":") ? `[${address}]` : address;
  return `srt://${host}:${port}?mode=caller`;
}

/** libsrt's own default connect timeout for a caller; a channel's puller would give up there too. */
const SRT_DEFAULT_CONNECT_TIMEOUT_MS = 3000;

/**
 * The SRT handshake is a few round trips, so it gets a shorter bound than the whole check:
 * libsrt's default, and at most the budget minus 1.5 s, so "SRT handshake failed" (rather
 * than a bare timeout) is reported even when ffprobe starts slowly on a loaded machine.
 */
export function srtConnectTimeoutMs(timeoutMs: number): number {
  return Math.min(SRT_DEFAULT_CONNECT_TIMEOUT_MS, Math.max(Math.round(timeoutMs * 0.5), timeoutMs - 1500));
}

export function srtProbeArgs(probe: SrtCallerProbe, timeoutMs: number): string[] {
  const networkMs = ffprobeNetworkTimeoutMs(timeoutMs);
  // Stream ID and passphrase go as protocol options rather than URL query members, so no
  // character in them needs URL escaping (libsrt's query parsing does not unescape all).
  const options = [
    "-connect_timeout", // libsrt: milliseconds
    String(srtConnectTimeoutMs(timeoutMs)),
    "-timeout", // libsrt: read timeout in µs once connected; "connected but silent" → ffprobe error
    String(networkMs * US_PER_MS),
  ];
  if (probe.streamId !== undefined && probe.streamId !== "") options.push("-streamid", probe.streamId);
  if (probe.minimumLatencyMs !== undefined) options.push("-latency", String(probe.minimumLatencyMs * US_PER_MS));
  if (probe.encryption) options.push("-passphrase", probe.encryption.passphrase, "-pbkeylen", String(PBKEYLEN_BY_ALGORITHM[probe.encryption.algorithm]));
  return [...COMMON_ARGS, ...options, srtProbeUrl(probe.address, probe.port)];
}
