// CMAF ingest as an output kind (output-kind.ts): each track of each output a fragmented-MP4
// tee slave (cmaf-plan.ts), sent beside the encoder by HTTP POST per DASH-IF Live Media Ingest
// interface 1 (cmaf-beside.ts). Destinations are http(s) URLs, checked by the channel validator.

import type { OutputKind } from "../output-kind.ts";
import { startCmafIngestBeside } from "./cmaf-beside.ts";
import { planCmafIngestGroup } from "./cmaf-plan.ts";

export const CMAF_INGEST_OUTPUT: OutputKind = {
  kind: "cmafIngestGroupSettings",
  check: () => [],
  plan: planCmafIngestGroup,
  startBeside: startCmafIngestBeside,
};
