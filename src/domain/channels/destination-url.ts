// Where an HLS output group publishes, read from a destination URL: a local folder
// (file://), an http(s) folder (mediastoressl://: an https object store taking PUT/DELETE)
// or a folder of an S3 bucket (s3://, s3ssl://: the endpoint, region and credentials of the
// bucket come from openlive's configuration, docs/outputs.md), each with the base name that
// prefixes every file. The
// validator checks destinations with it; the encoder's outputs, the output roots and the
// origin read destinations with it, so none of them needs the validator.

import { quote } from "./quote.ts";
import { UNSUPPORTED_DESTINATION_SCHEMES } from "./supported-features.ts";

export type ParsedHlsDestination =
  | { readonly ok: true; readonly kind: "file"; /** Absolute folder, decoded. */ readonly folder: string; readonly baseName: string }
  | { readonly ok: true; readonly kind: "http"; readonly url: URL; readonly baseName: string; /** Written as mediastoressl:// (hlsMediaStoreSettings applies). */ readonly mediaStore?: true }
  | S3DestinationUrl
  | { readonly ok: false; readonly message: string };

/** An object of an S3 bucket: `s3://` or `s3ssl://` (TLS to the endpoint) `<bucket>/<path>/<baseName>`. */
export interface S3DestinationUrl {
  readonly ok: true;
  readonly kind: "s3";
  readonly bucket: string;
  /** The key's folder: "" or "path/to/" (decoded, ending in '/'). */
  readonly keyPrefix: string;
  readonly baseName: string;
  /** s3ssl://: the endpoint is reached over TLS whatever the configured endpoint says. */
  readonly tls: boolean;
}

const HLS_URL_FORMS = "file:///<absolute folder>/<baseName>, http(s)://<host>/<path>/<baseName>, s3ssl://<bucket>/<path>/<baseName> or mediastoressl://<host>/<path>/<baseName>";

/** S3 bucket names (3–63 characters of letters, digits, '.', '-'; '_' in legacy names); they become host names or path segments of the endpoint. */
const BUCKET_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,61}[a-zA-Z0-9]$/;

/**
 * A destination URL as openlive publishes to it: `file:///<absolute folder>/<baseName>`,
 * `http(s)://host/path/baseName`, `mediastoressl://host/path/baseName` (https) or
 * `s3[ssl]://bucket/path/baseName`; the base name prefixes every file (`<baseName>.m3u8`).
 */
export function parseHlsDestinationUrl(raw: string): ParsedHlsDestination {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*:)/.exec(raw)?.[1]?.toLowerCase();
  if (!scheme) return { ok: false, message: `${quote(raw)} is not a URL; use ${HLS_URL_FORMS}` };
  if (Object.hasOwn(UNSUPPORTED_DESTINATION_SCHEMES, scheme)) {
    return { ok: false, message: `${UNSUPPORTED_DESTINATION_SCHEMES[scheme as keyof typeof UNSUPPORTED_DESTINATION_SCHEMES]} (${scheme}//) are not supported by openlive yet; use ${HLS_URL_FORMS}` };
  }
  if (!["file:", "http:", "https:", "s3:", "s3ssl:", "mediastoressl:"].includes(scheme)) {
    return { ok: false, message: `URL scheme ${scheme} is not supported for HLS destinations; use ${HLS_URL_FORMS}` };
  }
  if (/[?#]/.test(raw)) return { ok: false, message: `${quote(raw)} must not carry a query or fragment` };
  const afterScheme = raw.slice(scheme.length);
  if (!afterScheme.startsWith("//")) return { ok: false, message: `${quote(raw)} is not a valid ${scheme}// URL; use ${HLS_URL_FORMS}` };
  const slash = afterScheme.indexOf("/", 2);
  const authority = slash === -1 ? afterScheme.slice(2) : afterScheme.slice(2, slash);
  const rawPath = slash === -1 ? "" : afterScheme.slice(slash);
  const segments = rawPath.split("/").slice(1);
  const baseNameRaw = segments[segments.length - 1] ?? "";
  if (segments.length === 0 || baseNameRaw === "") {
    return { ok: false, message: `${quote(raw)} must end in a base name, not a folder (e.g. …/live/index publishes index.m3u8)` };
  }
  if (segments.some((segment) => segment === "" || segment === "." || segment === "..")) {
    return { ok: false, message: `${quote(raw)} must not contain empty, "." or ".." path segments` };
  }
  let decoded: string[];
  try {
    decoded = segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return { ok: false, message: `${quote(raw)} has an invalid percent-encoding` };
  }
  if (decoded.some((segment) => segment.includes("/") || segment.includes("\\") || segment.includes("\0") || segment === "." || segment === "..")) {
    return { ok: false, message: `${quote(raw)} must not encode "/", "\\", NUL or dot segments` };
  }
  // Names end up as lines of playlists (RFC 8216 §4.1: a URI line ends at CR or LF) and as
  // arguments of the encoder: no control characters.
  // eslint-disable-next-line no-control-regex
  if (decoded.some((segment) => /[\u0000-\u001f\u007f]/.test(segment))) return { ok: false, message: `${quote(raw)} must not encode control characters (CR, LF, TAB …)` };
  const baseName = decoded[decoded.length - 1]!;
  if (scheme === "file:") {
    if (authority !== "" && authority.toLowerCase() !== "localhost") {
      return { ok: false, message: `file:// URLs name a local path: file:///<absolute folder>/<baseName> (got host ${quote(authority)})` };
    }
    return { ok: true, kind: "file", folder: `/${decoded.slice(0, -1).join("/")}`, baseName };
  }
  if (scheme === "s3:" || scheme === "s3ssl:") {
    if (!BUCKET_NAME.test(authority)) return { ok: false, message: `${quote(raw)} must name a bucket (3–63 letters, digits, '.', '-') after ${scheme}//` };
    const folders = decoded.slice(0, -1);
    return { ok: true, kind: "s3", bucket: authority, keyPrefix: folders.length ? `${folders.join("/")}/` : "", baseName, tls: scheme === "s3ssl:" };
  }
  const mediaStore = scheme === "mediastoressl:";
  let url: URL;
  try {
    url = new URL(mediaStore ? `https:${afterScheme}` : raw);
  } catch {
    return { ok: false, message: `${quote(raw)} is not a valid URL; use ${HLS_URL_FORMS}` };
  }
  if (url.hostname === "") return { ok: false, message: `${quote(raw)} needs a host` };
  if (url.username !== "" || url.password !== "") {
    return { ok: false, message: "must not carry credentials; put them in username and passwordParam" };
  }
  return { ok: true, kind: "http", url, baseName, ...(mediaStore ? { mediaStore: true as const } : {}) };
}
