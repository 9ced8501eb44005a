// Publishes an HLS output group to an http(s) destination (MediaLive hlsCdnSettings:
// hlsBasicPutSettings / hlsWebdavSettings; mediastoressl:// object stores): the folder
// mirror (folder-mirror.ts: ordering, retries, expiry) over HTTP PUT and DELETE with basic
// auth on every request. ffmpeg's own HTTP output neither retries nor answers an
// authentication challenge on DELETE, hence this.

import { FolderMirror, type FolderMirrorOptions, type MirrorTransport } from "./folder-mirror.ts";
import { hlsContentType } from "./hls-content-types.ts";

export { playlistReferences } from "./folder-mirror.ts";

export interface HttpMirrorOptions extends Omit<FolderMirrorOptions, "transport"> {
  /** The destination folder URL, ending in '/'. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
}

const REQUEST_TIMEOUT_MS = 10_000;

/** HTTP PUT and DELETE of the files of one folder URL. */
export class HttpTransport implements MirrorTransport {
  readonly #url: string;
  readonly #authorization: string | undefined;

  constructor(options: Pick<HttpMirrorOptions, "url" | "username" | "password">) {
    this.#url = options.url;
    if (options.username !== undefined) this.#authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ""}`).toString("base64")}`;
  }

  describe(name: string): string {
    return new URL(name, this.#url).href;
  }

  put(name: string, body: Buffer): Promise<void> {
    return this.#request("PUT", name, body);
  }

  delete(name: string): Promise<void> {
    return this.#request("DELETE", name);
  }

  async #request(method: "PUT" | "DELETE", name: string, body?: Buffer): Promise<void> {
    const headers: Record<string, string> = {};
    if (this.#authorization !== undefined) headers.authorization = this.#authorization;
    if (body) headers["content-type"] = hlsContentType(name);
    const response = await fetch(new URL(name, this.#url), { method, headers, ...(body ? { body: new Uint8Array(body) } : {}), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    await response.arrayBuffer().catch(() => undefined);
    // A DELETE of something already gone is done too.
    if (!response.ok && !(method === "DELETE" && response.status === 404)) throw new Error(`HTTP ${response.status}`);
  }
}

export class HttpMirror extends FolderMirror {
  constructor(options: HttpMirrorOptions) {
    super({ ...options, transport: new HttpTransport(options) });
  }
}
