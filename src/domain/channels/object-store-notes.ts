// What an s3:// or s3ssl:// destination does not use: MediaLive reaches a bucket with the
// channel's role, and openlive with the bucket's entry of the S3 configuration file
// (docs/outputs.md), so a username or passwordParam on such a destination is accepted and
// told, never used.

import type { ChannelConfig } from "./channel-config.ts";
import { parseHlsDestinationUrl } from "./destination-url.ts";
import type { NotHonouredSetting } from "./supported-features.ts";

export function objectStoreCredentialNotes(config: ChannelConfig): NotHonouredSetting[] {
  return (config.destinations ?? []).flatMap((destination, d) =>
    (destination?.settings ?? []).flatMap((setting, i) => {
      const parsed = parseHlsDestinationUrl(setting?.url ?? "");
      if (!parsed.ok || parsed.kind !== "s3") return [];
      return (["username", "passwordParam"] as const)
        .filter((member) => typeof setting[member] === "string" && setting[member] !== "")
        .map((member) => ({ elementPath: `destinations[${d}].settings[${i}].${member}`, reason: `not used for ${parsed.tls ? "s3ssl" : "s3"}:// destinations: the bucket's credentials come from the S3 configuration file (--s3-config, docs/outputs.md)` }));
    }),
  );
}
