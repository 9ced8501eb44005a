// A pull source under check, pulled the way a running channel pulls it: first the
// verification CreateChannel runs on HLS playlists and files (a precise reason when the
// source is not ready: "connection refused", "HTTP 404"), then the service's pull source
// (openInputEdge: HLS client, ffmpeg for RTMP and files, srt-live-transmit for SRT)
// until media flows — within --timeout-ms — and for the seconds asked after that.

import type { InputRecord, SupportedInputType } from "../domain/records.ts";
import type { CheckContext } from "../ingest/pull-check/check-context.ts";
import { checkFileSource } from "../ingest/pull-check/check-file-source.ts";
import { checkHlsSource } from "../ingest/pull-check/check-hls-source.ts";
import type { SourceCheckResult } from "../ingest/pull-check/check-result.ts";
import { AllowList } from "../ingest/allow-list.ts";
import { openInputEdge } from "../ingest/open-input-edge.ts";
import type { SourceObservation } from "./check-types.ts";
import type { ObserveHooks } from "./observe-push.ts";
import type { CheckPlan, CheckTarget } from "./plan-check.ts";
import { SourceObserver } from "./source-observer.ts";
import { sleep, waitFor } from "./wait.ts";

/** Names under which the check hands its credentials to the service's pull code (its secret lookups). */
const PASSWORD_SECRET = "openlive-check/password";
const PASSPHRASE_SECRET = "openlive-check/passphrase";

type PullTarget = Extract<CheckTarget, { kind: "pull" }>;

export async function observePull(target: PullTarget, plan: CheckPlan, hooks: ObserveHooks = {}): Promise<SourceObservation> {
  const inputType = plan.options.inputType;
  const observer = new SourceObserver(inputType);
  const input = inputRecord(target, plan);
  const resolveSecret = (name: string): string | undefined => (name === PASSWORD_SECRET ? plan.password : name === PASSPHRASE_SECRET ? plan.passphrase : undefined);
  const observation = (failure: string | undefined, bytesIn: number, mediaBytes: number, nowMs = Date.now()): SourceObservation =>
    observer.observation({ url: target.shown, direction: "pull", bytesIn, mediaBytes, ...(failure !== undefined ? { failure } : {}) }, nowMs);

  hooks.onProgress?.(`pulling ${target.shown} (${inputType}) for ${plan.options.seconds} s, ${plan.timeoutMs} ms to answer`);
  const verdict = await verifyFirst(input, plan.timeoutMs, resolveSecret, hooks.inputRoots);
  if (!verdict.ready) return observation(verdict.reason, 0, 0);

  /** Alerts SET right now, by type (a CLEARED one leaves). */
  const activeAlerts = new Map<string, string>();
  const edge = openInputEdge({
    input,
    pipelineIndex: 0,
    allowList: new AllowList([]),
    resolveSecret,
    sourceEndBehavior: "CONTINUE",
    onEvent: (event, nowMs) => {
      observer.observe(event, nowMs);
      if (event.type !== "alert") return;
      const alert = event.alert;
      if (alert.state === "SET") {
        observer.noteAlert(`${alert.alertType}: ${alert.message}`);
        if (!activeAlerts.has(alert.alertType)) activeAlerts.set(alert.alertType, alert.message);
      } else activeAlerts.delete(alert.alertType);
    },
  });
  await edge.start();
  try {
    const flowing = await waitFor(() => edge.stats().mediaBytes > 0, plan.timeoutMs, hooks.signal);
    if (!flowing) {
      const alerts = [...activeAlerts.values()];
      const stats = edge.stats();
      return observation(`no media within ${plan.timeoutMs} ms${alerts.length ? ` (${alerts.join("; ")})` : ""}`, stats.bytesIn, stats.mediaBytes);
    }
    await sleep(plan.options.seconds * 1000, hooks.signal);
    const stats = edge.stats();
    return observation(undefined, stats.bytesIn, stats.mediaBytes);
  } finally {
    await edge.close();
  }
}

/** CreateChannel's check for HLS and files; RTMP and SRT upstreams are verified by pulling (some serve one client only). */
async function verifyFirst(input: InputRecord, timeoutMs: number, resolveSecret: (name: string) => string | undefined, inputRoots: readonly string[] | undefined): Promise<SourceCheckResult> {
  const source = input.sources[0];
  if (!source) return { ready: true };
  const context: CheckContext = { signal: AbortSignal.timeout(timeoutMs), timeoutMs, resolveSecret, ...(inputRoots !== undefined ? { inputRoots } : {}) };
  try {
    switch (input.type) {
      case "URL_PULL":
        return await checkHlsSource(source, context);
      case "MP4_FILE":
        return await checkFileSource(source, "mp4", context);
      case "TS_FILE":
        return await checkFileSource(source, "ts", context);
      default:
        return { ready: true };
    }
  } catch (error) {
    return { ready: false, reason: `check failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The input record a channel would have for this one source (what the pull code reads). */
function inputRecord(target: PullTarget, plan: CheckPlan): InputRecord {
  const type: SupportedInputType = plan.options.inputType;
  const credentials = {
    ...(plan.username !== undefined ? { username: plan.username } : {}),
    ...(plan.password !== undefined ? { passwordParam: PASSWORD_SECRET } : {}),
  };
  return {
    id: "openlive-check",
    name: "openlive check",
    type,
    inputClass: "SINGLE_PIPELINE",
    streamNames: [],
    endpoints: [],
    sources: target.srt ? [] : [{ url: target.url, ...credentials }],
    securityGroupIds: [],
    srtCallerSources: target.srt
      ? [
          {
            srtListenerAddress: target.srt.address,
            srtListenerPort: target.srt.port,
            ...(target.srt.streamId !== undefined ? { streamId: target.srt.streamId } : {}),
            ...(plan.passphrase !== undefined ? { decryption: { algorithm: "AES128" as const, passphraseSecretArn: PASSPHRASE_SECRET } } : {}),
          },
        ]
      : [],
    tags: {},
    attachedChannelIds: [],
  };
}
