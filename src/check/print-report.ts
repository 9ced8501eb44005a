// A check report for people (one line per check, then a summary) and for machines (JSON).

import type { CheckLine, CheckReport } from "./check-types.ts";

const LABEL: Readonly<Record<CheckLine["verdict"], string>> = { pass: "PASS", fail: "FAIL", warn: "WARN", info: "INFO" };

export function formatReportText(report: CheckReport): string {
  const twoSources = report.sources.length > 1;
  const out: string[] = [];
  out.push(`openlive check: ${report.inputType}, ${report.seconds} s`);
  report.sources.forEach((source, index) => out.push(`  source ${index + 1}: ${source.url} (${source.direction})`));
  out.push("");
  const titleWidth = Math.max(...report.lines.map((entry) => titleOf(entry, twoSources).length));
  for (const entry of report.lines) {
    let text = `${LABEL[entry.verdict]}  ${titleOf(entry, twoSources).padEnd(titleWidth)}  ${entry.detail}`;
    if (entry.verdict === "fail" || entry.verdict === "warn") text += `${entry.fix ? ` — fix: ${entry.fix}` : ""} (${entry.rule})`;
    out.push(text);
  }
  const { pass, fail, warn, info, ready } = report.summary;
  out.push("");
  out.push(`${report.lines.length} checks: ${pass} pass, ${fail} fail, ${warn} warn, ${info} info — ${ready ? "ready: create the input and the channel" : "not ready: fix the FAIL lines and run the check again"}`);
  return out.join("\n") + "\n";
}

function titleOf(entry: CheckLine, twoSources: boolean): string {
  return twoSources && entry.source !== undefined ? `${entry.title} [${entry.source}]` : entry.title;
}

export function formatReportJson(report: CheckReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}
