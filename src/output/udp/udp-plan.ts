// A UDP output group's part of the encoder plan: one tee slave of the shared encode per
// output (encoder/shared-encode.ts), an MPEG-TS of its m2tsSettings written to the relay
// socket its sender reads (udp-output.ts, relay/slave-socket.ts). What goes on the wire
// (7 TS packets per datagram, RTP, SMPTE 2022-1 FEC) is the sender's (udp-sender.ts); the
// encoder never sends to the network itself, so a destination that refuses never stops it.
//
// - bufferMsec → the muxer's max_delay: how far the PCR runs ahead of the decode times, the
//   buffer the stream asks of the receiver, which lets a constant-rate mux absorb the encoder's
//   frame-size swings; at least MIN_UDP_BUFFER_MSEC (with less a CBR mux writes PES packets
//   late, "dts < pcr"). The sender also paces the datagrams on the PCR with at most that delay
//   (pcr-pacer.ts).
// - flush_packets: ffmpeg's muxer writes its 32 KiB buffer when it is full (0) or after each
//   frame (1). Whole buffers mean a fifth of the relay's reads and the encoder's writes (at
//   4 Mbit/s some 15 a second against some 80), each a wake-up of the worker; the pacer spreads
//   a burst over its PCRs all the same, but a burst is late by up to its own length. So whole
//   buffers only where one lasts at most a quarter of bufferMsec (65 ms at 4 Mbit/s; from
//   1 Mbit/s with the default 1000 ms); a slower stream, or a small bufferMsec, gets each frame
//   as it is muxed.

import type { M2tsSettings, OutputGroup, UdpOutputSettings } from "../../model/generated/medialive-types.ts";
import { outputCaptionBurnin } from "../captions/burnin-captions.ts";
import { embeddedCaptionNames } from "../captions/webvtt-renditions.ts";
import { cbrMuxrateBps, m2tsMuxerOptions, type MuxedRates } from "../encoder/m2ts-options.ts";
import { outputGroupKey, outputSlaveKey } from "../output-group-key.ts";
import { m2tsScte35Pid } from "../scte35/scte35-passthrough.ts";
import type { GroupPlan, GroupPlanContext } from "../output-kind.ts";
import { MIN_UDP_BUFFER_MSEC } from "../../domain/channels/udp-group-notes.ts";
import path from "node:path";

/** MediaLive's bufferMsec when unset. */
const DEFAULT_BUFFER_MSEC = 1000;

export function planUdpGroup(group: OutputGroup, groupIndex: number, context: GroupPlanContext): GroupPlan {
  if (!group.outputGroupSettings.udpGroupSettings) throw new TypeError(`output group "${group.name}" is not a UDP group`);
  const name = outputGroupKey(group, groupIndex);
  const { config } = context.request;
  group.outputs.forEach((output, outputIndex) => {
    const udp = output.outputSettings.udpOutputSettings;
    if (!udp) throw new TypeError(`output ${outputIndex} of group "${name}" is not a UDP output`);
    const requester = `output "${output.outputName ?? outputIndex}" of group "${name}"`;
    const target = context.request.slaveTargets?.get(outputSlaveKey(name, output.outputName, outputIndex));
    if (!target) throw new TypeError(`no relay socket was opened for ${requester}`);
    const video = context.videos.get(output.videoDescriptionName ?? "");
    const audios = (output.audioDescriptionNames ?? []).map((audioName) => {
      const audio = context.audios.get(audioName);
      if (!audio) throw new TypeError(`${requester} names unknown audio description "${audioName}"`);
      return audio;
    });
    const captionDescriptionNames = output.captionDescriptionNames ?? [];
    const captions = video !== undefined && video.codec === "H264" && embeddedCaptionNames(config, captionDescriptionNames).length > 0;
    const burnin = outputCaptionBurnin(config, captionDescriptionNames, path.dirname(context.request.thumbnailFile));
    const rates = { videoBitrateBps: video ? (video.rate.bitrateBps ?? video.rate.maxBitrateBps ?? 0) : 0, audios };
    const mux = m2tsMuxerOptions(udp.containerSettings.m2tsSettings, rates);
    const spliceMarks = m2tsScte35Pid(udp.containerSettings.m2tsSettings) !== undefined;
    const streams = context.encodeOnce({ ...(video ? { video } : {}), captions, ...(burnin ? { burnin } : {}), audios, videoPid: mux.videoPid, audioPids: mux.audioPids, ...(spliceMarks ? { spliceMarks } : {}), requester });
    context.addSlave({ format: "mpegts", options: udpMuxerOptions(udp, mux.options, streamRateBps(udp.containerSettings.m2tsSettings, rates)), streams, path: target });
  });
  return {};
}

/** The output's bufferMsec as sent: MediaLive's default when unset, at least MIN_UDP_BUFFER_MSEC. */
export function udpBufferMsec(udp: UdpOutputSettings): number {
  return Math.max(MIN_UDP_BUFFER_MSEC, udp.bufferMsec ?? DEFAULT_BUFFER_MSEC);
}

/** ffmpeg's write buffer of a muxer's output (IO_BUFFER_SIZE of libavformat/avio.h): what flush_packets 0 writes at once. */
const MUXER_BUFFER_BYTES = 32_768;

/** The stream's rate as sent: the CBR mux rate, else (VBR) what its streams are encoded at. */
function streamRateBps(m2ts: M2tsSettings | undefined, rates: MuxedRates): number {
  if (m2ts?.rateMode === "CBR") return cbrMuxrateBps(m2ts, rates);
  return rates.videoBitrateBps + rates.audios.reduce((sum, audio) => sum + (audio.bitrateBps ?? 0), 0);
}

/** The MPEG-TS muxer's options of one UDP output whose stream runs at `rateBps` (0: unknown). */
export function udpMuxerOptions(udp: UdpOutputSettings, muxOptions: readonly (readonly [string, string])[], rateBps: number): (readonly [string, string])[] {
  const bufferMsec = udpBufferMsec(udp);
  const burstMs = rateBps > 0 ? (MUXER_BUFFER_BYTES * 8 * 1000) / rateBps : Number.POSITIVE_INFINITY;
  const wholeBuffers = burstMs <= bufferMsec / 4;
  return [["max_delay", String(bufferMsec * 1000)], ["flush_packets", wholeBuffers ? "0" : "1"], ...muxOptions];
}
