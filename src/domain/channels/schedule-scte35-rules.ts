// The SCTE-35 schedule actions (scte35SpliceInsertSettings, scte35ReturnToNetworkSettings,
// scte35TimeSignalSettings), checked as MediaLive's API documents their members:
// spliceEventId and segmentationEventId 0–4294967295; duration 0–8589934591 ticks of 90 kHz;
// a time signal carries at least one segmentation descriptor; segmentationUpid is the UPID's
// hex digits, an even number of them and no spaces (at most 255 bytes, the descriptor's
// length field); segmentationTypeId, segmentationUpidType, segmentNum, segmentsExpected,
// subSegmentNum and subSegmentsExpected 0–255 (decimal, or hex text such as "0x34" as the
// CLI takes them); segmentationDuration 0–1099511627775 (40 bits); the delivery restrictions
// carry all four flags. scte35InputSettings (which input's SCTE-35 the channel reads): mode
// FIXED with inputAttachmentNameReference naming one of the channel's input attachments, or
// FOLLOW_ACTIVE (the input on air; a reference is not used). Pure.

import type { ValidationProblem } from "../../shared/errors.ts";

export const SCTE35_ACTION_TYPES = ["scte35SpliceInsertSettings", "scte35ReturnToNetworkSettings", "scte35TimeSignalSettings", "scte35InputSettings"] as const;

const MAX_EVENT_ID = 4_294_967_295;
const MAX_DURATION_33 = 8_589_934_591;
const MAX_DURATION_40 = 1_099_511_627_775;
const BYTE_MEMBERS = ["segmentationTypeId", "segmentationUpidType", "segmentNum", "segmentsExpected", "subSegmentNum", "subSegmentsExpected"] as const;
const RESTRICTIONS: Readonly<Record<string, readonly string[]>> = {
  archiveAllowedFlag: ["ARCHIVE_NOT_ALLOWED", "ARCHIVE_ALLOWED"],
  deviceRestrictions: ["NONE", "RESTRICT_GROUP0", "RESTRICT_GROUP1", "RESTRICT_GROUP2"],
  noRegionalBlackoutFlag: ["REGIONAL_BLACKOUT", "NO_REGIONAL_BLACKOUT"],
  webDeliveryAllowedFlag: ["WEB_DELIVERY_NOT_ALLOWED", "WEB_DELIVERY_ALLOWED"],
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function integerIn(value: unknown, max: number): boolean {
  const number = typeof value === "string" && /^(0x[0-9a-f]+|\d+)$/i.test(value.trim()) ? Number(value.trim()) : value;
  return typeof number === "number" && Number.isInteger(number) && number >= 0 && number <= max;
}

/** Whether `key` is one of the SCTE-35 action types. */
export function isScte35ActionType(key: string): boolean {
  return (SCTE35_ACTION_TYPES as readonly string[]).includes(key);
}

/** Problems of one SCTE-35 action's settings (`at`: the path of `scheduleActionSettings.<key>`; `attachments`: the channel's input attachment names). */
export function scte35ActionProblems(key: string, settings: unknown, at: string, attachments: ReadonlySet<string> | ReadonlyMap<string, unknown> = new Set()): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const problem = (member: string, errorMessage: string): void => void problems.push({ elementPath: member ? `${at}.${member}` : at, errorMessage });
  if (!isObject(settings)) {
    problem("", `${key} must be an object`);
    return problems;
  }
  if (key === "scte35InputSettings") {
    const reference = settings.inputAttachmentNameReference;
    if (settings.mode !== "FIXED" && settings.mode !== "FOLLOW_ACTIVE") problem("mode", "mode is required: FIXED (the SCTE-35 of the input attachment named by inputAttachmentNameReference) or FOLLOW_ACTIVE (of the input on air)");
    else if (settings.mode === "FIXED" && (typeof reference !== "string" || reference === "")) problem("inputAttachmentNameReference", "mode FIXED needs inputAttachmentNameReference: the name of one of the channel's input attachments (not an input id)");
    else if (settings.mode === "FIXED" && !attachments.has(reference as string)) problem("inputAttachmentNameReference", `the channel has no input attachment named ${JSON.stringify(reference)}; name one of: ${[...attachments.keys()].join(", ")}`);
    return problems;
  }
  if (key === "scte35SpliceInsertSettings" || key === "scte35ReturnToNetworkSettings") {
    if (!integerIn(settings.spliceEventId, MAX_EVENT_ID)) problem("spliceEventId", "spliceEventId is required: an integer from 0 to 4294967295");
    if (key === "scte35SpliceInsertSettings" && settings.duration !== undefined && !integerIn(settings.duration, MAX_DURATION_33)) {
      problem("duration", "duration is in 90 kHz ticks: an integer from 0 to 8589934591 (leave it out for an avail that a return-to-network action ends)");
    }
    return problems;
  }
  const descriptors = settings.scte35Descriptors;
  if (!Array.isArray(descriptors) || descriptors.length === 0) {
    problem("scte35Descriptors", "a time signal needs at least one scte35Descriptors entry (a segmentation descriptor)");
    return problems;
  }
  descriptors.forEach((entry: unknown, i) => {
    const path = `scte35Descriptors[${i}].scte35DescriptorSettings.segmentationDescriptorScte35DescriptorSettings`;
    const descriptor = isObject(entry) && isObject(entry.scte35DescriptorSettings) ? entry.scte35DescriptorSettings.segmentationDescriptorScte35DescriptorSettings : undefined;
    if (!isObject(descriptor)) {
      problem(path, "segmentationDescriptorScte35DescriptorSettings is required");
      return;
    }
    if (!integerIn(descriptor.segmentationEventId, MAX_EVENT_ID)) problem(`${path}.segmentationEventId`, "segmentationEventId is required: an integer from 0 to 4294967295");
    if (descriptor.segmentationCancelIndicator !== "SEGMENTATION_EVENT_NOT_CANCELED" && descriptor.segmentationCancelIndicator !== "SEGMENTATION_EVENT_CANCELED") {
      problem(`${path}.segmentationCancelIndicator`, "segmentationCancelIndicator is required: SEGMENTATION_EVENT_NOT_CANCELED or SEGMENTATION_EVENT_CANCELED");
    }
    for (const member of BYTE_MEMBERS) {
      if (descriptor[member] !== undefined && !integerIn(descriptor[member], 255)) problem(`${path}.${member}`, `${member} is an integer from 0 to 255 (decimal, or hex such as "0x34")`);
    }
    if (descriptor.segmentationDuration !== undefined && !integerIn(descriptor.segmentationDuration, MAX_DURATION_40)) problem(`${path}.segmentationDuration`, "segmentationDuration is in 90 kHz ticks: an integer from 0 to 1099511627775");
    const upid = descriptor.segmentationUpid;
    if (upid !== undefined && (typeof upid !== "string" || !/^([0-9a-fA-F]{2})*$/.test(upid) || upid.length > 510)) {
      problem(`${path}.segmentationUpid`, "segmentationUpid is the hex digits of the UPID bytes: an even number of hex characters without spaces, at most 255 bytes");
    }
    const restrictions = descriptor.deliveryRestrictions;
    if (restrictions !== undefined) {
      if (!isObject(restrictions)) problem(`${path}.deliveryRestrictions`, "deliveryRestrictions must be an object");
      else for (const [flag, values] of Object.entries(RESTRICTIONS)) if (!values.includes(String(restrictions[flag]))) problem(`${path}.deliveryRestrictions.${flag}`, `${flag} is required in deliveryRestrictions: one of ${values.join(", ")}`);
    }
  });
  return problems;
}
