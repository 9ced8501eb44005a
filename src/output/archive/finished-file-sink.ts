// Where a finished file of an archive or frame capture output goes once the encoder has
// closed it: a file:// destination already holds it (the staged file was moved into the
// destination folder), an S3 destination publishes it from a staging folder. A file is
// finished when the encoder has started the next one or stopped (archive), or as soon as it
// is written (frame capture, written atomically).

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

/** An S3 destination's sink: the object-store publisher, given the bucket, the key prefix and the group's canned ACL. */
export type S3SinkFactory = (destination: Extract<ResolvedFileGroupDestination, { kind: "s3" }>, cannedAcl: string | undefined) => FinishedFileSink;
