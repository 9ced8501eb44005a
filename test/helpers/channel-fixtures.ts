// Channel request material shared by the channel e2e files (SDK and aws CLI).

import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT, TEST_OUTPUT_ROOT } from "./openlive-process.ts";

/** examples/channel-hls.json (the README channel, PascalCase), with INPUT_ID to replace; it publishes inside TEST_OUTPUT_ROOT. */
export const EXAMPLE = readFileSync(path.join(REPO_ROOT, "examples", "channel-hls.json"), "utf8").replaceAll("OUTPUT_ROOT", TEST_OUTPUT_ROOT);

/** An ISO timestamp `ms` from now. */
export function isoIn(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}

/**
 * A maker of fresh file:// destination URLs under <TEST_OUTPUT_ROOT>/<folder>/<pid>/<n>/index
 * (inside the test services' output root), so no two channels ever publish to one place.
 */
export function fileUrls(folder: string): () => string {
  let counter = 0;
  return () => `file://${TEST_OUTPUT_ROOT}/${folder}/${process.pid}/${++counter}/index`;
}
