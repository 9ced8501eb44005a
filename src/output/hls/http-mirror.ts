// Publishes an HLS output group to an http(s) destination (MediaLive hlsCdnSettings:
// hlsBasicPutSettings / hlsWebdavSettings / hlsAkamaiSettings; mediastoressl:// object
// stores): the folder mirror (folder-mirror.ts: ordering, retries, expiry) over HTTP PUT and
// DELETE with basic auth on every request. ffmpeg's own HTTP output neither retries nor
// answers an authentication challenge on DELETE, hence this. `chunked` sends each body with
// HTTP/1.1 chunked transfer coding (RFC 9112 §7.1) instead of a Content-Length, as an
// Akamai ingest with httpTransferMode CHUNKED expects.

import { FolderMirror, READ_BACK_MAX_BYTES, READ_BACK_TIMEOUT_MS, ReplacedError, type FolderMirrorOptions, type MirrorTransport } from "./folder-mirror.ts";
import { readCappedBody } from "../../shared/read-capped-body.ts";
import { hlsContentType } from "./hls-content-types.ts";

export { playlistReferences } from "./folder-mirror.ts";

export interface HttpMirrorOptions extends Omit<FolderMirrorOptions, "transport"> {
  /** The destination folder URL, ending in '/'. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** Bodies go with `Transfer-Encoding: chunked` (no Content-Length). */
  readonly chunked?: boolean;
  /** The pipeline's claim in a cluster: every request carries it, and 409 means another writer took over. */
  readonly fencing?: PublicationFencing;
}

/** Which pipeline writes, under which epoch (its claim's fencing token). */
export interface PublicationFencing {
  readonly channelId: string;
  readonly pipelineIndex: 0 | 1;
  readonly epoch: number;
}

/** The headers a fenced writer sends (openlive's origin ingest route checks them). */
export const FENCING_HEADERS = { channelId: "x-openlive-channel-id", pipeline: "x-openlive-pipeline", epoch: "x-openlive-epoch" } as const;

export function fencingHeaders(fencing: PublicationFencing): Record<string, string> {
  return { [FENCING_HEADERS.channelId]: fencing.channelId, [FENCING_HEADERS.pipeline]: String(fencing.pipelineIndex), [FENCING_HEADERS.epoch]: String(fencing.epoch) };
}

/** The size of each chunk of a chunked body. */
const CHUNK_BYTES = 64 * 1024;

const REQUEST_TIMEOUT_MS = 10_000;


/** HTTP PUT and DELETE of the files of one folder URL. */
export class HttpTransport implements MirrorTransport {
  readonly #url: string;
  readonly #authorization: string | undefined;
  readonly #chunked: boolean;
  readonly #fencing: PublicationFencing | undefined;

  constructor(options: Pick<HttpMirrorOptions, "url" | "username" | "password" | "chunked" | "fencing">) {
    this.#url = options.url;
    this.#chunked = options.chunked === true;
    this.#fencing = options.fencing;
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

  async get(name: string): Promise<Buffer | undefined> {
    const response = await fetch(new URL(name, this.#url), { headers: this.#headers(), signal: AbortSignal.timeout(READ_BACK_TIMEOUT_MS) });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      if (response.status === 404) return undefined;
      throw new Error(`HTTP ${response.status}`);
    }
    return Buffer.from(await readCappedBody(response, READ_BACK_MAX_BYTES, () => new Error(`${this.describe(name)}: larger than ${READ_BACK_MAX_BYTES} bytes; not read back`)));
  }

  #headers(): Record<string, string> {
    return { ...(this.#authorization !== undefined ? { authorization: this.#authorization } : {}), ...(this.#fencing ? fencingHeaders(this.#fencing) : {}) };
  }

  async #request(method: "PUT" | "DELETE", name: string, body?: Buffer): Promise<void> {
    const headers = this.#headers();
    if (body) headers["content-type"] = hlsContentType(name);
    const response = await fetch(new URL(name, this.#url), { method, headers, ...(body ? this.#body(body) : {}), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const answer = await response.text().catch(() => "");
    // 409 to a fenced writer: a newer epoch holds the pipeline (the origin's message says so).
    if (response.status === 409 && this.#fencing) throw new ReplacedError(`HTTP 409 ${answer.slice(0, 200)}`.trim());
    // A DELETE of something already gone is done too.
    if (!response.ok && !(method === "DELETE" && response.status === 404)) throw new Error(`HTTP ${response.status}`);
  }

  /** A whole body (Content-Length), or a stream of chunks, which fetch sends with chunked transfer coding. */
  #body(body: Buffer): { body: BodyInit; duplex?: "half" } {
    if (!this.#chunked) return { body: new Uint8Array(body) };
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= body.length) {
          controller.close();
          return;
        }
        controller.enqueue(new Uint8Array(body.subarray(offset, offset + CHUNK_BYTES)));
        offset += CHUNK_BYTES;
      },
    });
    return { body: stream, duplex: "half" };
  }
}

export class HttpMirror extends FolderMirror {
  constructor(options: HttpMirrorOptions) {
    super({ ...options, transport: new HttpTransport(options) });
  }
}
