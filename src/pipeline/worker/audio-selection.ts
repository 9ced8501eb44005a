// Which source audio track feeds an audio selector, as MediaLive resolves selectors against
// the active input attachment, and the alert for descriptions naming a selector the active
// attachment does not define. Pure: the tracks and the time are passed in.

import type { AudioSelector } from "../../model/generated/medialive-types.ts";
import { AlertCatalogue, type AlertEvent } from "../../shared/alerts.ts";

/** One audio track of a source, in the source's order (PMT order for a transport stream). */
export interface SourceAudioTrack {
  /** PID for TS, track number for RTMP. */
  readonly trackId: number;
  /** ISO 639-2 code of the PMT's language descriptor (ISO/IEC 13818-1 §2.6.18), lower case. */
  readonly languageCode?: string;
}

export interface AudioSelection {
  /** The track that feeds the selector; undefined = none (the timeline fills silence). */
  readonly trackId: number | undefined;
  /** True when the description names a selector the attachment does not define: the default track stands in. */
  readonly undefinedSelector: boolean;
}

/**
 * The track for `selectorKey` ("" = a description naming no selector) among `tracks`:
 * - no selector named, or an attachment without audio selectors: the first audio track;
 * - a selector the attachment does not define: the first audio track, flagged for the alert;
 * - a selector without settings: the first audio track;
 * - audioPidSelection: the track with that PID (none while the source does not carry it);
 * - audioLanguageSelection: the first track in that language; when none has it, STRICT gives
 *   none (silence until the language returns) and LOOSE (the default) the first audio track;
 * - audioTrackSelection: the 1-based track among the source's audio tracks (the first one
 *   listed: one fed stream per selector).
 */
export function selectAudioTrack(selectors: readonly AudioSelector[] | undefined, selectorKey: string, tracks: readonly SourceAudioTrack[]): AudioSelection {
  const first = tracks[0]?.trackId;
  if (!selectorKey || !selectors?.length) return { trackId: first, undefinedSelector: false };
  const selector = selectors.find((s) => s.name === selectorKey);
  if (!selector) return { trackId: first, undefinedSelector: true };
  const settings = selector.selectorSettings;
  if (settings?.audioPidSelection?.pid !== undefined) return { trackId: settings.audioPidSelection.pid, undefinedSelector: false };
  const language = settings?.audioLanguageSelection;
  if (language?.languageCode) {
    const wanted = language.languageCode.toLowerCase();
    const match = tracks.find((track) => track.languageCode === wanted);
    if (match) return { trackId: match.trackId, undefinedSelector: false };
    return { trackId: language.languageSelectionPolicy === "STRICT" ? undefined : first, undefinedSelector: false };
  }
  const trackNumber = settings?.audioTrackSelection?.tracks?.[0]?.track;
  if (trackNumber !== undefined) return { trackId: tracks[trackNumber - 1]?.trackId, undefinedSelector: false };
  return { trackId: first, undefinedSelector: false };
}

/** The selectors of `selectorKeys` the attachment does not define (none when it defines no selector at all). */
export function undefinedSelectors(selectors: readonly AudioSelector[] | undefined, selectorKeys: readonly string[]): string[] {
  if (!selectors?.length) return [];
  return selectorKeys.filter((key) => key !== "" && !selectors.some((s) => s.name === key));
}

export interface ActiveAttachment {
  readonly attachmentName: string;
  readonly inputId: string;
  readonly audioSelectors: readonly AudioSelector[] | undefined;
}

/**
 * One alert per input attachment that is on air while descriptions name selectors it does
 * not define: SET when such an attachment becomes active, CLEARED when the channel switches
 * to one that defines them (the runtime clears every alert when the channel stops).
 */
export class AudioSelectorAlerts {
  readonly #selectorKeys: readonly string[];
  /** inputId → the attachment whose alert is SET. */
  readonly #set = new Map<string, string>();

  constructor(selectorKeys: readonly string[]) {
    this.#selectorKeys = selectorKeys;
  }

  update(active: ActiveAttachment | undefined, nowMs: number): (AlertEvent & { readonly inputId: string })[] {
    const events: (AlertEvent & { readonly inputId: string })[] = [];
    const missing = active ? undefinedSelectors(active.audioSelectors, this.#selectorKeys) : [];
    for (const [inputId, attachmentName] of this.#set) {
      if (active && missing.length > 0 && inputId === active.inputId) continue;
      this.#set.delete(inputId);
      events.push({ alertType: AlertCatalogue.AUDIO_SELECTOR_NOT_FOUND.alertType, message: `input attachment "${attachmentName}" is no longer on air or defines the audio selectors the channel names`, state: "CLEARED", atMs: nowMs, inputId });
    }
    if (active && missing.length > 0 && !this.#set.has(active.inputId)) {
      this.#set.set(active.inputId, active.attachmentName);
      const names = missing.map((name) => `"${name}"`).join(", ");
      events.push({
        alertType: AlertCatalogue.AUDIO_SELECTOR_NOT_FOUND.alertType,
        message: `audio selector ${names} is not defined in input attachment "${active.attachmentName}": its default (first) audio track is used`,
        state: "SET",
        atMs: nowMs,
        inputId: active.inputId,
      });
    }
    return events;
  }
}
