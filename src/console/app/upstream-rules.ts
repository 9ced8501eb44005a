// The rule each checklist line cites ("docs/upstream.md#protocol"), shown in the console: the
// console serves docs/upstream.md at /console/docs/upstream.md, and a rule opens in place as
// the text of its section (from its <a name="…"> to the next one), rendered from the little
// Markdown the page uses: headings, paragraphs, lists, tables, fenced code, `code`, **bold**,
// *italics* and [links](…) (their text). No HTML from the file is ever parsed.

import { h } from "./dom.ts";

/** Where the console serves docs/upstream.md (relative to /console/). */
export const UPSTREAM_DOC_URL = "docs/upstream.md";

let page: Promise<string> | undefined;

function upstreamPage(): Promise<string> {
  page ??= fetch(UPSTREAM_DOC_URL, { cache: "no-cache" }).then((response) => {
    if (!response.ok) throw new Error(`${UPSTREAM_DOC_URL}: HTTP ${response.status}`);
    return response.text();
  });
  page.catch(() => (page = undefined)); // try again next time
  return page;
}

/** "docs/upstream.md#protocol" → "protocol" (the anchor), or undefined for another document. */
export function ruleAnchor(rule: string): string | undefined {
  const match = /(?:^|\/)upstream\.md#([\w-]+)$/.exec(rule);
  return match?.[1];
}

/** The Markdown between `<a name="anchor"></a>` and the next anchor (or the end). */
export function sectionOf(markdown: string, anchor: string): string | undefined {
  const marker = `<a name="${anchor}"></a>`;
  const start = markdown.indexOf(marker);
  if (start < 0) return undefined;
  const from = start + marker.length;
  const next = markdown.indexOf("<a name=", from);
  return markdown.slice(from, next < 0 ? undefined : next).trim();
}

/** Inline Markdown as nodes: `code`, **bold**, *italics*, [text](link) as its text. */
function inline(text: string): Node[] {
  const nodes: Node[] = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|\[([^\]]+)\]\([^)]*\)/g;
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > at) nodes.push(document.createTextNode(text.slice(at, match.index)));
    if (match[1] !== undefined) nodes.push(h("code", {}, match[1]));
    else if (match[2] !== undefined) nodes.push(h("strong", {}, match[2]));
    else if (match[3] !== undefined) nodes.push(h("em", {}, match[3]));
    else nodes.push(document.createTextNode(match[4] ?? ""));
    at = match.index + match[0].length;
  }
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}

function tableOf(rows: readonly string[]): HTMLElement {
  const cells = (row: string): string[] => row.trim().replace(/^\||\|$/g, "").split("|").map((cell) => cell.trim());
  const [head = "", , ...body] = rows;
  return h(
    "table",
    { class: "compare" },
    h("thead", {}, h("tr", {}, ...cells(head).map((cell) => h("th", {}, ...inline(cell))))),
    h("tbody", {}, ...body.map((row) => h("tr", {}, ...cells(row).map((cell) => h("td", {}, ...inline(cell)))))),
  );
}

/** A section's Markdown as elements. */
export function renderSection(markdown: string): HTMLElement {
  const out = h("div", { class: "rule-text" });
  const lines = markdown.split("\n");
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length === 0) return;
    if (/^\s*[-*] /.test(paragraph[0] ?? "")) {
      const items: string[] = [];
      for (const line of paragraph) {
        if (/^\s*[-*] /.test(line)) items.push(line.replace(/^\s*[-*] /, ""));
        else items[items.length - 1] += ` ${line.trim()}`;
      }
      out.append(h("ul", {}, ...items.map((item) => h("li", {}, ...inline(item)))));
    } else out.append(h("p", {}, ...inline(paragraph.join(" "))));
    paragraph = [];
  };
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.startsWith("```")) {
      flush();
      const code: string[] = [];
      for (n++; n < lines.length && !lines[n]!.startsWith("```"); n++) code.push(lines[n]!);
      out.append(h("pre", {}, code.join("\n")));
    } else if (/^#{1,6} /.test(line)) {
      flush();
      out.append(h("h4", {}, ...inline(line.replace(/^#+ /, ""))));
    } else if (line.startsWith("|")) {
      flush();
      const rows: string[] = [];
      for (; n < lines.length && lines[n]!.startsWith("|"); n++) rows.push(lines[n]!);
      n--;
      out.append(tableOf(rows));
    } else if (line.trim() === "") flush();
    else paragraph.push(line);
  }
  flush();
  return out;
}

/**
 * The rule of a checklist line: its anchor as a closed <details>; opened, it shows the
 * section of docs/upstream.md (fetched once), or says why it cannot.
 */
export function ruleDetails(rule: string, key: string): HTMLElement {
  const anchor = ruleAnchor(rule);
  const label = anchor ? `upstream.md#${anchor}` : rule;
  const body = h("div", { class: "rule-body" });
  const details = h("details", { class: "rule", "data-key": key, "data-rule": rule }, h("summary", {}, h("code", {}, label)), body);
  let loaded = false;
  details.addEventListener("toggle", () => {
    if (!details.open || loaded) return;
    loaded = true;
    body.replaceChildren(h("p", { class: "muted" }, "Loading the rule…"));
    upstreamPage().then(
      (markdown) => {
        const section = anchor ? sectionOf(markdown, anchor) : undefined;
        body.replaceChildren(
          section ? renderSection(section) : h("p", { class: "muted" }, `No section "${label}" in docs/upstream.md.`),
          h("p", { class: "muted" }, "From ", h("a", { href: UPSTREAM_DOC_URL, target: "_blank", rel: "noopener" }, "docs/upstream.md"), "."),
        );
      },
      (error: unknown) => {
        loaded = false;
        body.replaceChildren(h("p", { class: "error" }, `The rule could not be loaded (${error instanceof Error ? error.message : String(error)}): see ${rule}.`));
      },
    );
  });
  return details;
}
