// Where HLS published to openlive's origin by a cluster's workers lives, and which requests
// name a file there. A worker's HTTP destination points at `/origin/ingest/<folders…>/` on
// the serving node's API port; the files land in `<dataDir>/origin-ingest/<folders…>/` and
// players read them from the origin listener at the same path. Only HLS file names, only
// below that folder: each path segment is checked as the origin checks its own
// (hls-origin.ts fileOfOriginPath: no empty, "." or ".." segment, no encoded separator).

import path from "node:path";
import { OutputRoots } from "../output/roots/output-roots.ts";
import { fileOfOriginPath, type OriginTarget } from "./hls-origin.ts";

/** Below the data dir: the ingested files (a root of its own, checked like an output root). */
export const INGEST_FOLDER = "origin-ingest";

/** The URL path prefix, on the API port (writes) and the origin port (reads). */
export const INGEST_PATH_PREFIX = "/origin/ingest/";

/** HLS files only; never a temporary file, an encoder's own playlist or a hidden name. */
const INGEST_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.(m3u8|ts|mp4|m4s|aac|vtt|jpg)$/;
const INGEST_FOLDER_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const isIngestFileName = (name: string): boolean => INGEST_FILE.test(name);

export function ingestRoots(dataDir: string): OutputRoots {
  return new OutputRoots([path.join(path.resolve(dataDir), INGEST_FOLDER)]);
}

/** The file a request path names below the ingest folder, or undefined (not below the prefix, or not an HLS file name). */
export function ingestTarget(roots: OutputRoots, rawPath: string): OriginTarget | undefined {
  if (!rawPath.startsWith(INGEST_PATH_PREFIX)) return undefined;
  const root = roots.roots[0];
  if (root === undefined) return undefined;
  const target = fileOfOriginPath(roots, `/${path.basename(root)}/${rawPath.slice(INGEST_PATH_PREFIX.length)}`);
  if (!target || !isIngestFileName(target.fileName)) return undefined;
  if (target.relative !== "" && !target.relative.split("/").every((segment) => INGEST_FOLDER_SEGMENT.test(segment))) return undefined;
  return target;
}
