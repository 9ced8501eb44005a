// A pipeline's ad avails: SCTE-35 messages of the active source and the SCTE-35 actions of
// the schedule become avail starts and ends on pictures of the fed timeline (splice-points.ts);
// each lands as a splice mark in that picture's access unit (media/scte35/splice-mark-sei.ts)
// with its meaning recorded in the SpliceMarkLog the HLS outputs read their ad markers from.
//
// Which messages are avails: `availConfiguration.availSettings` (media/scte35/avail-decision.ts;
// without availSettings MediaLive's default mode, splice insert, with the restriction flags
// followed). adAvailOffset (ms) moves the splice of a source message. Pure but for the log it
// writes into: messages, pictures and time in.

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { ScheduleActionSettings } from "../../model/generated/medialive-types.ts";
import { AvailModes, availEvents, type AvailEvent, type AvailSettings } from "../../media/scte35/avail-decision.ts";
import { parseSpliceInfoSection } from "../../media/scte35/splice-parser.ts";
import { applyPtsAdjustment } from "../../media/scte35/splice-pts.ts";
import { canMarkSplices, insertSpliceMark } from "../../media/scte35/splice-mark-sei.ts";
import type { SpliceMarkLog } from "../../output/hls/splice-mark-log.ts";
import { scheduledSpliceSection } from "./schedule-sections.ts";
import { SplicePoints, type SpliceRequest } from "./splice-points.ts";

export interface AvailFeedSettings {
  readonly avail: AvailSettings;
  /** adAvailOffset in 90 kHz ticks. */
  readonly offset90k: number;
}

/** The avail settings of a channel (MediaLive's defaults where it gives none). */
export function availFeedSettings(config: ChannelConfig): AvailFeedSettings {
  const settings = config.encoderSettings?.availConfiguration?.availSettings;
  const apos = settings?.scte35TimeSignalApos;
  const chosen = apos ?? settings?.scte35SpliceInsert;
  return {
    avail: {
      mode: apos ? AvailModes.SCTE35_TIME_SIGNAL_APOS : AvailModes.SCTE35_SPLICE_INSERT,
      webDeliveryAllowedFlag: chosen?.webDeliveryAllowedFlag ?? "FOLLOW",
      noRegionalBlackoutFlag: chosen?.noRegionalBlackoutFlag ?? "FOLLOW",
    },
    offset90k: (chosen?.adAvailOffset ?? 0) * 90,
  };
}

/** Whether some output writes ad markers (the only readers of splice marks today). */
export function channelWritesAdMarkers(config: ChannelConfig): boolean {
  return (config.encoderSettings?.outputGroups ?? []).some((group) => (group.outputGroupSettings?.hlsGroupSettings?.adMarkers?.length ?? 0) > 0);
}

function requestOf(event: AvailEvent, section: (pts90k: number) => Uint8Array): SpliceRequest {
  return { action: event.action, eventId: event.eventId, duration90k: event.duration90k, upid: event.upid?.bytes ?? null, section };
}

export class AvailFeed {
  readonly #settings: AvailFeedSettings;
  readonly #log: SpliceMarkLog;
  readonly #points = new SplicePoints();

  constructor(settings: AvailFeedSettings, log: SpliceMarkLog) {
    this.#settings = settings;
    this.#log = log;
  }

  /** A splice_info_section from the active source (whole, CRC checked by the demuxer). Returns why it is ignored, if it is. */
  sourceSection(bytes: Uint8Array): string | undefined {
    const parsed = parseSpliceInfoSection(bytes);
    if (!parsed.ok) return parsed.reason;
    if (parsed.section.encryptedPacket) return "encrypted splice_info_section";
    const kept = Uint8Array.from(bytes);
    for (const event of availEvents(parsed.section, this.#settings.avail)) {
      const pts = event.pts90k === null ? null : applyPtsAdjustment(event.pts90k, this.#settings.offset90k);
      this.#points.fromSource(requestOf(event, () => kept), pts);
    }
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
    if (this.#points.idle) return accessUnit;
    let data = accessUnit;
    for (const point of this.#points.picture(fedPts90k)) {
      const markId = this.#log.add({ action: point.action, eventId: point.eventId, durationSec: point.duration90k === null ? null : point.duration90k / 90_000, section: point.section, upid: point.upid });
      if (canMarkSplices(codec)) data = insertSpliceMark(codec, data, markId);
    }
    return data;
  }
}
