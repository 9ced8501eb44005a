// Writes and deletes objects of one folder of one bucket: `put` through lib-storage's
// managed Upload (one PutObject for a small body, a multipart upload in parts for a large
// one, aborted when it fails), `delete` through DeleteObject (S3 answers 204 for a key
// that is already gone). The bucket's store is looked up at each call, so a fixed
// configuration applies to the next attempt; every failure rejects with a one-line reason.

import { DeleteObjectCommand, GetObjectCommand, type ObjectCannedACL } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { Readable } from "node:stream";
import type { ObjectStoreResolver } from "../../config/object-stores.ts";
import type { S3Clients } from "./s3-clients.ts";

/** Large files go in parts of this size (S3's minimum part is 5 MiB). */
const PART_SIZE_BYTES = 8 * 1024 * 1024;

export interface S3ObjectWriterOptions {
  readonly bucket: string;
  /** "" or "path/to/": prefixes every key. */
  readonly keyPrefix: string;
  /** s3ssl://: the endpoint must be https. */
  readonly tls: boolean;
  readonly objectStores: ObjectStoreResolver;
  readonly clients: S3Clients;
  /** MediaLive cannedAcl (S3CannedAcl: AUTHENTICATED_READ, BUCKET_OWNER_FULL_CONTROL, BUCKET_OWNER_READ, PUBLIC_READ); absent: the bucket's default. */
  readonly cannedAcl?: string;
}

/** MediaLive's S3CannedAcl values → S3's x-amz-acl values. */
export function s3Acl(cannedAcl: string | undefined): ObjectCannedACL | undefined {
  if (cannedAcl === undefined) return undefined;
  return cannedAcl.toLowerCase().replace(/_/g, "-") as ObjectCannedACL;
}

export class S3ObjectWriter {
  readonly #options: S3ObjectWriterOptions;

  constructor(options: S3ObjectWriterOptions) {
    this.#options = options;
  }

  key(name: string): string {
    return `${this.#options.keyPrefix}${name}`;
  }

  /** s3://bucket/key, for messages. */
  describe(name: string): string {
    return `s3://${this.#options.bucket}/${this.key(name)}`;
  }

  /** `body`: the bytes, or a function opening a stream of them (called only once the store is known). */
  async put(name: string, body: Buffer | (() => Readable), contentType: string): Promise<void> {
    const acl = s3Acl(this.#options.cannedAcl);
    const client = this.#client();
    const upload = new Upload({
      client,
      partSize: PART_SIZE_BYTES,
      leavePartsOnError: false,
      params: { Bucket: this.#options.bucket, Key: this.key(name), Body: typeof body === "function" ? body() : body, ContentType: contentType, ...(acl ? { ACL: acl } : {}) },
    });
    await upload.done();
  }

  async delete(name: string): Promise<void> {
    await this.#client().send(new DeleteObjectCommand({ Bucket: this.#options.bucket, Key: this.key(name) }));
  }

  /** Reads an object back (GetObject) within `timeoutMs`: its bytes, undefined when there is no such key (or bucket); rejects when the store was not reached. */
  async get(name: string, timeoutMs: number, maxBytes: number): Promise<Buffer | undefined> {
    try {
      const answer = await this.#client().send(new GetObjectCommand({ Bucket: this.#options.bucket, Key: this.key(name) }), { abortSignal: AbortSignal.timeout(timeoutMs) });
      // S3 declares every object's length: one larger than the caller reads back is not read.
      if ((answer.ContentLength ?? 0) > maxBytes) {
        answer.Body?.transformToWebStream().cancel().catch(() => undefined);
        throw new Error(`s3://${this.#options.bucket}/${this.key(name)}: larger than ${maxBytes} bytes; not read back`);
      }
      return answer.Body ? Buffer.from(await answer.Body.transformToByteArray()) : Buffer.alloc(0);
    } catch (error) {
      // No such key, or no bucket at all: the store answered, and holds nothing of this name.
      const name = (error as { name?: string }).name;
      if (name === "NoSuchKey" || name === "NoSuchBucket") return undefined;
      throw error;
    }
  }

  #client() {
    const { bucket, tls, objectStores, clients } = this.#options;
    const found = clients.clientFor(objectStores(bucket), bucket, tls);
    if (!found.ok) throw new Error(found.message);
    return found.client;
  }
}
