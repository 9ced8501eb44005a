// Steps the integration tests of splice marks share: run a command (ffmpeg, ffprobe) for its
// stdout, demux a whole transport stream with the project's demuxer, and remux a capture's video
// with a splice mark on one picture.

import { execFile } from "node:child_process";
import { TsDemuxer, type TsDemuxEvent, type TsPesUnit } from "../../src/media/mpegts/ts-demuxer.ts";
import { TsMuxer } from "../../src/media/mpegts/ts-muxer.ts";
import { insertSpliceMark } from "../../src/media/scte35/splice-mark-sei.ts";

/** The command's stdout; null when it fails or runs past 60 s. */
export function stdoutOf(command: string, args: readonly string[]): Promise<Buffer | null> {
  return new Promise((resolve) => {
    execFile(command, args, { encoding: "buffer", timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => resolve(error ? null : stdout));
  });
}

/** Every event of `ts`, flushed at its end. */
export function demuxAll(ts: Uint8Array): TsDemuxEvent[] {
  const demuxer = new TsDemuxer();
  return [...demuxer.push(ts, 0), ...demuxer.flush()];
}

/** The video PID of a capture (its program's first video stream) and its pictures with a PTS, in decoding order. */
export function captureVideo(capture: Uint8Array): { readonly videoPid: number; readonly pictures: TsPesUnit[] } {
  const events = demuxAll(capture);
  const videoPid = events.flatMap((event) => (event.type === "program" ? [event.program.streams.find((stream) => stream.kind === "video")?.pid] : []))[0];
  if (videoPid === undefined) throw new Error("the capture has no video stream");
  return { videoPid, pictures: events.flatMap((event) => (event.type === "pes" && event.pes.pid === videoPid && event.pes.pts90k !== null ? [event.pes] : [])) };
}

/** The capture's H.264 video alone, remuxed, the picture at `markedPicture` (decoding order) carrying splice mark `markId`. */
export function markedVideoTs(capture: Uint8Array, markedPicture: number, markId: number): { readonly ts: Buffer; readonly pictures: number } {
  return videoTsMarkedWith(capture, markedPicture, (accessUnit) => insertSpliceMark("H264", accessUnit, markId));
}

/** As markedVideoTs, picture `markedPicture`'s access unit (Annex B) passed through `mark`. */
export function videoTsMarkedWith(capture: Uint8Array, markedPicture: number, mark: (accessUnit: Uint8Array) => Uint8Array): { readonly ts: Buffer; readonly pictures: number } {
  const { videoPid, pictures } = captureVideo(capture);
  const muxer = new TsMuxer({ streams: [{ pid: videoPid, streamType: 0x1b }] });
  const packets: Uint8Array[] = [...muxer.psi(0)];
  pictures.forEach((pes, index) => {
    const data = index === markedPicture ? mark(pes.data) : pes.data;
    packets.push(...muxer.mux({ trackId: videoPid, pts90k: pes.pts90k!, dts90k: pes.dts90k ?? pes.pts90k!, keyframe: pes.randomAccess, data }));
  });
  return { ts: Buffer.concat(packets), pictures: pictures.length };
}
