// How the HLS http(s) mirror delivers to a group's CDN: MediaLive's retry members of the
// group's hlsCdnSettings (hlsBasicPutSettings, hlsWebdavSettings, hlsAkamaiSettings,
// hlsMediaStoreSettings: connectionRetryInterval, numRetries, restartDelay, in seconds) as
// the mirror's retry settings, and whether bodies go with chunked transfer coding (an Akamai
// or WebDAV destination's httpTransferMode CHUNKED).

import type { HlsCdnSettings } from "../../model/generated/medialive-types.ts";
import type { RetrySettings } from "../upload-attempts.ts";

export interface CdnDelivery {
  readonly retry: Pick<RetrySettings, "numRetries" | "retryIntervalMs" | "restartDelayMs">;
  readonly chunked: boolean;
}

export function cdnDelivery(cdn: HlsCdnSettings | undefined): CdnDelivery {
  const settings = cdn?.hlsBasicPutSettings ?? cdn?.hlsWebdavSettings ?? cdn?.hlsAkamaiSettings ?? cdn?.hlsMediaStoreSettings;
  return {
    retry: {
      ...(settings?.numRetries !== undefined ? { numRetries: settings.numRetries } : {}),
      ...(settings?.connectionRetryInterval !== undefined ? { retryIntervalMs: settings.connectionRetryInterval * 1000 } : {}),
      ...(settings?.restartDelay !== undefined ? { restartDelayMs: settings.restartDelay * 1000 } : {}),
    },
    chunked: (cdn?.hlsAkamaiSettings ?? cdn?.hlsWebdavSettings)?.httpTransferMode === "CHUNKED",
  };
}
