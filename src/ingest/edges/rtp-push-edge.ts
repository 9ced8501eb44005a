// The RTP push endpoint behind the InputEdge shape: its TS goes through the TS demux stage.

import type { AllowList } from "../allow-list.ts";
import type { EdgeStats, InputEdge, InputEdgeEvent } from "../input-edge.ts";
import { RtpPushEndpoint } from "../rtp-push/rtp-push-endpoint.ts";
import { TsUnits } from "../ts-units.ts";
import { pushEdge } from "./push-edge.ts";

export interface RtpPushEdgeOptions {
  readonly address: string;
  readonly port: number;
  readonly allowList: AllowList;
  readonly onEvent: (event: InputEdgeEvent, nowMs: number) => void;
}

export function rtpPushEdge(options: RtpPushEdgeOptions): InputEdge {
  const units = new TsUnits();
  const endpoint = new RtpPushEndpoint({
    address: options.address,
    port: options.port,
    allowList: options.allowList,
    onTs: (bytes, nowMs) => {
      for (const event of units.push(bytes, nowMs)) options.onEvent(event, nowMs);
    },
    onAlert: (alert) => options.onEvent({ type: "alert", alert }, alert.atMs),
  });
  return pushEdge(endpoint, options.allowList, (stats): EdgeStats => {
    const { received, lost, reordered, duplicates } = stats.rtp;
    return {
      bytesIn: stats.bytesIn,
      mediaBytes: units.mediaBytes,
      packetsIn: stats.datagrams - stats.disallowedDatagrams,
      refused: stats.disallowedDatagrams,
      continuityErrors: units.continuityErrors,
      datagrams: stats.datagrams,
      rtp: { received, lost, reordered, duplicates },
    };
  });
}
