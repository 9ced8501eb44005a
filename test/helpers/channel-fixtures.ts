// Channel request material shared by the channel e2e files (SDK and aws CLI).

import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./openlive-process.ts";

/** examples/channel-hls.json (the README channel, PascalCase), with INPUT_ID to replace. */
export const EXAMPLE = readFileSync(path.join(REPO_ROOT, "examples", "channel-hls.json"), "utf8");

/** An ISO timestamp `ms` from now. */
export function isoIn(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}

/**
 * A maker of fresh file:// destination URLs under /tmp/<folder>/<pid>/<n>/index, so no two
 * channels ever publish to one place.
 */
export function fileUrls(folder: string): () => string {
  let counter = 0;
  return () => `file:///tmp/${folder}/${process.pid}/${++counter}/index`;
}
