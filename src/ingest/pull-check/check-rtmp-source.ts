// RTMP_PULL: connect, play, and receive the first media message. ffprobe (Debian ffmpeg)
// is the RTMP client: it does the handshake, connect/createStream/play, and demuxes FLV.

import type { PullSourceRecord } from "../../domain/records.ts";
import { notReady, type SourceCheckResult } from "./check-result.ts";
import type { CheckContext } from "./check-context.ts";
import { rtmpProbeSpec, type ProbeSpecResult } from "./ffprobe-args.ts";
import { ffprobeVerdict } from "./ffprobe-verdict.ts";
import { runFfprobe } from "./run-ffprobe.ts";
import { sourceCredentials } from "../source-access/source-credentials.ts";

export async function checkRtmpSource(source: PullSourceRecord, context: CheckContext): Promise<SourceCheckResult> {
  const credentials = sourceCredentials(source, context.resolveSecret);
  if (!credentials.ok) return notReady(credentials.reason);
  let spec: ProbeSpecResult;
  try {
    spec = rtmpProbeSpec(source.url, credentials.username, credentials.password, context.timeoutMs);
  } catch {
    return notReady("not a URL");
  }
  if (!spec.ok) return notReady(spec.reason);
  const outcome = await runFfprobe(spec.args, context.signal, spec.stdinText);
  // ffprobe echoes the URL it opens: spec.secrets holds every spelling of the password.
  return ffprobeVerdict(outcome, { protocol: "rtmp", timeoutMs: context.timeoutMs, secrets: spec.secrets });
}
