// The SRT outputs of this pipeline as push targets (push/push-target.ts). The encoder's
// MPEG-TS (with the output's m2tsSettings) goes to the peer byte for byte: ffmpeg's libsrt
// client reads it as raw 8-bit samples and writes them back out unchanged (`-f u8 -c copy`),
// so no remux touches PIDs, PCR or tables. Passphrase, key length, latency and stream ID go
// in the sender's preset file, never on its command line.

import { m2tsScte35Pid } from "../scte35/scte35-passthrough.ts";
import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import { parseSrtDestinationUrl, urlHost } from "../../domain/channels/push-destination-url.ts";
import { AlertCatalogue } from "../../shared/alerts.ts";
import { outputGroupKey, outputSlaveKey } from "../output-group-key.ts";
import { DEFAULT_CACHE, retrySettings } from "../push/push-defaults.ts";
import { FFMPEG_COMMAND, senderInputArgs, type PushTarget } from "../push/push-target.ts";
import type { PresetLine } from "../push/preset-file.ts";

/** SRT key length in bytes by encryptionType (SRTO_PBKEYLEN). */
export const PBKEYLEN_BY_ENCRYPTION = { AES128: 16, AES192: 24, AES256: 32 } as const;
/** libsrt's default latency when the output names none (SRTO_LATENCY, ms). */
const DEFAULT_LATENCY_MS = 120;
/** ffmpeg's libsrt takes latency in µs. */
const US_PER_MS = 1000;
/** Raw bytes as 8-bit mono "samples": any rate works, it only dates the bytes in ffmpeg's reports. */
const BYTE_PASSTHROUGH = ["-f", "u8", "-ar", "48000", "-ac", "1"] as const;

/** What a listener output binds when the pipeline names no push address. */
export const DEFAULT_LISTEN_ADDRESS = "127.0.0.1";

/**
 * `listenAddress`: what a LISTENER output binds (the pipeline's push address), so that an
 * output is offered only where the operator offers push endpoints, never on every interface.
 */
export function srtTargets(config: ChannelConfig, pipelineIndex: 0 | 1, resolveSecret: (name: string) => string | undefined, listenAddress = DEFAULT_LISTEN_ADDRESS): PushTarget[] {
  const targets: PushTarget[] = [];
  (config.encoderSettings?.outputGroups ?? []).forEach((group, groupIndex) => {
    if (!group.outputGroupSettings?.srtGroupSettings) return;
    const groupKey = outputGroupKey(group, groupIndex);
    group.outputs.forEach((output, outputIndex) => {
      const srt = output.outputSettings?.srtOutputSettings;
      const destination = config.destinations?.find((candidate) => candidate.id === srt?.destination?.destinationRefId);
      const setting = destination?.srtSettings?.[pipelineIndex] ?? destination?.srtSettings?.[0];
      const label = `output "${output.outputName ?? outputIndex}" of group "${groupKey}"`;
      if (!srt || !setting) throw new TypeError(`${label} has no SRT destination`);
      let peer: string;
      if (setting.connectionMode === "LISTENER") {
        peer = `srt://${urlHost(listenAddress)}:${setting.listenerPort}?mode=listener`;
      } else {
        const parsed = parseSrtDestinationUrl(setting.url ?? "");
        if (!parsed.ok) throw new TypeError(`${label}: ${parsed.message}`);
        peer = `srt://${urlHost(parsed.host)}:${parsed.port}?mode=caller`;
      }
      const secretName = setting.encryptionPassphraseSecretArn;
      const presetLines = (): PresetLine[] => {
        const lines: PresetLine[] = [["latency", String((srt.latency ?? DEFAULT_LATENCY_MS) * US_PER_MS)]];
        if (setting.streamId) lines.push(["streamid", setting.streamId]);
        if (secretName) {
          const passphrase = resolveSecret(secretName);
          // Thrown here, the run fails to start: the output's alert says why and the retries go on (the secret may be added).
          if (passphrase === undefined) throw new Error(`the passphrase secret "${secretName}" is not in openlive's secret store`);
          lines.push(["passphrase", passphrase], ["pbkeylen", String(PBKEYLEN_BY_ENCRYPTION[srt.encryptionType ?? "AES128"])]);
        }
        return lines;
      };
      const scte35Pid = m2tsScte35Pid(srt.containerSettings?.m2tsSettings);
      targets.push({
        key: outputSlaveKey(groupKey, output.outputName, outputIndex),
        groupKey,
        ...(scte35Pid !== undefined ? { scte35Pid } : {}),
        label,
        peer,
        command: FFMPEG_COMMAND,
        args: (presetFile) => srtSenderArgs(presetFile, peer),
        presetLines,
        retry: retrySettings(undefined, undefined, undefined),
        cache: DEFAULT_CACHE,
        alertType: AlertCatalogue.SRT_OUTPUT_FAILED.alertType,
      });
    });
  });
  return targets;
}

export function srtSenderArgs(presetFile: string, peer: string): string[] {
  return [...senderInputArgs(BYTE_PASSTHROUGH), "-c", "copy", "-fpre", presetFile, ...BYTE_PASSTHROUGH.slice(0, 2), peer];
}
