// Where a local folder lies among the configured output roots, decided on the path's text
// alone (the filesystem checks are safe-folder.ts's). A root is named by its last path
// segment, which the configuration keeps unique, so that the origin's URLs are
// `/<root name>/<folder below the root>/<file>` and never an absolute filesystem path.

import path from "node:path";
import { isInsideOrEqual } from "../../shared/path-inside.ts";

export interface RootPlace {
  /** The root, absolute and resolved as configured. */
  readonly root: string;
  /** The root's name in origin URLs: its last path segment. */
  readonly rootName: string;
  /** The folder below the root, "/"-separated; "" for the root itself. */
  readonly relative: string;
}

export function rootNameOf(root: string): string {
  return path.basename(root);
}

/** The root that holds `folder` (absolute), or undefined when none does. */
export function placeInRoots(roots: readonly string[], folder: string): RootPlace | undefined {
  if (!path.isAbsolute(folder)) return undefined;
  const resolved = path.resolve(folder);
  const root = roots.find((candidate) => isInsideOrEqual(resolved, candidate));
  return root === undefined ? undefined : { root, rootName: rootNameOf(root), relative: path.relative(root, resolved).split(path.sep).join("/") };
}

/** The root named `rootName` and the folder `relative` below it, or undefined. */
export function folderOfRootPath(roots: readonly string[], rootName: string, relative: string): { readonly root: string; readonly folder: string } | undefined {
  const root = roots.find((r) => rootNameOf(r) === rootName);
  return root === undefined ? undefined : { root, folder: relative === "" ? root : path.join(root, ...relative.split("/")) };
}
