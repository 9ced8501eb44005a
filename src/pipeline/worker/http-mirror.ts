// Publishes an HLS output group to an http(s) destination (MediaLive hlsCdnSettings:
// hlsBasicPutSettings / hlsWebdavSettings). The encoder writes into a local staging
// folder; this mirror PUTs every finished file (segments before the playlist that lists
// them: files are sent in the order they appear) and DELETEs the segments the encoder
// expires, with basic auth on every request and MediaLive's retry settings:
// `numRetries` attempts `connectionRetryInterval` seconds apart, then the file is given up
// (an alert says so) and, after `restartDelay` seconds, the next one goes. The files stay
// on disk until the encoder expires them, which is what `filecacheDuration` asks for. ffmpeg's own HTTP output neither retries nor
// answers an authentication challenge on DELETE, hence this.

import { watch, type FSWatcher } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

export interface HttpMirrorOptions {
  /** The local folder the encoder writes. */
  readonly folder: string;
  /** The destination folder URL, ending in '/'. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** Attempts after the first (MediaLive numRetries; default 10). */
  readonly numRetries?: number;
  /** Between attempts (MediaLive connectionRetryInterval, seconds → ms; default 1 s). */
  readonly retryIntervalMs?: number;
  /** Pause after a file was given up (MediaLive restartDelay, seconds → ms; default 0). */
  readonly restartDelayMs?: number;
  readonly onFailure?: (message: string) => void;
  readonly onRecovered?: () => void;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = { ".m3u8": "application/vnd.apple.mpegurl", ".ts": "video/mp2t" };
const REQUEST_TIMEOUT_MS = 10_000;

export class HttpMirror {
  readonly #options: HttpMirrorOptions;
  readonly #queue: string[] = [];
  readonly #uploaded = new Set<string>();
  #watcher: FSWatcher | undefined;
  #running = false;
  #closed = false;
  #failing = false;

  constructor(options: HttpMirrorOptions) {
    this.#options = options;
  }

  start(): void {
    this.#watcher = watch(this.#options.folder, (_event, filename) => {
      if (!filename || filename.endsWith(".tmp")) return;
      if (!this.#queue.includes(filename)) this.#queue.push(filename);
      void this.#drain();
    });
    this.#watcher.on("error", () => {});
  }

  async #drain(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.#queue.length && !this.#closed) await this.#sync(this.#queue.shift()!);
    } finally {
      this.#running = false;
    }
  }

  /** The file exists → PUT it; it is gone and was uploaded → DELETE it. */
  async #sync(name: string): Promise<void> {
    let body: Buffer | undefined;
    try {
      body = await readFile(path.join(this.#options.folder, name));
    } catch {
      body = undefined;
    }
    if (body) {
      if (await this.#request("PUT", name, body)) this.#uploaded.add(name);
    } else if (this.#uploaded.delete(name)) {
      await this.#request("DELETE", name);
    }
  }

  async #request(method: "PUT" | "DELETE", name: string, body?: Buffer): Promise<boolean> {
    const headers: Record<string, string> = {};
    if (this.#options.username !== undefined) headers.authorization = `Basic ${Buffer.from(`${this.#options.username}:${this.#options.password ?? ""}`).toString("base64")}`;
    if (body) headers["content-type"] = CONTENT_TYPES[path.extname(name)] ?? "application/octet-stream";
    const attempts = 1 + (this.#options.numRetries ?? 10);
    let reason = "";
    for (let attempt = 0; attempt < attempts && !this.#closed; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, this.#options.retryIntervalMs ?? 1_000));
      try {
        const response = await fetch(new URL(name, this.#options.url), { method, headers, ...(body ? { body: new Uint8Array(body) } : {}), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        await response.arrayBuffer().catch(() => undefined);
        // A DELETE of something already gone is done too.
        if (response.ok || (method === "DELETE" && response.status === 404)) {
          if (this.#failing) {
            this.#failing = false;
            this.#options.onRecovered?.();
          }
          return true;
        }
        reason = `HTTP ${response.status}`;
      } catch (error) {
        reason = (error as Error).message;
      }
    }
    if (!this.#closed) {
      this.#failing = true;
      this.#options.onFailure?.(`${method} ${new URL(name, this.#options.url).href} failed after ${attempts} attempts: ${reason}`);
      if (this.#options.restartDelayMs) await new Promise((resolve) => setTimeout(resolve, this.#options.restartDelayMs));
    }
    return false;
  }

  /** Stops watching; what is queued is dropped. Idempotent. */
  close(): void {
    this.#closed = true;
    this.#watcher?.close();
  }
}
