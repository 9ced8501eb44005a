// The input-loss slate (inputLossImageSlate): a local file is used where it is, if it lies
// in an input root (checked at CreateChannel, and again here: a link may have changed); an
// http(s) image is downloaded once into the pipeline's folder (basic auth from
// username + passwordParam, at most MAX_SLATE_BYTES), so ffmpeg reads a local file.

import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { InputLocation } from "../../model/generated/medialive-types.ts";
import { hlsGet } from "../../ingest/pull/hls-http.ts";
import { confineFileUrl } from "../../shared/input-paths-fs.ts";

const DOWNLOAD_TIMEOUT_MS = 5_000;
/** A still image (MediaLive's slates are BMP, PNG or TGA of the output's size): far below this. */
export const MAX_SLATE_BYTES = 32 * 1024 * 1024;
/** The downloaded file's extension, from the URL when it is an image's; ffmpeg probes the content anyway. */
const IMAGE_EXTENSIONS = [".png", ".bmp", ".tga", ".jpg", ".jpeg"];

/** `fileStem` names the downloaded copy in `workDir` (each image of a channel has its own). */
export async function loadSlate(location: InputLocation, workDir: string, resolveSecret: (name: string) => string | undefined, inputRoots: readonly string[], fileStem = "slate"): Promise<string> {
  const uri = location.uri ?? "";
  if (/^file:/i.test(uri)) {
    const confined = await confineFileUrl(uri, inputRoots);
    if (!confined.ok) throw new Error(`${uri} is refused: ${confined.reason}`);
    return confined.path;
  }
  const password = location.passwordParam ? (resolveSecret(location.passwordParam) ?? "") : "";
  const authorization = location.username ? `Basic ${Buffer.from(`${location.username}:${password}`).toString("base64")}` : undefined;
  // The pull client's capped GET: http(s) only (after redirects too), a timeout, a byte cap.
  const { bytes } = await hlsGet(uri, {
    signal: new AbortController().signal,
    timeoutMs: DOWNLOAD_TIMEOUT_MS,
    maxBytes: MAX_SLATE_BYTES,
    what: "slate image",
    ...(authorization !== undefined ? { authorization } : {}),
  }).catch((error: Error) => {
    throw new Error(`${uri}: ${error.message}`);
  });
  const extension = path.extname(new URL(uri).pathname).toLowerCase();
  const file = path.join(workDir, `${fileStem}${IMAGE_EXTENSIONS.includes(extension) ? extension : ".png"}`);
  await writeFile(file, bytes);
  return file;
}
