// A push source under check: the service's own endpoint (RTP, RTMP or SRT listener) on the
// address and port the user gave, open to every sender (the allow-list records who sends),
// for the seconds asked; everything that arrives goes through a SourceObserver.

import type { InputRecord, SupportedInputType } from "../domain/records.ts";
import type { EdgeStats, InputEdgeEvent } from "../ingest/input-edge.ts";
import { openInputEdge } from "../ingest/open-input-edge.ts";
import { AlertCatalogue } from "../shared/alerts.ts";
import type { SourceObservation } from "./check-types.ts";
import type { CheckTarget } from "./plan-check.ts";
import { RecordingAllowList } from "./recording-allow-list.ts";
import { SourceObserver } from "./source-observer.ts";
import { sleep } from "./wait.ts";

/** MediaLive's SRT listener latency ranges from 120 ms; the check uses the minimum. */
const SRT_LATENCY_MS = 120;
/** The name under which the check hands the SRT passphrase to the service's edge (its secret lookup). */
const PASSPHRASE_SECRET = "openlive-check/passphrase";

export interface ObserveHooks {
  /** A progress line for the user ("listening on …"). */
  readonly onProgress?: (message: string) => void;
  /** Ends the observation early (the report covers what arrived until then). */
  readonly signal?: AbortSignal;
  /** Local files must lie in these folders (the service's inputRoots); unset: not confined (the operator's own CLI). */
  readonly inputRoots?: readonly string[];
}

type PushTarget = Exclude<CheckTarget, { kind: "pull" }>;

export async function observePush(target: PushTarget, inputType: SupportedInputType, seconds: number, hooks: ObserveHooks = {}): Promise<SourceObservation> {
  const observer = new SourceObserver(inputType);
  const allowList = new RecordingAllowList();
  const onEvent = (event: InputEdgeEvent, nowMs: number): void => {
    observer.observe(event, nowMs);
    if (event.type === "alert" && event.alert.alertType === AlertCatalogue.RTP_EXPECTED.alertType && event.alert.state === "SET") observer.noteBareUdp();
    else if (event.type === "unsupported-codec") observer.noteUnsupportedCodec(event.kind, event.codecName);
  };
  const passphrase = target.kind === "srt-listener" ? target.passphrase : undefined;
  const edge = openInputEdge({ input: inputRecord(target, inputType), pipelineIndex: 0, allowList, resolveSecret: (name) => (name === PASSPHRASE_SECRET ? passphrase : undefined), onEvent });
  try {
    await edge.start();
  } catch (error) {
    await edge.close().catch(() => undefined);
    return observer.observation({ url: target.shown, direction: "push", failure: listenFailure(error), bytesIn: 0, mediaBytes: 0 }, Date.now());
  }
  hooks.onProgress?.(`listening on ${target.shown} (${inputType}) for ${seconds} s`);
  await sleep(seconds * 1000, hooks.signal);
  const nowMs = Date.now();
  await edge.close();
  const stats = edge.stats();
  for (const note of notes(target, stats)) observer.noteAlert(note);
  return observer.observation({ url: target.shown, direction: "push", bytesIn: stats.bytesIn, mediaBytes: stats.mediaBytes, addresses: allowList.seen }, nowMs);
}

/** Notes for the direction line, read after the observation. */
function notes(target: PushTarget, stats: EdgeStats): string[] {
  if (target.kind === "rtmp-push") {
    const rejected = stats.rejectedPublishes ?? 0;
    return rejected ? [`${rejected} publish attempt${rejected > 1 ? "s" : ""} named another stream than ${target.streamName}, or came while another encoder published`] : [];
  }
  if (target.kind === "srt-listener" && (stats.datagrams ?? 0) > 0 && stats.mediaBytes === 0) return ["SRT datagrams arrived but no media came out: a wrong passphrase, or the caller is not sending MPEG-TS"];
  return [];
}

/** The input record a channel would have for this endpoint (what the service's edge reads). */
function inputRecord(target: PushTarget, type: SupportedInputType): InputRecord {
  return {
    id: "openlive-check",
    name: "openlive check",
    type,
    inputClass: "SINGLE_PIPELINE",
    streamNames: target.kind === "rtmp-push" ? [target.streamName] : [],
    endpoints: [{ pipeline: 0, address: target.address, port: target.port }],
    sources: [],
    srtCallerSources: [],
    ...(target.kind === "srt-listener" ? { srtListener: { minimumLatency: SRT_LATENCY_MS, decryption: { algorithm: "AES128" as const, passphraseSecretArn: PASSPHRASE_SECRET } } } : {}),
    securityGroupIds: [],
    tags: {},
    attachedChannelIds: [],
  };
}

function listenFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") return "the port is in use (another program, or openlive itself, listens there)";
  if (code === "EACCES") return "permission denied (ports below 1024 need privileges)";
  if (code === "EADDRNOTAVAIL") return "the address is not one of this host's";
  return error instanceof Error ? error.message : String(error);
}
