// UDP/RTP as an output kind (output-kind.ts): one MPEG-TS per output sent by the encoder
// itself to its udp:// or rtp:// destination (udp-plan.ts). Nothing runs beside the encoder
// and nothing is written to disk, so there is nothing of this host to check either.

import type { OutputBeside, OutputKind } from "../output-kind.ts";
import { NO_OUTPUT_COUNTERS } from "../output-kind.ts";
import { planUdpGroup } from "./udp-plan.ts";

const NOTHING_BESIDE: OutputBeside = {
  destinations: new Map(),
  planned: async () => {},
  encoderStarting: () => {},
  counters: () => NO_OUTPUT_COUNTERS,
  close: async () => {},
};

export const UDP_OUTPUT: OutputKind = {
  kind: "udpGroupSettings",
  check: () => [],
  plan: planUdpGroup,
  startBeside: async () => NOTHING_BESIDE,
};
