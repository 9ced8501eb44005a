// Reads what an ffprobe run printed and decides: ready, or not ready with which reason. Pure.
// The stderr phrases matched here are those of Debian's ffmpeg 5.1 (libavformat tcp/rtmp/
// libsrt) and of libsrt 1.5's own log lines; anything unrecognised falls back to ffprobe's
// last error line with addresses and secrets scrubbed.

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

/** ffprobe's own network timeout or our hard kill: was anything listening? */
function timeoutReason(outcome: FfprobeOutcome, stderr: string, context: VerdictContext): string | undefined {
  const timedOut = outcome.killedAtDeadline || /Connection timed out/.test(stderr);
  if (!timedOut) return undefined;
  return connectedBeforeTimeout(stderr, context.protocol) ? Reasons.noMedia(context.timeoutMs) : Reasons.timeout(context.timeoutMs);
}

function connectedBeforeTimeout(stderr: string, protocol: FfprobeProtocol): boolean {
  // rtmp: libavformat's tcp logs the connect at verbose level. srt: a connect failure always
  // logs "Connection to srt://… failed" (matched above), so a later read timeout — which
  // ffprobe reports as a plain "Connection timed out" — means the handshake had succeeded.
  if (protocol === "rtmp") return /Successfully connected to/.test(stderr);
  return /Connection timed out/.test(stderr);
}

function fallbackReason(outcome: FfprobeOutcome, context: VerdictContext): string {
  const lines = outcome.stderr
    .split("\n")
    .map((line) => line.trim())
    // Progress and probing notes, not errors.
    .filter((line) => line !== "" && !/^(Starting connection attempt|Successfully connected|Input #|Stream #|Duration:|Metadata:|Consider increasing|Processing read interval|Statistics:)/.test(stripContext(line)));
  const last = lines.at(-1);
  if (last === undefined) return outcome.exitCode === 0 ? "no media stream found" : `ffprobe failed with exit code ${outcome.exitCode ?? "unknown"}`;
  const message = stripContext(last).replace(/^\S+:\/\/\S*: /, "");
  return scrub(message, context).slice(0, 160);
}

/** "[tcp @ 0x55…] Connection …" → "Connection …". */
function stripContext(line: string): string {
  return line.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, "");
}

function scrub(text: string, context: VerdictContext): string {
  let result = text;
  for (const secret of context.secrets) if (secret !== "") result = result.split(secret).join("***");
  return result;
}
