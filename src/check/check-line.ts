// Building one checklist line. Pure.

import type { CheckLine, Verdict } from "./check-types.ts";
import { Rules, type RuleName } from "./rules.ts";

export interface LineSpec {
  readonly id: string;
  readonly title: string;
  readonly rule: RuleName;
  /** 1-based source number, for lines about one source. */
  readonly source?: number;
}

export function line(spec: LineSpec, verdict: Verdict, detail: string, fix?: string): CheckLine {
  return {
    id: spec.id,
    ...(spec.source !== undefined ? { source: spec.source } : {}),
    title: spec.title,
    verdict,
    detail,
    ...(fix !== undefined && verdict !== "pass" && verdict !== "info" ? { fix } : {}),
    rule: Rules[spec.rule],
  };
}

/** "1.3 s" above a tenth of a second, "0.04 s" below. */
export function formatSeconds(ms: number): string {
  const seconds = Math.abs(ms) / 1000;
  return `${seconds >= 0.1 ? seconds.toFixed(1) : seconds.toFixed(2)} s`;
}
