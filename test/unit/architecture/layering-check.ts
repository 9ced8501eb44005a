// Checks layering rules against an import graph. Pure: the graph comes in as data, so the
// self-test can feed it a made-up graph and see each kind of violation reported.

import { folderOf, type ImportEdge } from "./import-graph.ts";

/** A target pattern: "src/api/" (a path prefix), "node:fs" (exact), "node:*" or "npm:*" (any builtin, any package). */
export type TargetPattern = string;

export interface ForbiddenImportsRule {
  name: string;
  /** Why the rule exists, as a sentence: printed with every violation. */
  reason: string;
  /** Importing files, as path prefixes. */
  from: string[];
  /** Importing files the rule does not cover, as path prefixes. */
  exceptFrom?: string[];
  forbidden: TargetPattern[];
  /** Carve-outs from `forbidden`, for any import. */
  allowed?: TargetPattern[];
  /** Carve-outs from `forbidden` that hold only for `import type` / `export type` (erased from the emitted code). */
  allowedTypeOnly?: TargetPattern[];
}

export interface FolderCyclesRule {
  name: string;
  reason: string;
  from: string[];
  /** Every edge between two different top-level folders that lie on one cycle of the folder graph. */
  forbidden: "folder-cycles";
}

export type LayerRule = ForbiddenImportsRule | FolderCyclesRule;

export interface Violation {
  /** "src/a/x.ts -> src/b/y.ts": the unit of the allow-lists, so one is listed once however often it is imported. */
  edge: string;
  at: string;
}

export function matches(pattern: TargetPattern, target: string): boolean {
  if (pattern.endsWith("*")) return target.startsWith(pattern.slice(0, -1));
  if (pattern.endsWith("/")) return target.startsWith(pattern);
  return target === pattern;
}

const matchesAny = (patterns: TargetPattern[] | undefined, target: string) => (patterns ?? []).some((pattern) => matches(pattern, target));

export function checkRule(rule: LayerRule, edges: ImportEdge[]): Violation[] {
  const covered = edges.filter((edge) => matchesAny(rule.from, edge.from));
  const bad = rule.forbidden === "folder-cycles" ? edgesOnFolderCycles(covered) : covered.filter((edge) => breaks(rule as ForbiddenImportsRule, edge));
  const byEdge = new Map<string, Violation>();
  for (const edge of bad) {
    const key = `${edge.from} -> ${edge.to}`;
    if (!byEdge.has(key)) byEdge.set(key, { edge: key, at: `${edge.from}:${edge.line}` });
  }
  return [...byEdge.values()].sort((a, b) => a.edge.localeCompare(b.edge));
}

function breaks(rule: ForbiddenImportsRule, edge: ImportEdge): boolean {
  if (matchesAny(rule.exceptFrom, edge.from) || !matchesAny(rule.forbidden, edge.to)) return false;
  if (matchesAny(rule.allowed, edge.to)) return false;
  return !(edge.typeOnly && matchesAny(rule.allowedTypeOnly, edge.to));
}

/** The strongly connected components of the folder graph with more than one folder (Tarjan). */
export function folderCycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const edge of edges) {
    if (!edge.to.startsWith("src/")) continue;
    const [from, to] = [folderOf(edge.from), folderOf(edge.to)];
    if (from === to) continue;
    next.set(from, (next.get(from) ?? new Set()).add(to));
    if (!next.has(to)) next.set(to, new Set());
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const components: string[][] = [];
  const visit = (folder: string): void => {
    index.set(folder, index.size);
    low.set(folder, index.get(folder)!);
    stack.push(folder);
    for (const to of next.get(folder) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(folder, Math.min(low.get(folder)!, low.get(to)!));
      } else if (stack.includes(to)) {
        low.set(folder, Math.min(low.get(folder)!, index.get(to)!));
      }
    }
    if (low.get(folder) !== index.get(folder)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop()!;
      component.push(member);
    } while (member !== folder);
    if (component.length > 1) components.push(component.sort());
  };
  for (const folder of [...next.keys()].sort()) if (!index.has(folder)) visit(folder);
  return components;
}

function edgesOnFolderCycles(edges: ImportEdge[]): ImportEdge[] {
  const componentOf = new Map<string, number>();
  folderCycles(edges).forEach((component, n) => component.forEach((folder) => componentOf.set(folder, n)));
  return edges.filter((edge) => {
    if (!edge.to.startsWith("src/")) return false;
    const [from, to] = [folderOf(edge.from), folderOf(edge.to)];
    return from !== to && componentOf.has(from) && componentOf.get(from) === componentOf.get(to);
  });
}

/** What differs from the allow-list: violations it does not name, and entries that are no longer violations. */
export function compareWithAllowList(violations: Violation[], allowList: readonly string[]): { added: Violation[]; stale: string[] } {
  const found = new Set(violations.map((violation) => violation.edge));
  return {
    added: violations.filter((violation) => !allowList.includes(violation.edge)),
    stale: allowList.filter((edge) => !found.has(edge)),
  };
}
