// Command lines for Debian's ffprobe as the RTMP and SRT client of a pull check. Pure.
// ffprobe connects, reads until it knows the streams, then reads exactly one packet
// (`-read_intervals %+#1`): a source that answers with at least one audio/video stream and
// one media packet is live. Probing is cut to the minimum (`-analyzeduration 0 -probesize
// 32`) because the check needs "media flows", not codec details, and every probed
// millisecond is taken from the ≤ 5 s budget.

// A secret (an RTMP password, an SRT passphrase) never goes on the command line, which every
// local user can read in /proc/<pid>/cmdline: ffprobe then reads a one-entry ffconcat script
// on stdin (../pull/ffconcat-script.ts) that holds the URL and the protocol options, and the
// probing limits are repeated there because concatdec probes its entry with them.

import type { SrtAlgorithm } from "../../domain/records.ts";
import { urlSecretForms } from "../../shared/redact-secrets.ts";
import { ffconcatInputArgs, ffconcatScript } from "../pull/ffconcat-script.ts";
import { urlWithCredentials } from "../pull/url-credentials.ts";

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

/** One ffprobe run: its command line, what it reads on stdin, the secrets to redact from its output. */
export interface ProbeSpec {
  readonly args: readonly string[];
  readonly stdinText: string;
  readonly secrets: readonly string[];
}

export type ProbeSpecResult = ({ readonly ok: true } & ProbeSpec) | { readonly ok: false; readonly reason: string };

/** concatdec probes its entry with its own options: the same minimum as COMMON_ARGS. */
const ENTRY_PROBE_OPTIONS = { analyzeduration: "0", probesize: "32" } as const;

/**
 * RTMP_PULL credentials travel in the URL's user info, the only way ffmpeg's rtmp client
 * takes them; with a user name, that URL is in the script on stdin. Throws on a bad URL.
 */
export function rtmpProbeSpec(url: string, username: string | undefined, password: string | undefined, timeoutMs: number): ProbeSpecResult {
  if (username === undefined || username === "") return { ok: true, args: rtmpProbeArgs(url, timeoutMs), stdinText: "", secrets: [] };
  const parsed = urlWithCredentials(url, username, password ?? "");
  const script = ffconcatScript({ url: parsed.href, options: { rw_timeout: String(ffprobeNetworkTimeoutMs(timeoutMs) * US_PER_MS), ...ENTRY_PROBE_OPTIONS } });
  if (!script.ok) return script;
  const protocols = parsed.protocol === "rtmps:" ? ["rtmps", "rtmp", "tcp", "tls"] : ["rtmp", "tcp"];
  return { ok: true, args: [...COMMON_ARGS, ...ffconcatInputArgs(protocols)], stdinText: script.text, secrets: urlSecretForms(parsed, password) };
}

export interface SrtCallerProbe {
  readonly address: string;
  readonly port: string;
  readonly streamId?: string;
  readonly minimumLatencyMs?: number;
  readonly encryption?: { readonly algorithm: SrtAlgorithm; readonly passphrase: string };
}

const PBKEYLEN_BY_ALGORITHM: Readonly<Record<SrtAlgorithm, number>> = { AES128: 16, AES192: 24, AES256: 32 } as const;

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

/**
 * Stream ID and passphrase go as protocol options rather than URL query members, so no
 * character in them needs URL escaping (libsrt's query parsing does not unescape all). An
 * encrypted probe has every option in the script on stdin; an unencrypted one on the
 * command line.
 */
export function srtProbeSpec(probe: SrtCallerProbe, timeoutMs: number): ProbeSpecResult {
  const networkMs = ffprobeNetworkTimeoutMs(timeoutMs);
  const options: Record<string, string> = {
    connect_timeout: String(srtConnectTimeoutMs(timeoutMs)), // libsrt: milliseconds
    timeout: String(networkMs * US_PER_MS), // libsrt: read timeout in µs once connected; "connected but silent" → ffprobe error
  };
  if (probe.streamId !== undefined && probe.streamId !== "") options["streamid"] = probe.streamId;
  if (probe.minimumLatencyMs !== undefined) options["latency"] = String(probe.minimumLatencyMs * US_PER_MS);
  const url = srtProbeUrl(probe.address, probe.port);
  if (!probe.encryption) {
    return { ok: true, args: [...COMMON_ARGS, ...Object.entries(options).flatMap(([key, value]) => [`-${key}`, value]), url], stdinText: "", secrets: [] };
  }
  const { passphrase, algorithm } = probe.encryption;
  const script = ffconcatScript({ url, options: { ...options, passphrase, pbkeylen: String(PBKEYLEN_BY_ALGORITHM[algorithm]), ...ENTRY_PROBE_OPTIONS } });
  if (!script.ok) return script;
  return { ok: true, args: [...COMMON_ARGS, ...ffconcatInputArgs(["srt", "udp"])], stdinText: script.text, secrets: [passphrase] };
}
