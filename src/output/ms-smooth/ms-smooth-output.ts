// Microsoft Smooth as an output kind (output-kind.ts): each output an `ismv` live feed
// (smooth-plan.ts) POSTed beside the encoder to the publishing point (smooth-beside.ts).

import type { OutputKind } from "../output-kind.ts";
import { startMsSmoothBeside } from "./smooth-beside.ts";
import { planMsSmoothGroup } from "./smooth-plan.ts";

export const MS_SMOOTH_OUTPUT: OutputKind = {
  kind: "msSmoothGroupSettings",
  check: () => [],
  plan: planMsSmoothGroup,
  startBeside: startMsSmoothBeside,
};
