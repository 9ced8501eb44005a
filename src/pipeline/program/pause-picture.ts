// The picture a paused pipeline shows: the last picture it fed, as MediaLive's pause keeps
// the last frame. The group of pictures fed since the last keyframe is decoded (its last
// picture in display order is the last one shown) and that picture encoded once, all-intra
// with its parameter sets, in the codec the encoder is fed — as the fill pictures are
// (fill-pictures.ts) — so it can be fed at the frame rate for as long as the pause lasts.

import { writeFile } from "node:fs/promises";
import path from "node:path";
import { TsDemuxer } from "../../media/mpegts/ts-demuxer.ts";
import { runFfmpeg, VIDEO_ENCODERS } from "./fill-pictures.ts";
import type { FedVideoCodec, ProgramLayout } from "./program-layout.ts";

/** ffmpeg's raw elementary stream demuxers for the fed codecs. */
const ELEMENTARY_FORMATS: Record<FedVideoCodec, string> = { H264: "h264", H265: "hevc", MPEG2_VIDEO: "mpegvideo" };

/** A GOP of a few seconds at 60 fps; a longer one is not kept (the pause then shows its keyframe). */
const MAX_GOP_PICTURES = 600;

/** The video access units fed since the last keyframe, in decode order. */
export class FedGop {
  #pictures: Uint8Array[] = [];

  picture(data: Uint8Array, keyframe: boolean): void {
    if (keyframe) this.#pictures = [];
    else if (this.#pictures.length === 0 || this.#pictures.length >= MAX_GOP_PICTURES) return;
    this.#pictures.push(data);
  }

  snapshot(): readonly Uint8Array[] {
    return [...this.#pictures];
  }
}

export interface PausePictureRequest {
  readonly layout: ProgramLayout;
  /** Decode order, starting with a keyframe. */
  readonly gop: readonly Uint8Array[];
  /** Where the GOP is written for ffmpeg to read (the pipeline's own folder). */
  readonly workDir: string;
  readonly ffmpegPath?: string;
  readonly timeoutMs?: number;
}

/** ffmpeg arguments: the last picture (display order) of the GOP file, scaled to the layout, encoded all-intra as MPEG-TS on stdout. */
export function pausePictureArgs(layout: ProgramLayout, gopFile: string): string[] {
  const rate = `${layout.frameRate.num}/${layout.frameRate.den}`;
  const fit = `scale=${layout.width}:${layout.height}:force_original_aspect_ratio=decrease,pad=${layout.width}:${layout.height}:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p`;
  return [
    "-hide_banner", "-loglevel", "error", "-nostdin",
    "-f", ELEMENTARY_FORMATS[layout.videoCodec], "-i", gopFile,
    "-vf", `reverse,trim=end_frame=1,setpts=PTS-STARTPTS,${fit}`,
    "-an", "-r", rate, "-frames:v", "1",
    ...VIDEO_ENCODERS[layout.videoCodec], "-pix_fmt", "yuv420p",
    "-f", "mpegts", "pipe:1",
  ];
}

export async function makePausePicture(request: PausePictureRequest): Promise<Uint8Array> {
  if (request.gop.length === 0) throw new Error("no picture has been fed yet");
  const gopFile = path.join(request.workDir, "pause-gop.es");
  await writeFile(gopFile, Buffer.concat(request.gop));
  const ts = await runFfmpeg(request.ffmpegPath ?? "ffmpeg", pausePictureArgs(request.layout, gopFile), request.timeoutMs ?? 10_000, "pause picture");
  const demuxer = new TsDemuxer();
  for (const event of [...demuxer.push(ts, 0), ...demuxer.flush()]) {
    if (event.type === "pes" && event.pes.kind === "video") return event.pes.data;
  }
  throw new Error("ffmpeg made no pause picture");
}
