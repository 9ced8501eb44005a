// What the three push endpoints (RTP, RTMP, SRT listener) share behind the InputEdge shape: their
// own start/close, the ISG allow-list they admit by, and their stats mapped onto EdgeStats.

import type { AllowList } from "../allow-list.ts";
import type { EdgeStats, InputEdge } from "../input-edge.ts";

export interface PushEndpoint<Stats> {
  start(): Promise<void>;
  close(): Promise<void>;
  readonly stats: Stats;
}

export function pushEdge<Stats>(endpoint: PushEndpoint<Stats>, allowList: AllowList, toEdgeStats: (stats: Stats) => EdgeStats): InputEdge {
  return {
    start: () => endpoint.start(),
    close: () => endpoint.close(),
    updateAllowList: (cidrs) => allowList.update(cidrs),
    stats: () => toEdgeStats(endpoint.stats),
  };
}
