// The semantic rules of a channel configuration (CreateChannel, UpdateChannel,
// UpdateChannelClass), checked before anything is stored: MediaLive answers a broken
// channel with 422 and one `{elementPath, errorMessage}` per problem, all at once,
// and so does openlive. Pure: inputs are passed in, nothing is read.
//
// Division of labour: the generic model validator (src/model/validate.ts) runs first on
// the whole request and already checks JSON types, enums, required members of present
// objects and numeric/length limits from the model (e.g. failover inputLossThresholdMsec
// ≥ 100, videoBlack/audioSilence ≥ 1000 ms, blackDetectThreshold 0–1, errorClearTimeMsec ≥ 1,
// output group names ≤ 32 characters). This file checks what the model cannot say:
// references, uniqueness, counts per channel class, input rules, destinations, and
// everything openlive's encoder does not produce (supported-features.ts). It is still
// defensive: garbage in any place yields problems, never an exception.

import { MAX_IDENTIFIER_PAD_WIDTH, overlongPadding } from "./identifier-padding.ts";
import type { ValidationProblem } from "../../shared/errors.ts";
import { isPushType, type InputRecord } from "../records.ts";
import type { ChannelConfig } from "./channel-config.ts";
import { destinationParsers, parseHlsDestination, type DestinationParser } from "./destination-forms.ts";
import { checkFileGroup, checkFileGroupOutput, fileGroupKindOf, type FileGroupKind } from "./validate-file-groups.ts";
import { checkFmp4PushGroup, fmp4PushGroupMember } from "./validate-fmp4-push-groups.ts";
import { hlsCdnProblem, isHlsDestinationKind } from "./validate-hls-cdn.ts";
import { udpGroupProblems } from "./validate-udp-group.ts";
import { quote } from "./quote.ts";
import { checkHlsImageOutput, isHlsImageOutput } from "./validate-hls-image-outputs.ts";
import { classifyChannelMembers, SUPPORTED_AUDIO_CODECS, SUPPORTED_OUTPUT_GROUPS, SUPPORTED_OUTPUT_SETTINGS } from "./supported-features.ts";
import { checkMediaPackageGroups, checkMediaPackageSettings, isMediaPackageAudioOnly } from "./validate-mediapackage-group.ts";
import { checkPushGroup, checkSrtDestinationSettings } from "./validate-push-groups.ts";
import { imageLocationProblems } from "./image-location-rules.ts";

export interface ChannelValidationContext {
  /** Inputs referenced by inputAttachments[].inputId and automaticInputFailoverSettings.secondaryInputId, by ID. Absent = does not exist (or deleted). */
  readonly inputs: ReadonlyMap<string, InputRecord>;
  /** When updating: the channel's own ID (its own attachments do not count as "attached to another channel"). */
  readonly channelId?: string;
}

/** MediaLive's fixed per-channel limits: up to 20 inputs, of which at most 2 push inputs. */
export const CHANNEL_INPUT_LIMITS = { maxInputs: 20, maxPushInputs: 2 } as const;

/** MediaLive's HLS defaults, used when only one of the pair is set (model documentation). */
const HLS_DEFAULT_INDEX_N_SEGMENTS = 10;
const HLS_DEFAULT_KEEP_SEGMENTS = 21;

/** Keeps a 422 body bounded even for a pathological request. */
const MAX_PROBLEMS = 200;

type Json = Record<string, unknown>;

/** Every problem of the configuration, in document order; empty when valid. Never throws. */
export function validateChannelConfig(config: ChannelConfig, context: ChannelValidationContext): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  try {
    const root: unknown = config;
    if (!isRecord(root)) return [{ elementPath: "(request)", errorMessage: "expected a channel configuration object" }];
    const inputs: ReadonlyMap<string, InputRecord> = typeof context?.inputs?.get === "function" ? context.inputs : new Map<string, InputRecord>();
    const state: Check = {
      problems,
      pipelines: pipelineCount(root.channelClass),
      inputs,
      channelId: typeof context?.channelId === "string" ? context.channelId : undefined,
    };
    problems.push(...classifyChannelMembers("CreateChannelRequest", root, "").refused);
    const attachments = checkAttachments(state, root.inputAttachments);
    const destinations = checkDestinations(state, root.destinations, destinationParsers(root.encoderSettings));
    checkEncoderSettings(state, root.encoderSettings, attachments, destinations);
    problems.push(...checkMediaPackageGroups(root));
    items(record(root.encoderSettings)?.outputGroups).forEach((group, index) => problems.push(...checkPushGroup(config, record(group) ?? {}, `encoderSettings.outputGroups[${index}]`)));
  } catch (error) {
    // A bug here must not turn into a 500 or, worse, an accepted configuration.
    problems.push({ elementPath: "(request)", errorMessage: `the configuration could not be validated: ${error instanceof Error ? error.message : String(error)}` });
  }
  return problems.slice(0, MAX_PROBLEMS);
}

interface Check {
  readonly problems: ValidationProblem[];
  /** 2 for STANDARD (also the default), 1 for SINGLE_PIPELINE, undefined for an invalid class (the model validator reports it). */
  readonly pipelines: 1 | 2 | undefined;
  readonly inputs: ReadonlyMap<string, InputRecord>;
  readonly channelId: string | undefined;
}

function add(check: Check, elementPath: string, errorMessage: string): void {
  check.problems.push({ elementPath, errorMessage });
}

function pipelineCount(channelClass: unknown): 1 | 2 | undefined {
  if (channelClass === undefined || channelClass === null || channelClass === "STANDARD") return 2; // STANDARD is MediaLive's default
  if (channelClass === "SINGLE_PIPELINE") return 1;
  return undefined;
}

