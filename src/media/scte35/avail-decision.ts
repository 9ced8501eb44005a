// Which SCTE-35 messages are ad avails, which avails are blanked, and which messages start or
// end a blackout — MediaLive's documented rules, as pure decisions (the pipeline maps
// `availConfiguration.availSettings` and `blackoutSlate` onto the settings below).
//
// Avails, per mode (MediaLive User Guide, “Triggers for ad avail blanking” and “Getting ready:
// Set the ad avail mode”):
//   splice insert mode: splice_insert and time_signal messages whose segmentation type is
//     provider/distributor advertisement (0x30–0x33), provider/distributor placement
//     opportunity (0x34–0x37) or break (0x22/0x23); programs, chapters, network and
//     unscheduled events are not avails.
//   time signal APOS mode: time_signal messages of placement opportunity (0x34–0x37) or break
//     (0x22/0x23) only; splice_insert is never an avail.
//   A splice_insert without any segmentation descriptor: the blanking-triggers table lists it
//   as “No”, but the same guide's restriction-flags page says such messages (“usually the case
//   with splice_inserts”) are blanked, and Elemental Live's cue-point API calls a splice_insert
//   without a descriptor “always … an ad avail”. openlive follows the latter: in splice insert
//   mode it is an avail, started by out_of_network_indicator 1 and ended by 0.
// Blanking (“Ad avail blanking restriction flags”): web_delivery_allowed_flag and
//   no_regional_blackout_flag 0 mean “restricted: blank”; when neither flag is present both count
//   as 0; a 0 in one flag wins over a 1 in the other. IGNORE for a flag makes its 0 no longer
//   trigger (the API's FOLLOW/IGNORE members).
// Blackout (“Triggers for blackout”): only time_signal segmentation types Program Start/End
//   (0x10/0x11), Chapter Start/End (0x20/0x21), Unscheduled Event Start/End (0x40/0x41) and
//   Network End/Start (0x51 starts, 0x50 ends — the reverse of the others; only with
//   networkEndBlackout ENABLED and a network ID matching the descriptor's EIDR UPID). A
//   blackout ends only by an event of equal or greater strength: network 1 (strongest),
//   unscheduled event 2, program 3, chapter 4. The same restriction flags decide whether a start
//   blacks out (“Blackout restriction flags”).

import { SegmentationTypes, UpidTypes } from "./segmentation-types.ts";
import { applyPtsAdjustment } from "./splice-pts.ts";
import { SpliceDescriptorTags, type SegmentationDescriptor, type SegmentationUpid, type SpliceInfoSection } from "./splice-info.ts";

export const AvailModes = {
  SCTE35_SPLICE_INSERT: "SCTE35_SPLICE_INSERT",
  SCTE35_TIME_SIGNAL_APOS: "SCTE35_TIME_SIGNAL_APOS",
} as const;
export type AvailMode = (typeof AvailModes)[keyof typeof AvailModes];

export type FlagBehavior = "FOLLOW" | "IGNORE";

export interface RestrictionFlagSettings {
  readonly webDeliveryAllowedFlag: FlagBehavior;
  readonly noRegionalBlackoutFlag: FlagBehavior;
}

export interface AvailSettings extends RestrictionFlagSettings {
  readonly mode: AvailMode;
}

const T = SegmentationTypes;
const AVAIL_START_TYPES = new Set<number>([T.PROVIDER_ADVERTISEMENT_START, T.DISTRIBUTOR_ADVERTISEMENT_START, T.PROVIDER_PLACEMENT_OPPORTUNITY_START, T.DISTRIBUTOR_PLACEMENT_OPPORTUNITY_START, T.BREAK_START]);
const AVAIL_END_TYPES = new Set<number>([T.PROVIDER_ADVERTISEMENT_END, T.DISTRIBUTOR_ADVERTISEMENT_END, T.PROVIDER_PLACEMENT_OPPORTUNITY_END, T.DISTRIBUTOR_PLACEMENT_OPPORTUNITY_END, T.BREAK_END]);
const APOS_START_TYPES = new Set<number>([T.PROVIDER_PLACEMENT_OPPORTUNITY_START, T.DISTRIBUTOR_PLACEMENT_OPPORTUNITY_START, T.BREAK_START]);
const APOS_END_TYPES = new Set<number>([T.PROVIDER_PLACEMENT_OPPORTUNITY_END, T.DISTRIBUTOR_PLACEMENT_OPPORTUNITY_END, T.BREAK_END]);

