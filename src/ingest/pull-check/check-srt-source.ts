// SRT_CALLER: openlive calls the upstream's SRT listener; the handshake must succeed (with
// the stream ID and, when the source is encrypted, the passphrase) and media must follow.
// ffprobe (Debian ffmpeg, built with libsrt) is the SRT client.

import type { SrtCallerSourceRecord } from "../../domain/records.ts";
import { notReady, Reasons, type SourceCheckResult } from "./check-result.ts";
import type { CheckContext } from "./check-context.ts";
import { srtPassphraseProblem } from "../source-access/srt-passphrase.ts";
import { srtProbeSpec, type SrtCallerProbe } from "./ffprobe-args.ts";
import { ffprobeVerdict } from "./ffprobe-verdict.ts";
import { runFfprobe } from "./run-ffprobe.ts";
import { lookUpSecret } from "../source-access/source-credentials.ts";

export async function checkSrtSource(source: SrtCallerSourceRecord, context: CheckContext): Promise<SourceCheckResult> {
  let encryption: SrtCallerProbe["encryption"];
  if (source.decryption) {
    const name = source.decryption.passphraseSecretArn;
    const passphrase = lookUpSecret(name, context.resolveSecret);
    if (passphrase === undefined) return notReady(Reasons.secretNotFound(name));
    const problem = srtPassphraseProblem(passphrase);
    if (problem !== undefined) return notReady(problem);
    encryption = { algorithm: source.decryption.algorithm, passphrase };
  }
  const probe: SrtCallerProbe = {
    address: source.srtListenerAddress,
    port: source.srtListenerPort,
    ...(source.streamId !== undefined ? { streamId: source.streamId } : {}),
    ...(source.minimumLatency !== undefined ? { minimumLatencyMs: source.minimumLatency } : {}),
    ...(encryption ? { encryption } : {}),
  };
  const spec = srtProbeSpec(probe, context.timeoutMs);
  if (!spec.ok) return notReady(spec.reason);
  const outcome = await runFfprobe(spec.args, context.signal, spec.stdinText);
  return ffprobeVerdict(outcome, { protocol: "srt", timeoutMs: context.timeoutMs, secrets: spec.secrets });
}
