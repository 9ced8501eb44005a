// The channel page's "Accepted, not reproduced" section: each setting of the channel that
// openlive accepted and stores but does not reproduce (the openliveNotHonoured member of
// the Channel answer, docs/api.md), with its path in the configuration and the reason.
// Nothing when the list is empty: every setting is honoured.

import { h } from "../dom.ts";
import type { NotHonouredSetting } from "../wire.ts";

export function notHonouredSection(settings: readonly NotHonouredSetting[] | undefined): HTMLElement[] {
  if (!settings || settings.length === 0) return [];
  return [
    h("h3", {}, "Accepted, not reproduced"),
    h("p", {}, `openlive stores ${settings.length === 1 ? "this setting" : `these ${settings.length} settings`} as sent but does not reproduce ${settings.length === 1 ? "it" : "them"}:`),
    h(
      "ul",
      { class: "not-honoured" },
      ...settings.map((setting) => h("li", { "data-element-path": setting.elementPath ?? "" }, h("code", {}, setting.elementPath ?? ""), " — ", h("span", { "data-field": "reason" }, setting.reason ?? ""))),
    ),
  ];
}
