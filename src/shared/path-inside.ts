// Whether one absolute path lies inside another, on the paths' text (no filesystem access).

import path from "node:path";

/** True when `inner` is `outer` or lies below it (both absolute and resolved). */
export function isInsideOrEqual(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === "" || (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
