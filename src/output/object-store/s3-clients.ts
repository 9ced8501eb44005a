// One S3 client per store setting (an entry of the S3 configuration, with TLS or not),
// made on first use and kept while the pipeline runs: the AWS SDK v3 signs every request
// (SigV4), addresses the bucket by path or by virtual host and keeps its connections.
// The SDK's own retries are off: the senders retry per the group's MediaLive settings
// (../upload-attempts.ts).

import { S3Client } from "@aws-sdk/client-s3";
import type { ObjectStoreLookup, ObjectStoreSettings } from "../../config/object-stores.ts";

const CONNECTION_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 30_000;

export type S3ClientLookup = { readonly ok: true; readonly client: S3Client; readonly settings: ObjectStoreSettings } | { readonly ok: false; readonly message: string };

export class S3Clients {
  readonly #clients = new Map<string, S3Client>();

  /** The client for a bucket's looked-up settings; `tls` (s3ssl://) refuses a plain-http endpoint. */
  clientFor(lookup: ObjectStoreLookup, bucket: string, tls: boolean): S3ClientLookup {
    if (!lookup.ok) return lookup;
    const { settings } = lookup;
    if (tls && settings.endpoint?.startsWith("http:")) {
      return { ok: false, message: `s3ssl://${bucket} asks for TLS, but the S3 configuration's entry "${settings.entry}" has the plain-http endpoint ${settings.endpoint}: use an https endpoint, or an s3:// destination` };
    }
    const key = JSON.stringify(settings);
    let client = this.#clients.get(key);
    if (!client) {
      client = new S3Client({
        region: settings.region,
        ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
        forcePathStyle: settings.forcePathStyle,
        ...(settings.accessKeyId !== undefined ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey ?? "" } } : {}),
        maxAttempts: 1,
        requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
      });
      this.#clients.set(key, client);
    }
    return { ok: true, client, settings };
  }

  /** Closes every client's connections; idempotent. */
  close(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }
}
