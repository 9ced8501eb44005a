// Which URL forms a destination takes depends on the output groups that name it: HLS takes
// file:// and http(s):// folders, archive and frame capture take file:// and S3, the push
// kinds (CMAF ingest, Smooth) take http(s) ingest points, … Each group kind that takes other
// forms than HLS registers its destination ids and its parser here; the channel validator
// parses every destination URL with the parser of the groups that name it (HLS's by default).

import { parseHlsDestinationUrl } from "./destination-url.ts";
import { parseFileGroupDestinationUrl } from "./file-group-destination-url.ts";
import { parsePushSettingUrl } from "./validate-push-groups.ts";
import { isUdpDestinationUrl, parseUdpDestination } from "./udp-destination-url.ts";
import { destinationKindOf, destinationPlaceKey } from "./validate-hls-cdn.ts";
import { fileGroupDestinationIds } from "./validate-file-groups.ts";
import { fmp4PushDestinationIds, parsePushDestination } from "./validate-fmp4-push-groups.ts";

/** A parsed destination URL: its kind ("file", "http", "s3", "push" …) and a key naming the place it writes. */
export type DestinationParse = { readonly ok: true; readonly kind: string; readonly place: string } | { readonly ok: false; readonly message: string };

export type DestinationParser = (url: string) => DestinationParse;

interface DestinationForm {
  /** Ids of the destinations that groups of this form name. */
  readonly ids: (encoderSettings: unknown) => ReadonlySet<string>;
  readonly parse: DestinationParser;
}

/** Destinations no group kind claims (HLS's, and the forms read by scheme); two spellings of one place (file://localhost/… and file:///…) are the same files. */
export const parseHlsDestination: DestinationParser = (url) => {
  // udp://, rtp://, rtmp(s):// read as such whoever names them: the groups' rules then say which group may.
  const rtmp = parsePushSettingUrl(url);
  if (rtmp) return rtmp;
  if (isUdpDestinationUrl(url)) {
    const udp = parseUdpDestination(url);
    return udp.ok ? { ok: true, kind: udp.kind, place: url } : udp;
  }
  const parsed = parseHlsDestinationUrl(url);
  return parsed.ok ? { ok: true, kind: destinationKindOf(parsed), place: destinationPlaceKey(parsed) } : parsed;
};

const FORMS: readonly DestinationForm[] = [
  {
    ids: fileGroupDestinationIds,
    parse: (url) => {
      const parsed = parseFileGroupDestinationUrl(url);
      if (!parsed.ok) return parsed;
      return { ok: true, kind: parsed.kind, place: parsed.kind === "file" ? `file:${parsed.folder}/${parsed.baseName}` : `s3:${parsed.bucket}/${parsed.prefix ? `${parsed.prefix}/` : ""}${parsed.baseName}` };
    },
  },
  {
    ids: fmp4PushDestinationIds,
    parse: (url) => {
      const parsed = parsePushDestination(url);
      return parsed.ok ? { ok: true, kind: parsed.kind, place: parsed.href } : parsed;
    },
  },
];

/** Destination id → the parser of the groups that name it (ids no such group names take HLS's). */
export function destinationParsers(encoderSettings: unknown): Map<string, DestinationParser> {
  const parsers = new Map<string, DestinationParser>();
  for (const form of FORMS) for (const id of form.ids(encoderSettings)) parsers.set(id, form.parse);
  return parsers;
}
