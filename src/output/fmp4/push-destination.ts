// The HTTP peer of a push output group for one pipeline: destinations[].settings[pipeline]'s
// URL, with its username and the password held in the secret store under passwordParam.

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { HttpPushTarget } from "./http-post.ts";

export interface PushDestination extends HttpPushTarget {
  /** passwordParam names a secret the store does not hold (the request goes without a password). */
  readonly missingSecret?: string;
}

export function pushDestination(config: ChannelConfig, destinationRefId: string | undefined, pipelineIndex: 0 | 1, resolveSecret: (name: string) => string | undefined): PushDestination | undefined {
  const setting = config.destinations?.find((destination) => destination.id === destinationRefId)?.settings?.[pipelineIndex];
  if (!setting?.url) return undefined;
  const password = setting.passwordParam ? resolveSecret(setting.passwordParam) : undefined;
  return {
    url: setting.url,
    ...(setting.username ? { username: setting.username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(setting.passwordParam && password === undefined ? { missingSecret: setting.passwordParam } : {}),
  };
}

/** `<publishing point>/<path>`: the destination URL without a trailing slash, then the path. */
export function joinPublishingPoint(destinationUrl: string, path: string): string {
  return `${destinationUrl.replace(/\/+$/, "")}/${path}`;
}
