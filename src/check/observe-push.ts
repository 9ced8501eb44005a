// A push source under check: the service's own endpoint (RTP, RTMP or SRT listener) on the
// address and port the user gave, open to every sender (the allow-list records who sends),
// for the seconds asked; everything that arrives goes through a SourceObserver.

import type { SupportedInputType } from "../domain/records.ts";
import { RtmpPushEndpoint } from "../ingest/rtmp-push/rtmp-push-endpoint.ts";
import { BARE_UDP_ALERT_TYPE, RtpPushEndpoint } from "../ingest/rtp-push/rtp-push-endpoint.ts";
import { SrtListenerEndpoint } from "../ingest/srt-listener/srt-listener-endpoint.ts";
import type { SourceObservation } from "./check-types.ts";
import type { CheckTarget } from "./plan-check.ts";
import { RecordingAllowList } from "./recording-allow-list.ts";
import { SourceObserver } from "./source-observer.ts";
import { sleep } from "./wait.ts";

/** MediaLive's SRT listener latency ranges from 120 ms; the check uses the minimum. */
const SRT_LATENCY_MS = 120;

export interface ObserveHooks {
  /** A progress line for the user ("listening on …"). */
  readonly onProgress?: (message: string) => void;
  /** Ends the observation early (the report covers what arrived until then). */
  readonly signal?: AbortSignal;
  /** Local files must lie in these folders (the service's inputRoots); unset: not confined (the operator's own CLI). */
  readonly inputRoots?: readonly string[];
}

type PushTarget = Exclude<CheckTarget, { kind: "pull" }>;

interface Edge {
  start(): Promise<void>;
  close(): Promise<void>;
  /** Bytes (SRT: datagrams) that reached the edge, from any sender. */
  bytesIn(): number;
  /** Notes for the direction line, read after the observation. */
  notes(): string[];
}

export async function observePush(target: PushTarget, inputType: SupportedInputType, seconds: number, hooks: ObserveHooks = {}): Promise<SourceObservation> {
  const observer = new SourceObserver(inputType);
  const allowList = new RecordingAllowList();
  const edge = openEdge(target, observer, allowList);
  try {
    await edge.start();
  } catch (error) {
    await edge.close().catch(() => undefined);
    return observer.observation({ url: target.shown, direction: "push", failure: listenFailure(error), bytesIn: 0 }, Date.now());
  }
  hooks.onProgress?.(`listening on ${target.shown} (${inputType}) for ${seconds} s`);
  await sleep(seconds * 1000, hooks.signal);
  const nowMs = Date.now();
  await edge.close();
  for (const note of edge.notes()) observer.noteAlert(note);
  return observer.observation({ url: target.shown, direction: "push", bytesIn: edge.bytesIn(), addresses: allowList.seen }, nowMs);
}

function openEdge(target: PushTarget, observer: SourceObserver, allowList: RecordingAllowList): Edge {
  const onTs = (bytes: Uint8Array, nowMs: number): void => observer.pushTs(bytes, nowMs);
  switch (target.kind) {
    case "rtp": {
      const endpoint = new RtpPushEndpoint({
        address: target.address,
        port: target.port,
        allowList,
        onTs,
        onAlert: (alert) => {
          if (alert.alertType === BARE_UDP_ALERT_TYPE && alert.state === "SET") observer.noteBareUdp();
        },
      });
      return { start: () => endpoint.start(), close: () => endpoint.close(), bytesIn: () => endpoint.stats.bytesIn, notes: () => [] };
    }
    case "rtmp-push": {
      const endpoint = new RtmpPushEndpoint({
        address: target.address,
        port: target.port,
        streamName: target.streamName,
        allowList,
        acceptingPublishers: true,
        onAccessUnit: (unit, nowMs) => observer.pushAccessUnit(unit, nowMs),
        onUnsupportedCodec: (kind, name) => observer.noteUnsupportedCodec(kind, name),
      });
      return {
        start: () => endpoint.start(),
        close: () => endpoint.close(),
        bytesIn: () => endpoint.stats.bytesIn,
        notes: () => {
          const rejected = endpoint.stats.rejectedPublishes;
          return rejected ? [`${rejected} publish attempt${rejected > 1 ? "s" : ""} named another stream than ${target.streamName}, or came while another encoder published`] : [];
        },
      };
    }
    case "srt-listener": {
      const endpoint = new SrtListenerEndpoint({
        address: target.address,
        port: target.port,
        allowList,
        minimumLatencyMs: SRT_LATENCY_MS,
        passphrase: target.passphrase,
        algorithm: "AES128",
        onTs,
      });
      return {
        start: () => endpoint.start(),
        close: () => endpoint.close(),
        bytesIn: () => Math.max(endpoint.stats.tsBytesOut, endpoint.stats.datagramsIn),
        notes: () => {
          const { datagramsIn, tsBytesOut } = endpoint.stats;
          return datagramsIn > 0 && tsBytesOut === 0 ? ["SRT datagrams arrived but no media came out: a wrong passphrase, or the caller is not sending MPEG-TS"] : [];
        },
      };
    }
  }
}

function listenFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") return "the port is in use (another program, or openlive itself, listens there)";
  if (code === "EACCES") return "permission denied (ports below 1024 need privileges)";
  if (code === "EADDRNOTAVAIL") return "the address is not one of this host's";
  return error instanceof Error ? error.message : String(error);
}
