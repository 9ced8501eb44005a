// A UDP output group's part of the encoder plan: one tee slave of the shared encode per
// output (encoder/shared-encode.ts), an MPEG-TS of its m2tsSettings sent straight from the
// encoder to the output's udp:// or rtp:// destination.
//
// - udp://: ffmpeg's `mpegts` muxer into its udp protocol, 7 TS packets (1316 bytes) per
//   datagram, the payload every MPEG-TS-over-UDP receiver expects.
// - rtp://: ffmpeg's `rtp_mpegts` muxer: MPEG-TS in RTP, payload type 33 (RFC 3550, RFC 2250),
//   7 TS packets per RTP packet; fecOutputSettings adds SMPTE 2022-1 FEC (udp-fec.ts).
// - bufferMsec → the muxer's max_delay: how far the PCR runs ahead of the decode times, the
//   buffer the stream asks of the receiver, which lets a constant-rate mux absorb the encoder's
//   frame-size swings; at least MIN_UDP_BUFFER_MSEC (with less a CBR mux writes PES packets
//   late, "dts < pcr").
//
// A destination that does not listen, or goes away, must never stop the encoder (and with it
// every other output of the channel). The sockets are not connected (`connect=0`): the ICMP
// port-unreachable a closed port sends back is reported only on a connected socket (as
// ECONNREFUSED on the next send), so an unconnected one keeps sending whatever the receiver
// does. What can still fail a send (no route to the destination's network, a local firewall
// refusing it) drops that output alone (tee onfail=ignore) instead of restarting the one
// encoder over and over while the network is down; the next encoder start sends again.

import type { OutputGroup, UdpOutputSettings } from "../../model/generated/medialive-types.ts";
import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import { parseUdpDestinationUrl } from "../../domain/channels/udp-destination-url.ts";
import { outputCaptionBurnin } from "../captions/burnin-captions.ts";
import { embeddedCaptionNames } from "../captions/webvtt-renditions.ts";
import { m2tsMuxerOptions } from "../encoder/m2ts-options.ts";
import { outputGroupKey } from "../output-group-key.ts";
import type { GroupPlan, GroupPlanContext } from "../output-kind.ts";
import { planFec } from "../../domain/channels/udp-fec.ts";
import { MIN_UDP_BUFFER_MSEC } from "../../domain/channels/udp-group-notes.ts";
import path from "node:path";

/** TS packets per datagram (and per RTP packet): 7 × 188 bytes fit an Ethernet MTU with IP, UDP and RTP headers. */
export const TS_PACKETS_PER_DATAGRAM = 7;
const TS_PACKET_BYTES = 188;
const RTP_HEADER_BYTES = 12;
/** MediaLive's bufferMsec when unset. */
const DEFAULT_BUFFER_MSEC = 1000;

/** The muxer, its options and the URL of one UDP output. */
export interface UdpSlave {
  readonly format: "mpegts" | "rtp_mpegts";
  readonly options: readonly (readonly [key: string, value: string])[];
  readonly url: string;
}

export function planUdpGroup(group: OutputGroup, groupIndex: number, context: GroupPlanContext): GroupPlan {
  if (!group.outputGroupSettings.udpGroupSettings) throw new TypeError(`output group "${group.name}" is not a UDP group`);
  const name = outputGroupKey(group, groupIndex);
  const { config, pipelineIndex } = context.request;
  group.outputs.forEach((output, outputIndex) => {
    const udp = output.outputSettings.udpOutputSettings;
    if (!udp) throw new TypeError(`output ${outputIndex} of group "${name}" is not a UDP output`);
    const requester = `output "${output.outputName ?? outputIndex}" of group "${name}"`;
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
    const streams = context.encodeOnce({ ...(video ? { video } : {}), captions, ...(burnin ? { burnin } : {}), audios, videoPid: mux.videoPid, audioPids: mux.audioPids, requester });
    const slave = udpSlave(udp, destinationUrl(config, udp, pipelineIndex), mux.options, (message) => context.warn(`${requester}: ${message}`));
    context.addSlave({ format: slave.format, options: slave.options, streams, path: slave.url, onFail: "ignore" });
  });
  return {};
}

/** The output's destination URL for this pipeline (a SINGLE_PIPELINE channel has one). */
function destinationUrl(config: ChannelConfig, udp: UdpOutputSettings, pipelineIndex: 0 | 1): string {
  const refId = udp.destination.destinationRefId;
  const settings = config.destinations.find((destination) => destination.id === refId)?.settings ?? [];
  const url = (settings[pipelineIndex] ?? settings[0])?.url;
  if (!url) throw new TypeError(`no URL for destination "${refId}" of pipeline ${pipelineIndex}`);
  return url;
}

/** One UDP output's muxer and URL; `warn` hears what ffmpeg sends otherwise than configured. */
export function udpSlave(udp: UdpOutputSettings, url: string, muxOptions: readonly (readonly [string, string])[], warn: (message: string) => void): UdpSlave {
  const destination = parseUdpDestinationUrl(url);
  if (!destination.ok) throw new TypeError(destination.message);
  const host = destination.host.includes(":") ? `[${destination.host}]` : destination.host;
  const maxDelay: [string, string] = ["max_delay", String(Math.max(MIN_UDP_BUFFER_MSEC, udp.bufferMsec ?? DEFAULT_BUFFER_MSEC) * 1000)];
  const datagramBytes = TS_PACKETS_PER_DATAGRAM * TS_PACKET_BYTES;
  if (destination.scheme === "udp:") {
    if (udp.fecOutputSettings) warn("fecOutputSettings: SMPTE 2022-1 FEC protects RTP packets; a udp:// destination is sent without FEC (use rtp://)");
    // flush_packets 0: the muxer would otherwise flush after each frame and send its last TS packets in a short datagram.
    return { format: "mpegts", options: [maxDelay, ["flush_packets", "0"], ...muxOptions], url: `udp://${host}:${destination.port}?pkt_size=${datagramBytes}&connect=0` };
  }
  const fec = planFec(udp.fecOutputSettings);
  for (const difference of fec?.differences ?? []) warn(difference);
  // A dictionary option: tee-target.ts escapes it as one value, and rtp_mpegts splits it at ':' into the MPEG-TS muxer's options.
  const mpegtsOptions = muxOptions.map(([key, value]) => `${key}=${value}`).join(":");
  return {
    format: "rtp_mpegts",
    options: [maxDelay, ["mpegts_muxer_options", mpegtsOptions], ...(fec ? [["fec", fec.option] as const] : [])],
    url: `rtp://${host}:${destination.port}?pkt_size=${datagramBytes + RTP_HEADER_BYTES}&connect=0`,
  };
}
