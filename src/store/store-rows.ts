// What both stores do the same way with rows: the document an input is stored as, and a
// page cut from `limit + 1` rows ordered by their `seq`.

import type { InputRecord, Page } from "../domain/records.ts";

/** Inputs are stored without what other tables own (endpoints, attachments). */
export function inputDoc(input: Omit<InputRecord, "endpoints"> & { endpoints?: unknown }): string {
  const { endpoints: _endpoints, attachedChannelIds: _attached, ...doc } = input;
  return JSON.stringify(doc);
}

/** `items` (the first `limit` rows, converted) and, when a further row exists, where the next page starts. */
export function pageOf<T>(items: T[], rows: readonly Record<string, unknown>[], limit: number): Page<T> {
  const last = rows[limit - 1];
  return rows.length > limit && last ? { items, nextAfter: Number(last.seq) } : { items };
}

/** A page of `rows` converted one by one. */
export function toPage<T>(rows: readonly Record<string, unknown>[], limit: number, convert: (row: Record<string, unknown>) => T): Page<T> {
  return pageOf(rows.slice(0, limit).map(convert), rows, limit);
}
