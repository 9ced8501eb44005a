// What a channel's configuration says about logging: the level of its pipelines' log lines
// (MediaLive's channel logLevel), and the one line a start writes listing the settings
// openlive accepted without reproducing them (the channel's openliveNotHonoured answer),
// so an operator reading the log learns it without asking the API.

import type { Logger } from "pino";
import type { ChannelConfig } from "../domain/channels/channel-config.ts";
import { notHonouredSettings } from "../domain/channels/not-honoured.ts";

/**
 * MediaLive's channel log levels → pino levels of the pipeline processes. DISABLED (no
 * CloudWatch logs) is not followed: a pipeline's log is the only record of what it did.
 */
export const PIPELINE_LOG_LEVELS = {
  DEBUG: "debug",
  INFO: "info",
  WARNING: "warn",
  ERROR: "error",
} as const;

/** The pipelines' log level: the channel's logLevel when it sets one openlive follows, else openlive's own. */
export function pipelineLogLevel(config: ChannelConfig, openliveLevel: string): string {
  const level = config.logLevel;
  return level !== undefined && Object.hasOwn(PIPELINE_LOG_LEVELS, level) ? PIPELINE_LOG_LEVELS[level as keyof typeof PIPELINE_LOG_LEVELS] : openliveLevel;
}

export const NOT_REPRODUCED_MESSAGE = "channel settings accepted but not reproduced";

/** Logs (info) the settings of a starting channel that openlive does not reproduce; nothing when there are none. */
export function logNotReproduced(logger: Logger, channelId: string, config: ChannelConfig): void {
  const settings = notHonouredSettings(config);
  if (settings.length === 0) return;
  logger.info({ channelId, notHonoured: settings.map(({ elementPath, reason }) => ({ elementPath, reason })) }, NOT_REPRODUCED_MESSAGE);
}
