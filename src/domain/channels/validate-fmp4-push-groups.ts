// Channel rules of the output groups that push fragmented MP4 over HTTP: CMAF ingest
// (cmafIngestGroupSettings) and Microsoft Smooth (msSmoothGroupSettings). Their destinations
// are http(s) URLs of a publishing point that openlive POSTs to; nothing is read or written
// locally. MediaLive does not resolve the host when a channel is created (a host that does
// not resolve is an output alert once the channel runs), so neither does openlive: the URL
// is checked for its form only. Pure.

import type { ValidationProblem } from "../../shared/errors.ts";
import { quote } from "./quote.ts";

type Json = Record<string, unknown>;

/** The group members of the push kinds, and what their outputs carry. */
export const FMP4_PUSH_GROUPS = {
  cmafIngestGroupSettings: "CMAF ingest",
  msSmoothGroupSettings: "Microsoft Smooth",
} as const;

const URL_FORMS = "http(s)://<host>[:port]/<publishing point path>";

function record(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** The push group member a group's settings set, if any. */
export function fmp4PushGroupMember(groupSettings: unknown): keyof typeof FMP4_PUSH_GROUPS | undefined {
  const settings = record(groupSettings);
  return (Object.keys(FMP4_PUSH_GROUPS) as (keyof typeof FMP4_PUSH_GROUPS)[]).find((member) => record(settings?.[member]) !== undefined);
}

/** Ids of the destinations named by push groups: their URLs are checked by parsePushDestination. */
export function fmp4PushDestinationIds(encoderSettings: unknown): Set<string> {
  const ids = new Set<string>();
  const groups = record(encoderSettings)?.outputGroups;
  for (const group of Array.isArray(groups) ? groups : []) {
    const settings = record(record(group)?.outputGroupSettings);
    const member = fmp4PushGroupMember(settings);
    for (const refId of member ? destinationRefIds(record(settings?.[member])!) : []) if (typeof refId === "string" && refId !== "") ids.add(refId);
  }
  return ids;
}

/** A push destination URL, checked for its form (the validator's view of it). */
export function parsePushDestination(raw: string): { readonly ok: true; readonly kind: "push"; readonly href: string } | { readonly ok: false; readonly message: string } {
  const message = pushDestinationUrlProblem(raw);
  return message === undefined ? { ok: true, kind: "push", href: raw } : { ok: false, message };
}

/** A push destination URL's form: undefined when fine, else the problem. */
export function pushDestinationUrlProblem(raw: string): string | undefined {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^#]*)$/.exec(raw);
  const scheme = match?.[1]?.toLowerCase();
  if (!match || (scheme !== "http" && scheme !== "https")) return `${quote(raw)}: CMAF ingest and Microsoft Smooth destinations are ${URL_FORMS} URLs`;
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) return `${quote(raw)} must not contain white space or control characters`;
  const authority = match[2]!;
  if (authority === "") return `${quote(raw)} needs a host`;
  if (authority.includes("@")) return "must not carry credentials; put them in username and passwordParam";
  if (/(^|\/)\.\.?(\/|$)/.test(match[3]!)) return `${quote(raw)} must not contain "." or ".." path segments`;
  return undefined;
}

/** The group's destination reference, then those of its additionalDestinations (CMAF ingest). */
function destinationRefIds(settings: Json): unknown[] {
  const additional = Array.isArray(settings.additionalDestinations) ? settings.additionalDestinations : [];
  return [record(settings.destination)?.destinationRefId, ...additional.map((entry) => record(record(entry)?.destination)?.destinationRefId)];
}

/** A push group's own rules (its destination references); `destinations`: id → the kind of its URLs (undefined: some did not parse, already reported). */
export function checkFmp4PushGroup(settings: Json, at: string, destinations: ReadonlyMap<string, { readonly kind: string | undefined }>): ValidationProblem[] {
  return destinationRefIds(settings).flatMap((refId, index) => {
    const refAt = index === 0 ? `${at}.destination.destinationRefId` : `${at}.additionalDestinations[${index - 1}].destination.destinationRefId`;
    if (typeof refId !== "string" || refId === "") return [{ elementPath: refAt, errorMessage: "is required: the id of one of destinations[]" }];
    const destination = destinations.get(refId);
    if (!destination) return [{ elementPath: refAt, errorMessage: `Object references undefined destination ${quote(refId)}` }];
    if (destination.kind !== undefined && destination.kind !== "push") return [{ elementPath: refAt, errorMessage: `destination ${quote(refId)} needs ${URL_FORMS} URLs in settings[]` }];
    return [];
  });
}
