// M3u8Settings → options of the MPEG-TS muxer inside ffmpeg's HLS muxer (ISO/IEC 13818-1),
// with MediaLive's defaults: program 1, PMT PID 480, video PID 481, audio PIDs 492–498,
// PCR every 40 ms, PAT/PMT once per segment.

import type { M3u8Settings } from "../../model/generated/medialive-types.ts";

const DEFAULT_PMT_PID = 480;
const DEFAULT_VIDEO_PID = 481;
const DEFAULT_AUDIO_PIDS = "492-498";
const DEFAULT_PCR_PERIOD_MS = 40;

/** "0x1E1" or "481" → 481; undefined when not a number. */
export function parsePid(text: string): number | undefined {
  const trimmed = text.trim();
  const value = /^0x[0-9a-f]+$/i.test(trimmed) ? Number.parseInt(trimmed.slice(2), 16) : /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  return Number.isInteger(value) ? value : undefined;
}

/** MediaLive's PID list form: comma-separated PIDs and ranges, decimal or hex ("492-498", "0x1EC,0x1ED"). */
export function parsePidList(text: string): number[] {
  const pids: number[] = [];
  for (const item of text.split(",")) {
    const [first, last] = item.split("-");
    const from = parsePid(first ?? "");
    const to = last === undefined ? from : parsePid(last);
    if (from === undefined || to === undefined) continue;
    for (let pid = from; pid <= to; pid++) pids.push(pid);
  }
  return pids;
}

export interface MpegtsLayout {
  /** `-hls_segment_options` value (key=value pairs joined by ':'). */
  readonly segmentOptions: string;
  readonly videoPid: number;
  /** PID of the output's audio stream k (the same order as its audioDescriptionNames). */
  readonly audioPids: readonly number[];
}

export function mpegtsLayout(m3u8: M3u8Settings | undefined, audioCount: number, segmentLengthSec: number): MpegtsLayout {
  const settings = m3u8 ?? {};
  const options: string[] = [];
  // ffmpeg's muxer takes 1–65535 for both ids: 0 (MediaLive's transport_stream_id default) keeps ffmpeg's 1.
  const programNum = settings.programNum ?? 1;
  if (programNum >= 1) options.push(`mpegts_service_id=${programNum}`);
  if (settings.transportStreamId !== undefined && settings.transportStreamId >= 1) options.push(`mpegts_transport_stream_id=${settings.transportStreamId}`);
  options.push(`mpegts_pmt_start_pid=${parsePid(settings.pmtPid ?? "") ?? DEFAULT_PMT_PID}`);
  options.push(`pcr_period=${settings.pcrPeriod ?? DEFAULT_PCR_PERIOD_MS}`);
  // patInterval 0 = once per segment: the muxer also repeats PAT/PMT before every video
  // keyframe, and every segment starts with one, so a period of a whole segment is enough.
  const patPeriodSec = settings.patInterval ? settings.patInterval / 1000 : segmentLengthSec;
  options.push(`pat_period=${patPeriodSec}`);
  const videoPid = parsePid(settings.videoPid ?? "") ?? DEFAULT_VIDEO_PID;
  const listed = parsePidList(settings.audioPids ?? DEFAULT_AUDIO_PIDS).filter((pid) => pid !== videoPid);
  const audioPids: number[] = [];
  for (let k = 0; k < audioCount; k++) {
    // More audio streams than listed PIDs: continue after the last one (MediaLive extends its range the same way).
    const pid = listed[k] ?? (audioPids.length > 0 ? audioPids[audioPids.length - 1]! + 1 : DEFAULT_VIDEO_PID + 11 + k);
    audioPids.push(pid);
  }
  return { segmentOptions: options.join(":"), videoPid, audioPids };
}
