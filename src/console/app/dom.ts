// Small DOM helpers: an element builder, formatting, the JSON viewer every resource gets, a
// copy button, and a section updater that leaves the DOM alone when the data did not change
// (so a poll neither flickers nor closes an open <details>).

type Child = Node | string | number | undefined | null | false;
type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** `h("a", { href: "#/x", class: "link" }, "text", child)`; `on…` attributes become listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    parent.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
}

/** A state word as a coloured badge (RUNNING green, RECOVERING/STARTING amber, …). */
export function badge(state: string | undefined): HTMLElement {
  const text = state ?? "UNKNOWN";
  return h("span", { class: `badge state-${text.toLowerCase()}`, "data-state": text }, text);
}

/** `2026-11-25T12:00:03.000Z` → `12:00:03` today, `2026-11-24 12:00:03` otherwise (local time). */
export function formatTime(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = date.toLocaleTimeString([], { hour12: false });
  const today = new Date().toDateString() === date.toDateString();
  return today ? time : `${date.toLocaleDateString()} ${time}`;
}

/** The whole resource as pretty JSON in a closed <details>. `key` keeps it open across polls. */
export function jsonDetails(resource: unknown, key: string, label = "JSON"): HTMLElement {
  return h("details", { class: "json", "data-key": key }, h("summary", {}, label), h("pre", {}, JSON.stringify(resource, null, 2)));
}

/** A button that copies `text` to the clipboard (falls back to selecting it in a prompt). */
export function copyButton(text: string): HTMLElement {
  const button = h("button", { type: "button", class: "copy", title: `Copy ${text}` }, "Copy");
  button.addEventListener("click", () => {
    const done = (): void => {
      button.textContent = "Copied";
      setTimeout(() => (button.textContent = "Copy"), 1500);
    };
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, () => window.prompt("Copy:", text));
    else window.prompt("Copy:", text);
  });
  return button;
}

/** An error message line (or nothing). */
export function errorLine(error: unknown): HTMLElement {
  return h("p", { class: "error", role: "alert" }, error instanceof Error ? error.message : String(error));
}

/**
 * A region of the page re-rendered from data: update() rebuilds its children only when the
 * data's JSON differs from last time, and keeps open every <details data-key> that was open.
 */
export class Section {
  readonly element: HTMLElement;
  #last: string | undefined;

  constructor(element: HTMLElement) {
    this.element = element;
  }

  update(data: unknown, render: () => Child | readonly Child[]): void {
    const json = JSON.stringify(data) ?? "undefined";
    if (json === this.#last) return;
    this.#last = json;
    const open = new Set<string>();
    this.element.querySelectorAll<HTMLDetailsElement>("details[data-key]").forEach((details) => {
      if (details.open) open.add(details.dataset.key ?? "");
    });
    const rendered = render();
    this.element.replaceChildren();
    append(this.element, Array.isArray(rendered) ? rendered : [rendered as Child]);
    this.element.querySelectorAll<HTMLDetailsElement>("details[data-key]").forEach((details) => {
      if (open.has(details.dataset.key ?? "")) details.open = true;
    });
  }

  /** Forget the last data, so the next update() renders whatever it gets. */
  invalidate(): void {
    this.#last = undefined;
  }
}
