// The one place an input's type picks its edge: RTP, RTMP and SRT listener push endpoints,
// and the pull sources (HLS, RTMP pull, SRT caller, MP4/TS files). The pipeline's source
// reader and the source check both open their edges here, from an input record.

import type { InputRecord } from "../domain/records.ts";
import { AlertCatalogue } from "../shared/alerts.ts";
import type { AllowList } from "./allow-list.ts";
import { pullEdge } from "./edges/pull-edge.ts";
import { rtmpPushEdge } from "./edges/rtmp-push-edge.ts";
import { rtpPushEdge } from "./edges/rtp-push-edge.ts";
import { srtListenerEdge } from "./edges/srt-listener-edge.ts";
import { unavailableEdge } from "./edges/unavailable-edge.ts";
import type { InputEdge, InputEdgeEvent } from "./input-edge.ts";
import type { HlsInputSettings, SourceEndBehavior } from "./pull/pull-source.ts";
import type { RtmpPushLogger } from "./rtmp-push/rtmp-push-endpoint.ts";

export interface OpenInputEdgeOptions {
  readonly input: InputRecord;
  /** Which endpoint or source: pipeline 0 → the first, pipeline 1 → the second (SINGLE_PIPELINE: the only one). */
  readonly pipelineIndex: number;
  /** Push edges admit senders with it; updateAllowList changes its rules. */
  readonly allowList: AllowList;
  /** Looks up passwordParam / passphraseSecretArn; undefined = unknown name. */
  readonly resolveSecret: (name: string) => string | undefined;
  readonly onEvent: (event: InputEdgeEvent, nowMs: number) => void;
  /** Pull inputs: the source URL to read instead of the input's (dynamic inputs, $urlPath$ substituted). */
  readonly url?: string;
  /** File inputs: play only this part (in ms from the file's start). */
  readonly clipping?: { readonly startMs?: number; readonly stopMs?: number };
  readonly hlsInputSettings?: HlsInputSettings;
  /** Files and VOD playlists: CONTINUE ends (state ENDED), LOOP starts over. Default CONTINUE. */
  readonly sourceEndBehavior?: SourceEndBehavior;
  /** Folders file:// sources must lie in, checked at start; unset: not checked here. */
  readonly inputRoots?: readonly string[];
  /** Push edges log the peers they refuse or close (RTMP). */
  readonly logger?: RtmpPushLogger;
}

export function openInputEdge(options: OpenInputEdgeOptions): InputEdge {
  const { input, pipelineIndex, allowList, onEvent } = options;
  const endpoint = input.endpoints.find((e) => e.pipeline === pipelineIndex) ?? input.endpoints[0];
  switch (input.type) {
    case "RTP_PUSH":
      return rtpPushEdge({ address: endpoint!.address, port: endpoint!.port, allowList, onEvent });
    case "RTMP_PUSH": {
      const index = input.endpoints.indexOf(endpoint!);
      const streamName = input.streamNames[index] ?? input.streamNames[0] ?? "";
      return rtmpPushEdge({ address: endpoint!.address, port: endpoint!.port, streamName, allowList, onEvent, ...(options.logger ? { logger: options.logger } : {}) });
    }
    case "SRT_LISTENER": {
      const listener = input.srtListener;
      const passphrase = listener ? options.resolveSecret(listener.decryption.passphraseSecretArn) : undefined;
      if (!listener || passphrase === undefined) {
        const message = `the SRT passphrase secret of input ${input.id} cannot be resolved`;
        return unavailableEdge((atMs) => ({ alertType: AlertCatalogue.INPUT_ACCESS_FAILED.alertType, message, state: "SET", atMs }), onEvent);
      }
      return srtListenerEdge({
        address: endpoint!.address,
        port: endpoint!.port,
        allowList,
        minimumLatencyMs: listener.minimumLatency,
        ...(listener.streamId ? { streamId: listener.streamId } : {}),
        passphrase,
        algorithm: listener.decryption.algorithm,
        onEvent,
      });
    }
    case "URL_PULL":
    case "RTMP_PULL":
    case "SRT_CALLER":
    case "MP4_FILE":
    case "TS_FILE": {
      const sourceCount = input.type === "SRT_CALLER" ? input.srtCallerSources.length : input.sources.length;
      const sourceIndex = Math.min(pipelineIndex, Math.max(0, sourceCount - 1));
      const sourceUrl = options.url ?? (input.type === "SRT_CALLER" ? undefined : input.sources[sourceIndex]?.url);
      return pullEdge({
        input,
        sourceIndex,
        resolveSecret: options.resolveSecret,
        ...(options.hlsInputSettings ? { hlsInputSettings: options.hlsInputSettings } : {}),
        ...(options.sourceEndBehavior ? { sourceEndBehavior: options.sourceEndBehavior } : {}),
        ...(options.url !== undefined ? { url: options.url } : {}),
        ...(options.clipping !== undefined ? { clipping: options.clipping } : {}),
        ...(sourceUrl !== undefined ? { sourceUrl } : {}),
        ...(options.inputRoots !== undefined ? { inputRoots: options.inputRoots } : {}),
        onEvent,
      });
    }
  }
}
