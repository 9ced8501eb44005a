// Makes the pictures and silent audio frames a pipeline shows while its input is lost:
// one black picture, one loss-image picture (a colour or a slate scaled into the frame)
// and one silent frame per audio track, each encoded in the codec the encoder is being
// fed (an encoder cannot switch decoders mid-stream). Debian ffmpeg encodes them once
// per layout; the pictures are all-intra with their parameter sets repeated, so each is
// decodable on its own and can be shown any number of times.

import { parseAc3Header } from "../../media/audio/ac3.ts";
import { splitAdtsFrames } from "../../media/audio/adts.ts";
import { parseEac3Header } from "../../media/audio/eac3.ts";
import { parseMpegAudioHeader } from "../../media/audio/mpeg-audio.ts";
import { TsDemuxer } from "../../media/mpegts/ts-demuxer.ts";
import type { FillPictures } from "./program-timeline.ts";
import type { FedAudioCodec, FedVideoCodec, ProgramLayout } from "./program-layout.ts";
import { ExitKinds } from "../../shared/process/child-run.ts";
import { runChild } from "../../shared/process/run-child.ts";

export interface FillRequest {
  readonly layout: ProgramLayout;
  /** RRGGBB (MediaLive inputLossImageColor); default black. */
  readonly imageColor?: string;
  /** A local image file for the SLATE loss image (the worker downloads http slates first). */
  readonly slateFile?: string;
  readonly ffmpegPath?: string;
  readonly timeoutMs?: number;
}

/** All-intra encoders with the parameter sets in every picture, per fed codec (also used for the pause picture). */
export const VIDEO_ENCODERS: Record<FedVideoCodec, string[]> = {
  H264: ["-c:v", "libx264", "-preset", "veryfast", "-bf", "0", "-g", "1", "-x264-params", "repeat-headers=1"],
  H265: ["-c:v", "libx265", "-preset", "veryfast", "-x265-params", "keyint=1:repeat-headers=1:log-level=error"],
  MPEG2_VIDEO: ["-c:v", "mpeg2video", "-g", "1", "-bf", "0"],
};

const AUDIO_ENCODERS: Record<FedAudioCodec, string> = { AAC: "aac", AC3: "ac3", EAC3: "eac3", MPEG_AUDIO: "mp2" };

/** ffmpeg arguments: 2 pictures (black, image) at the layout's frame rate and silence per track, as MPEG-TS on stdout. */
export function fillArgs(request: FillRequest): string[] {
  const { layout } = request;
  const size = `${layout.width}x${layout.height}`;
  const color = /^[0-9a-fA-F]{6}$/.test(request.imageColor ?? "") ? `0x${request.imageColor}` : "black";
  // The pictures carry the layout's frame rate: a decoder takes each picture's duration from
  // the SPS timing, and ffmpeg's constant-frame-rate output would repeat a "1 fps" picture
  // for a whole second, turning every fill frame into thirty.
  const rate = `${layout.frameRate.num}/${layout.frameRate.den}`;
  const inputs = ["-f", "lavfi", "-i", `color=c=black:s=${size}:r=${rate}:d=1`];
  if (request.slateFile) inputs.push("-loop", "1", "-t", "1", "-i", request.slateFile);
  else inputs.push("-f", "lavfi", "-i", `color=c=${color}:s=${size}:r=${rate}:d=1`);
  const fit = `scale=${layout.width}:${layout.height}:force_original_aspect_ratio=decrease,pad=${layout.width}:${layout.height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${rate},format=yuv420p`;
  const filters = [`[1:v]${fit},trim=end_frame=1,setpts=PTS-STARTPTS[img]`, `[0:v]format=yuv420p,trim=end_frame=1,setpts=PTS-STARTPTS[blk]`, `[blk][img]concat=n=2:v=1:a=0[v]`];
  const audioArgs: string[] = [];
  layout.audio.forEach((track, i) => {
    const layoutName = track.channels >= 6 ? "5.1" : track.channels === 1 ? "mono" : "stereo";
    inputs.push("-f", "lavfi", "-i", `anullsrc=r=${track.sampleRateHz}:cl=${layoutName}`);
    audioArgs.push("-map", `${i + 2}:a`, `-c:a:${i}`, AUDIO_ENCODERS[track.codec]);
  });
  return [
    "-hide_banner", "-loglevel", "error", "-nostdin",
    ...inputs,
    "-filter_complex", filters.join(";"),
    "-map", "[v]", ...VIDEO_ENCODERS[layout.videoCodec], "-pix_fmt", "yuv420p",
    ...audioArgs,
    "-t", "2", "-pes_payload_size", "0", "-f", "mpegts", "pipe:1",
  ];
}

