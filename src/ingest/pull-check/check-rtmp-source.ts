// RTMP_PULL: connect, play, and receive the first media message. ffprobe (Debian ffmpeg)
// is the RTMP client: it does the handshake, connect/createStream/play, and demuxes FLV.

import type { PullSourceRecord } from "../../domain/records.ts";
import { notReady, type SourceCheckResult } from "./check-result.ts";
import type { CheckContext } from "./check-context.ts";
import { rtmpProbeArgs, rtmpUrlWithCredentials } from "./ffprobe-args.ts";
import { ffprobeVerdict } from "./ffprobe-verdict.ts";
import { runFfprobe } from "./run-ffprobe.ts";
import { sourceCredentials } from "./source-credentials.ts";

export async function checkRtmpSource(source: PullSourceRecord, context: CheckContext): Promise<SourceCheckResult> {
  const credentials = sourceCredentials(source, context.resolveSecret);
  if (!credentials.ok) return notReady(credentials.reason);
  let url: string;
  try {
    url = rtmpUrlWithCredentials(source.url, credentials.username, credentials.password);
  } catch {
    return notReady("not a URL");
  }
  const outcome = await runFfprobe(rtmpProbeArgs(url, context.timeoutMs), context.signal);
  // ffprobe may echo the URL; the password appears in it as typed or percent-encoded.
  const password = credentials.password ?? "";
  const secrets = password !== "" ? [encodeURIComponent(password), password] : [];
  return ffprobeVerdict(outcome, { protocol: "rtmp", timeoutMs: context.timeoutMs, secrets });
}
