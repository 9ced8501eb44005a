// The one shape every ingest edge presents to the pipeline and to the source check: RTP,
// RTMP and SRT push endpoints, and the pull sources (HLS, RTMP, SRT caller, MP4/TS files).
// Whatever the protocol, the edge hands on one stream of events in arrival order: media
// bytes (for the bitrate), the TS program, elementary-stream units with their keyframe flag
// already decided, continuity-error counts, alerts, and the pull state. TS edges demux
// inside ingest (ts-units.ts); RTMP converts FLV tags (media/flv). Observers (the source
// monitor, the check's observer, the pipeline's reader) never demux.

import type { TsProgram } from "../media/mpegts/ts-demuxer.ts";
import type { AccessUnit, Codec, TrackKind } from "../media/types.ts";
import type { PullState } from "./pull/pull-source.ts";
import type { AlertEvent } from "../shared/alerts.ts";

/**
 * One elementary-stream unit as it arrived: a whole video picture or audio PES (or frame),
 * and, from TS sources, the units of other kinds (captions, data) the probe still reads.
 * TS units may lack a PTS; `pts90k` is then null.
 */
export interface EdgeUnit {
  /** Elementary stream PID (TS) or track number (RTMP: 0 video, 1 audio). */
  readonly trackId: number;
  readonly kind: TrackKind;
  readonly codec: Codec;
  readonly pts90k: number | null;
  /** Equals pts90k when the unit carries only a PTS. */
  readonly dts90k: number | null;
  /** Video: a random access point decided from the bitstream (false for codecs openlive does not parse); audio: always. */
  readonly keyframe: boolean;
  /** The TS random_access_indicator of the unit's first packet (RTMP: the FLV keyframe flag). */
  readonly randomAccess: boolean;
  readonly data: Uint8Array;
}

export type InputEdgeEvent =
  /** Media bytes reached the demuxer (TS) or the FLV converter's output (RTMP audio/video payload). */
  | { readonly type: "media"; readonly bytes: number }
  /** A TS program map (PMT): which PIDs carry what. */
  | { readonly type: "program"; readonly program: TsProgram }
  | { readonly type: "unit"; readonly unit: EdgeUnit }
  /**
   * A whole SCTE-35 splice_info_section (CRC checked), its splice time on the clock of the
   * edge's units: from a TS PID the PMT declares with stream_type 0x86, or (pid null) read
   * outside the TS — HLS cue tags, RTMP cue points — and built or re-timed by the edge.
   */
  | { readonly type: "scte35"; readonly pid: number | null; readonly section: Uint8Array }
  /** TS continuity errors so far, sent when the count changes. */
  | { readonly type: "continuity"; readonly continuityErrors: number }
  | { readonly type: "alert"; readonly alert: AlertEvent }
  /** Pull edges: the source's state (ENDED: a file played to its end with sourceEndBehavior CONTINUE). */
  | { readonly type: "pull-state"; readonly state: PullState }
  /** RTMP: a codec RTMP inputs do not carry, once per codec and publish. */
  | { readonly type: "unsupported-codec"; readonly kind: "audio" | "video"; readonly codecName: string };

/** One edge's counters, cumulative since it opened; fields one kind of edge does not have are absent. */
export interface EdgeStats {
  /**
   * Bytes that reached the edge from any sender: RTP datagrams, RTMP TCP bytes, pull bytes
   * from the network or the child. The SRT listener counts datagrams, not their bytes: the
   * larger of its datagram count and the TS bytes out.
   */
  readonly bytesIn: number;
  /** TS bytes handed to the demuxer, or RTMP audio/video payload bytes. */
  readonly mediaBytes: number;
  /** What the edge receives: admitted datagrams (RTP, SRT), access units (RTMP), TS packets (pull). */
  readonly packetsIn: number;
  /** Datagrams (RTP, SRT) or TCP connections (RTMP) refused by the allow-list. */
  readonly refused: number;
  readonly continuityErrors: number;
  /** RTP and SRT: datagrams from any sender, refused ones included. */
  readonly datagrams?: number;
  /** RTMP: publish attempts naming another stream, or made while another encoder published. */
  readonly rejectedPublishes?: number;
  /** RTP: the depacketizer's sequence counters. */
  readonly rtp?: { readonly received: number; readonly lost: number; readonly reordered: number; readonly duplicates: number };
}

export interface InputEdge {
  /** Binds the socket or starts pulling; rejects when the port cannot be opened or a file is refused. */
  start(): Promise<void>;
  /** Stops the edge (sockets, children, timers); idempotent. */
  close(): Promise<void>;
  stats(): EdgeStats;
  /** Push edges: the input security groups' CIDRs changed (pull edges ignore it). */
  updateAllowList(cidrs: readonly string[]): void;
}

/** The access unit the program takes from an edge unit: video or audio with a PTS. */
export function toAccessUnit(unit: EdgeUnit): AccessUnit | undefined {
  if ((unit.kind !== "video" && unit.kind !== "audio") || unit.pts90k === null) return undefined;
  return { trackId: unit.trackId, kind: unit.kind, codec: unit.codec, pts90k: unit.pts90k, dts90k: unit.dts90k ?? unit.pts90k, keyframe: unit.keyframe, data: unit.data };
}
