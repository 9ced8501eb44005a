// Inputs: type, class, state, the endpoints to give the upstream encoder (push) or the sources
// openlive pulls, each with a copy button, the input security groups and the attached channel;
// "Check upstream" opens the readiness check (#/check/<id>) for an input that can be checked now.

import { choiceOf } from "../check-form.ts";
import { badge, copyButton, h, jsonDetails, Section } from "../dom.ts";
import type { View, ViewContext } from "../view.ts";
import type { Channel, Input } from "../wire.ts";
import { channelLink } from "./channels.ts";

/** What to copy into the upstream encoder (push) or what openlive pulls (pull). */
export function endpointsOf(input: Input): { label: string; url: string }[] {
  const endpoints: { label: string; url: string }[] = [];
  for (const destination of input.destinations ?? []) if (destination.url) endpoints.push({ label: "push to", url: destination.url });
  for (const source of input.sources ?? []) if (source.url) endpoints.push({ label: "pulls", url: source.url });
  for (const source of input.srtSettings?.srtCallerSources ?? []) {
    const url = `srt://${source.srtListenerAddress ?? "?"}:${source.srtListenerPort ?? "?"}${source.streamId ? `?streamid=${source.streamId}` : ""}`;
    endpoints.push({ label: "calls", url });
  }
  return endpoints;
}

export function inputsView(context: ViewContext, selectedId?: string): View {
  const table = new Section(h("div", { class: "table-wrap" }));
  const element = h("section", { class: "view inputs-view" }, h("h2", {}, "Inputs"), table.element);
  let scrolled = false;

  const render = (inputs: readonly Input[], channels: ReadonlyMap<string, Channel>): HTMLElement => {
    if (inputs.length === 0) return h("p", { class: "empty" }, "No inputs yet.");
    const body = h("tbody");
    for (const input of inputs) {
      const endpoints = endpointsOf(input);
      body.append(
        h(
          "tr",
          { "data-input-id": input.id, class: input.id === selectedId ? "selected" : "" },
          h("td", {}, h("strong", {}, input.name ?? ""), h("br"), h("code", {}, input.id)),
          h("td", { "data-field": "type" }, input.type ?? "", input.inputClass ? h("div", { class: "muted" }, input.inputClass) : undefined),
          h("td", { "data-field": "state" }, badge(input.state)),
          h(
            "td",
            { "data-field": "endpoints" },
            endpoints.length === 0
              ? "—"
              : h("ul", { class: "endpoints" }, ...endpoints.map((endpoint) => h("li", {}, h("span", { class: "muted" }, `${endpoint.label} `), h("code", {}, endpoint.url), " ", copyButton(endpoint.url)))),
          ),
          h(
            "td",
            { "data-field": "security-groups" },
            ...(input.securityGroups ?? []).map((id) => h("div", {}, h("a", { href: `#/security-groups/${encodeURIComponent(id)}` }, id))),
          ),
          h(
            "td",
            { "data-field": "attached-channel" },
            ...(input.attachedChannels ?? []).map((id) => h("div", {}, channelLink(id, channels.get(id)?.name ?? id))),
          ),
          h(
            "td",
            { class: "actions" },
            choiceOf(input, channels).unavailable === undefined ? h("a", { href: `#/check/${encodeURIComponent(input.id)}`, "data-action": "check" }, "Check upstream") : undefined,
          ),
        ),
        h("tr", { class: "json-row" }, h("td", { colspan: 7 }, jsonDetails(input, `input-${input.id}`))),
      );
    }
    return h(
      "table",
      { class: "resources" },
      h("thead", {}, h("tr", {}, ...["Input", "Type", "State", "Endpoints", "Security groups", "Attached channel", ""].map((title) => h("th", {}, title)))),
      body,
    );
  };

  return {
    element,
    async refresh() {
      const [inputs, channels] = await Promise.all([context.api.listInputs(), context.api.listChannels().catch(() => [] as Channel[])]);
      inputs.sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "") || a.id.localeCompare(b.id));
      const byId = new Map(channels.map((channel) => [channel.id, channel]));
      table.update({ inputs, channels: channels.map((c) => [c.id, c.name, c.state]) }, () => render(inputs, byId));
      if (selectedId && !scrolled) {
        scrolled = true;
        element.querySelector(`tr[data-input-id="${CSS.escape(selectedId)}"]`)?.scrollIntoView({ block: "center" });
      }
    },
    dispose() {},
  };
}
