// The SRT listener endpoint behind the InputEdge shape: its TS goes through the TS demux stage.

import type { AllowList } from "../allow-list.ts";
import type { EdgeStats, InputEdge, InputEdgeEvent } from "../input-edge.ts";
import { SrtListenerEndpoint, type SrtListenerEndpointOptions } from "../srt-listener/srt-listener-endpoint.ts";
import { TsUnits } from "../ts-units.ts";
import { pushEdge } from "./push-edge.ts";

export interface SrtListenerEdgeOptions extends Pick<SrtListenerEndpointOptions, "address" | "port" | "minimumLatencyMs" | "streamId" | "passphrase" | "algorithm"> {
  readonly allowList: AllowList;
  readonly onEvent: (event: InputEdgeEvent, nowMs: number) => void;
}

export function srtListenerEdge(options: SrtListenerEdgeOptions): InputEdge {
  const units = new TsUnits();
  const { onEvent, ...endpointOptions } = options;
  const endpoint = new SrtListenerEndpoint({
    ...endpointOptions,
    onTs: (bytes, nowMs) => {
      for (const event of units.push(bytes, nowMs)) onEvent(event, nowMs);
    },
  });
  return pushEdge(endpoint, options.allowList, (stats): EdgeStats => ({
    bytesIn: Math.max(stats.tsBytesOut, stats.datagramsIn),
    mediaBytes: units.mediaBytes,
    packetsIn: stats.datagramsIn - stats.disallowedDatagrams,
    refused: stats.disallowedDatagrams,
    continuityErrors: units.continuityErrors,
    datagrams: stats.datagramsIn,
  }));
}
