// Input security groups: their CIDR rules, state and the inputs that use them. "Edit rules"
// opens an editor (one CIDR per line) that saves with UpdateInputSecurityGroup; running push
// endpoints apply the new rules within a second.

import { badge, errorLine, h, jsonDetails, Section } from "../dom.ts";
import type { View, ViewContext } from "../view.ts";
import type { Input, InputSecurityGroup } from "../wire.ts";

export function securityGroupsView(context: ViewContext, selectedId?: string): View {
  const table = new Section(h("div", { class: "table-wrap" }));
  // The editor lives outside the polled table, so a refresh never clobbers what is being typed.
  const editor = h("div", { class: "editor-slot" });
  const element = h("section", { class: "view security-groups-view" }, h("h2", {}, "Input security groups"), editor, table.element);
  let groups: InputSecurityGroup[] = [];

  const openEditor = (group: InputSecurityGroup): void => {
    const rules = (group.whitelistRules ?? []).map((rule) => rule.cidr ?? "").filter(Boolean);
    const textarea = h("textarea", { id: "isg-rules", name: "rules", rows: Math.max(4, rules.length + 2), spellcheck: "false", "aria-label": "CIDR rules, one per line" });
    textarea.value = rules.join("\n");
    const message = h("div", { class: "messages" });
    const save = h("button", { type: "submit", "data-action": "save-rules" }, "Save rules");
    const form = h(
      "form",
      { class: "card isg-editor", "data-isg-id": group.id },
      h("h3", {}, "Edit rules of ", h("code", {}, group.id)),
      h("p", {}, "One CIDR per line (IPv4 or IPv6, 1–10 rules). Push endpoints of the inputs using this group accept only these sources."),
      textarea,
      h("p", { class: "actions" }, save, " ", h("button", { type: "button", "data-action": "cancel", onclick: () => editor.replaceChildren() }, "Cancel")),
      message,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const cidrs = textarea.value.split(/[\s,]+/).map((cidr) => cidr.trim()).filter(Boolean);
      save.disabled = true;
      context.api
        .updateInputSecurityGroup(group.id, cidrs)
        .then(
          (updated) => {
            message.replaceChildren(h("p", { class: "notice", "data-field": "saved" }, `Saved: ${(updated.whitelistRules ?? []).map((rule) => rule.cidr).join(", ")}`));
            table.invalidate();
            context.refreshSoon();
          },
          (error: unknown) => message.replaceChildren(errorLine(error)),
        )
        .finally(() => (save.disabled = false));
    });
    editor.replaceChildren(form);
    textarea.focus();
  };

  const render = (list: readonly InputSecurityGroup[], inputs: ReadonlyMap<string, Input>): HTMLElement => {
    if (list.length === 0) return h("p", { class: "empty" }, "No input security groups yet.");
    const body = h("tbody");
    for (const group of list) {
      body.append(
        h(
          "tr",
          { "data-isg-id": group.id, class: group.id === selectedId ? "selected" : "" },
          h("td", {}, h("code", {}, group.id)),
          h("td", { "data-field": "state" }, badge(group.state)),
          h("td", { "data-field": "rules" }, h("ul", { class: "rules" }, ...(group.whitelistRules ?? []).map((rule) => h("li", {}, h("code", {}, rule.cidr ?? ""))))),
          h(
            "td",
            { "data-field": "inputs" },
            ...(group.inputs ?? []).map((id) => h("div", {}, h("a", { href: `#/inputs/${encodeURIComponent(id)}` }, inputs.get(id)?.name ?? id), " ", h("code", { class: "muted" }, id))),
          ),
          h("td", { class: "actions" }, group.state === "DELETED" ? undefined : h("button", { type: "button", "data-action": "edit-rules", onclick: () => openEditor(group) }, "Edit rules")),
        ),
        h("tr", { class: "json-row" }, h("td", { colspan: 5 }, jsonDetails(group, `isg-${group.id}`))),
      );
    }
    return h(
      "table",
      { class: "resources" },
      h("thead", {}, h("tr", {}, ...["Id", "State", "Rules", "Used by inputs", ""].map((title) => h("th", {}, title)))),
      body,
    );
  };

  return {
    element,
    async refresh() {
      const [list, inputs] = await Promise.all([context.api.listInputSecurityGroups(), context.api.listInputs().catch(() => [] as Input[])]);
      groups = list.sort((a, b) => a.id.localeCompare(b.id));
      const byId = new Map(inputs.map((input) => [input.id, input]));
      table.update({ groups, names: inputs.map((i) => [i.id, i.name]) }, () => render(groups, byId));
    },
    dispose() {},
  };
}
