// The report of an upstream check as the console shows it: the summary (ready or not, the
// counts), the inputSpecification that fits, one row per checklist line (verdict, what was
// found, what to change, the rule of docs/upstream.md it applied, openable in place), and
// the whole report as JSON.

import { h, jsonDetails } from "./dom.ts";
import { ruleDetails } from "./upstream-rules.ts";
import type { CheckLine, CheckReport } from "./wire.ts";

function verdictBadge(line: CheckLine): HTMLElement {
  return h("span", { class: `badge verdict verdict-${line.verdict}`, "data-verdict": line.verdict }, line.verdict.toUpperCase());
}

function summaryOf(report: CheckReport): HTMLElement {
  const { summary } = report;
  const total = summary.pass + summary.fail + summary.warn + summary.info;
  const counts = `${total} checks: ${summary.pass} pass, ${summary.fail} fail, ${summary.warn} warn, ${summary.info} info`;
  const verdict = summary.ready ? "ready: no line fails" : "not ready: fix the FAIL lines and run the check again";
  return h(
    "p",
    { class: `check-summary ${summary.ready ? "ready" : "not-ready"}`, "data-field": "summary", "data-ready": String(summary.ready) },
    h("strong", {}, summary.ready ? "Ready" : "Not ready"),
    ` — ${counts} — ${verdict}`,
  );
}

export function renderReport(report: CheckReport, elapsedMs: number): HTMLElement {
  const sources = report.sources.map((source, n) =>
    h("li", {}, h("span", { class: "muted" }, `source ${n + 1} (${source.direction}) `), h("code", {}, source.url), source.failure ? h("span", { class: "error" }, ` ${source.failure}`) : undefined),
  );
  const fitting = report.fittingInputSpecification;
  const body = h("tbody");
  report.lines.forEach((line, n) => {
    body.append(
      h(
        "tr",
        { class: `check-line verdict-row-${line.verdict}`, "data-line-id": line.id, "data-verdict": line.verdict, "data-source": line.source ?? "" },
        h("td", { "data-field": "verdict" }, verdictBadge(line)),
        h("td", { "data-field": "title" }, line.title, line.source !== undefined ? h("span", { class: "muted" }, ` [${line.source}]`) : undefined),
        h("td", { "data-field": "detail" }, line.detail),
        h("td", { "data-field": "fix" }, line.fix ?? ""),
        h("td", { "data-field": "rule" }, ruleDetails(line.rule, `rule-${n}-${line.id}`)),
      ),
    );
  });
  return h(
    "div",
    { class: "check-report", "data-field": "report" },
    summaryOf(report),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Input type"),
      h("dd", {}, report.inputType),
      h("dt", {}, "Observed"),
      h("dd", {}, `${report.seconds} s per source (the check took ${(elapsedMs / 1000).toFixed(1)} s)`),
      h("dt", {}, "Sources"),
      h("dd", {}, h("ul", { class: "endpoints" }, ...sources)),
      fitting ? h("dt", {}, "inputSpecification that fits") : undefined,
      fitting ? h("dd", { "data-field": "fitting-spec" }, h("code", {}, `${fitting.codec},${fitting.resolution},${fitting.maximumBitrate}`)) : undefined,
    ),
    h(
      "div",
      { class: "table-wrap" },
      h("table", { class: "resources checklist" }, h("thead", {}, h("tr", {}, ...["Verdict", "Check", "Found", "What to change", "Rule"].map((title) => h("th", {}, title)))), body),
    ),
    jsonDetails(report, "check-report", "JSON report"),
  );
}
