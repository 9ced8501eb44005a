// The RTMP push endpoint behind the InputEdge shape. RTMP carries no TS: the endpoint's FLV
// conversion (media/flv) already gives access units, handed on as edge units; its cue points
// (onCuePoint) arrive as SCTE-35 sections on the units' clock.

import type { AllowList } from "../allow-list.ts";
import type { AccessUnit } from "../../media/types.ts";
import type { EdgeStats, InputEdge, InputEdgeEvent } from "../input-edge.ts";
import { RtmpPushEndpoint, type RtmpPushLogger } from "../rtmp-push/rtmp-push-endpoint.ts";
import { pushEdge } from "./push-edge.ts";

export interface RtmpPushEdgeOptions {
  readonly address: string;
  readonly port: number;
  /** The destination's streamName, "app/instance". */
  readonly streamName: string;
  readonly allowList: AllowList;
  readonly onEvent: (event: InputEdgeEvent, nowMs: number) => void;
  readonly logger?: RtmpPushLogger;
}

/** The events of one access unit converted from FLV: its bytes, then the unit. */
export function accessUnitEvents(unit: AccessUnit): InputEdgeEvent[] {
  return [
    { type: "media", bytes: unit.data.length },
    { type: "unit", unit: { ...unit, randomAccess: unit.keyframe } },
  ];
}

export function rtmpPushEdge(options: RtmpPushEdgeOptions): InputEdge {
  let mediaBytes = 0;
  const endpoint = new RtmpPushEndpoint({
    address: options.address,
    port: options.port,
    streamName: options.streamName,
    allowList: options.allowList,
    acceptingPublishers: true,
    onAccessUnit: (unit, nowMs) => {
      mediaBytes += unit.data.length;
      for (const event of accessUnitEvents(unit)) options.onEvent(event, nowMs);
    },
    onScte35: (section, nowMs) => options.onEvent({ type: "scte35", pid: null, section }, nowMs),
    onUnsupportedCodec: (kind, codecName) => options.onEvent({ type: "unsupported-codec", kind, codecName }, Date.now()),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return pushEdge(endpoint, options.allowList, (stats): EdgeStats => ({
    bytesIn: stats.bytesIn,
    mediaBytes,
    packetsIn: stats.accessUnits,
    refused: stats.disallowedConnections,
    continuityErrors: 0,
    rejectedPublishes: stats.rejectedPublishes,
  }));
}
