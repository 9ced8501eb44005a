// Publishes an HLS output group to an http(s) destination (MediaLive hlsCdnSettings:
// hlsBasicPutSettings / hlsWebdavSettings). The encoder writes into a local staging
// folder; this mirror PUTs every finished file (segments before the playlist that lists
// them, whatever order the folder reported them in) and DELETEs the segments the encoder
// expires, with basic auth on every request and MediaLive's retry settings:
// `numRetries` attempts `connectionRetryInterval` seconds apart, then the file is given up
// (an alert says so) and, after `restartDelay` seconds, the next one goes. The files stay
// on disk until the encoder expires them, which is what `filecacheDuration` asks for. ffmpeg's own HTTP output neither retries nor
// answers an authentication challenge on DELETE, hence this.

import { watch, type FSWatcher } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { hlsContentType } from "./hls-content-types.ts";

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

/**
 * The files of this folder a playlist names (RFC 8216 §4.1: a URI line, or a URI="…"
 * attribute of EXT-X-MEDIA, EXT-X-I-FRAME-STREAM-INF, EXT-X-MAP). Only bare names: a URI
 * with a path or a scheme points elsewhere and is not this mirror's to send.
 */
export function playlistReferences(playlist: string): string[] {
  const names: string[] = [];
  for (const rawLine of playlist.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line) continue;
    if (line.startsWith("#")) {
      for (const match of line.matchAll(/URI="([^"]*)"/g)) names.push(match[1]!);
    } else {
      names.push(line);
    }
  }
  return [...new Set(names.filter((name) => /^[^/\\:?#]+$/.test(name)))];
}

const REQUEST_TIMEOUT_MS = 10_000;

export class HttpMirror {
  readonly #options: HttpMirrorOptions;
  readonly #queue: string[] = [];
  readonly #uploaded = new Set<string>();
  /** Files that failed every attempt: a playlist listing one goes without it (MediaLive moves on too). */
  readonly #givenUp = new Set<string>();
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
      this.#givenUp.delete(filename);
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

  /**
   * The file exists → PUT it; it is gone and was uploaded → DELETE it. A playlist goes only
   * after the files it lists: a CDN must never serve a playlist naming a segment it does not
   * have (players would 404). The folder's change events do not promise that order: a
   * playlist still queued from its last change is ahead of a segment finished since, and is
   * read only when its turn comes, by then listing that segment.
   */
  async #sync(name: string, listedBy: ReadonlySet<string> = new Set()): Promise<void> {
    let body: Buffer | undefined;
    try {
      body = await readFile(path.join(this.#options.folder, name));
    } catch {
      body = undefined;
    }
    if (body) {
      if (name.endsWith(".m3u8")) {
        const parents = new Set([...listedBy, name]);
        for (const listed of playlistReferences(body.toString("utf8"))) {
          if (this.#uploaded.has(listed) || this.#givenUp.has(listed) || parents.has(listed) || this.#closed) continue;
          const queued = this.#queue.indexOf(listed);
          if (queued >= 0) this.#queue.splice(queued, 1);
          await this.#sync(listed, parents);
        }
        // Sent as read: a newer version may list newer files, and its own change event queues it again.
      }
      if (await this.#request("PUT", name, body)) this.#uploaded.add(name);
      else this.#givenUp.add(name);
    } else if (this.#uploaded.delete(name)) {
      await this.#request("DELETE", name);
    }
  }

  async #request(method: "PUT" | "DELETE", name: string, body?: Buffer): Promise<boolean> {
    const headers: Record<string, string> = {};
    if (this.#options.username !== undefined) headers.authorization = `Basic ${Buffer.from(`${this.#options.username}:${this.#options.password ?? ""}`).toString("base64")}`;
    if (body) headers["content-type"] = hlsContentType(name);
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
