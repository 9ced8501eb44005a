// HLS as an output kind (output-kind.ts): destinations inside the output roots, one
// `-f hls` output per variant (hls-plan.ts) and, beside the encoder, what turns its files
// into a published channel (hls-beside.ts).

import type { OutputKind } from "../output-kind.ts";
import { startHlsBeside } from "./hls-beside.ts";
import { planHlsGroup } from "./hls-plan.ts";

export const HLS_OUTPUT: OutputKind = {
  kind: "hlsGroupSettings",
  // Every file:// destination of the channel: today HLS groups are the only ones that use destinations.
  check: (config, context) => context.roots.check(config),
  plan: planHlsGroup,
  startBeside: startHlsBeside,
};
