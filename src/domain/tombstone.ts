// Deleted resources stay visible to Describe* for a while, in state DELETED (MediaLive shows a
// deleted channel, input or security group for some time after the delete).

/** Whether Describe* shows the record: it exists, and is live or was deleted less than `retentionMs` ago. */
export function describable<T extends { readonly deletedAtMs?: number }>(record: T | undefined, nowMs: number, retentionMs: number): record is T {
  return record !== undefined && (record.deletedAtMs === undefined || nowMs - record.deletedAtMs <= retentionMs);
}

/** The record when it exists and is not deleted; otherwise the error `notFound` makes (each resource's NotFound). */
export function liveOrThrow<T extends { readonly deletedAtMs?: number }>(record: T | undefined, notFound: () => Error): T {
  if (!record || record.deletedAtMs !== undefined) throw notFound();
  return record;
}