export async function makeFillPictures(request: FillRequest): Promise<FillPictures> {
  const ts = await runFfmpeg(request.ffmpegPath ?? "ffmpeg", fillArgs(request), request.timeoutMs ?? 20_000);
  const demuxer = new TsDemuxer();
  const video: Uint8Array[] = [];
  const audio = new Map<number, { data: Uint8Array; pts: number }[]>();
  for (const event of [...demuxer.push(ts, 0), ...demuxer.flush()]) {
    if (event.type !== "pes") continue;
    if (event.pes.kind === "video") video.push(event.pes.data);
    else if (event.pes.kind === "audio" && event.pes.pts90k !== null) {
      const list = audio.get(event.pes.pid) ?? [];
      list.push({ data: event.pes.data, pts: event.pes.pts90k });
      audio.set(event.pes.pid, list);
    }
  }
  if (video.length < 2) throw new Error(`ffmpeg made ${video.length} fill pictures, expected 2`);
  const audioPids = [...audio.keys()].sort((a, b) => a - b);
  const silence = request.layout.audio.map((track, i) => {
    const units = audio.get(audioPids[i] ?? -1) ?? [];
    // The second PES is steady state (the first may carry encoder priming). ffmpeg packs
    // several frames into one PES; one frame is taken, so fill has a frame's granularity.
    const unit = units[1] ?? units[0];
    if (!unit) throw new Error(`no silent ${track.codec} frames for audio track ${i}`);
    const frameTicks90k = Math.round((SAMPLES_PER_FRAME[track.codec] * 90_000) / track.sampleRateHz);
    return { frame: firstFrame(track.codec, unit.data, unit.data.length), frameTicks90k };
  });
  return { black: video[0]!, image: video[1]!, silence };
}

/** Samples per coded frame: AAC 1024 (ISO 14496-3), AC-3/E-AC-3 1536 (A/52), MPEG-1 Layer II 1152. */
const SAMPLES_PER_FRAME: Record<FedAudioCodec, number> = { AAC: 1024, AC3: 1536, EAC3: 1536, MPEG_AUDIO: 1152 };

function firstFrame(codec: FedAudioCodec, data: Uint8Array, length: number): Uint8Array {
  if (codec === "AAC") {
    const frame = splitAdtsFrames(data).frames[0]?.frame;
    if (!frame) throw new Error("no ADTS frame in the silent AAC");
    return frame.slice();
  }
  const size = codec === "AC3" ? parseAc3Header(data)?.frameSizeBytes : codec === "EAC3" ? parseEac3Header(data)?.frameSizeBytes : parseMpegAudioHeader(data)?.frameLengthBytes;
  if (!size || size > length) throw new Error(`no ${codec} frame in the silent audio`);
  return data.slice(0, size);
}

/** The rendered TS is a few pictures and frames; the bound only stops a runaway child. */
const MAX_FILL_TS_BYTES = 64 * 1024 * 1024;

export async function runFfmpeg(ffmpegPath: string, args: readonly string[], timeoutMs: number, what = "fill pictures"): Promise<Uint8Array> {
  const { exit, stdout } = await runChild({ command: ffmpegPath, args, stderrTailBytes: 2000 }, { timeoutMs, maxStdoutBytes: MAX_FILL_TS_BYTES });
  if (exit.kind === ExitKinds.FAILED_TO_START) throw new Error(`cannot start ${ffmpegPath} (${exit.startError})`);
  if (exit.code !== 0) throw new Error(`ffmpeg (${what}) exited with ${exit.code}: ${exit.stderrTail}`);
  return stdout;
}
