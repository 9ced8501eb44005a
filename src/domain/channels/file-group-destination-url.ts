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

/** S3 bucket names (AWS's rules, which S3-compatible stores follow): 3–63 lower-case letters, digits, '-' and '.'. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function parseFileGroupDestinationUrl(raw: string): ParsedFileGroupDestination {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*:)/.exec(raw)?.[1]?.toLowerCase();
  if (scheme === "file:") {
    const parsed = parseHlsDestinationUrl(raw);
    return parsed.ok ? (parsed.kind === "file" ? parsed : { ok: false, message: `${quote(raw)} is not a file:// URL` }) : parsed;
  }
  if (scheme !== "s3:" && scheme !== "s3ssl:") {
    return { ok: false, message: `${scheme ? `URL scheme ${scheme}` : quote(raw)} is not accepted for archive and frame capture destinations; use ${FILE_GROUP_URL_FORMS}` };
  }
  if (/[?#]/.test(raw)) return { ok: false, message: `${quote(raw)} must not carry a query or fragment` };
  const rest = raw.slice(scheme.length);
  if (!rest.startsWith("//")) return { ok: false, message: `${quote(raw)} is not a valid ${scheme}// URL; use ${FILE_GROUP_URL_FORMS}` };
  const [bucket = "", ...segments] = rest.slice(2).split("/");
  if (!BUCKET_NAME.test(bucket)) return { ok: false, message: `${quote(raw)} needs a bucket name (3–63 lower-case letters, digits, "-" and ".") after ${scheme}//` };
  if (segments.length === 0 || segments[segments.length - 1] === "") {
    return { ok: false, message: `${quote(raw)} must end in a base file name, not a folder (e.g. …/archive/curling writes curling.000000.m2ts)` };
  }
  let decoded: string[];
  try {
    decoded = segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return { ok: false, message: `${quote(raw)} has an invalid percent-encoding` };
  }
  // eslint-disable-next-line no-control-regex
  if (decoded.some((segment) => segment === "" || segment === "." || segment === ".." || /[/\\\u0000-\u001f\u007f]/.test(segment))) {
    return { ok: false, message: `${quote(raw)} must not contain empty, "." or ".." path segments, encoded "/" or "\\", or control characters` };
  }
  return { ok: true, kind: "s3", bucket, prefix: decoded.slice(0, -1).join("/"), baseName: decoded[decoded.length - 1]!, tls: scheme === "s3ssl:" };
}
