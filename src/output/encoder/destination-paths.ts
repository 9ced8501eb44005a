// Where a variant's playlist and segments go, as ffmpeg output paths in the group's local
// folder (an http(s) destination is staged in a local folder and mirrored: http-mirror.ts).

import path from "node:path";
import type { FileDestination } from "./plan-types.ts";

/** `%` → `%%`: the segment name is a printf-style template for ffmpeg (av_get_frame_filename). */
export const escapeTemplate = (text: string): string => text.replaceAll("%", "%%");

/** ffmpeg path of a file in the destination folder (not a template). */
export function destinationFile(destination: FileDestination, fileName: string): string {
  return path.join(destination.folder, fileName);
}

/** ffmpeg segment template in the destination folder; `template` is already escaped and holds the one %05d. */
export function destinationTemplate(destination: FileDestination, template: string): string {
  return path.join(escapeTemplate(destination.folder), template);
}
