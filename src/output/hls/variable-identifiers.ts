// MediaLive's identifiers for variable data in an HLS output's nameModifier and
// segmentModifier: `$dt$` (UTC yyyyMMddTHHmmss), `$d$` (yyyyMMdd), `$t$` (HHmmss), `$rv$`
// (video kb/s), `$ra$` (all audio kb/s), `$rc$` (container kb/s: video + audio for HLS), `$w$`,
// `$h$` (pixels), `$f$` (frames per second, no decimals), `$$` (a `$`), each with an optional
// zero-padding modifier (`$h%05$` → 00720). `$sn$` is not accepted in HLS modifiers.
// In a segmentModifier the date ones are each segment's UTC time (ffmpeg's hls muxer with
// -strftime 1 expands them when it opens the segment); in a nameModifier they are the time
// the encoder starts (the playlist's name cannot change while it is written). An ID3 segment
// tag's `tag` takes them too, with `$sn$` (tag-variables.ts).

import { MAX_IDENTIFIER_PAD_WIDTH } from "../../domain/channels/identifier-padding.ts";

export const DATE_IDENTIFIERS = { dt: "%Y%m%dT%H%M%S", d: "%Y%m%d", t: "%H%M%S" } as const;
const DATE_DIGITS = { dt: "\\d{8}T\\d{6}", d: "\\d{8}", t: "\\d{6}" } as const;
const DATE_WIDTH = { dt: 15, d: 8, t: 6 } as const;
export const FIXED_IDENTIFIERS = ["rv", "ra", "rc", "w", "h", "f"] as const;

type DateId = keyof typeof DATE_IDENTIFIERS;
type FixedId = (typeof FIXED_IDENTIFIERS)[number];

export type ModifierPart =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "date"; readonly id: DateId; readonly padWidth: number }
  | { readonly kind: "fixed"; readonly id: FixedId; readonly padWidth: number };

/** The segment number (`$sn$`), resolved only where a segment is known: an ID3 segment tag. */
export type SequencePart = { readonly kind: "sequence"; readonly padWidth: number };

const IDENTIFIER = /\$(?:(dt|d|t|rv|ra|rc|w|h|f|sn)(?:%0(\d+))?)?\$/g;

/** Splits a modifier into text and identifiers; `$sn$` and unknown `$…$` stay text (validation refuses `$sn$`). */
export function parseModifier(value: string): ModifierPart[] {
  return parseIdentifiers(value, { fixed: true, sequence: false }) as ModifierPart[];
}

/**
 * Splits an ID3 segment tag into text, dates and the segment number; the output's fixed facts
 * (`$w$`, `$rv$` …) and unknown `$…$` stay text.
 */
export function parseTagIdentifiers(value: string): (Exclude<ModifierPart, { kind: "fixed" }> | SequencePart)[] {
  return parseIdentifiers(value, { fixed: false, sequence: true }) as (Exclude<ModifierPart, { kind: "fixed" }> | SequencePart)[];
}

function parseIdentifiers(value: string, resolves: { readonly fixed: boolean; readonly sequence: boolean }): (ModifierPart | SequencePart)[] {
  const parts: (ModifierPart | SequencePart)[] = [];
  let last = 0;
  const pushText = (text: string): void => {
    if (text === "") return;
    const previous = parts[parts.length - 1];
    if (previous?.kind === "text") parts[parts.length - 1] = { kind: "text", text: previous.text + text };
    else parts.push({ kind: "text", text });
  };
  for (const match of value.matchAll(IDENTIFIER)) {
    const id = match[1];
    pushText(value.slice(last, match.index));
    last = match.index + match[0].length;
    // Validation refuses wider; a configuration stored before that is clamped, not resolved into a huge string.
    const padWidth = match[2] ? Math.min(Number(match[2]), MAX_IDENTIFIER_PAD_WIDTH) : 0;
    if (id === undefined) pushText("$");
    else if (id in DATE_IDENTIFIERS) parts.push({ kind: "date", id: id as DateId, padWidth });
    else if (resolves.fixed && (FIXED_IDENTIFIERS as readonly string[]).includes(id)) parts.push({ kind: "fixed", id: id as FixedId, padWidth });
    else if (resolves.sequence && id === "sn") parts.push({ kind: "sequence", padWidth });
    else pushText(match[0]);
  }
  pushText(value.slice(last));
  return parts;
}

/** The facts a variant knows when its encoder starts. */
export interface VariantFacts {
  readonly widthPx: number;
  readonly heightPx: number;
  readonly frameRate: { readonly num: number; readonly den: number };
  readonly videoBitrateBps: number;
  readonly audioBitratesBps: readonly number[];
}

export function fixedValue(id: FixedId, facts: VariantFacts): number {
  const kb = (bps: number): number => Math.round(bps / 1000);
  const audioBps = facts.audioBitratesBps.reduce((sum, bps) => sum + bps, 0);
  switch (id) {
    case "rv":
      return kb(facts.videoBitrateBps);
    case "ra":
      return kb(audioBps);
    case "rc":
      return kb(facts.videoBitrateBps + audioBps);
    case "w":
      return facts.widthPx;
    case "h":
      return facts.heightPx;
    case "f":
      return Math.floor(facts.frameRate.num / facts.frameRate.den);
  }
}

/** yyyyMMddTHHmmss, yyyyMMdd or HHmmss of `atMs`, in UTC. */
export function dateValue(id: DateId, atMs: number): string {
  const iso = new Date(atMs).toISOString(); // 2026-12-06T23:49:03.000Z
  const date = iso.slice(0, 10).replaceAll("-", "");
  const time = iso.slice(11, 19).replaceAll(":", "");
  return id === "dt" ? `${date}T${time}` : id === "d" ? date : time;
}

export const zeroPadded = (text: string, width: number): string => text.padStart(width, "0");

/** Every identifier replaced by its value (dates at `atMs`): a plain name part. */
export function resolveModifier(value: string, facts: VariantFacts, atMs: number): string {
  return parseModifier(value)
    .map((part) => (part.kind === "text" ? part.text : zeroPadded(part.kind === "date" ? dateValue(part.id, atMs) : String(fixedValue(part.id, facts)), part.padWidth)))
    .join("");
}

/** True when the modifier has a per-segment date (`$dt$`, `$d$`, `$t$`). */
export const hasDateIdentifier = (value: string): boolean => parseModifier(value).some((part) => part.kind === "date");

/**
 * A segmentModifier as a fragment of an ffmpeg -strftime 1 segment template: fixed identifiers
 * replaced, text with `%` doubled, dates as strftime conversions (padding beyond their
 * own width is written as leading zeros).
 */
export function strftimeModifier(value: string, facts: VariantFacts): string {
  return parseModifier(value)
    .map((part) => {
      if (part.kind === "text") return part.text.replaceAll("%", "%%");
      if (part.kind === "fixed") return zeroPadded(String(fixedValue(part.id, facts)), part.padWidth);
      return "0".repeat(Math.max(0, part.padWidth - DATE_WIDTH[part.id])) + DATE_IDENTIFIERS[part.id];
    })
    .join("");
}

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A regular expression source matching any value the modifier can resolve to (identifiers as digits). */
export function modifierPattern(value: string): string {
  return parseModifier(value)
    .map((part) => (part.kind === "text" ? escapeRegExp(part.text) : part.kind === "date" ? `0*${DATE_DIGITS[part.id]}` : "\\d+"))
    .join("");
}
