// Runs a planned check: every source at once (push listeners and pulls), each observed for
// the seconds asked, then the checklist evaluated on what was seen. Needs no running
// service and opens nothing but the addresses and URLs given.

import type { CheckReport } from "./check-types.ts";
import { buildReport } from "./evaluate-checklist.ts";
import { observePull } from "./observe-pull.ts";
import { observePush, type ObserveHooks } from "./observe-push.ts";
import type { CheckPlan } from "./plan-check.ts";

export async function runCheck(plan: CheckPlan, hooks: ObserveHooks = {}): Promise<CheckReport> {
  const observations = await Promise.all(
    plan.targets.map((target) => (target.kind === "pull" ? observePull(target, plan, hooks) : observePush(target, plan.options.inputType, plan.options.seconds, hooks))),
  );
  return buildReport(observations, plan.options);
}
