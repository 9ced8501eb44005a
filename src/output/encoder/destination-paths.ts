// Where a variant's playlist and segments go, as ffmpeg output URLs. File destinations are
// plain paths; HTTP destinations are absolute URLs with the credentials in the userinfo
// (RFC 3986 §3.2.1), which ffmpeg's http protocol turns into Basic authentication.

import path from "node:path";
import type { ResolvedDestination } from "./plan-types.ts";

/** `%` → `%%`: the segment name is a printf-style template for ffmpeg (av_get_frame_filename). */
export const escapeTemplate = (text: string): string => text.replaceAll("%", "%%");

function httpFolder(destination: Extract<ResolvedDestination, { kind: "http" }>): string {
  const url = new URL(destination.url);
  if (destination.username !== undefined) url.username = encodeURIComponent(destination.username);
  if (destination.password !== undefined) url.password = encodeURIComponent(destination.password);
  return url.toString();
}

/** ffmpeg URL of a file in the destination folder (not a template). */
export function destinationFile(destination: ResolvedDestination, fileName: string): string {
  return destination.kind === "file" ? path.join(destination.folder, fileName) : `${httpFolder(destination)}${fileName}`;
}

/** ffmpeg segment template in the destination folder; `template` is already escaped and holds the one %05d. */
export function destinationTemplate(destination: ResolvedDestination, template: string): string {
  if (destination.kind === "file") return path.join(escapeTemplate(destination.folder), template);
  return `${escapeTemplate(httpFolder(destination))}${template}`;
}
