// A pipeline's ad avails: SCTE-35 messages of the active source and the SCTE-35 actions of
// the schedule become avail starts and ends on pictures of the fed timeline (splice-points.ts);
// each lands as a splice mark in that picture's access unit (media/scte35/splice-mark-sei.ts)
// with its meaning recorded in the SpliceMarkLog the HLS outputs read their ad markers from.
//
// Which messages are avails: `availConfiguration.availSettings` (media/scte35/avail-decision.ts;
// without availSettings MediaLive's default mode, splice insert, with the restriction flags
// followed). adAvailOffset (ms) moves the splice of a source message. Restricted avails and
// blackouts (media/scte35/avail-decision.ts) land on pictures the same way and decide what
// the output shows instead of the program (blanking-state.ts: availBlanking, blackoutSlate).
// Pure but for the log it writes into: messages, pictures and time in.

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { ScheduleActionSettings } from "../../model/generated/medialive-types.ts";
import { AvailModes, availEvents, blackoutTriggers, type AvailEvent, type AvailSettings, type BlackoutSettings } from "../../media/scte35/avail-decision.ts";
import type { SpliceInfoSection } from "../../media/scte35/splice-info.ts";
import { parseSpliceInfoSection } from "../../media/scte35/splice-parser.ts";
import { applyPtsAdjustment, wrap33 } from "../../media/scte35/splice-pts.ts";
import { canMarkSplices, insertSpliceMark } from "../../media/scte35/splice-mark-sei.ts";
import type { SpliceMarkLog } from "../../output/hls/splice-mark-log.ts";
import { BlankingState, type BlankingSettings, type Slate } from "./blanking-state.ts";
import { scheduledSpliceSection } from "./schedule-sections.ts";
import { SplicePoints, type SpliceRequest } from "./splice-points.ts";

export interface AvailFeedSettings {
  readonly avail: AvailSettings;
  /** adAvailOffset in 90 kHz ticks. */
  readonly offset90k: number;
  readonly blanking: BlankingSettings;
  /** Which messages start and end blackouts (blackoutSlate). */
  readonly blackout: BlackoutSettings;
}

/** The avail settings of a channel (MediaLive's defaults where it gives none). */
export function availFeedSettings(config: ChannelConfig): AvailFeedSettings {
  const settings = config.encoderSettings?.availConfiguration?.availSettings;
  const apos = settings?.scte35TimeSignalApos;
  const chosen = apos ?? settings?.scte35SpliceInsert;
  const blackout = config.encoderSettings?.blackoutSlate;
  return {
    avail: {
      mode: apos ? AvailModes.SCTE35_TIME_SIGNAL_APOS : AvailModes.SCTE35_SPLICE_INSERT,
      webDeliveryAllowedFlag: chosen?.webDeliveryAllowedFlag ?? "FOLLOW",
      noRegionalBlackoutFlag: chosen?.noRegionalBlackoutFlag ?? "FOLLOW",
    },
    offset90k: (chosen?.adAvailOffset ?? 0) * 90,
    blanking: blankingSettings(config),
    blackout: {
      webDeliveryAllowedFlag: chosen?.webDeliveryAllowedFlag ?? "FOLLOW",
      noRegionalBlackoutFlag: chosen?.noRegionalBlackoutFlag ?? "FOLLOW",
      networkEndBlackout: blackout?.networkEndBlackout === "ENABLED",
      networkId: blackout?.networkId ?? null,
    },
  };
}

function blankingSettings(config: ChannelConfig): BlankingSettings {
  const settings = config.encoderSettings;
  return { availBlanking: settings?.availBlanking?.state === "ENABLED", blackout: settings?.blackoutSlate?.state === "ENABLED" };
}

/** Whether avails are blanked or blackouts shown (availBlanking, blackoutSlate ENABLED). */
export function channelBlanks(config: ChannelConfig): boolean {
  const blanking = blankingSettings(config);
  return blanking.availBlanking || blanking.blackout;
}

/** Whether some output writes ad markers (HLS playlist tags, RTMP onCuePoint messages). */
export function channelWritesAdMarkers(config: ChannelConfig): boolean {
  return (config.encoderSettings?.outputGroups ?? []).some((group) => (group.outputGroupSettings?.hlsGroupSettings?.adMarkers?.length ?? 0) > 0 || (group.outputGroupSettings?.rtmpGroupSettings?.adMarkers?.length ?? 0) > 0);
}

function requestOf(event: AvailEvent, section: (pts90k: number) => Uint8Array): SpliceRequest {
  return { action: event.action, eventId: event.eventId, duration90k: event.duration90k, upid: event.upid?.bytes ?? null, section, blank: event.blank };
}

/** A splice this far ahead of a picture or more is taken as past (half the 33-bit clock, as splice-points.ts). */
const HALF_CLOCK_33 = 2 ** 32;

