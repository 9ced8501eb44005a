// Check upstream (#/check, #/check/<inputId>): the upstream readiness check of
// docs/upstream.md from the console. The user picks an input (or types URLs) and options,
// "Run check" calls POST /openlive/check (SigV4-signed like every call), a countdown runs
// while openlive listens or pulls, and the checklist comes back line by line with verdicts,
// fixes, the rule each applied, and the JSON. Leaving the view (or Cancel) hangs up, which
// ends the check on the service.

import { CheckForm, DEFAULT_TIMEOUT_MS } from "../check-form.ts";
import { CheckProgress } from "../check-progress.ts";
import { renderReport } from "../check-report.ts";
import { errorLine, h } from "../dom.ts";
import type { View, ViewContext } from "../view.ts";
import type { Channel, CheckRequest } from "../wire.ts";

/** Beyond the observation (and a pull's timeout), the time the service may take to open and report. */
const ANSWER_MARGIN_MS = 30_000;

/** Whether openlive listens (push) for this request, as the service decides it (plan-check.ts). */
function isPush(request: CheckRequest): boolean {
  if (request.inputType) return ["RTP_PUSH", "RTMP_PUSH", "SRT_LISTENER"].includes(request.inputType);
  return /^(rtp|udp|rtmp|srt):\/\//i.test(request.urls[0] ?? "");
}

export function checkView(context: ViewContext, inputId?: string): View {
  const form = new CheckForm(inputId);
  const progress = new CheckProgress();
  const results = h("div", { class: "check-results", "data-field": "results" });
  const element = h(
    "section",
    { class: "view check-view" },
    h("h2", {}, "Check upstream"),
    h(
      "p",
      { class: "muted intro" },
      "Checks an upstream encoder or pull source against the checklist of docs/upstream.md before a channel uses it: protocol, codecs, frame rate, GOP, bitrate, audio, captions, the two sources compared, the addresses pushes come from. The same check as ",
      h("code", {}, "openlive check"),
      ".",
    ),
    form.element,
    progress.element,
    results,
  );
  let running: AbortController | undefined;

  const run = async (): Promise<void> => {
    let request: CheckRequest;
    try {
      request = form.read();
    } catch (error) {
      results.replaceChildren(errorLine(error));
      return;
    }
    const controller = new AbortController();
    running = controller;
    form.setRunning(true);
    results.replaceChildren();
    const seconds = request.seconds ?? 10;
    const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const push = isPush(request);
    progress.start(request.urls, seconds, push, timeoutMs);
    const started = performance.now();
    try {
      const report = await context.api.runCheck(request, { signal: controller.signal, timeoutMs: seconds * 1000 + (push ? 0 : timeoutMs) + ANSWER_MARGIN_MS });
      const elapsedMs = performance.now() - started;
      progress.stop(`Checked at ${new Date().toLocaleTimeString([], { hour12: false })}.`);
      results.replaceChildren(renderReport(report, elapsedMs));
    } catch (error) {
      if (controller.signal.aborted && running !== controller) return; // the view went away
      progress.stop(controller.signal.aborted ? "Cancelled." : undefined);
      if (!controller.signal.aborted) results.replaceChildren(errorLine(error));
    } finally {
      if (running === controller) {
        running = undefined;
        form.setRunning(false);
      }
    }
  };

  form.element.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!running) void run();
  });
  form.cancel.addEventListener("click", () => running?.abort());

  return {
    element,
    async refresh() {
      const [inputs, channels] = await Promise.all([context.api.listInputs(), context.api.listChannels().catch(() => [] as Channel[])]);
      inputs.sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "") || a.id.localeCompare(b.id));
      form.setInputs(inputs, new Map(channels.map((channel) => [channel.id, channel])));
    },
    dispose() {
      const controller = running;
      running = undefined;
      controller?.abort();
      progress.stop();
    },
  };
}