// --- small readers that tolerate garbage --------------------------------------------------

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function record(value: unknown): Json | undefined {
  return isRecord(value) ? value : undefined;
}
function items(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
function number(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
}
/** Members of a MediaLive union object that are set. */
function setMembers(value: Json): string[] {
  return Object.keys(value).filter((key) => isSet(value[key]));
}

// --- input attachments ---------------------------------------------------------------------

interface AttachmentInfo {
  readonly index: number;
  /** inputAttachmentName, else the input ID, else the index: how messages name the attachment. */
  readonly label: string;
  readonly inputId: string | undefined;
  readonly input: InputRecord | undefined;
  readonly audioSelectors: ReadonlySet<string>;
  readonly captionSelectors: ReadonlySet<string>;
}

function checkAttachments(check: Check, value: unknown): AttachmentInfo[] {
  const list = items(value);
  if (list.length === 0) add(check, "inputAttachments", "A channel needs at least one input attachment");
  if (list.length > CHANNEL_INPUT_LIMITS.maxInputs) {
    add(check, "inputAttachments", `A channel takes at most ${CHANNEL_INPUT_LIMITS.maxInputs} inputs; got ${list.length}`);
  }
  const infos: AttachmentInfo[] = [];
  const names = new Map<string, number>();
  const attachedAt = new Map<string, number>();
  let pushInputs = 0;
  list.forEach((item, index) => {
    const at = `inputAttachments[${index}]`;
    const attachment = record(item);
    if (!attachment) {
      add(check, at, "expected an input attachment object");
      return;
    }
    const name = text(attachment.inputAttachmentName);
    if (name !== undefined) {
      if (name.trim() === "") add(check, `${at}.inputAttachmentName`, "must not be empty");
      else if (names.has(name)) add(check, `${at}.inputAttachmentName`, `Input attachment name ${quote(name)} is already used by inputAttachments[${names.get(name)}]`);
      else names.set(name, index);
    }
    const inputId = text(attachment.inputId);
    let input: InputRecord | undefined;
    if (inputId === undefined || inputId === "") {
      add(check, `${at}.inputId`, "is required: the ID of the input to attach");
    } else if (attachedAt.has(inputId)) {
      add(check, `${at}.inputId`, `Input ${quote(inputId)} is already attached as inputAttachments[${attachedAt.get(inputId)}]; attach each input once`);
    } else {
      attachedAt.set(inputId, index);
      const found: unknown = check.inputs.get(inputId);
      input = isRecord(found) && found.deletedAtMs === undefined ? (found as unknown as InputRecord) : undefined;
      if (!input) {
        add(check, `${at}.inputId`, `Input ${quote(inputId)} does not exist`);
      } else {
        checkAttachedInput(check, `${at}.inputId`, inputId, input);
        if (isPushType(input.type) && ++pushInputs > CHANNEL_INPUT_LIMITS.maxPushInputs) {
          add(check, `${at}.inputId`, `A channel takes at most ${CHANNEL_INPUT_LIMITS.maxPushInputs} push inputs (RTP_PUSH, RTMP_PUSH, SRT_LISTENER); input ${quote(inputId)} is push input ${pushInputs}`);
        }
      }
    }
    const settings = record(attachment.inputSettings);
    infos.push({
      index,
      label: name || inputId || String(index),
      inputId: inputId || undefined,
      input,
      audioSelectors: selectorNames(check, settings?.audioSelectors, `${at}.inputSettings.audioSelectors`, "Audio"),
      captionSelectors: selectorNames(check, settings?.captionSelectors, `${at}.inputSettings.captionSelectors`, "Caption"),
    });
  });
  checkFailoverPairs(check, list, infos);
  return infos;
}

function checkAttachedInput(check: Check, at: string, inputId: string, input: InputRecord): void {
  if (check.pipelines === 2 && input.inputClass === "SINGLE_PIPELINE") {
    add(check, at, `Input ${quote(inputId)} is SINGLE_PIPELINE; a STANDARD channel needs STANDARD inputs (one source or endpoint per pipeline)`);
  }
  const elsewhere = (Array.isArray(input.attachedChannelIds) ? input.attachedChannelIds : []).filter((id) => id !== check.channelId);
  if (elsewhere.length > 0) {
    add(check, at, `Input ${quote(inputId)} is already attached to channel ${elsewhere.join(", ")}; an input belongs to one channel`);
  }
}

function selectorNames(check: Check, value: unknown, at: string, kind: "Audio" | "Caption"): Set<string> {
  const names = new Map<string, number>();
  items(value).forEach((selector, index) => {
    const name = text(record(selector)?.name);
    if (name === undefined) return; // required by the model
    if (names.has(name)) add(check, `${at}[${index}].name`, `${kind} selector name ${quote(name)} is already used by ${at.split(".").pop()}[${names.get(name)}] of this attachment`);
    else names.set(name, index);
  });
  return new Set(names.keys());
}

// Automatic input failover lives on the primary attachment and names the secondary input,
// which must be attached too: push inputs only, both of one type.
function checkFailoverPairs(check: Check, list: readonly unknown[], infos: readonly AttachmentInfo[]): void {
  const byInputId = new Map<string, AttachmentInfo>();
  for (const info of infos) if (info.inputId !== undefined && !byInputId.has(info.inputId)) byInputId.set(info.inputId, info);
  const pairOf = new Map<string, number>();
  infos.forEach((info) => {
    const failover = record(record(list[info.index])?.automaticInputFailoverSettings);
    if (!failover) return;
    const at = `inputAttachments[${info.index}].automaticInputFailoverSettings`;
    const secondaryId = text(failover.secondaryInputId);
    let secondary: AttachmentInfo | undefined;
    if (secondaryId === undefined || secondaryId === "") {
      add(check, `${at}.secondaryInputId`, "is required: the input to fail over to");
    } else if (secondaryId === info.inputId) {
      add(check, `${at}.secondaryInputId`, `must name another input, not this attachment's own input ${quote(secondaryId)}`);
    } else {
      secondary = byInputId.get(secondaryId);
      if (!secondary) {
        add(check, `${at}.secondaryInputId`, `Input ${quote(secondaryId)} is not attached to this channel; attach it as another input attachment`);
      }
      if (info.input && !isPushType(info.input.type)) {
        add(check, at, `Automatic input failover needs push inputs; input ${quote(info.inputId ?? "")} is ${info.input.type}`);
      }
      if (secondary?.input) {
        if (!isPushType(secondary.input.type)) {
          add(check, `${at}.secondaryInputId`, `Automatic input failover needs push inputs; input ${quote(secondaryId)} is ${secondary.input.type}`);
        } else if (info.input && isPushType(info.input.type) && info.input.type !== secondary.input.type) {
          add(check, `${at}.secondaryInputId`, `Both inputs of a failover pair must be of the same type; input ${quote(info.inputId ?? "")} is ${info.input.type}, input ${quote(secondaryId)} is ${secondary.input.type}`);
        }
      }
      for (const [inputId, path] of [[info.inputId, at], [secondaryId, `${at}.secondaryInputId`]] as const) {
        if (inputId === undefined) continue;
        const previous = pairOf.get(inputId);
        if (previous !== undefined) {
          add(check, path, `Input ${quote(inputId)} is already in the failover pair of inputAttachments[${previous}]; an input belongs to at most one failover pair`);
        } else {
          pairOf.set(inputId, info.index);
        }
      }
    }
    items(failover.failoverConditions).forEach((condition, index) => {
      const conditionAt = `${at}.failoverConditions[${index}].failoverConditionSettings`;
      const settings = record(record(condition)?.failoverConditionSettings);
      if (!settings || setMembers(settings).length === 0) {
        add(check, conditionAt, "needs one of inputLossSettings, videoBlackSettings, audioSilenceSettings");
        return;
      }
      const selector = text(record(settings.audioSilenceSettings)?.audioSelectorName);
      if (selector === undefined) return;
      // Silence is measured on whichever input is active, so both inputs need the selector.
      for (const attachment of [info, secondary]) {
        if (attachment && !attachment.audioSelectors.has(selector)) {
          add(check, `${conditionAt}.audioSilenceSettings.audioSelectorName`, `Audio selector ${quote(selector)} is not defined in input attachment ${quote(attachment.label)} (inputAttachments[${attachment.index}].inputSettings.audioSelectors)`);
        }
      }
    });
  });
}

// --- destinations --------------------------------------------------------------------------

/** "file", "http", "s3", "push" …: destination-forms.ts. */
type DestinationKind = string;

interface DestinationInfo {
  readonly index: number;
  /** Set when every URL of the destination parsed and all are of one kind. */
  readonly kind: DestinationKind | undefined;
  readonly urls: readonly string[];
}

const DESTINATION_KINDS = ["settings", "mediaPackageSettings", "multiplexSettings", "srtSettings", "mediaConnectRouterSettings"] as const;

/** parsers: destination id → how its URLs read (destination-forms.ts); HLS forms for the rest. */
function checkDestinations(check: Check, value: unknown, parsers: ReadonlyMap<string, DestinationParser>): Map<string, DestinationInfo> {
  const byId = new Map<string, DestinationInfo>();
  const urls = new Map<string, string>();
  items(value).forEach((item, index) => {
    const at = `destinations[${index}]`;
    const destination = record(item);
    if (!destination) {
      add(check, at, "expected a destination object");
      return;
    }
    const id = text(destination.id);
    if (id === undefined || id === "") add(check, `${at}.id`, "is required: output groups refer to the destination by it");
    else if (byId.has(id)) add(check, `${at}.id`, `Destination id ${quote(id)} is already used by destinations[${byId.get(id)!.index}]`);
    const kinds = DESTINATION_KINDS.filter((kind) => isSet(destination[kind]));
    if (kinds.length !== 1) {
      add(check, at, `Exactly one of settings, MediaPackage settings, or Multiplex settings is required for destination ${quote(id ?? String(index))}`);
    }
    if (isSet(destination.mediaPackageSettings)) check.problems.push(...checkMediaPackageSettings(destination.mediaPackageSettings, `${at}.mediaPackageSettings`));
    // The other kinds are refused by the supported-features list.
    const kind = Array.isArray(destination.settings)
      ? checkDestinationSettings(check, `${at}.settings`, destination.settings, urls, (id !== undefined && parsers.get(id)) || parseHlsDestination)
      : Array.isArray(destination.srtSettings)
        ? (check.problems.push(...checkSrtDestinationSettings(`${at}.srtSettings`, destination.srtSettings, check.pipelines)), "srt")
        : undefined;
    const settingUrls = items(destination.settings).flatMap((setting) => text(record(setting)?.url) ?? []);
    if (id !== undefined && id !== "" && !byId.has(id)) byId.set(id, { index, kind, urls: settingUrls });
  });
  return byId;
}

function checkDestinationSettings(check: Check, at: string, settings: readonly unknown[], urls: Map<string, string>, parse: DestinationParser): DestinationKind | undefined {
  if (check.pipelines !== undefined && settings.length !== check.pipelines) {
    add(
      check,
      at,
      check.pipelines === 2
        ? `A STANDARD channel needs 2 destination URLs, one per pipeline; got ${settings.length}`
        : `A SINGLE_PIPELINE channel needs 1 destination URL; got ${settings.length}`,
    );
  }
  const kinds = new Set<DestinationKind>();
  let allParsed = true;
  settings.forEach((item, index) => {
    const settingAt = `${at}[${index}]`;
    const setting = record(item);
    const url = text(setting?.url);
    if (!setting || url === undefined || url === "") {
      add(check, `${settingAt}.url`, "is required: where the pipeline publishes (file:///<absolute folder>/<baseName> or http(s)://…)");
      allParsed = false;
      return;
    }
    const parsed = parse(url);
    // An RTMP place is its application and stream key: one application takes many streams.
    const place = !parsed.ok ? url : parsed.kind === "rtmp" ? `${parsed.place}/${text(setting.streamName) ?? ""}` : parsed.place;
    if (!parsed.ok) {
      add(check, `${settingAt}.url`, parsed.message);
      allParsed = false;
    } else {
      kinds.add(parsed.kind);
      if (parsed.kind === "file") {
        for (const member of ["username", "passwordParam"] as const) {
          if (isSet(setting[member]) && setting[member] !== "") add(check, `${settingAt}.${member}`, "applies to http(s) destinations only; this destination is a file:// URL");
        }
      }
    }
    const previous = urls.get(place);
    if (previous !== undefined) {
      const sibling = previous.startsWith(`${at}[`);
      add(
        check,
        `${settingAt}.url`,
        sibling ? `must differ from ${previous.slice(previous.lastIndexOf(".") + 1)}.url: each pipeline publishes its own output` : `URL ${quote(url)} is also used by ${previous}; each pipeline publishes to its own URL`,
      );
    } else {
      urls.set(place, settingAt);
    }
  });
  if (kinds.size > 1) add(check, at, "Both pipelines' URLs must be of one kind: file://, http(s)://, s3(ssl)://, mediastoressl://, rtmp(s)://, or udp:// and rtp://");
  return allParsed && kinds.size === 1 ? [...kinds][0] : undefined;
}

// --- encoder settings ------------------------------------------------------------------------

function checkEncoderSettings(check: Check, value: unknown, attachments: readonly AttachmentInfo[], destinations: ReadonlyMap<string, DestinationInfo>): void {
  const encoder = record(value);
  if (!encoder) {
    const absent = value === undefined || value === null;
    add(check, "encoderSettings", `${absent ? "is required" : "expected an object"}: videoDescriptions, audioDescriptions, outputGroups and timecodeConfig`);
    return;
  }
  // audioDescriptions may be absent: a video-only channel (MediaLive accepts it).
  for (const member of ["videoDescriptions", "outputGroups"] as const) {
    if (!Array.isArray(encoder[member])) add(check, `encoderSettings.${member}`, encoder[member] === undefined || encoder[member] === null ? "is required" : "expected a list");
  }
  if (!isRecord(encoder.timecodeConfig)) add(check, "encoderSettings.timecodeConfig", "is required: { source: EMBEDDED | SYSTEMCLOCK | ZEROBASED }");

  const video = checkVideoDescriptions(check, encoder.videoDescriptions);
  const audio = checkAudioDescriptions(check, encoder.audioDescriptions);
  const captions = checkCaptionDescriptions(check, encoder.captionDescriptions, attachments);
  checkOutputGroups(check, encoder.outputGroups, { video, audio, captions }, destinations);
  for (const [kind, names, list] of [
    ["Video", video, "videoDescriptions"],
    ["Audio", audio, "audioDescriptions"],
    ["Caption", captions, "captionDescriptions"],
  ] as const) {
    // MediaLive: `audioDescriptions[5] Audio description "…" is not referenced by any output`.
    for (const [name, description] of names) {
      if (!description.used) add(check, `encoderSettings.${list}[${description.index}]`, `${kind} description ${quote(name)} is not referenced by any output`);
    }
  }
  checkGlobalConfiguration(check, encoder.globalConfiguration);
  check.problems.push(...imageLocationProblems({ encoderSettings: encoder }));
}

interface DescriptionInfo {
  readonly index: number;
  used: boolean;
  /** Video descriptions: encoded with H.265 (no A/53 captions from Debian's libx265). */
  readonly h265?: boolean;
  /** Video descriptions an HLS output cannot carry: what they encode (MPEG-2, AV1, JPEG frame capture). */
  readonly notForHls?: string;
  /** Caption descriptions: not carried in the video's SEI (WebVTT renditions are written beside it; other kinds are told). */
  readonly beside?: boolean;
  /** Caption descriptions burned into the picture (burnInDestinationSettings): drawn by the encoder of any codec, no rendition of their own. */
  readonly inPicture?: boolean;
}

/** Names of a description list: present, non-empty, unique. */
function describeNames(check: Check, value: unknown, list: string, kind: string, each: (description: Json, at: string) => void): Map<string, DescriptionInfo> {
  const names = new Map<string, DescriptionInfo>();
  items(value).forEach((item, index) => {
    const at = `encoderSettings.${list}[${index}]`;
    const description = record(item);
    if (!description) {
      add(check, at, `expected a ${kind.toLowerCase()} description object`);
      return;
    }
    const name = text(description.name);
    if (name === undefined || name.trim() === "") add(check, `${at}.name`, "is required: outputs refer to the description by it");
    else if (names.has(name)) add(check, `${at}.name`, `${kind} description name ${quote(name)} is already used by ${list}[${names.get(name)!.index}]`);
    else {
      const notForHls = videoCodecNotForHls(record(description.codecSettings));
      names.set(name, { index, used: false, ...(record(record(description.codecSettings)?.h265Settings) ? { h265: true } : {}), ...(notForHls ? { notForHls } : {}) });
    }
    each(description, at);
  });
  return names;
}

/** A MediaLive union member (codecSettings, destinationSettings …): exactly one member set. */
function checkUnion(check: Check, value: unknown, at: string, supported: string): Json | undefined {
  if (value === undefined || value === null) {
    add(check, at, `is required: ${supported}`);
    return undefined;
  }
  const union = record(value);
  if (!union) return undefined; // the model validator reports the type
  const set = setMembers(union);
  if (set.length !== 1) add(check, at, `needs exactly one of its settings (supported: ${supported}); got ${set.length === 0 ? "none" : set.join(", ")}`);
  return union;
}

function checkVideoDescriptions(check: Check, value: unknown): Map<string, DescriptionInfo> {
  return describeNames(check, value, "videoDescriptions", "Video", (description, at) => {
    const width = number(description.width);
    const height = number(description.height);
    if (isSet(description.width) !== isSet(description.height)) {
      add(check, `${at}.${isSet(description.width) ? "height" : "width"}`, "is required with " + (isSet(description.width) ? "width" : "height") + ": set both, or neither to follow the source");
    }
    for (const [member, size] of [["width", width], ["height", height]] as const) {
      if (size === undefined || !Number.isInteger(size)) continue;
      if (size <= 0) add(check, `${at}.${member}`, `must be positive; got ${size}`);
      else if (size % 2 !== 0) add(check, `${at}.${member}`, `must be even (4:2:0 video); got ${size}`);
    }
    // No codecSettings: MediaLive encodes H.264 with its defaults (the aws CLI's own example relies on it).
    const codec = isSet(description.codecSettings) ? checkUnion(check, description.codecSettings, `${at}.codecSettings`, "h264Settings, h265Settings, mpeg2Settings, av1Settings, frameCaptureSettings") : undefined;
    const h264 = record(codec?.h264Settings);
    if (h264) checkVideoCodec(check, h264, `${at}.codecSettings.h264Settings`, ["CBR", "VBR"]);
    const h265 = record(codec?.h265Settings);
    if (h265) checkVideoCodec(check, h265, `${at}.codecSettings.h265Settings`, ["CBR"]);
    const av1 = record(codec?.av1Settings);
    if (av1) checkVideoCodec(check, av1, `${at}.codecSettings.av1Settings`, ["CBR"]);
    // MPEG-2 and frame capture have no rate control members; their frame rates are checked by the model.
  });
}

/** HLS carries H.264 and H.265 only (RFC 8216 §3; MediaLive offers MPEG-2 for TS outputs, AV1 for CMAF, JPEG for frame capture). */
function videoCodecNotForHls(codec: Json | undefined): string | undefined {
  if (record(codec?.mpeg2Settings)) return "MPEG-2 video";
  if (record(codec?.av1Settings)) return "AV1 video";
  if (record(codec?.frameCaptureSettings)) return "JPEG frame capture";
  return undefined;
}

// Rate control as MediaLive documents it: bitrate is required for CBR and
// VBR, maxBitrate for QVBR. An absent rateControlMode is CBR, MediaLive's default.
function checkVideoCodec(check: Check, codec: Json, at: string, needBitrate: readonly string[]): void {
  const mode = text(codec.rateControlMode) ?? "CBR";
  const bitrate = number(codec.bitrate);
  const maxBitrate = number(codec.maxBitrate);
  if (needBitrate.includes(mode) && !isSet(codec.bitrate)) add(check, `${at}.bitrate`, `is required when rateControlMode is ${mode}`);
  if (mode === "QVBR" && !isSet(codec.maxBitrate)) add(check, `${at}.maxBitrate`, "is required when rateControlMode is QVBR");
  if (mode === "VBR" && bitrate !== undefined && maxBitrate !== undefined && maxBitrate < bitrate) {
    add(check, `${at}.maxBitrate`, `must be at least bitrate (${bitrate}) for VBR; got ${maxBitrate}`);
  }
  if (codec.framerateControl === "SPECIFIED") {
    for (const member of ["framerateNumerator", "framerateDenominator"]) {
      if (!isSet(codec[member])) add(check, `${at}.${member}`, "is required when framerateControl is SPECIFIED");
    }
  }
  const gopSize = number(codec.gopSize);
  if (gopSize !== undefined) {
    if (gopSize <= 0) add(check, `${at}.gopSize`, `must be greater than 0; got ${gopSize}`);
    else if (codec.gopSizeUnits === "FRAMES" && !Number.isInteger(gopSize)) add(check, `${at}.gopSize`, `must be a whole number of frames when gopSizeUnits is FRAMES; got ${gopSize}`);
  }
}

// MediaLive accepts an audio description without a selector, or naming a selector an input
// attachment does not define, and takes the source's default (first) audio track for it
// (the pipeline raises an alert naming the selector and the input when that happens).
// No codecSettings: MediaLive encodes AAC with its defaults.
function checkAudioDescriptions(check: Check, value: unknown): Map<string, DescriptionInfo> {
  return describeNames(check, value, "audioDescriptions", "Audio", (description, at) => {
    if (isSet(description.codecSettings)) checkUnion(check, description.codecSettings, `${at}.codecSettings`, SUPPORTED_AUDIO_CODECS.join(", "));
  });
}

function checkCaptionDescriptions(check: Check, value: unknown, attachments: readonly AttachmentInfo[]): Map<string, DescriptionInfo> {
  if (value !== undefined && value !== null && !Array.isArray(value)) add(check, "encoderSettings.captionDescriptions", "expected a list");
  const beside = new Set<string>();
  const inPicture = new Set<string>();
  const names = describeNames(check, value, "captionDescriptions", "Caption", (description, at) => {
    const destination = checkUnion(check, description.destinationSettings, `${at}.destinationSettings`, "embeddedDestinationSettings, webvttDestinationSettings, burnInDestinationSettings");
    const name = text(description.name);
    const inSei = ["embeddedDestinationSettings", "embeddedPlusScte20DestinationSettings", "scte20PlusEmbeddedDestinationSettings"].some((member) => isSet(destination?.[member]));
    const burnIn = isSet(destination?.burnInDestinationSettings);
    if (name !== undefined && destination && burnIn) inPicture.add(name);
    else if (name !== undefined && destination && !inSei) beside.add(name);
    const selector = text(description.captionSelectorName);
    if (selector === undefined || selector === "") {
      add(check, `${at}.captionSelectorName`, "is required: the caption selector (inputSettings.captionSelectors[].name) to carry");
      return;
    }
    for (const attachment of attachments) {
      if (!attachment.captionSelectors.has(selector)) {
        add(check, `${at}.captionSelectorName`, `Caption selector ${quote(selector)} is not defined in input attachment ${quote(attachment.label)} (inputAttachments[${attachment.index}].inputSettings.captionSelectors)`);
      }
    }
  });
  for (const name of beside) {
    const info = names.get(name);
    if (info) names.set(name, { ...info, beside: true });
  }
  for (const name of inPicture) {
    const info = names.get(name);
    if (info) names.set(name, { ...info, inPicture: true });
  }
  return names;
}

interface Descriptions {
  readonly video: Map<string, DescriptionInfo>;
  readonly audio: Map<string, DescriptionInfo>;
  readonly captions: Map<string, DescriptionInfo>;
}

function checkOutputGroups(check: Check, value: unknown, descriptions: Descriptions, destinations: ReadonlyMap<string, DestinationInfo>): void {
  if (Array.isArray(value) && value.length === 0) add(check, "encoderSettings.outputGroups", "needs at least one output group");
  const groupNames = new Map<string, number>();
  const destinationUsers = new Map<string, number>();
  items(value).forEach((item, index) => {
    const at = `encoderSettings.outputGroups[${index}]`;
    const group = record(item);
    if (!group) {
      add(check, at, "expected an output group object");
      return;
    }
    const name = text(group.name);
    if (name !== undefined && name !== "") {
      if (groupNames.has(name)) add(check, `${at}.name`, `Output group name ${quote(name)} is already used by outputGroups[${groupNames.get(name)}]`);
      else groupNames.set(name, index);
    }
    const groupSettings = checkUnion(check, group.outputGroupSettings, `${at}.outputGroupSettings`, SUPPORTED_OUTPUT_GROUPS.join(", "));
    const hls = record(groupSettings?.hlsGroupSettings);
    if (hls) checkHlsGroup(check, hls, `${at}.outputGroupSettings.hlsGroupSettings`, index, destinations, destinationUsers);
    const fileGroup = fileGroupKindOf(groupSettings);
    if (fileGroup) checkFileGroup((path, message) => add(check, path, message), record(groupSettings?.[`${fileGroup}GroupSettings`])!, `${at}.outputGroupSettings.${fileGroup}GroupSettings`, new Set(destinations.keys()));
    const push = fmp4PushGroupMember(groupSettings);
    if (push) check.problems.push(...checkFmp4PushGroup(record(groupSettings?.[push])!, `${at}.outputGroupSettings.${push}`, destinations));
    if (record(groupSettings?.udpGroupSettings)) check.problems.push(...udpGroupProblems(group.outputs, at, new Map([...destinations].map(([id, info]) => [id, { udp: info.kind === "udp", urls: info.urls }]))));
    checkOutputs(check, group.outputs, `${at}.outputs`, hls ? "hls" : (fileGroup ?? (push ? "push" : isSet(groupSettings?.mediaPackageGroupSettings) ? "mediaPackage" : undefined)), descriptions);
  });
}

function checkHlsGroup(check: Check, hls: Json, at: string, groupIndex: number, destinations: ReadonlyMap<string, DestinationInfo>, users: Map<string, number>): void {
  const refId = text(record(hls.destination)?.destinationRefId);
  let destination: DestinationInfo | undefined;
  if (refId === undefined || refId === "") {
    add(check, `${at}.destination.destinationRefId`, "is required: the id of one of destinations[]");
  } else if (!destinations.has(refId)) {
    add(check, `${at}.destination.destinationRefId`, `Object references undefined destination ${quote(refId)}`);
  } else {
    // MediaLive lets several groups name one destination (not-honoured.ts tells what that means for their files).
    if (!users.has(refId)) users.set(refId, groupIndex);
    destination = destinations.get(refId);
    if (destination?.kind === "udp") add(check, `${at}.destination.destinationRefId`, `destination ${quote(refId)} is a udp:// or rtp:// destination, which only a UDP output group (udpGroupSettings) sends to`);
  }
  if (destination?.kind === "rtmp" || destination?.kind === "srt") add(check, `${at}.destination.destinationRefId`, `destination ${quote(refId!)} is an ${destination.kind.toUpperCase()} destination; an HLS group publishes to file:// or http(s)://`);
  const cdn = isSet(hls.hlsCdnSettings) ? record(hls.hlsCdnSettings) : undefined;
  if (cdn) checkUnion(check, cdn, `${at}.hlsCdnSettings`, "hlsBasicPutSettings, hlsWebdavSettings, hlsAkamaiSettings, hlsS3Settings, hlsMediaStoreSettings");
  const cdnProblem = destination?.kind && isHlsDestinationKind(destination.kind) ? hlsCdnProblem(destination.kind, cdn ? setMembers(cdn) : undefined, refId!) : undefined;
  if (cdnProblem) add(check, `${at}.hlsCdnSettings`, cdnProblem);
  // Segments older than keepSegments are deleted; a playlist must never list a deleted segment.
  if (isSet(hls.keepSegments) || isSet(hls.indexNSegments)) {
    const keep = number(hls.keepSegments) ?? HLS_DEFAULT_KEEP_SEGMENTS;
    const index = number(hls.indexNSegments) ?? HLS_DEFAULT_INDEX_N_SEGMENTS;
    if (keep < index) add(check, `${at}.keepSegments`, `must be at least indexNSegments (${index}): a playlist must not list deleted segments; got ${keep}`);
  }
}

/** groupKind: the kind of the outputs' group ("push": CMAF ingest or Smooth, which take an output of audio alone as it is; MediaPackage groups name their audio renditions so). */
function checkOutputs(check: Check, value: unknown, at: string, groupKind: "hls" | FileGroupKind | "push" | "mediaPackage" | undefined, descriptions: Descriptions): void {
  const hlsGroup = groupKind === "hls";
  const audioOnlyOutputs = groupKind === "push";
  const mediaPackageGroup = groupKind === "mediaPackage";
  if (Array.isArray(value) && value.length === 0) add(check, at, "needs at least one output");
  const outputNames = new Map<string, number>();
  const nameModifiers = new Map<string, number>();
  items(value).forEach((item, index) => {
    const outputAt = `${at}[${index}]`;
    const output = record(item);
    if (!output) {
      add(check, outputAt, "expected an output object");
      return;
    }
    const outputName = text(output.outputName);
    if (outputName !== undefined && outputName !== "") {
      if (outputNames.has(outputName)) add(check, `${outputAt}.outputName`, `Output name ${quote(outputName)} is already used by outputs[${outputNames.get(outputName)}] of this group`);
      else outputNames.set(outputName, index);
    }
    const outputSettings = checkUnion(check, output.outputSettings, `${outputAt}.outputSettings`, SUPPORTED_OUTPUT_SETTINGS.join(", "));
    if (groupKind === "archive" || groupKind === "frameCapture") {
      const videoName = text(output.videoDescriptionName);
      const video = videoName ? descriptions.video.get(videoName) : undefined;
      checkFileGroupOutput((path, message) => add(check, path, message), groupKind, output, outputAt, video ? { ...(video.notForHls ? { encodes: video.notForHls } : {}) } : undefined);
    }
    if (hlsGroup && outputSettings && !isSet(outputSettings.hlsOutputSettings) && setMembers(outputSettings).length === 1) {
      add(check, `${outputAt}.outputSettings`, "An output of an HLS output group needs hlsOutputSettings");
    }
    const hlsOutput = record(outputSettings?.hlsOutputSettings);
    if (hlsOutput) {
      const hlsAt = `${outputAt}.outputSettings.hlsOutputSettings`;
      const modifier = text(hlsOutput.nameModifier);
      if (modifier === undefined || modifier === "") {
        add(check, `${hlsAt}.nameModifier`, "is required: the variant playlist is <baseName><nameModifier>.m3u8 and must not overwrite the master <baseName>.m3u8");
      } else {
        checkFileNamePart(check, `${hlsAt}.nameModifier`, modifier);
        // With identifiers ($w$, $h$ …) two equal modifiers may still resolve to different names.
        if (nameModifiers.has(modifier) && !/\$(dt|d|t|rv|ra|rc|w|h|f)(%0\d+)?\$/.test(modifier)) add(check, `${hlsAt}.nameModifier`, `Name modifier ${quote(modifier)} is already used by outputs[${nameModifiers.get(modifier)}] of this group; each variant needs its own files`);
        else nameModifiers.set(modifier, index);
      }
      const segmentModifier = text(hlsOutput.segmentModifier);
      if (segmentModifier) checkFileNamePart(check, `${hlsAt}.segmentModifier`, segmentModifier);
      checkUnion(check, hlsOutput.hlsSettings, `${hlsAt}.hlsSettings`, "standardHlsSettings, fmp4HlsSettings, audioOnlyHlsSettings, frameCaptureHlsSettings");
    }
    if (hlsGroup && isHlsImageOutput(hlsOutput)) {
      const imageVideo = descriptions.video.get(text(output.videoDescriptionName) ?? "");
      if (imageVideo) imageVideo.used = true;
      checkHlsImageOutput((path, message) => add(check, path, message), output, outputAt, imageVideo?.notForHls, imageVideo !== undefined);
      return;
    }
    const videoName = text(output.videoDescriptionName);
    // Push groups (CMAF ingest, Smooth) take an output of audio alone as it is.
    const audioOnly = isSet(record(record(hlsOutput?.hlsSettings)?.audioOnlyHlsSettings)) || (audioOnlyOutputs && !videoName && items(output.audioDescriptionNames).length > 0) || (mediaPackageGroup && isMediaPackageAudioOnly(output));
    const captionNames = items(output.captionDescriptionNames).map((entry) => text(entry) ?? "");
    // MediaLive's WebVTT rendition: an output naming only caption descriptions written beside the video.
    const captionsOnly = items(output.audioDescriptionNames).length === 0 && captionNames.length > 0 && captionNames.every((name) => descriptions.captions.get(name)?.beside);
    if (audioOnly) {
      // An audio-only rendition (hlsSettings.audioOnlyHlsSettings) carries audio and nothing else.
      if (items(output.audioDescriptionNames).length === 0) add(check, `${outputAt}.audioDescriptionNames`, "is required for an audio-only output (audioOnlyHlsSettings): name one audio description");
      if (videoName) add(check, `${outputAt}.videoDescriptionName`, "must not be set on an audio-only output (audioOnlyHlsSettings); use standardHlsSettings for an output with video");
      if (items(output.captionDescriptionNames).length > 0) add(check, `${outputAt}.captionDescriptionNames`, "must be empty on an audio-only output (audioOnlyHlsSettings): embedded captions travel in the video");
    } else if ((videoName === undefined || videoName === "") && (captionsOnly || groupKind === "archive" || groupKind === "frameCapture")) {
      // nothing to encode (a WebVTT rendition, written by the pipeline), or an archive or frame capture output (checkFileGroupOutput tells)
    } else if (videoName === undefined || videoName === "") {
      add(check, `${outputAt}.videoDescriptionName`, "is required unless the output is audio-only (hlsSettings.audioOnlyHlsSettings) or a captions-only WebVTT rendition");
    } else {
      reference(check, `${outputAt}.videoDescriptionName`, videoName, descriptions.video, "Video", "videoDescriptions");
      // A frame capture in a MediaPackage group is told (validate-mediapackage-group.ts), not refused.
      const notForHls = hlsGroup || mediaPackageGroup ? descriptions.video.get(videoName)?.notForHls : undefined;
      if (notForHls && !(mediaPackageGroup && notForHls === "JPEG frame capture")) add(check, `${outputAt}.videoDescriptionName`, `Video description ${quote(videoName)} encodes ${notForHls}; an HLS output needs an H.264 or H.265 video description`);
      // ffmpeg's libx265 wrapper (Debian 5.1) does not write A/53 caption SEI: refused rather than silently dropped.
      // Only captions carried in the SEI need it: WebVTT renditions are written beside the video and burn-in
      // drawn into its picture, whatever its codec.
      const embedded = items(output.captionDescriptionNames).filter((entry) => {
        const info = descriptions.captions.get(text(entry) ?? "");
        return !info?.beside && !info?.inPicture;
      });
      if (descriptions.video.get(videoName)?.h265 && embedded.length > 0) {
        add(check, `${outputAt}.captionDescriptionNames`, `embedded captions on an H.265 output (video description ${quote(videoName)}) are not supported by openlive yet; use H.264 for captioned outputs`);
      }
    }
    for (const [member, names, kind, list] of [
      ["audioDescriptionNames", descriptions.audio, "Audio", "audioDescriptions"],
      ["captionDescriptionNames", descriptions.captions, "Caption", "captionDescriptions"],
    ] as const) {
      const seen = new Set<string>();
      items(output[member]).forEach((entry, entryIndex) => {
        const entryAt = `${outputAt}.${member}[${entryIndex}]`;
        const name = text(entry);
        if (name === undefined) return; // the model validator reports the type
        if (seen.has(name)) add(check, entryAt, `${kind} description ${quote(name)} is listed twice in this output`);
        seen.add(name);
        reference(check, entryAt, name, names, kind, list);
      });
    }
  });
}

function reference(check: Check, at: string, name: string, names: Map<string, DescriptionInfo>, kind: string, list: string): void {
  const description = names.get(name);
  if (description) description.used = true;
  else add(check, at, `${kind} description ${quote(name)} does not exist (encoderSettings.${list}[].name)`);
}

// Name modifiers become part of file names at the destination.
function checkFileNamePart(check: Check, at: string, value: string): void {
  if (/[/\\\0]/.test(value) || value.includes("..")) add(check, at, `${quote(value)} must not contain "/", "\\" or "..": it becomes part of a file name`);
  // eslint-disable-next-line no-control-regex
  else if (/[\u0000-\u001f\u007f]/.test(value)) add(check, at, `${quote(value)} must not contain control characters (CR, LF, TAB …): it becomes part of a file name and a playlist line`);
  else if (/\$sn(%0\d+)?\$/.test(value)) add(check, at, `$sn$ is not accepted in an HLS output's name or segment modifier (the segment number is always appended); got ${quote(value)}`);
  else if (overlongPadding(value) !== undefined) add(check, at, `zero-padding %0${overlongPadding(value)} is wider than ${MAX_IDENTIFIER_PAD_WIDTH} characters; got ${quote(value)}`);
}

// Input loss behaviour (docs/channels.md).
function checkGlobalConfiguration(check: Check, value: unknown): void {
  const behavior = record(record(value)?.inputLossBehavior);
  if (!behavior) return;
  const at = "encoderSettings.globalConfiguration.inputLossBehavior";
  const color = text(behavior.inputLossImageColor);
  if (color !== undefined && !/^[0-9a-fA-F]{6}$/.test(color)) add(check, `${at}.inputLossImageColor`, `must be 6 hex digits RRGGBB; got ${quote(color)}`);
  if (behavior.inputLossImageType === "SLATE" && !isSet(behavior.inputLossImageSlate)) {
    add(check, `${at}.inputLossImageSlate`, "is required when inputLossImageType is SLATE");
  }
}
