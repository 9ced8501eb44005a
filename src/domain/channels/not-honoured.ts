// The settings of a channel that openlive accepts and stores but does not reproduce, each
// with a one-line reason: the channel's answers carry them (openliveNotHonoured), the
// console shows them on the channel's page and the runtime logs them when the channel
// starts, so a MediaLive setting is never dropped silently.

import type { ChannelConfig } from "./channel-config.ts";
import { parseHlsDestinationUrl } from "./destination-url.ts";
import { classifyChannelMembers, type NotHonouredSetting } from "./supported-features.ts";
import { mediaPackageNotes } from "./validate-mediapackage-group.ts";
import { objectStoreCredentialNotes } from "./object-store-notes.ts";
import { udpGroupNotes } from "./udp-group-notes.ts";
import { hlsFmp4Notes } from "./hls-fmp4-notes.ts";
import { pushDestinationNotes } from "./validate-push-groups.ts";

/** Wire name of the extension member on Channel answers (SDKs ignore members they do not know). */
export const NOT_HONOURED_MEMBER = "openliveNotHonoured";

const byConfig = new WeakMap<ChannelConfig, readonly NotHonouredSetting[]>();

/** Computed once per stored configuration object (configurations are immutable once stored). */
export function notHonouredSettings(config: ChannelConfig): readonly NotHonouredSetting[] {
  let settings = byConfig.get(config);
  if (settings === undefined) {
    settings = Object.freeze([...classifyChannelMembers("CreateChannelRequest", config, "").told, ...sharedDestinationNotes(config), ...sharedEncoderNotes(config), ...mediaPackageNotes(config as unknown as Record<string, unknown>), ...objectStoreCredentialNotes(config), ...udpGroupNotes(config), ...pushDestinationNotes(config), ...fileCdnNotes(config), ...hlsFmp4Notes(config)]);
    byConfig.set(config, settings);
  }
  return settings;
}

/**
 * MediaLive lets several output groups name one destination; their files then meet in one
 * place, and where two groups write files of the same name the one written last is what
 * the destination holds.
 */
function sharedDestinationNotes(config: ChannelConfig): NotHonouredSetting[] {
  const firstUser = new Map<string, number>();
  const notes: NotHonouredSetting[] = [];
  (config.encoderSettings?.outputGroups ?? []).forEach((group, index) => {
    const settings = group?.outputGroupSettings?.hlsGroupSettings;
    const ref = settings?.destination?.destinationRefId;
    if (typeof ref !== "string") return;
    const first = firstUser.get(ref);
    if (first === undefined) firstUser.set(ref, index);
    else {
      notes.push({
        elementPath: `encoderSettings.outputGroups[${index}].outputGroupSettings.hlsGroupSettings.destination.destinationRefId`,
        reason: `destination "${ref}" is also written by outputGroups[${first}]: both groups' files go to one place and a file both groups name (such as the master playlist) holds whichever was written last`,
      });
    }
  });
  return notes;
}

/** hlsCdnSettings of a group whose destination is a folder (an http channel moved to file://): openlive writes the files itself. */
function fileCdnNotes(config: ChannelConfig): NotHonouredSetting[] {
  const notes: NotHonouredSetting[] = [];
  (config.encoderSettings?.outputGroups ?? []).forEach((group, index) => {
    const settings = group?.outputGroupSettings?.hlsGroupSettings;
    if (!settings?.hlsCdnSettings) return;
    const destination = config.destinations?.find((candidate) => candidate.id === settings.destination?.destinationRefId);
    const urls = (destination?.settings ?? []).map((setting) => setting.url ?? "");
    const isFolder = (url: string): boolean => {
      const parsed = parseHlsDestinationUrl(url);
      return parsed.ok && parsed.kind === "file";
    };
    if (urls.length === 0 || !urls.every(isFolder)) return;
    notes.push({ elementPath: `encoderSettings.outputGroups[${index}].outputGroupSettings.hlsGroupSettings.hlsCdnSettings`, reason: "hlsCdnSettings apply to http(s) destinations; ignored for file://" });
  });
  return notes;
}

/**
 * What one encoder per pipeline does the same for every output group: the pipeline pauses
 * its outputs on input loss only when every group asks for PAUSE_OUTPUT, and ffmpeg's HLS
 * muxer counts EXT-X-PROGRAM-DATE-TIME from the system clock, whatever the output timecode.
 */
function sharedEncoderNotes(config: ChannelConfig): NotHonouredSetting[] {
  const notes: NotHonouredSetting[] = [];
  const groups = (config.encoderSettings?.outputGroups ?? []).map((group) => group?.outputGroupSettings?.hlsGroupSettings);
  // A group of another kind (UDP …) keeps sending on input loss, as EMIT_OUTPUT does.
  const actions = groups.map((hls) => (hls ? (hls.inputLossAction ?? "EMIT_OUTPUT") : "EMIT_OUTPUT"));
  if (actions.includes("PAUSE_OUTPUT") && actions.includes("EMIT_OUTPUT")) {
    actions.forEach((action, index) => {
      if (action !== "PAUSE_OUTPUT") return;
      notes.push({
        elementPath: `encoderSettings.outputGroups[${index}].outputGroupSettings.hlsGroupSettings.inputLossAction`,
        reason: "inputLossAction PAUSE_OUTPUT on some output groups only: the groups of a pipeline share one encoder, so this group emits fill like the others (EMIT_OUTPUT)",
      });
    });
  }
  const source = config.encoderSettings?.timecodeConfig?.source;
  if (source === "ZEROBASED" || source === "EMBEDDED") {
    groups.forEach((hls, index) => {
      if (hls?.programDateTime !== "INCLUDE" || (hls.programDateTimeClock ?? "INITIALIZE_FROM_OUTPUT_TIMECODE") === "SYSTEM_CLOCK") return;
      notes.push({
        elementPath: `encoderSettings.outputGroups[${index}].outputGroupSettings.hlsGroupSettings.programDateTimeClock`,
        reason: `EXT-X-PROGRAM-DATE-TIME from a ${source} output timecode: openlive writes it from the system clock (as SYSTEM_CLOCK)`,
      });
    });
  }
  return notes;
}
