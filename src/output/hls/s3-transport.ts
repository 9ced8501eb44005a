// The folder mirror's transport to an S3 bucket (s3://, s3ssl:// HLS destinations): each
// file of the staging folder becomes the object `<key folder><file name>` with its HLS
// content type and the group's cannedAcl (hlsS3Settings); expired segments are deleted.

import type { ObjectStoreResolver } from "../../config/object-stores.ts";
import type { S3Destination } from "../encoder/plan-types.ts";
import type { S3Clients } from "../object-store/s3-clients.ts";
import { S3ObjectWriter } from "../object-store/s3-object-writer.ts";
import { READ_BACK_MAX_BYTES, READ_BACK_TIMEOUT_MS, type MirrorTransport } from "./folder-mirror.ts";
import { hlsContentType } from "./hls-content-types.ts";

export function s3MirrorTransport(destination: S3Destination, objectStores: ObjectStoreResolver, clients: S3Clients, cannedAcl: string | undefined): MirrorTransport {
  const writer = new S3ObjectWriter({ ...destination, objectStores, clients, ...(cannedAcl !== undefined ? { cannedAcl } : {}) });
  return {
    describe: (name) => writer.describe(name),
    put: (name, body) => writer.put(name, body, hlsContentType(name)),
    delete: (name) => writer.delete(name),
    // Short: it runs before an encoder starts, to continue the playlist the bucket holds.
    get: (name) => writer.get(name, READ_BACK_TIMEOUT_MS, READ_BACK_MAX_BYTES),
  };
}