export interface AvailEvent {
  /** start: the avail begins at the splice time; end: it ends there; cancel: a pending one is withdrawn. */
  readonly action: "start" | "end" | "cancel";
  /** splice_event_id, or segmentation_event_id for time_signal. */
  readonly eventId: number;
  /** Adjusted splice PTS (pts_time + pts_adjustment mod 2^33); null for immediate splices. */
  readonly pts90k: number | null;
  /** break_duration or segmentation_duration; null when the message declares none. */
  readonly duration90k: number | null;
  /** The segmentation type that made it an avail; null for a splice_insert without descriptor. */
  readonly segmentationTypeId: number | null;
  readonly upid: SegmentationUpid | null;
  /** availBlanking applies: a followed restriction flag is 0 (or absent). */
  readonly blank: boolean;
}

export function segmentationsOf(section: SpliceInfoSection): (SegmentationDescriptor & { segmentationEventCancelIndicator: false })[] {
  return section.descriptors.filter((d): d is SegmentationDescriptor & { segmentationEventCancelIndicator: false } => d.tag === SpliceDescriptorTags.SEGMENTATION && !d.segmentationEventCancelIndicator);
}

/** True when the flags, as the settings follow them, restrict delivery (blank / black out). */
export function restricted(descriptor: SegmentationDescriptor | null, settings: RestrictionFlagSettings): boolean {
  const flags = descriptor && !descriptor.segmentationEventCancelIndicator ? descriptor.deliveryRestrictions : null;
  const webAllowed = flags?.webDeliveryAllowedFlag ?? false;
  const regionalAllowed = flags?.noRegionalBlackoutFlag ?? false;
  return (settings.webDeliveryAllowedFlag === "FOLLOW" && !webAllowed) || (settings.noRegionalBlackoutFlag === "FOLLOW" && !regionalAllowed);
}

/** The avail events a message carries under the channel's avail settings ([] when it is no avail). */
export function availEvents(section: SpliceInfoSection, settings: AvailSettings): AvailEvent[] {
  const command = section.command;
  if (!command) return [];
  const apos = settings.mode === AvailModes.SCTE35_TIME_SIGNAL_APOS;
  const startTypes = apos ? APOS_START_TYPES : AVAIL_START_TYPES;
  const endTypes = apos ? APOS_END_TYPES : AVAIL_END_TYPES;
  const at = (pts: number | null): number | null => (pts === null ? null : applyPtsAdjustment(pts, section.ptsAdjustment90k));
  if (command.kind === "splice_insert") {
    if (apos) return [];
    if (command.spliceEventCancelIndicator) return [{ action: "cancel", eventId: command.spliceEventId, pts90k: null, duration90k: null, segmentationTypeId: null, upid: null, blank: false }];
    const descriptors = section.descriptors.filter((d) => d.tag === SpliceDescriptorTags.SEGMENTATION);
    const typed = segmentationsOf(section).find((d) => startTypes.has(d.segmentationTypeId) || endTypes.has(d.segmentationTypeId)) ?? null;
    if (descriptors.length > 0 && !typed) return [];
    const pts = command.programSpliceFlag && !command.spliceImmediateFlag ? at(command.spliceTime?.ptsTime90k ?? null) : null;
    return [
      {
        action: command.outOfNetworkIndicator ? "start" : "end",
        eventId: command.spliceEventId,
        pts90k: pts,
        duration90k: command.breakDuration?.duration90k ?? null,
        segmentationTypeId: typed?.segmentationTypeId ?? null,
        upid: typed?.upid ?? null,
        blank: restricted(typed, settings),
      },
    ];
  }
  if (command.kind !== "time_signal") return [];
  const pts = at(command.spliceTime.ptsTime90k);
  const events: AvailEvent[] = [];
  for (const d of section.descriptors) {
    if (d.tag !== SpliceDescriptorTags.SEGMENTATION) continue;
    if (d.segmentationEventCancelIndicator) {
      events.push({ action: "cancel", eventId: d.segmentationEventId, pts90k: null, duration90k: null, segmentationTypeId: null, upid: null, blank: false });
      continue;
    }
    const action = startTypes.has(d.segmentationTypeId) ? "start" : endTypes.has(d.segmentationTypeId) ? "end" : null;
    if (!action) continue;
    events.push({ action, eventId: d.segmentationEventId, pts90k: pts, duration90k: d.segmentationDuration90k, segmentationTypeId: d.segmentationTypeId, upid: d.upid, blank: restricted(d, settings) });
  }
  return events;
}

