// Which hlsCdnSettings an HLS group may carry for the kind of its destination: none for a
// local folder openlive writes itself (accepted and told as ignored when present); hlsBasicPutSettings, hlsWebdavSettings or
// hlsAkamaiSettings (one is required) for an http(s) origin or CDN ingest; none or hlsS3Settings for an S3 bucket; none,
// hlsMediaStoreSettings, hlsBasicPutSettings or hlsWebdavSettings for a mediastoressl://
// object store.

import type { ParsedHlsDestination } from "./destination-url.ts";
import { quote } from "./quote.ts";

export type DestinationKind = "file" | "http" | "s3" | "mediastore";

export const isHlsDestinationKind = (kind: string): kind is DestinationKind => kind === "file" || kind === "http" || kind === "s3" || kind === "mediastore";

/** The kind of a parsed destination URL, as the group rules tell them apart. */
export function destinationKindOf(parsed: ParsedHlsDestination & { ok: true }): DestinationKind {
  if (parsed.kind === "http" && parsed.mediaStore) return "mediastore";
  return parsed.kind;
}

/** The one key a parsed destination publishes to: two spellings of one place (file://localhost/… and file:///…) are one. */
export function destinationPlaceKey(parsed: ParsedHlsDestination & { ok: true }): string {
  if (parsed.kind === "file") return `file:${parsed.folder}/${parsed.baseName}`;
  if (parsed.kind === "s3") return `s3:${parsed.bucket}/${parsed.keyPrefix}${parsed.baseName}`;
  return parsed.url.href;
}

const ALLOWED_CDN: Readonly<Record<DestinationKind, readonly string[]>> = {
  file: [],
  http: ["hlsBasicPutSettings", "hlsWebdavSettings", "hlsAkamaiSettings"],
  s3: ["hlsS3Settings"],
  mediastore: ["hlsMediaStoreSettings", "hlsBasicPutSettings", "hlsWebdavSettings"],
};

const DESCRIBED: Readonly<Record<DestinationKind, string>> = {
  file: "a file:// destination written by openlive",
  http: "an http(s) destination",
  s3: "an s3:// or s3ssl:// destination",
  mediastore: "a mediastoressl:// destination",
};

/** The problem of the group's hlsCdnSettings (its set members, undefined when absent) for its destination, or undefined. */
export function hlsCdnProblem(kind: DestinationKind, cdnMembers: readonly string[] | undefined, refId: string): string | undefined {
  const allowed = ALLOWED_CDN[kind];
  if (cdnMembers === undefined || cdnMembers.length === 0) {
    return kind === "http" ? `is required for the http(s) destination ${quote(refId)}: hlsBasicPutSettings, hlsWebdavSettings or hlsAkamaiSettings` : undefined;
  }
  // A file:// destination keeping hlsCdnSettings (a remote channel moved to a folder) is accepted and told (not-honoured.ts).
  if (kind === "file") return undefined;
  const wrong = cdnMembers.find((member) => !allowed.includes(member));
  return wrong === undefined ? undefined : `${wrong} does not apply to destination ${quote(refId)}, ${DESCRIBED[kind]}: use ${allowed.join(" or ")}`;
}
