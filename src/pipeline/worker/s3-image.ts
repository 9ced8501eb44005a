// A still image read from an S3 bucket (s3://<bucket>/<key>, s3ssl:// over TLS to the
// endpoint), as MediaLive reads slates and overlay images from Amazon S3: the bucket's
// endpoint, region and credentials come from the S3 configuration the outputs use
// (src/config/object-stores.ts), the read with the AWS SDK's GetObject, at most `maxBytes`
// and `timeoutMs` (for the request and the whole body) as the http(s) loader.

import { GetObjectCommand } from "@aws-sdk/client-s3";
import type { ObjectStoreResolver } from "../../config/object-stores.ts";
import { S3Clients } from "../../output/object-store/s3-clients.ts";

/** The bucket and key of an s3:// or s3ssl:// URL, or undefined for another URL. */
export function s3ObjectOf(uri: string): { readonly bucket: string; readonly key: string; readonly tls: boolean } | undefined {
  const match = /^(s3|s3ssl):\/\/([^/?#]+)\/([^?#]+)$/i.exec(uri);
  if (!match) return undefined;
  let key: string;
  try {
    key = decodeURIComponent(match[3]!);
  } catch {
    return undefined;
  }
  return { bucket: match[2]!, key, tls: match[1]!.toLowerCase() === "s3ssl" };
}

export async function readS3Image(uri: string, objectStores: ObjectStoreResolver | undefined, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  const object = s3ObjectOf(uri);
  if (!object) throw new Error(`${uri} is not s3://<bucket>/<key> or s3ssl://<bucket>/<key>`);
  if (!objectStores) throw new Error(`${uri}: no S3 configuration in this pipeline`);
  const clients = new S3Clients();
  try {
    const found = clients.clientFor(objectStores(object.bucket), object.bucket, object.tls);
    if (!found.ok) throw new Error(`${uri}: ${found.message}`);
    // One deadline for the request and the body: a server that answers at once and then sends
    // the body slowly is cut off by it too (the client's own socket timeout only bounds each gap).
    const deadline = AbortSignal.timeout(timeoutMs);
    const response = await found.client.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }), { abortSignal: deadline }).catch((error: Error) => {
      throw new Error(`${uri}: ${deadline.aborted ? `no answer within ${timeoutMs} ms` : error.message}`);
    });
    const body = response.Body as (AsyncIterable<Uint8Array> & { on?: (event: "error", listener: () => void) => void; destroy?: (error?: Error) => void }) | undefined;
    // A body left unread is dropped here; its connection's end must not surface as an error later.
    body?.on?.("error", () => undefined);
    const chunks: Uint8Array[] = [];
    let total = 0;
    const late = (): Error => new Error(`${uri}: not read within ${timeoutMs} ms (${total} bytes came)`);
    const cutOff = (): void => body?.destroy?.(late());
    deadline.addEventListener("abort", cutOff, { once: true });
    try {
      if (deadline.aborted) cutOff();
      if (response.ContentLength !== undefined && response.ContentLength > maxBytes) throw new Error(`${uri} is ${response.ContentLength} bytes, over the ${maxBytes} a still image may have`);
      for await (const chunk of body ?? []) {
        total += chunk.length;
        if (total > maxBytes) throw new Error(`${uri} is over the ${maxBytes} bytes a still image may have`);
        chunks.push(chunk);
      }
    } catch (error) {
      body?.destroy?.();
      throw deadline.aborted ? late() : error;
    } finally {
      deadline.removeEventListener("abort", cutOff);
    }
    return Buffer.concat(chunks);
  } finally {
    clients.close();
  }
}
