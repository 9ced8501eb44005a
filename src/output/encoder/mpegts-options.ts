// M3u8Settings → options of the MPEG-TS muxer inside ffmpeg's HLS muxer (ISO/IEC 13818-1),
// with MediaLive's defaults: program 1, PMT PID 480, video PID 481, audio PIDs 492–498,
// PCR every 40 ms, PAT/PMT once per segment, 4 audio frames per PES packet.

import type { M2tsSettings, M3u8Settings } from "../../model/generated/medialive-types.ts";

const DEFAULT_PMT_PID = 480;
const DEFAULT_VIDEO_PID = 481;
const DEFAULT_AUDIO_PIDS = "492-498";
const DEFAULT_PCR_PERIOD_MS = 40;
const DEFAULT_AUDIO_FRAMES_PER_PES = 4;
/**
 * PCR_EVERY_PES_PACKET: ffmpeg's muxer writes a PCR at the start of a PES packet of the PCR
 * stream once pcr_period has passed; 1 ms is shorter than any frame interval, so every PES
 * packet of that stream (the video) carries one. 0 would mean "no PCR" to the muxer.
 */
const PCR_EVERY_PES_PERIOD_MS = 1;
/** PCM samples per coded frame: AAC 1024, AC-3 and E-AC-3 1536 (ISO/IEC 14496-3, ATSC A/52). */
const SAMPLES_PER_FRAME = { aac: 1024, dolby: 1536 } as const;
const DEFAULT_SAMPLE_RATE_HZ = 48_000;

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

/** What the muxer needs to know of an output's audio stream to size its PES packets. */
export interface MuxedAudio {
  /** null: a pass-through stream of unknown bitrate. */
  readonly bitrateBps: number | null;
  /** RFC 6381 codec, e.g. "mp4a.40.2", "ac-3". */
  readonly codecs: string;
  /** Encoder options; "-ar" gives the sample rate of an encode. */
  readonly codecArgs?: readonly (readonly [option: string, value: string])[];
}

/** Mean bytes of one coded audio frame at the stream's bitrate; undefined when the bitrate is unknown. */
export function audioFrameBytes(audio: MuxedAudio): number | undefined {
  if (audio.bitrateBps === null) return undefined;
  const samples = /^(ac-3|ec-3)$/.test(audio.codecs) ? SAMPLES_PER_FRAME.dolby : SAMPLES_PER_FRAME.aac;
  const sampleRateHz = Number(audio.codecArgs?.find(([option]) => option === "-ar")?.[1] ?? DEFAULT_SAMPLE_RATE_HZ);
  return (audio.bitrateBps * samples) / sampleRateHz / 8;
}

/**
 * audioFramesPerPes → pes_payload_size. ffmpeg's muxer gathers audio frames into one PES
 * packet until the next frame would take it past pes_payload_size bytes (0: one frame per
 * packet). N + ½ mean frames lets coded frames vary around their mean and still gives N per
 * packet; with streams of different bitrates the smallest frames decide, so no stream gets
 * more than N. undefined: no audio bitrate is known (ffmpeg's default applies).
 */
export function pesPayloadBytes(framesPerPes: number, audios: readonly MuxedAudio[]): number | undefined {
  if (framesPerPes <= 1) return 0;
  const sizes = audios.map(audioFrameBytes).filter((bytes): bytes is number => bytes !== undefined);
  if (sizes.length === 0) return undefined;
  return Math.floor((framesPerPes + 0.5) * Math.min(...sizes));
}

/**
 * PAT and PMT: ffmpeg's muxer writes the PMT right after each PAT (pat_period covers both),
 * so the shorter of the two intervals is used; 0 (both) = once per segment: the muxer also
 * repeats PAT/PMT before every video keyframe and every segment starts with one.
 */
export function patPeriodSec(m3u8: M3u8Settings, segmentLengthSec: number): number {
  const intervalsMs = [m3u8.patInterval, m3u8.pmtInterval].filter((ms): ms is number => ms !== undefined && ms > 0);
  return intervalsMs.length ? Math.min(...intervalsMs) / 1000 : segmentLengthSec;
}

