// The still images a pipeline shows (the input-loss slate, the blanking slates, static image
// overlays): a local file is used where it is, if it lies in an input root (checked at
// CreateChannel, and again here: a link may have changed); an http(s) image (basic auth from
// username + passwordParam) or an S3 object (s3://, s3ssl://: the bucket's settings from the
// S3 configuration) is downloaded once into the pipeline's folder, at most MAX_SLATE_BYTES,
// so ffmpeg reads a local file.

import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { InputLocation } from "../../model/generated/medialive-types.ts";
import type { Logger } from "pino";
import type { ObjectStoreResolver } from "../../config/object-stores.ts";
import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import { hlsGet } from "../../ingest/pull/hls-http.ts";
import { confineFileUrl } from "../../shared/input-paths-fs.ts";
import type { WorkerAlert } from "./messages.ts";
import { readS3Image, s3ObjectOf } from "./s3-image.ts";

const DOWNLOAD_TIMEOUT_MS = 5_000;
/** A still image (MediaLive's slates are BMP, PNG or TGA of the output's size): far below this. */
export const MAX_SLATE_BYTES = 32 * 1024 * 1024;
/** The downloaded file's extension, from the URL when it is an image's; ffmpeg probes the content anyway. */
const IMAGE_EXTENSIONS = [".png", ".bmp", ".tga", ".jpg", ".jpeg"];

/** Where a pipeline reads its still images from (loadSlate's arguments). */
export interface ImageSources {
  readonly inputRoots: readonly string[];
  readonly resolveSecret: (name: string) => string | undefined;
  /** The S3 configuration (s3://, s3ssl:// images); absent: such images cannot be read. */
  readonly objectStores?: ObjectStoreResolver;
}

/** What the pipeline's image controls (blanking slates, image overlays) are given. */
export interface ImageControlOptions extends ImageSources {
  readonly config: ChannelConfig;
  readonly workDir: string;
  readonly logger: Logger;
  readonly alert: (alert: WorkerAlert) => void;
}

/** `fileStem` names the downloaded copy in `workDir` (each image of a channel has its own); `objectStores` reads s3:// and s3ssl:// images. */
export async function loadSlate(location: InputLocation, workDir: string, resolveSecret: ImageSources["resolveSecret"], inputRoots: readonly string[], fileStem = "slate", objectStores?: ObjectStoreResolver): Promise<string> {
  const uri = location.uri ?? "";
  if (/^file:/i.test(uri)) {
    const confined = await confineFileUrl(uri, inputRoots);
    if (!confined.ok) throw new Error(`${uri} is refused: ${confined.reason}`);
    return confined.path;
  }
  const object = s3ObjectOf(uri);
  if (object) {
    const bytes = await readS3Image(uri, objectStores, MAX_SLATE_BYTES, DOWNLOAD_TIMEOUT_MS);
    return writeImage(bytes, uri, workDir, fileStem);
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
  return writeImage(bytes, uri, workDir, fileStem);
}

async function writeImage(bytes: Uint8Array, uri: string, workDir: string, fileStem: string): Promise<string> {
  const extension = path.extname(new URL(uri).pathname).toLowerCase();
  const file = path.join(workDir, `${fileStem}${IMAGE_EXTENSIONS.includes(extension) ? extension : ".png"}`);
  await writeFile(file, bytes);
  return file;
}
