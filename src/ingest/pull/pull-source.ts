// A pull input's source while a channel runs: each pipeline pulls its own source of each
// attached pull input and turns it into one continuous MPEG-TS byte stream, paced at real
// time, whatever the protocol. This file holds the contract; open-pull-source.ts picks the
// implementation by input type; the HLS client (hls-pull-source.ts) and the supervised ffmpeg /
// srt-live-transmit children (child-pull-source.ts) do the work. A pull source never gives up on its own: it
// retries with backoff until close(), raising alerts while the source is unavailable.

import type { InputRecord } from "../../domain/records.ts";
import type { HlsFetchLimits } from "./hls-fetch-limits.ts";
import type { AlertEvent } from "../../shared/alerts.ts";

export const PullStates = {
  /** Resolving secrets, connecting, loading the first playlist; no media yet. */
  CONNECTING: "CONNECTING",
  /** Media flows to onTs. */
  RECEIVING: "RECEIVING",
  /** The source failed or stalled; a reconnect is scheduled (an alert is SET). */
  RETRYING: "RETRYING",
  /** A file or VOD playlist was played to its end with sourceEndBehavior CONTINUE. */
  ENDED: "ENDED",
  /** close() was called. */
  CLOSED: "CLOSED",
} as const;
export type PullState = (typeof PullStates)[keyof typeof PullStates];

/** MediaLive's HlsInputSettings (channel inputAttachments[].inputSettings.networkInputSettings). */
export interface HlsInputSettings {
  /** Bits per second: the variant with the highest BANDWIDTH not above it (else the lowest); unset = the highest. */
  readonly bandwidth?: number;
  /** Live playlists start this many segments from the live edge. Default 3. */
  readonly bufferSegments?: number;
  /** Consecutive failed fetches of a playlist or segment before the source counts as unavailable. Default 3. */
  readonly retries?: number;
  /** Seconds between those retries. Default 1. */
  readonly retryInterval?: number;
  /** SEGMENTS (default): the SCTE-35 PID of the segments; MANIFEST: the playlist's cue tags (hls-manifest-cues.ts), the PID ignored. */
  readonly scte35Source?: "MANIFEST" | "SEGMENTS";
}

export type SourceEndBehavior = "CONTINUE" | "LOOP";

export interface PullLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface PullSourceOptions {
  /** URL_PULL, RTMP_PULL, SRT_CALLER, MP4_FILE or TS_FILE. */
  readonly input: InputRecord;
  /** Which of input.sources (or input.srtCallerSources): pipeline 0 → 0, pipeline 1 → 1; SINGLE_PIPELINE → 0. */
  readonly sourceIndex: number;
  /** Overrides the source URL (dynamic inputs: $urlPath$ already substituted). */
  readonly url?: string;
  /** Looks up passwordParam / passphraseSecretArn (src/config/secrets.ts); undefined = unknown name. */
  readonly resolveSecret: (name: string) => Promise<string | undefined> | string | undefined;
  readonly hlsInputSettings?: HlsInputSettings;
  /** URL_PULL: body caps and fetch timeout bounds (hls-fetch-limits.ts); unset members keep the defaults. */
  readonly hlsFetchLimits?: Partial<HlsFetchLimits>;
  /** Files and VOD playlists: CONTINUE ends (state ENDED), LOOP starts over. Default CONTINUE. */
  readonly sourceEndBehavior?: SourceEndBehavior;
  /**
   * MP4_FILE / TS_FILE only: play this part of the file, in ms from its start (a schedule
   * switch's ZEROBASED inputClippingSettings, converted by the caller with clippingToMs in
   * src/pipeline/switching/timecode.ts). With LOOP the clip is what loops. Ignored by other types.
   */
  readonly clipping?: { readonly startMs?: number; readonly stopMs?: number };
  /** MPEG-TS bytes, in order, paced at real time. */
  readonly onTs: (bytes: Uint8Array, nowMs: number) => void;
  /** SCTE-35 splice_info_sections read outside the TS (HLS cue tags), each before the bytes it applies to. */
  readonly onScte35?: (section: Uint8Array, nowMs: number) => void;
  readonly onAlert?: (alert: AlertEvent) => void;
  readonly onState?: (state: PullState) => void;
  readonly nowMs?: () => number;
  readonly logger?: PullLogger;
}

export interface PullSourceStats {
  /** Bytes received from the network or the child (before decryption). */
  readonly bytesIn: number;
  /** MPEG-TS bytes handed to onTs. */
  readonly bytesOut: number;
  /** Connections (or child processes) started after the first. */
  readonly reconnects: number;
  /** HLS: segments downloaded / given up after the retries; 0 for other types. */
  readonly segmentsIn: number;
  readonly segmentsSkipped: number;
  /** Times a file or VOD playlist started over (sourceEndBehavior LOOP). */
  readonly loops: number;
}

export interface PullSource {
  /** Starts pulling; a second call does nothing. */
  start(): void;
  readonly state: PullState;
  readonly stats: PullSourceStats;
  /** Alerts SET right now. */
  readonly activeAlerts: readonly AlertEvent[];
  /** Stops pulling, kills any child (SIGTERM, SIGKILL after 2 s), clears the alerts; idempotent. */
  close(): Promise<void>;
}
