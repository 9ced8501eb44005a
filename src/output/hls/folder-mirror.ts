// Publishes a local folder the encoder writes to a remote store, whatever carries the files
// (an http(s) PUT/DELETE origin, an S3 bucket: a MirrorTransport). It sends every finished
// file (segments before the playlist that lists them, whatever order the folder reported
// them in) and deletes at the store the segments the encoder expires, with MediaLive's
// retry settings (../upload-attempts.ts): a file given up after its retries is skipped by
// the playlists' ordering, and an alert says so. The files stay on disk until the encoder expires them, which is what `filecacheDuration`
// asks for.

import { watch, type FSWatcher } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { UploadAttempts, type RetrySettings } from "../upload-attempts.ts";
import { isEncoderPlaylist } from "./playlist-continuity.ts";

/**
 * The store refused a write because another writer took the pipeline over (a newer fencing
 * epoch): nothing this mirror sends can be accepted any more.
 */
export class ReplacedError extends Error {
  override readonly name = "ReplacedError";
}

/** Reading a playlist back before an encoder starts: short, so a destination that does not answer delays nothing much. */
export const READ_BACK_TIMEOUT_MS = 3_000;
/** A playlist read back is far smaller; a destination answering more is not read further. */
export const READ_BACK_MAX_BYTES = 8 * 1024 * 1024;

/** How files reach the store; each call is one attempt (the mirror retries). */
export interface MirrorTransport {
  /** Where `name` goes, for messages (a URL; never credentials). */
  describe(name: string): string;
  /** Stores `name`; rejects with the reason when the store refused or was not reached. */
  put(name: string, body: Buffer): Promise<void>;
  /** Removes `name`; resolves when it is gone (already gone included). */
  delete(name: string): Promise<void>;
  /**
   * Reads `name` back (one attempt, within READ_BACK_TIMEOUT_MS): its bytes, undefined when the
   * store has no such file; rejects when not reached or when it holds more than READ_BACK_MAX_BYTES.
   */
  get?(name: string): Promise<Buffer | undefined>;
}

export interface FolderMirrorOptions extends RetrySettings {
  /** The local folder the encoder writes. */
  readonly folder: string;
  readonly transport: MirrorTransport;
  /** An alert is already set for this destination (the first upload that succeeds clears it). */
  readonly failing?: boolean;
  /** The store refused a write as coming from a replaced writer (ReplacedError): the mirror has stopped for good. */
  readonly onReplaced?: (message: string) => void;
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

/** Reads of one playlist while the files it lists vanish under the mirror (see #afterListed). */
const PLAYLIST_READS = 4;

export class FolderMirror {
  readonly #options: FolderMirrorOptions;
  readonly #queue: string[] = [];
  readonly #uploaded = new Set<string>();
  /** Files that failed every attempt: a playlist listing one goes without it (MediaLive moves on too). */
  readonly #givenUp = new Set<string>();
  readonly #attempts: UploadAttempts;
  #watcher: FSWatcher | undefined;
  #running = false;

  constructor(options: FolderMirrorOptions) {
    this.#options = options;
    this.#attempts = new UploadAttempts({ ...options, onRecovered: () => this.#recovered() }, options.failing);
  }

  /**
   * The store takes files again: a playlist given up while it failed goes again (a master
   * playlist is written once per plan, not at every segment, so no change would send it).
   * Segments given up stay given up: the playlists have moved on past most of them.
   */
  #recovered(): void {
    for (const name of this.#givenUp) {
      if (!name.endsWith(".m3u8")) continue;
      this.#givenUp.delete(name);
      if (!this.#queue.includes(name)) this.#queue.push(name);
    }
    this.#options.onRecovered?.();
  }

  start(): void {
    this.#watcher = watch(this.#options.folder, (_event, filename) => {
      // The encoder's own playlists are its working copies (playlist-continuity.ts), never published.
      if (!filename || filename.endsWith(".tmp") || isEncoderPlaylist(filename)) return;
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
      while (this.#queue.length && !this.#attempts.closed) await this.#sync(this.#queue.shift()!);
    } finally {
      this.#running = false;
    }
  }

  /**
   * The file exists → store it; it is gone and was stored → delete it. A playlist goes only
   * after the files it lists: a CDN must never serve a playlist naming a segment it does not
   * have (players would 404). The folder's change events do not promise that order: a
   * playlist still queued from its last change is ahead of a segment finished since, and is
   * read only when its turn comes, by then listing that segment.
   */
  async #sync(name: string, listedBy: ReadonlySet<string> = new Set()): Promise<void> {
    let body = await this.#read(name);
    if (body && name.endsWith(".m3u8")) body = await this.#afterListed(name, body, listedBy);
    if (body) {
      const sent = body;
      if (await this.#attempt("PUT", name, () => this.#options.transport.put(name, sent))) this.#uploaded.add(name);
      else this.#givenUp.add(name);
    } else if (this.#uploaded.delete(name)) {
      await this.#attempt("DELETE", name, () => this.#options.transport.delete(name));
    }
  }

  async #read(name: string): Promise<Buffer | undefined> {
    try {
      return await readFile(path.join(this.#options.folder, name));
    } catch {
      return undefined;
    }
  }

  /**
   * Sends what `playlist` (as read) lists, and returns the version to send: a listed file gone
   * from the folder before it could be sent means the encoder expired it since that read (a
   * mirror behind the encoder), so the playlist is read again — its newer version no longer
   * lists it — up to PLAYLIST_READS times; undefined when the playlist itself is gone. A
   * playlist sent as read may still list newer files than the last read: its own change event
   * queues it again.
   */
  async #afterListed(name: string, playlist: Buffer, listedBy: ReadonlySet<string>): Promise<Buffer | undefined> {
    const parents = new Set([...listedBy, name]);
    let body: Buffer | undefined = playlist;
    for (let read = 1; body !== undefined; read += 1) {
      let vanished = false;
      for (const listed of playlistReferences(body.toString("utf8"))) {
        if (this.#uploaded.has(listed) || this.#givenUp.has(listed) || parents.has(listed) || this.#attempts.closed) continue;
        const queued = this.#queue.indexOf(listed);
        if (queued >= 0) this.#queue.splice(queued, 1);
        await this.#sync(listed, parents);
        if (!this.#uploaded.has(listed) && !this.#givenUp.has(listed)) vanished = true;
      }
      if (!vanished || read >= PLAYLIST_READS || this.#attempts.closed) return body;
      body = await this.#read(name);
    }
    return undefined;
  }

  #attempt(what: "PUT" | "DELETE", name: string, send: () => Promise<void>): Promise<boolean> {
    const described = `${what} ${this.#options.transport.describe(name)}`;
    return this.#attempts.run(described, () =>
      send().catch((error: unknown) => {
        // Retrying cannot help: the store has a newer writer. Stop before the next attempt.
        if (error instanceof ReplacedError && !this.#attempts.closed) {
          this.close();
          this.#options.onReplaced?.(`${described}: ${error.message}`);
        }
        throw error;
      }),
    );
  }

  /** Stops watching; what is queued is dropped. Idempotent. */
  close(): void {
    this.#attempts.close();
    this.#watcher?.close();
  }
}
