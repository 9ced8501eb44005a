// Where a finished file of an archive or frame capture output goes once the encoder has
// closed it: a file:// destination already holds it (the staged file was moved into the
// destination folder), an S3 destination publishes it from a staging folder. A file is
// finished when the encoder has started the next one or stopped (archive), or as soon as it
// is written (frame capture, written atomically).

import type { ObjectStoreResolver } from "../../config/object-stores.ts";
import type { AlertEvent } from "../../shared/alerts.ts";
import { openBucketPublisher } from "../object-store/object-publisher.ts";
import type { ResolvedFileGroupDestination } from "./file-group-destinations.ts";

export interface FinishedFileSink {
  /**
   * `localPath` is complete and named `name` (`<baseFilename><nameModifier>.<counter>.<ext>`).
   * For an S3 destination the file then belongs to the sink (it removes it once published).
   */
  fileFinished(localPath: string, name: string): void;
  /** Publishes what it was handed, then stops; idempotent. */
  close(): Promise<void>;
}

/** file:// destinations: the files are already in place. */
export const LOCAL_FILE_SINK: FinishedFileSink = {
  fileFinished: () => {},
  close: () => Promise.resolve(),
};

/** What an S3 destination's sink needs of the pipeline beside the bucket folder. */
export interface S3SinkContext {
  readonly objectStores: ObjectStoreResolver;
  readonly alert: (alert: AlertEvent) => void;
  readonly groupName: string;
  readonly cannedAcl: string | undefined;
}

/** Content types of the files these groups write (archive TS files, frame capture JPEGs). */
function contentTypeOf(name: string): string {
  if (/\.jpe?g$/i.test(name)) return "image/jpeg";
  if (/\.(ts|m2ts|mts)$/i.test(name)) return "video/mp2t";
  return "application/octet-stream";
}

/** An S3 destination: each finished file is queued on the object-store publisher (which retries, alerts and removes it once stored). */
export function s3FileSink(destination: Extract<ResolvedFileGroupDestination, { kind: "s3" }>, context: S3SinkContext): FinishedFileSink & { readonly failures: number } {
  const publisher = openBucketPublisher(
    { bucket: destination.bucket, keyPrefix: destination.prefix ? `${destination.prefix}/` : "", tls: destination.tls },
    { objectStores: context.objectStores, alert: context.alert, groupName: context.groupName, contentTypeOf, ...(context.cannedAcl !== undefined ? { cannedAcl: context.cannedAcl } : {}) },
  );
  return {
    fileFinished: (localPath, name) => publisher.publish(localPath, name),
    close: () => publisher.close(),
    get failures() {
      return publisher.failures;
    },
  };
}