/** How far (90 kHz) the splice at `pts90k` lies ahead of the picture at `picturePts90k` on the same 33-bit clock; 0 when it is past. */
function aheadOf(pts90k: number, picturePts90k: number): number {
  const ahead = wrap33(pts90k - picturePts90k);
  return ahead < HALF_CLOCK_33 ? ahead : 0;
}

export class AvailFeed {
  readonly #settings: AvailFeedSettings;
  readonly #log: SpliceMarkLog;
  readonly #points = new SplicePoints();
  readonly #blanking: BlankingState;

  constructor(settings: AvailFeedSettings, log: SpliceMarkLog) {
    this.#settings = settings;
    this.#log = log;
    this.#blanking = new BlankingState(settings.blanking);
  }

  /** What the output shows instead of the program after the last picture (null: the program). */
  get slate(): Slate | null {
    return this.#blanking.slate;
  }

  /** Blackout starts and ends of a message, as requests for `land` (none unless blackoutSlate is ENABLED). */
  #blackouts(section: SpliceInfoSection, bytes: (pts90k: number) => Uint8Array, land: (request: SpliceRequest, pts90k: number | null) => void): void {
    if (!this.#settings.blanking.blackout) return;
    for (const trigger of blackoutTriggers(section, this.#settings.blackout)) {
      land({ action: trigger.action, eventId: trigger.segmentationEventId, duration90k: null, upid: null, section: bytes, blackout: trigger.event }, trigger.pts90k);
    }
  }

  /**
   * A splice_info_section (whole, CRC checked by the demuxer) from the active source, or from
   * one off air whose latest picture had PTS `offAirPts90k` (scte35InputSettings FIXED).
   * Returns why it is ignored, if it is.
   */
  sourceSection(bytes: Uint8Array, offAirPts90k?: number): string | undefined {
    const parsed = parseSpliceInfoSection(bytes);
    if (!parsed.ok) return parsed.reason;
    if (parsed.section.encryptedPacket) return "encrypted splice_info_section";
    const kept = Uint8Array.from(bytes);
    const land = (request: SpliceRequest, pts90k: number | null): void => {
      if (offAirPts90k === undefined) this.#points.fromSource(request, pts90k);
      else this.#points.fromOffAir(request, pts90k === null ? 0 : aheadOf(pts90k, offAirPts90k));
    };
    for (const event of availEvents(parsed.section, this.#settings.avail)) land(requestOf(event, () => kept), event.pts90k === null ? null : applyPtsAdjustment(event.pts90k, this.#settings.offset90k));
    // adAvailOffset moves avails only; a blackout starts at its own splice time.
    this.#blackouts(parsed.section, () => kept, land);
    return undefined;
  }

  /** An SCTE-35 schedule action fell due: it lands on the next picture. */
  scheduled(settings: ScheduleActionSettings): void {
    const section = (pts90k: number): Uint8Array => scheduledSpliceSection(settings, pts90k) ?? new Uint8Array(0);
    const parsed = parseSpliceInfoSection(section(0));
    if (!parsed.ok) return;
    // A scheduled message is judged in splice insert mode whatever the channel's mode: it takes
    // splice_insert and time_signal alike (advertisement, placement opportunity and break types).
    for (const event of availEvents(parsed.section, { ...this.#settings.avail, mode: AvailModes.SCTE35_SPLICE_INSERT })) this.#points.now(requestOf(event, section));
    this.#blackouts(parsed.section, section, (request) => this.#points.now(request));
  }

  sourceSwitched(): void {
    this.#points.sourceSwitched();
  }

  /** A live picture of the active source (`sourcePts90k`, its clock) is fed at `fedPts90k`. */
  sourcePicture(sourcePts90k: number, fedPts90k: number): void {
    if (!this.#points.idle) this.#points.sourcePicture(sourcePts90k, fedPts90k);
  }

  /** A picture about to be fed: its access unit, with the marks of the splices landing on it. */
  picture(codec: string, fedPts90k: number, accessUnit: Uint8Array): Uint8Array {
    return this.mark(codec, accessUnit, this.land(fedPts90k));
  }

  /** The splices landing on the picture fed at `fedPts90k`: recorded in the log (their mark ids returned), the slate decided. */
  land(fedPts90k: number): number[] {
    if (this.#points.idle) return [];
    const points = this.#points.picture(fedPts90k);
    this.#blanking.land(points);
    return points
      .filter((point) => point.blackout === undefined)
      .map((point) => this.#log.add({ action: point.action, eventId: point.eventId, durationSec: point.duration90k === null ? null : point.duration90k / 90_000, section: point.section, upid: point.upid }));
  }

  /** The access unit with splice marks (the picture the splices landed on, or the slate shown in its place). */
  mark(codec: string, accessUnit: Uint8Array, markIds: readonly number[]): Uint8Array {
    if (!canMarkSplices(codec)) return accessUnit;
    return markIds.reduce((data, markId) => insertSpliceMark(codec, data, markId), accessUnit);
  }

}
