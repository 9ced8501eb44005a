// MP4_FILE / TS_FILE: the file must be reachable and start like the container its input
// type promises. http(s):// sources are read with a Range request for the first bytes;
// file:/// sources are read from the local disk: opened without blocking (a FIFO or a
// device would otherwise hold one of libuv's four pool threads until a writer appears,
// freezing every fs and DNS call of the process), and read only when fstat says it is a
// regular file.

import { constants } from "node:fs";
import { open, realpath } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { confineFileUrl } from "../../shared/input-paths-fs.ts";
import type { PullSourceRecord } from "../../domain/records.ts";
import { notReady, READY, Reasons, type SourceCheckResult } from "./check-result.ts";
import type { CheckContext } from "./check-context.ts";
import { reasonForFetchError } from "../source-access/fetch-error-reason.ts";
import { httpGetPrefix } from "./http-get-prefix.ts";
import { looksLikeMp4, looksLikeMpegTs, SNIFF_BYTES } from "./sniff-container.ts";
import { basicAuthorization } from "../source-access/basic-authorization.ts";
import { sourceCredentials } from "../source-access/source-credentials.ts";

export type FileContainer = "mp4" | "ts";

type Prefix = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly reason: string };

const HTTP_OK = 200;
const HTTP_PARTIAL_CONTENT = 206;

export async function checkFileSource(source: PullSourceRecord, container: FileContainer, context: CheckContext): Promise<SourceCheckResult> {
  let scheme: string;
  try {
    scheme = new URL(source.url).protocol;
  } catch {
    return notReady("not a URL");
  }
  let prefix: Prefix;
  if (scheme === "http:" || scheme === "https:") prefix = await httpPrefix(source, context);
  else if (scheme === "file:") prefix = await localPrefix(source.url, context);
  else return notReady(Reasons.unsupportedScheme(scheme.replace(/:$/, "")));
  if (!prefix.ok) return notReady(prefix.reason);
  if (container === "mp4") return looksLikeMp4(prefix.bytes) ? READY : notReady(Reasons.notMp4);
  return looksLikeMpegTs(prefix.bytes) ? READY : notReady(Reasons.notMpegTs);
}

async function httpPrefix(source: PullSourceRecord, context: CheckContext): Promise<Prefix> {
  const credentials = sourceCredentials(source, context.resolveSecret);
  if (!credentials.ok) return credentials;
  try {
    const response = await httpGetPrefix(source.url, {
      signal: context.signal,
      maxBytes: SNIFF_BYTES,
      rangeBytes: SNIFF_BYTES,
      ...(credentials.username !== undefined ? { authorization: basicAuthorization(credentials.username, credentials.password ?? "") } : {}),
    });
    if (response.status !== HTTP_OK && response.status !== HTTP_PARTIAL_CONTENT) return { ok: false, reason: Reasons.http(response.status) };
    return { ok: true, bytes: response.bytes };
  } catch (error) {
    return { ok: false, reason: reasonForFetchError(error, context.signal.aborted, context.timeoutMs) };
  }
}

const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: Reasons.fileNotFound,
  ENOTDIR: Reasons.fileNotFound,
  EACCES: Reasons.permissionDenied,
  EPERM: Reasons.permissionDenied,
  EISDIR: Reasons.notAFile,
  ENOTREG: Reasons.notAFile,
  // O_NOFOLLOW: the final component turned into a symbolic link after realpath.
  ELOOP: Reasons.notAFile,
} as const;

/** Never blocks in open(): FIFOs and devices open at once and are then refused by fstat. */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW;

async function localPrefix(url: string, context: CheckContext): Promise<Prefix> {
  let path: string;
  if (context.inputRoots !== undefined) {
    const confined = await confineFileUrl(url, context.inputRoots);
    if (!confined.ok) return confined;
    path = confined.path;
  } else {
    try {
      path = fileURLToPath(url);
    } catch {
      return { ok: false, reason: "not a local file URL (file:///absolute/path)" };
    }
  }
  try {
    // A read from a hung network mount cannot be cancelled; stop waiting at the deadline
    // (the read finishes and closes its handle in the background).
    return { ok: true, bytes: await untilAborted(readFirstBytes(path, SNIFF_BYTES), context.signal) };
  } catch (error) {
    if (context.signal.aborted) return { ok: false, reason: Reasons.timeout(context.timeoutMs) };
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: (code !== undefined ? FS_REASONS[code] : undefined) ?? `cannot read the file (${code ?? String(error)})` };
  }
}

/** The first bytes of a regular file; anything else (FIFO, device, socket, folder) fails with ENOTREG. */
export async function readFirstBytes(path: string, byteCount: number): Promise<Uint8Array> {
  // Open the resolved path with O_NOFOLLOW: a symbolic link may name a file elsewhere,
  // but what is opened is the file realpath found, not a link swapped in meanwhile.
  const handle = await open(await realpath(path), OPEN_FLAGS);
  try {
    if (!(await handle.stat()).isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: "ENOTREG" });
    const buffer = Buffer.alloc(byteCount);
    let filled = 0;
    // One read may return fewer bytes than asked (pipes, some file systems): loop to EOF or full.
    while (filled < byteCount) {
      const { bytesRead } = await handle.read(buffer, filled, byteCount - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
