// The RTMP outputs of this pipeline as push targets (push/push-target.ts): ffmpeg reads the
// encoder's MPEG-TS and remuxes it, unchanged, to FLV (Adobe FLV spec: H.264 and AAC) pushed
// to `rtmp://host[:port]/app` with the destination's streamName as the stream key. The
// application, key and TLS verification go in the sender's preset file, never on its
// command line: a stream key is what lets anyone publish to the channel on YouTube or Twitch.

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import { parseRtmpDestinationUrl, urlHost } from "../../domain/channels/push-destination-url.ts";
import { AlertCatalogue } from "../../shared/alerts.ts";
import { outputGroupKey, outputSlaveKey } from "../output-group-key.ts";
import { CacheFullBehaviors } from "../push/push-cache.ts";
import { MAX_QUEUED_BYTES, MS_PER_SEC, retrySettings } from "../push/push-defaults.ts";
import { senderInputArgs, type PushTarget } from "../push/push-target.ts";
import type { PresetLine } from "../push/preset-file.ts";

export const FFMPEG_COMMAND = "ffmpeg";
/** cacheLength (s) when absent. */
const DEFAULT_CACHE_LENGTH_SEC = 300;

export function rtmpTargets(config: ChannelConfig, pipelineIndex: 0 | 1): PushTarget[] {
  const targets: PushTarget[] = [];
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
      const streamName = setting?.streamName ?? "";
      const lines: PresetLine[] = [["rtmp_app", parsed.app], ["rtmp_live", "live"]];
      if (streamName !== "") lines.push(["rtmp_playpath", streamName]);
      // certificateMode applies to rtmps only (ffmpeg's tls protocol; VERIFY_AUTHENTICITY checks the chain against the system CAs).
      if (parsed.scheme === "rtmps") lines.push(["tls_verify", rtmp.certificateMode === "SELF_SIGNED" ? "0" : "1"]);
      targets.push({
        key: outputSlaveKey(groupKey, output.outputName, outputIndex),
        groupKey,
        label: `output "${output.outputName ?? outputIndex}" of group "${groupKey}"`,
        peer,
        command: FFMPEG_COMMAND,
        args: (presetFile) => rtmpSenderArgs(presetFile, peer),
        presetLines: () => lines,
        retry: retrySettings(rtmp.connectionRetryInterval, rtmp.numRetries, settings.restartDelay),
        cache: {
          cacheLengthMs: (settings.cacheLength ?? DEFAULT_CACHE_LENGTH_SEC) * MS_PER_SEC,
          behavior: settings.cacheFullBehavior === "WAIT_FOR_SERVER" ? CacheFullBehaviors.WAIT_FOR_SERVER : CacheFullBehaviors.DISCONNECT_IMMEDIATELY,
          maxBytes: MAX_QUEUED_BYTES,
        },
        alertType: AlertCatalogue.RTMP_OUTPUT_FAILED.alertType,
      });
    });
  });
  return targets;
}

/** TS on stdin → FLV to the peer; one video and one audio stream (all FLV carries). */
export function rtmpSenderArgs(presetFile: string, peer: string): string[] {
  return [...senderInputArgs(["-f", "mpegts"]), "-map", "0:v:0?", "-map", "0:a:0?", "-c", "copy", "-flvflags", "no_duration_filesize", "-fpre", presetFile, "-f", "flv", peer];
}