export const BlackoutEvents = { NETWORK: "network", UNSCHEDULED: "unscheduled", PROGRAM: "program", CHAPTER: "chapter" } as const;
export type BlackoutEvent = (typeof BlackoutEvents)[keyof typeof BlackoutEvents];

/** 1 is the strongest: a blackout ends only by an event of equal or greater strength. */
export const BLACKOUT_STRENGTH: Readonly<Record<BlackoutEvent, number>> = { network: 1, unscheduled: 2, program: 3, chapter: 4 };

const BLACKOUT_TRIGGERS: ReadonlyMap<number, { readonly event: BlackoutEvent; readonly action: "start" | "end" }> = new Map([
  [T.PROGRAM_START, { event: BlackoutEvents.PROGRAM, action: "start" }],
  [T.PROGRAM_END, { event: BlackoutEvents.PROGRAM, action: "end" }],
  [T.CHAPTER_START, { event: BlackoutEvents.CHAPTER, action: "start" }],
  [T.CHAPTER_END, { event: BlackoutEvents.CHAPTER, action: "end" }],
  [T.UNSCHEDULED_EVENT_START, { event: BlackoutEvents.UNSCHEDULED, action: "start" }],
  [T.UNSCHEDULED_EVENT_END, { event: BlackoutEvents.UNSCHEDULED, action: "end" }],
  [T.NETWORK_END, { event: BlackoutEvents.NETWORK, action: "start" }],
  [T.NETWORK_START, { event: BlackoutEvents.NETWORK, action: "end" }],
]);

export interface BlackoutSettings extends RestrictionFlagSettings {
  /** blackoutSlate.networkEndBlackout ENABLED. */
  readonly networkEndBlackout: boolean;
  /** blackoutSlate.networkId (EIDR form, e.g. 10.5239/8BE5-E3F6-1BD4-21C1-6E2D-R). */
  readonly networkId: string | null;
}

export interface BlackoutTrigger {
  readonly action: "start" | "end";
  readonly event: BlackoutEvent;
  readonly pts90k: number | null;
  readonly segmentationEventId: number;
}

/** EIDR UPID (12 bytes: 16-bit sub-prefix, 80-bit suffix) as “10.<prefix>/XXXX-XXXX-XXXX-XXXX-XXXX”, without the check character. */
export function eidrText(upid: SegmentationUpid): string | null {
  if (upid.type !== UpidTypes.EIDR || upid.bytes.length !== 12) return null;
  const prefix = ((upid.bytes[0] ?? 0) << 8) | (upid.bytes[1] ?? 0);
  const hex = Array.from(upid.bytes.subarray(2), (b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();
  return `10.${prefix}/${hex.match(/.{4}/g)?.join("-") ?? hex}`;
}

function networkMatches(upid: SegmentationUpid, networkId: string | null): boolean {
  if (!networkId) return false;
  const text = eidrText(upid);
  return text !== null && networkId.toUpperCase().startsWith(text);
}

/** The blackout starts and ends a message carries (time_signal only; restricted starts only). */
export function blackoutTriggers(section: SpliceInfoSection, settings: BlackoutSettings): BlackoutTrigger[] {
  const command = section.command;
  if (command?.kind !== "time_signal") return [];
  const pts = command.spliceTime.ptsTime90k === null ? null : applyPtsAdjustment(command.spliceTime.ptsTime90k, section.ptsAdjustment90k);
  const triggers: BlackoutTrigger[] = [];
  for (const d of segmentationsOf(section)) {
    const trigger = BLACKOUT_TRIGGERS.get(d.segmentationTypeId);
    if (!trigger) continue;
    if (trigger.event === BlackoutEvents.NETWORK && !(settings.networkEndBlackout && networkMatches(d.upid, settings.networkId))) continue;
    if (trigger.action === "start" && !restricted(d, settings)) continue;
    triggers.push({ ...trigger, pts90k: pts, segmentationEventId: d.segmentationEventId });
  }
  return triggers;
}

/** The blackout in force: null, or the event that started it. */
export type BlackoutState = { readonly event: BlackoutEvent } | null;

/** Applies one trigger: a start begins (or strengthens) a blackout; an end lifts it only if at least as strong. */
export function nextBlackoutState(state: BlackoutState, trigger: BlackoutTrigger): BlackoutState {
  const strength = BLACKOUT_STRENGTH[trigger.event];
  if (trigger.action === "start") return state && BLACKOUT_STRENGTH[state.event] <= strength ? state : { event: trigger.event };
  if (!state) return null;
  return strength <= BLACKOUT_STRENGTH[state.event] ? null : state;
}
