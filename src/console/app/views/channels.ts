// Channels: every channel with its state, class, pipelines running, the input on air in each
// pipeline, the number of alerts set, and start/stop (confirmed first).

import { h, badge, errorLine, jsonDetails, Section } from "../dom.ts";
import type { View, ViewContext } from "../view.ts";
import type { Channel } from "../wire.ts";

interface Row {
  readonly channel: Channel;
  readonly alertsSet: number | undefined;
}

const RUNNING_STATES = ["STARTING", "RUNNING", "RECOVERING"];

export function channelLink(id: string, text: string): HTMLElement {
  return h("a", { href: `#/channels/${encodeURIComponent(id)}` }, text);
}

/** "0: main · 1: backup" from DescribeChannel's pipelineDetails. */
export function activeInputs(channel: Channel): string {
  return (channel.pipelineDetails ?? []).map((detail) => `${detail.pipelineId ?? "?"}: ${detail.activeInputAttachmentName ?? "—"}`).join(" · ") || "—";
}

/** Start or stop after confirm(); the view refreshes on success, an error is shown in `where`. */
export function startStopButton(context: ViewContext, channel: Channel, where: () => HTMLElement): HTMLElement | undefined {
  const state = channel.state ?? "";
  const name = channel.name ?? channel.id;
  const act = (verb: "Start" | "Stop"): void => {
    if (!window.confirm(`${verb} channel "${name}" (${channel.id})?`)) return;
    const call = verb === "Start" ? context.api.startChannel(channel.id) : context.api.stopChannel(channel.id);
    call.then(context.refreshSoon, (error: unknown) => where().replaceChildren(errorLine(error)));
  };
  if (state === "IDLE") return h("button", { type: "button", class: "start", "data-action": "start", onclick: () => act("Start") }, "Start");
  if (RUNNING_STATES.includes(state)) return h("button", { type: "button", class: "stop danger", "data-action": "stop", onclick: () => act("Stop") }, "Stop");
  return undefined;
}

export function channelsView(context: ViewContext): View {
  const message = h("div", { class: "messages" });
  const table = new Section(h("div", { class: "table-wrap" }));
  const element = h("section", { class: "view channels-view" }, h("h2", {}, "Channels"), message, table.element);

  const render = (rows: readonly Row[]): HTMLElement => {
    if (rows.length === 0) return h("p", { class: "empty" }, "No channels yet. ", h("code", {}, "./openlive demo"), " creates one.");
    const body = h("tbody");
    for (const { channel, alertsSet } of rows) {
      body.append(
        h(
          "tr",
          { "data-channel-id": channel.id },
          h("td", { "data-field": "name" }, channelLink(channel.id, channel.name ?? channel.id)),
          h("td", { "data-field": "id" }, h("code", {}, channel.id)),
          h("td", { "data-field": "state" }, badge(channel.state)),
          h("td", { "data-field": "class" }, channel.channelClass ?? ""),
          h("td", { "data-field": "pipelines-running", class: "num" }, String(channel.pipelinesRunningCount ?? 0)),
          h("td", { "data-field": "active-input" }, activeInputs(channel)),
          h("td", { "data-field": "alerts", class: "num" }, alertsSet === undefined ? "?" : h("span", { class: alertsSet > 0 ? "alert-count set" : "alert-count" }, String(alertsSet))),
          h("td", { class: "actions" }, startStopButton(context, channel, () => message)),
        ),
        h("tr", { class: "json-row" }, h("td", { colspan: 8 }, jsonDetails(channel, `channel-${channel.id}`))),
      );
    }
    return h(
      "table",
      { class: "resources" },
      h("thead", {}, h("tr", {}, ...["Name", "Id", "State", "Class", "Pipelines running", "Active input", "Alerts set", ""].map((title) => h("th", {}, title)))),
      body,
    );
  };

  return {
    element,
    async refresh() {
      const summaries = await context.api.listChannels();
      const rows = await Promise.all(
        summaries.map(async (summary): Promise<Row> => {
          const [channel, alerts] = await Promise.all([
            context.api.describeChannel(summary.id).catch(() => summary),
            context.api.listAlerts(summary.id, "SET").catch(() => undefined),
          ]);
          return { channel, alertsSet: alerts?.length };
        }),
      );
      rows.sort((a, b) => (a.channel.name ?? "").localeCompare(b.channel.name ?? "") || a.channel.id.localeCompare(b.channel.id));
      table.update(rows, () => render(rows));
    },
    dispose() {},
  };
}
