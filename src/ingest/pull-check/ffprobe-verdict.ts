// Reads what an ffprobe run printed and decides: ready, or not ready with which reason. Pure.
// The stderr phrases matched here are those of Debian's ffmpeg 5.1 (libavformat tcp/rtmp/
// libsrt) and of libsrt 1.5's own log lines; anything unrecognised falls back to ffprobe's
// last error line with addresses and secrets scrubbed.

import { redactSecrets } from "../../shared/redact-secrets.ts";
import { notReady, READY, Reasons, type SourceCheckResult } from "./check-result.ts";

export interface FfprobeOutcome {
  readonly exitCode: number | null;
  /** The hard deadline fired and the process was killed. */
  readonly killedAtDeadline: boolean;
  /** Set when the process could not be started at all (e.g. "ENOENT"). */
  readonly spawnErrorCode?: string;
  readonly stdout: string;
  readonly stderr: string;
}

export type FfprobeProtocol = "rtmp" | "srt";

export interface VerdictContext {
  readonly protocol: FfprobeProtocol;
  readonly timeoutMs: number;
  /** Strings that must never reach a message (the passphrase, a URL with a password). */
  readonly secrets: readonly string[];
}

const MEDIA_TYPES: ReadonlySet<string> = new Set(["audio", "video"]);

export function ffprobeVerdict(outcome: FfprobeOutcome, context: VerdictContext): SourceCheckResult {
  if (outcome.spawnErrorCode === "ENOENT") return notReady(Reasons.ffprobeMissing);
  if (outcome.spawnErrorCode !== undefined) return notReady(`cannot run ffprobe (${outcome.spawnErrorCode})`);

  const found = parseProbeJson(outcome.stdout);
  if (found.mediaStreams > 0 && found.packets > 0) return READY;

  const stderr = outcome.stderr;
  const reason = knownFailure(stderr, context) ?? timeoutReason(outcome, stderr, context);
  if (reason !== undefined) return notReady(reason);
  if (found.streams > 0 && found.mediaStreams === 0) return notReady(Reasons.noAudioOrVideo);
  if (found.mediaStreams > 0) return notReady(Reasons.noMedia(context.timeoutMs));
  return notReady(fallbackReason(outcome, context));
}

interface ProbeCounts {
  readonly streams: number;
  readonly mediaStreams: number;
  readonly packets: number;
}

export function parseProbeJson(stdout: string): ProbeCounts {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return { streams: 0, mediaStreams: 0, packets: 0 };
  }
  const list = (key: string): { codec_type?: unknown }[] => {
    const value = (parsed as Record<string, unknown> | null)?.[key];
    return Array.isArray(value) ? (value as { codec_type?: unknown }[]) : [];
  };
  const streams = list("streams");
  return {
    streams: streams.length,
    mediaStreams: streams.filter((s) => typeof s.codec_type === "string" && MEDIA_TYPES.has(s.codec_type)).length,
    packets: list("packets").length,
  };
}

function knownFailure(stderr: string, context: VerdictContext): string | undefined {
  if (/Connection refused/.test(stderr)) return Reasons.connectionRefused;
  if (/Failed to resolve hostname|Name or service not known|No address associated with hostname/.test(stderr)) return Reasons.hostNotFound;
  if (/Temporary failure in name resolution/.test(stderr)) return "DNS lookup failed (temporary failure)";
  if (/No route to host/.test(stderr)) return Reasons.hostUnreachable;
  if (/Network is unreachable/.test(stderr)) return "network unreachable";
  if (/Connection reset by peer/.test(stderr)) return Reasons.connectionReset;
  return context.protocol === "rtmp" ? rtmpFailure(stderr, context) : srtFailure(stderr);
}

function rtmpFailure(stderr: string, context: VerdictContext): string | undefined {
  if (/StreamNotFound/i.test(stderr)) return Reasons.rtmpStreamNotFound;
  const serverError = /Server error: ([^\n]*)/.exec(stderr)?.[1]?.trim();
  if (serverError !== undefined) {
    if (/not\s*found/i.test(serverError)) return Reasons.rtmpStreamNotFound;
    return `RTMP server error: ${scrub(serverError, context)}`;
  }
  if (/Cannot read RTMP handshake response|RTMP handshake failed|Unable to read handshake/.test(stderr)) return Reasons.rtmpHandshakeFailed;
  return undefined;
}

