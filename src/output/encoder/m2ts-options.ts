// M2tsSettings → options of ffmpeg's MPEG-TS muxer (ISO/IEC 13818-1) for a whole transport
// stream: archive files, UDP/RTP and SRT outputs. The layout shared with HLS (program, PIDs, PAT/PMT and PCR intervals,
// audio frames per PES) comes from encoder/mpegts-options.ts; this adds what only a whole
// stream has: its mux rate (CBR fills it with null packets) and the AC-3 stream type.

import type { M2tsSettings, M3u8Settings } from "../../model/generated/medialive-types.ts";
import { mpegtsLayout, type MpegtsLayout, type MuxedAudio } from "./mpegts-options.ts";

/** MediaLive's M2TS default: PAT and PMT every 100 ms. */
const DEFAULT_TABLE_INTERVAL_MS = 100;
/** MediaLive's M2TS audio PIDs (the HLS default starts at 492). */
const DEFAULT_M2TS_AUDIO_PIDS = "482-498";
/**
 * A CBR stream with no bitrate set ("the muxer determines it"): the streams' rates plus room
 * for TS and PES headers, PCR, PAT and PMT (≈ 4 % at 188-byte packets) and the encoders'
 * short-term overshoot of their target rate; too low a mux rate delays packets past their PCR.
 */
const AUTO_MUXRATE_FACTOR = 1.25;
const AUTO_MUXRATE_HEADROOM_BPS = 64_000;

export interface M2tsMuxerOptions extends MpegtsLayout {
  /** key=value options of the mpegts muxer, in order. */
  readonly options: readonly (readonly [key: string, value: string])[];
}

/** What the mux rate of a CBR stream without a bitrate is made of. */
export interface MuxedRates {
  /** The video's bitrate (VBR/QVBR: its maximum); 0 for an audio-only output. */
  readonly videoBitrateBps: number;
  readonly audios: readonly MuxedAudio[];
}

/** The M3u8Settings-shaped part of M2tsSettings that mpegtsLayout reads, with M2TS's own defaults. */
function layoutSettings(m2ts: M2tsSettings): M3u8Settings {
  return {
    ...(m2ts.programNum !== undefined ? { programNum: m2ts.programNum } : {}),
    ...(m2ts.transportStreamId !== undefined ? { transportStreamId: m2ts.transportStreamId } : {}),
    ...(m2ts.pmtPid !== undefined ? { pmtPid: m2ts.pmtPid } : {}),
    ...(m2ts.videoPid !== undefined ? { videoPid: m2ts.videoPid } : {}),
    audioPids: m2ts.audioPids || DEFAULT_M2TS_AUDIO_PIDS,
    // 0 means "once per segment" in HLS; a whole stream has no segments: MediaLive's default applies.
    patInterval: m2ts.patInterval || DEFAULT_TABLE_INTERVAL_MS,
    pmtInterval: m2ts.pmtInterval || DEFAULT_TABLE_INTERVAL_MS,
    ...(m2ts.pcrPeriod !== undefined ? { pcrPeriod: m2ts.pcrPeriod } : {}),
    ...(m2ts.pcrControl !== undefined ? { pcrControl: m2ts.pcrControl } : {}),
    ...(m2ts.audioFramesPerPes !== undefined ? { audioFramesPerPes: m2ts.audioFramesPerPes } : {}),
  };
}

/** The mux rate of a CBR stream: its bitrate, or an estimate from its streams when 0 or unset. */
export function cbrMuxrateBps(m2ts: M2tsSettings, rates: MuxedRates): number {
  if (m2ts.bitrate !== undefined && m2ts.bitrate > 0) return m2ts.bitrate;
  // Pass-through audio of unknown rate: AC-3's largest common rate.
  const audioBps = rates.audios.reduce((sum, audio) => sum + (audio.bitrateBps ?? 640_000), 0);
  return Math.ceil((rates.videoBitrateBps + audioBps) * AUTO_MUXRATE_FACTOR + AUTO_MUXRATE_HEADROOM_BPS);
}

export function m2tsMuxerOptions(m2ts: M2tsSettings | undefined, rates: MuxedRates): M2tsMuxerOptions {
  const settings = m2ts ?? {};
  // mpegtsLayout's pat_period takes the segment length for 0 intervals; none are 0 here.
  const layout = mpegtsLayout(layoutSettings(settings), rates.audios.length, 1, rates.audios);
  const options: [string, string][] = layout.segmentOptions.split(":").map((pair) => {
    const at = pair.indexOf("=");
    return [pair.slice(0, at), pair.slice(at + 1)];
  });
  // ffmpeg switches to 192-byte BDAV packets for a file named *.m2ts; MediaLive's .m2ts archives are 188-byte TS.
  options.push(["mpegts_m2ts_mode", "0"]);
  // rateMode defaults to CBR in MediaLive's model; unset with no bitrate either, the stream stays variable-rate (no null packets).
  const cbr = settings.rateMode === "CBR" || (settings.rateMode === undefined && (settings.bitrate ?? 0) > 0);
  if (cbr) options.push(["muxrate", String(cbrMuxrateBps(settings, rates))]);
  // ATSC (A/52 Annex A): AC-3 as stream type 0x81, ffmpeg's System A default; DVB (ETSI EN 300 468): 0x06 with a descriptor.
  if (settings.audioStreamType === "DVB") options.push(["mpegts_flags", "+system_b"]);
  return { ...layout, options };
}
