// The wording of one 422 validation entry for a source that is not ready. Pure.
// The message names the attachment (the name the user chose in the channel JSON), the input
// ID and the source URL, so a user with several inputs can tell which one to fix.

import { redactUrl } from "../source-access/redact-url.ts";

export interface NotReadySubject {
  readonly attachmentName: string;
  readonly inputId: string;
  /** The source as the user wrote it (a URL, or srt://host:port for an SRT caller source). */
  readonly sourceLabel: string;
}

export function formatNotReady(subject: NotReadySubject, reason: string): string {
  // An attachment name is optional in the wire shape; an empty one would read as `Attachment ""`.
  const who = subject.attachmentName === "" ? `Input ${subject.inputId}` : `Attachment "${subject.attachmentName}": input ${subject.inputId}`;
  return `${who} source ${redactUrl(subject.sourceLabel)} is not ready: ${reason}`;
}

/** How an SRT caller source is shown: the listener it calls, with its stream ID when it has one. */
export function srtSourceLabel(address: string, port: string, streamId?: string): string {
  const host = address.includes(":") ? `[${address}]` : address;
  const query = streamId !== undefined && streamId !== "" ? `?streamid=${encodeURIComponent(streamId)}` : "";
  return `srt://${host}:${port}${query}`;
}
