import type { ChannelState, Tags } from "../records.ts";
import type { ChannelConfig } from "./channel-config.ts";

export interface ChannelRecord {
  readonly id: string;
  readonly config: ChannelConfig;
  readonly state: ChannelState;
  readonly tags: Tags;
  readonly requestId?: string;
  /** Fingerprint of the create request, to tell a retry from a reuse of the token. */
  readonly requestFingerprint?: string;
  readonly deletedAtMs?: number;
}

/** IDs of the inputs a channel configuration attaches, in attachment order, without duplicates. */
export function attachedInputIds(config: ChannelConfig): string[] {
  const ids: string[] = [];
  for (const attachment of config.inputAttachments ?? []) {
    if (typeof attachment?.inputId === "string" && !ids.includes(attachment.inputId)) ids.push(attachment.inputId);
  }
  return ids;
}
