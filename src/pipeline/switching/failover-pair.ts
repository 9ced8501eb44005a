// Which two attachments of a channel form its automatic input failover pair, and their
// conditions, from MediaLive's channel JSON: the settings live on the
// primary attachment; `secondaryInputId` names the secondary's INPUT, which is attached
// normally under its own attachment name. The conditions apply to both inputs.

import { attachmentNameOf, type ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { FailoverConfig } from "./failover-policy.ts";

/** MediaLive's documented typical trigger when no input-loss condition is configured. */
const DEFAULT_ERROR_CLEAR_MS = 3_000;

export interface FailoverPairConfig {
  /** Attachment names: [primary, secondary]. */
  readonly members: readonly [string, string];
  readonly policy: FailoverConfig;
  /** videoBlackSettings.blackDetectThreshold (fraction of white), when black is a condition. */
  readonly blackDetectThreshold?: number;
  /** audioSilenceSettings.audioSelectorName, when silence is a condition. */
  readonly silenceSelectorName?: string;
}

export function failoverPairOf(config: ChannelConfig): FailoverPairConfig | undefined {
  const attachments = config.inputAttachments ?? [];
  for (const primary of attachments) {
    const settings = primary.automaticInputFailoverSettings;
    if (!settings?.secondaryInputId) continue;
    const secondary = attachments.find((attachment) => attachment !== primary && attachment.inputId === settings.secondaryInputId);
    if (!secondary) continue;
    const conditions = (settings.failoverConditions ?? []).map((condition) => condition.failoverConditionSettings ?? {});
    const loss = conditions.find((c) => c.inputLossSettings)?.inputLossSettings;
    const black = conditions.find((c) => c.videoBlackSettings)?.videoBlackSettings;
    const silence = conditions.find((c) => c.audioSilenceSettings)?.audioSilenceSettings;
    // MediaLive fails over on input loss even when the list is empty (its default condition).
    const lossMs = loss?.inputLossThresholdMsec ?? (conditions.length === 0 ? 1_000 : undefined);
    return {
      members: [attachmentNameOf(primary), attachmentNameOf(secondary)],
      policy: {
        inputPreference: settings.inputPreference === "PRIMARY_INPUT_PREFERRED" ? "PRIMARY_INPUT_PREFERRED" : "EQUAL_INPUT_PREFERENCE",
        errorClearTimeMs: settings.errorClearTimeMsec ?? DEFAULT_ERROR_CLEAR_MS,
        ...(lossMs !== undefined ? { inputLossThresholdMs: lossMs } : {}),
        ...(black ? { videoBlackThresholdMs: black.videoBlackThresholdMsec ?? 1_000 } : {}),
        ...(silence ? { audioSilenceThresholdMs: silence.audioSilenceThresholdMsec ?? 1_000 } : {}),
      },
      ...(black ? { blackDetectThreshold: black.blackDetectThreshold ?? 0.1 } : {}),
      ...(silence?.audioSelectorName ? { silenceSelectorName: silence.audioSelectorName } : {}),
    };
  }
  return undefined;
}
