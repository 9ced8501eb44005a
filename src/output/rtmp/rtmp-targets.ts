// The RTMP outputs of this pipeline: where each publishes (`rtmp://host[:port]/app` or
// rtmps://, the destination's streamName as the stream key), how it retries and caches, and
// which alert it raises. The stream key stays in this process: it is what lets anyone
// publish to the channel on YouTube or Twitch, so it appears in no log, alert or command line;
// so does the destination's password (resolved from openlive's secret store at each connect).

import net from "node:net";
import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { RtmpGroupSettings } from "../../model/generated/medialive-types.ts";
import { parseRtmpDestinationUrl, urlHost } from "../../domain/channels/push-destination-url.ts";
import { AlertCatalogue } from "../../shared/alerts.ts";
import { outputGroupKey, outputSlaveKey } from "../output-group-key.ts";
import { CacheFullBehaviors, type PushCacheSettings } from "../push/push-cache.ts";
import { MAX_QUEUED_BYTES, MS_PER_SEC, retrySettings } from "../push/push-defaults.ts";
import type { PushRetrySettings } from "../push/push-retry.ts";

/** cacheLength (s) when absent. */
const DEFAULT_CACHE_LENGTH_SEC = 300;
/** Ports when the URL names none (Adobe RTMP spec §4: 1935; RTMP over TLS: HTTPS's 443). */
export const DEFAULT_RTMP_PORTS = { rtmp: 1935, rtmps: 443 } as const;

export interface RtmpEndpoint {
  readonly tls: boolean;
  readonly host: string;
  readonly port: number;
  /** TLS server name (SNI and the certificate's name); absent for an IP address, which SNI cannot carry (RFC 6066 §3). */
  readonly serverName?: string;
  /** rtmps: the server's certificate chain is checked against the system's CAs (certificateMode VERIFY_AUTHENTICITY). */
  readonly verifyCertificate: boolean;
  readonly app: string;
  readonly tcUrl: string;
  readonly streamName: string;
}

/** The destination's username and passwordParam: the publisher answers the server's authmod=adobe challenge. */
export interface RtmpCredentials {
  readonly user: string;
  /** The password from openlive's secret store; undefined when passwordParam names no stored secret. */
  readonly password: () => string | undefined;
  /** The secret's name, for the message when it is missing. */
  readonly passwordParam: string;
}

export interface RtmpTarget {
  /** outputSlaveKey of the output (its tee slave writes to the target's relay socket). */
  readonly key: string;
  /** outputGroupKey of its group: the group's alert is shared by its outputs. */
  readonly groupKey: string;
  /** How alerts and logs name it, e.g. `output "yt" of group "social"`. */
  readonly label: string;
  /** The peer without the stream key, for alerts and logs, e.g. `rtmp://a.rtmp.youtube.com/live2`. */
  readonly peer: string;
  readonly endpoint: RtmpEndpoint;
  readonly retry: PushRetrySettings;
  readonly cache: PushCacheSettings;
  readonly alertType: string;
  readonly credentials?: RtmpCredentials;
  /** adMarkers ON_CUE_POINT_SCTE35: the splices go out as onCuePoint messages (flv-cue-points.ts). */
  readonly cuePoints?: boolean;
}

/** Whether an RTMP group writes onCuePoint ad markers (its encode then keeps the splice marks). */
export function writesCuePoints(settings: RtmpGroupSettings | undefined): boolean {
  return settings?.adMarkers?.includes("ON_CUE_POINT_SCTE35") ?? false;
}

export function rtmpTargets(config: ChannelConfig, pipelineIndex: 0 | 1, resolveSecret: (name: string) => string | undefined = () => undefined): RtmpTarget[] {
  const targets: RtmpTarget[] = [];
  (config.encoderSettings?.outputGroups ?? []).forEach((group, groupIndex) => {
    const settings = group.outputGroupSettings?.rtmpGroupSettings;
    if (!settings) return;
    const groupKey = outputGroupKey(group, groupIndex);
    group.outputs.forEach((output, outputIndex) => {
      const rtmp = output.outputSettings?.rtmpOutputSettings;
      const destination = config.destinations?.find((candidate) => candidate.id === rtmp?.destination?.destinationRefId);
      const setting = destination?.settings?.[pipelineIndex] ?? destination?.settings?.[0];
      const parsed = parseRtmpDestinationUrl(setting?.url ?? "");
      if (!rtmp || !parsed.ok) throw new TypeError(`output ${outputIndex} of group "${groupKey}" has no usable RTMP destination`);
      const port = parsed.port === undefined ? "" : `:${parsed.port}`;
      const peer = `${parsed.scheme}://${urlHost(parsed.host)}${port}/${parsed.app}`;
      const host = parsed.host.replace(/^\[|\]$/g, "");
      targets.push({
        key: outputSlaveKey(groupKey, output.outputName, outputIndex),
        groupKey,
        label: `output "${output.outputName ?? outputIndex}" of group "${groupKey}"`,
        peer,
        endpoint: {
          tls: parsed.scheme === "rtmps",
          host,
          port: parsed.port ?? DEFAULT_RTMP_PORTS[parsed.scheme],
          ...(net.isIP(host) === 0 ? { serverName: host } : {}),
          verifyCertificate: rtmp.certificateMode !== "SELF_SIGNED",
          app: parsed.app,
          tcUrl: peer,
          streamName: setting?.streamName ?? "",
        },
        retry: retrySettings(rtmp.connectionRetryInterval, rtmp.numRetries, settings.restartDelay),
        cache: {
          cacheLengthMs: (settings.cacheLength ?? DEFAULT_CACHE_LENGTH_SEC) * MS_PER_SEC,
          behavior: settings.cacheFullBehavior === "WAIT_FOR_SERVER" ? CacheFullBehaviors.WAIT_FOR_SERVER : CacheFullBehaviors.DISCONNECT_IMMEDIATELY,
          maxBytes: MAX_QUEUED_BYTES,
        },
        alertType: AlertCatalogue.RTMP_OUTPUT_FAILED.alertType,
        cuePoints: writesCuePoints(settings),
        ...(setting?.username ? { credentials: credentialsOf(setting.username, setting.passwordParam ?? "", resolveSecret) } : {}),
      });
    });
  });
  return targets;
}

function credentialsOf(user: string, passwordParam: string, resolveSecret: (name: string) => string | undefined): RtmpCredentials {
  // No passwordParam: an empty password (the hash then covers user and salt only), as a server with such a user expects.
  return { user, passwordParam, password: () => (passwordParam === "" ? "" : resolveSecret(passwordParam)) };
}