export function mpegtsLayout(m3u8: M3u8Settings | undefined, audioCount: number, segmentLengthSec: number, audios: readonly MuxedAudio[] = []): MpegtsLayout {
  const settings = m3u8 ?? {};
  const options: string[] = [];
  // ffmpeg's muxer takes 1–65535 for both ids: 0 (MediaLive's transport_stream_id default) keeps ffmpeg's 1.
  const programNum = settings.programNum ?? 1;
  if (programNum >= 1) options.push(`mpegts_service_id=${programNum}`);
  if (settings.transportStreamId !== undefined && settings.transportStreamId >= 1) options.push(`mpegts_transport_stream_id=${settings.transportStreamId}`);
  options.push(`mpegts_pmt_start_pid=${parsePid(settings.pmtPid ?? "") ?? DEFAULT_PMT_PID}`);
  const pcrPeriodMs = settings.pcrControl === "PCR_EVERY_PES_PACKET" ? PCR_EVERY_PES_PERIOD_MS : (settings.pcrPeriod ?? DEFAULT_PCR_PERIOD_MS);
  options.push(`pcr_period=${pcrPeriodMs}`);
  options.push(`pat_period=${patPeriodSec(settings, segmentLengthSec)}`);
  // 0 is how clients send "unset" (MediaLive then uses its default).
  const pesBytes = pesPayloadBytes(settings.audioFramesPerPes || DEFAULT_AUDIO_FRAMES_PER_PES, audios);
  if (pesBytes !== undefined) options.push(`pes_payload_size=${pesBytes}`);
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

/** M2tsSettings (a continuous transport stream: UDP/RTP and archive outputs) as options of ffmpeg's MPEG-TS muxer. */
export interface M2tsMuxOptions {
  /** Muxer options in order (key without '-', value). */
  readonly options: readonly (readonly [key: string, value: string])[];
  readonly videoPid: number;
  /** PID of the output's audio stream k (the same order as its audioDescriptionNames). */
  readonly audioPids: readonly number[];
  /** The constant mux rate (null packets fill up to it); absent: ffmpeg's variable rate. */
  readonly muxrateBps?: number;
}

/** MediaLive's table interval when 0 or unset: PAT and PMT every 100 ms. */
const DEFAULT_M2TS_TABLE_INTERVAL_MS = 100;

/**
 * M2tsSettings → the MPEG-TS muxer's options: program number, transport_stream_id, PMT PID,
 * PCR period, PAT/PMT interval and audio frames per PES as mpegtsLayout maps the same members
 * of M3u8Settings (with 100 ms tables, there being no segments); rateMode CBR with a bitrate →
 * `muxrate` (ISO/IEC 13818-1 constant-rate multiplex: null packets on PID 0x1FFF fill the rate
 * and the PCR follows it).
 */
export function m2tsMuxOptions(m2ts: M2tsSettings | undefined, audios: readonly MuxedAudio[]): M2tsMuxOptions {
  const settings = m2ts ?? {};
  const tables = {
    ...settings,
    patInterval: settings.patInterval || DEFAULT_M2TS_TABLE_INTERVAL_MS,
    pmtInterval: settings.pmtInterval || DEFAULT_M2TS_TABLE_INTERVAL_MS,
  };
  const layout = mpegtsLayout(tables, audios.length, DEFAULT_M2TS_TABLE_INTERVAL_MS / 1000, audios);
  // segmentOptions holds `key=number` pairs only.
  const options: [string, string][] = layout.segmentOptions.split(":").map((pair) => {
    const [key, value] = pair.split("=");
    return [key!, value!];
  });
  const cbr = (settings.rateMode ?? "CBR") === "CBR" && settings.bitrate !== undefined && settings.bitrate > 0;
  if (cbr) options.push(["muxrate", String(settings.bitrate)]);
  return { options, videoPid: layout.videoPid, audioPids: layout.audioPids, ...(cbr ? { muxrateBps: settings.bitrate } : {}) };
}
