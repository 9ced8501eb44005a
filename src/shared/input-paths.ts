// Local files a user names (file:// sources of MP4_FILE/TS_FILE inputs, a dynamic input's
// folder and its $urlPath$, slates, openlive check through the API) must lie in one of the
// configured input roots (config.inputRoots). This file is the lexical half, pure: the
// URL's path must carry no "." or ".." segment, written plainly or percent-encoded (the
// WHATWG URL parser folds "%2e%2e" into ".." and removes it, so the raw text is checked
// before parsing), and the path it names must lie inside a root. input-paths-fs.ts adds
// the realpath half, so that a symbolic link cannot lead out.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { isInsideOrEqual } from "./path-inside.ts";

export type LocalPath = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

/** The flag and environment variable that set the roots, for messages. */
export const INPUT_ROOTS_OPTION = "--input-roots (OPENLIVE_INPUT_ROOTS)";

/** True when one segment of `pathText` (split on / and \) is "." or "..", before or after percent-decoding. */
export function hasDotSegment(pathText: string): boolean {
  return pathText.split(/[/\\]/).some((segment) => {
    const decoded = safeDecode(segment);
    return segment === "." || segment === ".." || decoded === "." || decoded === "..";
  });
}

/** The absolute local path of a file:///absolute/path URL, refusing dot segments and encoded separators. */
export function localPathOfFileUrl(url: string): LocalPath {
  if (!/^file:/i.test(url)) return { ok: false, reason: "not a file:// URL" };
  const rest = url.slice("file:".length).replace(/[?#].*$/s, "");
  if (hasDotSegment(rest)) return { ok: false, reason: 'the path must not contain "." or ".." segments (plain or percent-encoded)' };
  let local: string;
  try {
    local = fileURLToPath(url);
  } catch {
    return { ok: false, reason: "not a local file URL (file:///absolute/path)" };
  }
  if (local.includes("\0")) return { ok: false, reason: "the path must not contain NUL" };
  return { ok: true, path: path.resolve(local) };
}

/** The root that holds `absolutePath` (lexically), if any. */
export function rootHolding(absolutePath: string, roots: readonly string[]): string | undefined {
  return roots.find((root) => isInsideOrEqual(absolutePath, root));
}

/** "file sources must lie in /a or /b; change the folders with --input-roots (…)". */
export function outsideRootsReason(roots: readonly string[]): string {
  const listed = roots.length ? roots.join(", ") : "(none configured)";
  return `outside the input roots: file sources must lie in ${listed}; change the folders with ${INPUT_ROOTS_OPTION}`;
}

/** A lexical check of a file:// URL against the roots: the local path, or why it is refused. */
export function confineFileUrlLexically(url: string, roots: readonly string[]): LocalPath {
  const local = localPathOfFileUrl(url);
  if (!local.ok) return local;
  return rootHolding(local.path, roots) !== undefined ? local : { ok: false, reason: outsideRootsReason(roots) };
}

/**
 * A dynamic source's urlPath value: a relative path without dot segments, NUL or
 * backslashes, so that the substituted URL stays inside the folder the input names
 * (the part of its URL before $urlPath$).
 */
export function urlPathProblem(value: string): string | undefined {
  if (value === "") return "must not be empty";
  if (value.includes("\0") || value.includes("\\")) return "must not contain NUL or backslashes";
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith("/") || safeDecode(value).startsWith("/")) return "must be a relative path inside the input's folder, not an absolute path or URL";
  if (hasDotSegment(value)) return 'must not contain "." or ".." segments (plain or percent-encoded): it must stay inside the input\'s folder';
  return undefined;
}

/** The folder a dynamic URL's substitution stays in: its text up to the last "/" before $urlPath$. */
export function dynamicFolderPrefix(templateUrl: string, token: string): string {
  const before = templateUrl.slice(0, Math.max(0, templateUrl.indexOf(token)));
  return before.slice(0, before.lastIndexOf("/") + 1);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
