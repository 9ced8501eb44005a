// What an output kind that writes finished files (archive, frame capture) calls to send
// them to an s3:// or s3ssl:// destination: publish() queues a local file under a key
// below the destination's folder; one file goes at a time, in order, retried per the
// group's settings (../upload-attempts.ts), large ones as multipart uploads. A file given
// up raises MediaLive's output alert for the group and is held (staged, not lost): while
// files are held each new file gets one attempt (so files never queue behind a dead
// destination's retries), and the first one stored clears the alert and queues the held
// files again. What is held is bounded (MAX_HELD_BYTES; the oldest go first). The local
// file is removed once it is stored (the encoder's folder is only a staging place).

import { createReadStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import type { ObjectStoreResolver } from "../../config/object-stores.ts";
import { parseHlsDestinationUrl } from "../../domain/channels/destination-url.ts";
import { AlertCatalogue, type AlertEvent } from "../../shared/alerts.ts";
import { UploadAttempts, type RetrySettings } from "../upload-attempts.ts";
import { S3Clients } from "./s3-clients.ts";
import { S3ObjectWriter } from "./s3-object-writer.ts";

export interface ObjectPublisherContext extends Omit<RetrySettings, "onFailure" | "onRecovered"> {
  /** The bucket → store lookup of the pipeline (BesideContext.objectStores). */
  readonly objectStores: ObjectStoreResolver;
  readonly alert: (alert: AlertEvent) => void;
  /** The output group's name, in alert messages. */
  readonly groupName: string;
  /** MediaLive cannedAcl (archiveS3Settings, frameCaptureS3Settings, hlsS3Settings). */
  readonly cannedAcl?: string;
  /** The content type of a key (default application/octet-stream). */
  readonly contentTypeOf?: (relativeKey: string) => string;
  /** Keep the local file after it was stored (default: removed). */
  readonly keepLocalFiles?: boolean;
}

export interface ObjectPublisher {
  /** Queues `localPath` for `<destination folder>/<relativeKey>`; never throws (failures are alerts). */
  publish(localPath: string, relativeKey: string): void;
  /** Files given up after every retry, for /metrics (OutputCounters.uploadFailures). */
  readonly failures: number;
  /** Files given up and kept until the destination accepts again. */
  readonly held: number;
  /** Sends what is queued (each file still gets its attempts), then closes the connections. Idempotent. */
  close(): Promise<void>;
}

/** A publisher for an s3:// or s3ssl:// destination URL (`s3ssl://bucket/path/baseName`: keys go below `path/`); throws for any other URL. */
export function openObjectPublisher(destinationUrl: string, context: ObjectPublisherContext): ObjectPublisher {
  const parsed = parseHlsDestinationUrl(destinationUrl);
  if (!parsed.ok || parsed.kind !== "s3") throw new Error(`${destinationUrl} is not an s3:// or s3ssl:// destination`);
  return openBucketPublisher(parsed, context);
}

/** A folder of a bucket: keys go below `keyPrefix` ("" or "path/to/"). */
export interface BucketFolder {
  readonly bucket: string;
  readonly keyPrefix: string;
  /** s3ssl://: TLS to the endpoint whatever the configured endpoint says. */
  readonly tls: boolean;
}

/** A publisher for a folder of a bucket. */
export function openBucketPublisher(folder: BucketFolder, context: ObjectPublisherContext): ObjectPublisher {
  const clients = new S3Clients();
  const writer = new S3ObjectWriter({ bucket: folder.bucket, keyPrefix: folder.keyPrefix, tls: folder.tls, objectStores: context.objectStores, clients, ...(context.cannedAcl !== undefined ? { cannedAcl: context.cannedAcl } : {}) });
  return new QueuedObjectPublisher(writer, clients, context);
}

const OUTPUT_FAILED = AlertCatalogue.OUTPUT_FAILED.alertType;
/** Files given up and kept for when the destination accepts again, per publisher (≈ 7 min of a 10 Mb/s archive). */
export const MAX_HELD_BYTES = 512 * 1024 * 1024;

interface HeldFile {
  readonly localPath: string;
  readonly relativeKey: string;
  readonly bytes: number;
}

class QueuedObjectPublisher implements ObjectPublisher {
  readonly #writer: S3ObjectWriter;
  readonly #clients: S3Clients;
  readonly #context: ObjectPublisherContext;
  readonly #attempts: UploadAttempts;
  #chain: Promise<void> = Promise.resolve();
  #held: HeldFile[] = [];
  #heldBytes = 0;
  #failures = 0;
  #closing: Promise<void> | undefined;

  constructor(writer: S3ObjectWriter, clients: S3Clients, context: ObjectPublisherContext) {
    this.#writer = writer;
    this.#clients = clients;
    this.#context = context;
    this.#attempts = new UploadAttempts({
      ...context,
      onFailure: (message) => {
        this.#failures += 1;
        // Raised once per outage: the files given up after the first only add to the count.
        if (this.#held.length > 0) return;
        context.alert({ alertType: OUTPUT_FAILED, message: `output group ${context.groupName}: ${message}`, state: "SET", atMs: Date.now(), outputGroup: context.groupName });
      },
      onRecovered: () => context.alert({ alertType: OUTPUT_FAILED, message: `output group ${context.groupName}: uploads succeed again`, state: "CLEARED", atMs: Date.now(), outputGroup: context.groupName }),
    });
  }

  get failures(): number {
    return this.#failures;
  }

  publish(localPath: string, relativeKey: string): void {
    if (!this.#closing) this.#enqueue(localPath, relativeKey);
  }

  #enqueue(localPath: string, relativeKey: string): void {
    this.#chain = this.#chain.then(() => this.#send(localPath, relativeKey));
  }

  async #send(localPath: string, relativeKey: string): Promise<void> {
    const contentType = this.#context.contentTypeOf?.(relativeKey) ?? "application/octet-stream";
    // While files are held the destination is known to refuse: one attempt, not numRetries.
    const numRetries = this.#held.length > 0 ? 0 : undefined;
    // A fresh stream per attempt: a failed attempt has consumed the previous one.
    const stored = await this.#attempts.run(`PUT ${this.#writer.describe(relativeKey)}`, () => this.#writer.put(relativeKey, () => createReadStream(localPath), contentType), numRetries);
    if (!stored) return this.#attempts.closed ? undefined : this.#hold(localPath, relativeKey);
    if (!this.#context.keepLocalFiles) await rm(localPath, { force: true }).catch(() => undefined);
    // The destination accepts again: what was held goes next, oldest first.
    for (const held of this.#held.splice(0)) this.#enqueue(held.localPath, held.relativeKey);
    this.#heldBytes = 0;
  }

  async #hold(localPath: string, relativeKey: string): Promise<void> {
    const bytes = await stat(localPath).then((info) => info.size, () => undefined);
    if (bytes === undefined) return;
    this.#held.push({ localPath, relativeKey, bytes });
    this.#heldBytes += bytes;
    while (this.#heldBytes > MAX_HELD_BYTES && this.#held.length > 1) {
      const dropped = this.#held.shift()!;
      this.#heldBytes -= dropped.bytes;
      await rm(dropped.localPath, { force: true }).catch(() => undefined);
    }
  }

  get held(): number {
    return this.#held.length;
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      // A file stored while closing may queue the held ones behind it: wait until the queue stays as it is.
      for (let chain = this.#chain; ; chain = this.#chain) {
        await chain;
        if (chain === this.#chain) break;
      }
      await this.#clients.close();
    })();
    return this.#closing;
  }
}
