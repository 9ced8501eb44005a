// The input-loss slate (inputLossImageSlate): a local file is used where it is; an
// http(s) image is downloaded once into the pipeline's folder (basic auth from
// username + passwordParam), so ffmpeg reads a local file.

import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { InputLocation } from "../../model/generated/medialive-types.ts";

const DOWNLOAD_TIMEOUT_MS = 5_000;

export async function loadSlate(location: InputLocation, workDir: string, resolveSecret: (name: string) => string | undefined): Promise<string> {
  const uri = location.uri ?? "";
  if (uri.startsWith("file://")) return fileURLToPath(uri);
  const headers: Record<string, string> = {};
  if (location.username) {
    const password = location.passwordParam ? (resolveSecret(location.passwordParam) ?? "") : "";
    headers.authorization = `Basic ${Buffer.from(`${location.username}:${password}`).toString("base64")}`;
  }
  const response = await fetch(uri, { headers, signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${uri}`);
  const file = path.join(workDir, `slate${path.extname(new URL(uri).pathname) || ".png"}`);
  await writeFile(file, new Uint8Array(await response.arrayBuffer()));
  return file;
}
