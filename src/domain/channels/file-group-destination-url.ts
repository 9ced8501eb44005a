// Where an archive or frame capture output group writes its files, read from a destination
// URL: a local folder (file://, as HLS destinations) or an S3 bucket (s3:// or s3ssl://, as
// MediaLive names them: `s3ssl://<bucket>/<folders>/<baseFilename>`). Both groups write
// whole files, so both take the same forms; http(s) is for HLS only.

import { parseHlsDestinationUrl } from "./destination-url.ts";
import { quote } from "./quote.ts";

export type ParsedFileGroupDestination =
  | { readonly ok: true; readonly kind: "file"; /** Absolute folder, decoded. */ readonly folder: string; readonly baseName: string }
  | { readonly ok: true; readonly kind: "s3"; readonly bucket: string; /** Folders below the bucket, "/"-separated, decoded; "" for none. */ readonly prefix: string; readonly baseName: string; readonly tls: boolean }
  | { readonly ok: false; readonly message: string };

const FILE_GROUP_URL_FORMS = "file:///<absolute folder>/<baseFilename> or s3ssl://<bucket>/<folders>/<baseFilename>";

export function parseFileGroupDestinationUrl(raw: string): ParsedFileGroupDestination {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*:)/.exec(raw)?.[1]?.toLowerCase();
  if (scheme !== "file:" && scheme !== "s3:" && scheme !== "s3ssl:") {
    return { ok: false, message: `${scheme ? `URL scheme ${scheme}` : quote(raw)} is not accepted for archive and frame capture destinations; use ${FILE_GROUP_URL_FORMS}` };
  }
  const parsed = parseHlsDestinationUrl(raw);
  if (!parsed.ok || parsed.kind === "file") return parsed;
  if (parsed.kind !== "s3") return { ok: false, message: `${quote(raw)} is not a file:// or s3(ssl):// URL` };
  return { ok: true, kind: "s3", bucket: parsed.bucket, prefix: parsed.keyPrefix.replace(/\/$/, ""), baseName: parsed.baseName, tls: parsed.tls };
}