function srtFailure(stderr: string): string | undefined {
  // libsrt logs why the listener rejected us, e.g. "REJECT reported from HS processing:
  // Incorrect passphrase - not processing further"; ffmpeg itself only says "failed: I/O error".
  const rejection = /REJECT reported from HS processing: ([^\n]*?)(?: - not processing further)?\s*$/m.exec(stderr)?.[1]?.trim();
  if (rejection) return `${Reasons.srtHandshakeFailed}: ${rejection.charAt(0).toLowerCase()}${rejection.slice(1)}`;
  if (/Connection to srt:\S* failed/.test(stderr)) return Reasons.srtHandshakeFailed;
  return undefined;
}

/** ffprobe's own network timeout or our hard kill: how far did the session get? */
function timeoutReason(outcome: FfprobeOutcome, stderr: string, context: VerdictContext): string | undefined {
  const timedOut = outcome.killedAtDeadline || /Connection timed out/.test(stderr);
  if (!timedOut) return undefined;
  if (context.protocol === "rtmp") {
    // libavformat logs (at debug level) the TCP connect, then "Proto = rtmp, path = …" once
    // the RTMP handshake is through, then the connect/createStream/play exchange.
    if (!/Successfully connected to/.test(stderr)) return Reasons.timeout(context.timeoutMs);
    if (!/Proto = \S+, path = /.test(stderr)) return Reasons.rtmpHandshakeFailed;
    return Reasons.noMedia(context.timeoutMs);
  }
  // srt: a failed handshake always logs "Connection to srt://… failed" (matched earlier), so a
  // read timeout reported by ffprobe itself means the handshake had succeeded; a kill by the
  // deadline leaves no trace of which phase it hit.
  return outcome.killedAtDeadline ? Reasons.timeout(context.timeoutMs) : Reasons.noMedia(context.timeoutMs);
}

/** Progress and probing lines of a debug-level run: never the error to show. */
const DEBUG_NOISE =
  /^(Starting connection attempt|Successfully connected|Input #|Stream #|Duration:|Metadata:|Consider increasing|Processing read interval|Statistics:|Opening '|No default whitelist|Original list of addresses|Interleaved list of addresses|Address |Handshaking|Type answer|Server version|Proto = |Window acknowledgement|Max sent|New incoming chunk size|Creating stream|Sending play command|Deleting stream|Format \S+ probed|Before avformat_find_stream_info|After avformat_find_stream_info|Probe buffer size limit|nal_unit_type|Parsed log interval|Adding '|'\S+' matches section)/;

function fallbackReason(outcome: FfprobeOutcome, context: VerdictContext): string {
  const lines = outcome.stderr
    .split("\n")
    .map((line) => stripContext(line.trim()))
    .filter((line) => line !== "" && !DEBUG_NOISE.test(line));
  // ffprobe ends a failed open with "<url>: <error>"; prefer that line over the last debug line.
  const final = lines.filter((line) => FINAL_ERROR_LINE.test(line)).at(-1);
  const last = final ?? lines.at(-1);
  if (last === undefined) return outcome.exitCode === 0 ? "no media stream found" : `ffprobe failed with exit code ${outcome.exitCode ?? "unknown"}`;
  return scrub(last.replace(FINAL_ERROR_LINE, "$1"), context).slice(0, 160);
}

/** "<url>: <error>", or "pipe:0: <error>" when the URL came in an ffconcat script on stdin. */
const FINAL_ERROR_LINE = /^(?:[a-z][a-z0-9+.-]*:\/\/\S*|pipe:0): (.+)$/i;

/** "[tcp @ 0x55…] Connection …" → "Connection …". */
function stripContext(line: string): string {
  return line.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, "");
}

function scrub(text: string, context: VerdictContext): string {
  return redactSecrets(text, context.secrets);
}
