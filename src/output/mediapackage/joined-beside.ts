// Several kinds' besides as one (a MediaPackage group is published by the HLS kind or sent
// by the CMAF ingest kind): their destinations and slave targets together, every call
// passed to each, their counters summed.

import type { EncoderPlan } from "../encoder/plan-types.ts";
import type { OutputBeside, OutputCounters } from "../output-kind.ts";

export function joinBesides(besides: readonly OutputBeside[]): OutputBeside {
  let closing: Promise<void> | undefined;
  return {
    destinations: new Map(besides.flatMap((beside) => [...beside.destinations])),
    slaveTargets: new Map(besides.flatMap((beside) => [...(beside.slaveTargets ?? [])])),
    planned: async (plan: EncoderPlan) => {
      for (const beside of besides) await beside.planned(plan);
    },
    encoderStarting: (plan: EncoderPlan, first: boolean) => {
      for (const beside of besides) beside.encoderStarting(plan, first);
    },
    counters: (plan: EncoderPlan | undefined): OutputCounters => {
      const counters = besides.map((beside) => beside.counters(plan));
      return { segmentsPublished: counters.reduce((sum, each) => sum + each.segmentsPublished, 0), uploadFailures: counters.reduce((sum, each) => sum + each.uploadFailures, 0) };
    },
    close: () =>
      (closing ??= (async () => {
        for (const beside of besides) await beside.close();
      })()),
  };
}
