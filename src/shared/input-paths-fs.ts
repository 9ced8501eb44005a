// The realpath half of the input-roots rule (input-paths.ts holds the lexical half): the
// real path of a file, or of its longest existing ancestor when it does not exist yet,
// must lie inside the real path of a root, so that a symbolic link inside a root cannot
// lead out of it. Roots that do not exist yet are compared by their own longest existing
// ancestor, resolved the same way.

import { realpath } from "node:fs/promises";
import path from "node:path";
import { confineFileUrlLexically, outsideRootsReason, type LocalPath } from "./input-paths.ts";
import { isInsideOrEqual } from "./path-inside.ts";

/** `target` with every existing part resolved (symbolic links followed); missing tail parts appended as written. */
export async function realpathOfExistingPart(target: string): Promise<string> {
  let existing = path.resolve(target);
  const missing: string[] = [];
  for (;;) {
    try {
      return path.join(await realpath(existing), ...missing);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const parent = path.dirname(existing);
      if ((code !== "ENOENT" && code !== "ENOTDIR") || parent === existing) throw error;
      missing.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

/** True when the real path of `target` lies inside the real path of one of `roots`. */
export async function isInsideRealRoots(target: string, roots: readonly string[]): Promise<boolean> {
  const real = await realpathOfExistingPart(target);
  for (const root of roots) {
    const realRoot = await realpathOfExistingPart(root).catch(() => undefined);
    if (realRoot !== undefined && isInsideOrEqual(real, realRoot)) return true;
  }
  return false;
}

/** Both halves for a file:// URL: the (lexical) local path when it and its real path lie in a root, else the reason. */
export async function confineFileUrl(url: string, roots: readonly string[]): Promise<LocalPath> {
  const lexical = confineFileUrlLexically(url, roots);
  if (!lexical.ok) return lexical;
  try {
    return (await isInsideRealRoots(lexical.path, roots)) ? lexical : { ok: false, reason: outsideRootsReason(roots) };
  } catch (error) {
    return { ok: false, reason: `cannot resolve the path (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
}
