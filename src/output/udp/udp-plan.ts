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
// - flush_packets 1: the muxer hands each frame's packets to the relay as it writes them,
//   rather than in 32 KiB bursts (a quarter second at 1 Mb/s), so datagrams leave as the
//   stream is made.

import type { OutputGroup, UdpOutputSettings } from "../../model/generated/medialive-types.ts";
import { outputCaptionBurnin } from "../captions/burnin-captions.ts";
import { embeddedCaptionNames } from "../captions/webvtt-renditions.ts";
import { m2tsMuxerOptions } from "../encoder/m2ts-options.ts";
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
    const mux = m2tsMuxerOptions(udp.containerSettings.m2tsSettings, { videoBitrateBps: video ? (video.rate.bitrateBps ?? video.rate.maxBitrateBps) : 0, audios });
    const spliceMarks = m2tsScte35Pid(udp.containerSettings.m2tsSettings) !== undefined;
    const streams = context.encodeOnce({ ...(video ? { video } : {}), captions, ...(burnin ? { burnin } : {}), audios, videoPid: mux.videoPid, audioPids: mux.audioPids, ...(spliceMarks ? { spliceMarks } : {}), requester });
    context.addSlave({ format: "mpegts", options: udpMuxerOptions(udp, mux.options), streams, path: target });
  });
  return {};
}

/** The output's bufferMsec as sent: MediaLive's default when unset, at least MIN_UDP_BUFFER_MSEC. */
export function udpBufferMsec(udp: UdpOutputSettings): number {
  return Math.max(MIN_UDP_BUFFER_MSEC, udp.bufferMsec ?? DEFAULT_BUFFER_MSEC);
}

/** The MPEG-TS muxer's options of one UDP output. */
export function udpMuxerOptions(udp: UdpOutputSettings, muxOptions: readonly (readonly [string, string])[]): (readonly [string, string])[] {
  const maxDelay = ["max_delay", String(udpBufferMsec(udp) * 1000)] as const;
  return [maxDelay, ["flush_packets", "1"], ...muxOptions];
}
