// The RTMP push endpoint of one pipeline of an input: a TCP server that takes one
// publisher on its `app/instance` (the input's destination streamName). The allow-list is
// checked at accept, before a byte of handshake (disallowed sockets are closed and
// counted). While the channel is not running the handshake is not completed, as
// MediaLive does: encoders keep retrying (a waiting encoder is closed at the handshake
// timeout and reconnects). A wrong app or stream key gets
// NetStream.Publish.BadName and the socket closes; so does a second publisher.
// This file owns sockets; the protocol is protocols/rtmp, the FLV conversion is pure.
//
// Every peer is bounded (RtmpPushLimits): connections are capped per endpoint and per
// source address (refused at accept); the handshake (§5.2) must complete within
// handshakeTimeoutMs of the accept; a peer that sends nothing for idleTimeoutMs is closed.
// Replies are only written in answer to received bytes, so a peer that never reads makes
// our output backlog grow: above pauseReadingAboveBytes we stop reading it until its
// socket drains (no new bytes, no new replies), past maxWritableBytes it is dropped, and a
// peer still not draining after idleTimeoutMs is dropped too. Assembled-message memory is
// capped by the chunk reader (maxBufferedBytesPerPeer). Each drop is counted by reason;
// logs are limited to one line per reason and minute.

import net from "node:net";
import type { AccessUnit } from "../../media/types.ts";
import { DEFAULT_MAX_BUFFERED_BYTES } from "../../protocols/rtmp/chunk-stream.ts";
import { RtmpServerSession, type RtmpEvent } from "../../protocols/rtmp/rtmp-server-session.ts";
import type { AllowList } from "../allow-list.ts";
import { FlvToAccessUnits } from "../../media/flv/flv-to-access-units.ts";
import { RtmpCuePoints } from "../../protocols/rtmp/rtmp-cue-points.ts";

export interface RtmpPushLimits {
  /** C0/C1 … C2 (§5.2) must be in within this long after the accept. */
  readonly handshakeTimeoutMs: number;
  /** A peer that sends no byte for this long is closed (also one we stopped reading because it does not read). */
  readonly idleTimeoutMs: number;
  /** Reading a peer pauses while our unsent replies to it exceed this, until its socket drains. */
  readonly pauseReadingAboveBytes: number;
  /** A peer whose unsent replies exceed this is dropped. */
  readonly maxWritableBytes: number;
  /** Open connections per endpoint; more are refused at accept. */
  readonly maxConnections: number;
  /** Open connections per source address; more are refused at accept. */
  readonly maxConnectionsPerAddress: number;
  /** Budget of the peer's chunk reader for messages being assembled (chunk-stream.ts). */
  readonly maxBufferedBytesPerPeer: number;
}

export const RTMP_HANDSHAKE_TIMEOUT_MS = 10_000;
export const RTMP_IDLE_TIMEOUT_MS = 30_000;
export const RTMP_PAUSE_READING_ABOVE_BYTES = 1024 * 1024;
export const RTMP_MAX_WRITABLE_BYTES = 4 * 1024 * 1024;
/** One publisher per endpoint; the rest is room for an encoder's reconnects and backups. */
export const RTMP_MAX_CONNECTIONS = 8;
export const RTMP_MAX_CONNECTIONS_PER_ADDRESS = 4;

export const DEFAULT_RTMP_PUSH_LIMITS: RtmpPushLimits = {
  handshakeTimeoutMs: RTMP_HANDSHAKE_TIMEOUT_MS,
  idleTimeoutMs: RTMP_IDLE_TIMEOUT_MS,
  pauseReadingAboveBytes: RTMP_PAUSE_READING_ABOVE_BYTES,
  maxWritableBytes: RTMP_MAX_WRITABLE_BYTES,
  maxConnections: RTMP_MAX_CONNECTIONS,
  maxConnectionsPerAddress: RTMP_MAX_CONNECTIONS_PER_ADDRESS,
  maxBufferedBytesPerPeer: DEFAULT_MAX_BUFFERED_BYTES,
};

/** Why a peer was refused or closed by the endpoint. */
export const RtmpDropReasons = {
  CONNECTION_CAP: "connection-cap",
  ADDRESS_CAP: "address-cap",
  HANDSHAKE_TIMEOUT: "handshake-timeout",
  IDLE_TIMEOUT: "idle-timeout",
  SLOW_READER: "slow-reader",
  PROTOCOL_ERROR: "protocol-error",
} as const;
export type RtmpDropReason = (typeof RtmpDropReasons)[keyof typeof RtmpDropReasons];

/** At most one log line per drop reason in this interval; the others are counted in it. */
export const RTMP_DROP_LOG_INTERVAL_MS = 60_000;

export interface RtmpPushLogger {
  warn(obj: object, msg: string): void;
}

export interface RtmpPushEndpointOptions {
  readonly address: string;
  readonly port: number;
  /** The destination's streamName, "app/instance". */
  readonly streamName: string;
  readonly allowList: AllowList;
  /** Whether the attached channel runs: until then handshakes wait. */
  readonly acceptingPublishers: boolean;
  readonly nowMs?: () => number;
  readonly onAccessUnit: (unit: AccessUnit, nowMs: number) => void;
  /** A cue point of the publisher (onCuePoint / onAdCue) as a splice_info_section on the units' clock (protocols/rtmp/rtmp-cue-points.ts). */
  readonly onScte35?: (section: Uint8Array, nowMs: number) => void;
  /** A codec RTMP inputs do not carry (H.264 and AAC only), reported once per codec and publish. */
  readonly onUnsupportedCodec?: (kind: "audio" | "video", codecName: string) => void;
  readonly onPublisher?: (event: { readonly state: "publishing" | "stopped"; readonly remoteAddress: string }) => void;
  /** Per-peer and per-endpoint bounds; each defaults to DEFAULT_RTMP_PUSH_LIMITS. */
  readonly limits?: Partial<RtmpPushLimits>;
  /** Drops are logged here (rate-limited per reason). */
  readonly logger?: RtmpPushLogger;
}

export interface RtmpPushEndpointStats {
  readonly connections: number;
  readonly disallowedConnections: number;
  readonly rejectedPublishes: number;
  readonly accessUnits: number;
  readonly bytesIn: number;
  /** Peers refused or closed by the endpoint's bounds, by reason. */
  readonly drops: Readonly<Record<RtmpDropReason, number>>;
  /** Times reading a peer was paused because it did not read our replies. */
  readonly readPauses: number;
  /** Largest backlog of unsent replies seen on one socket, in bytes. */
  readonly peakWritableBytes: number;
}

interface Connection {
  readonly socket: net.Socket;
  readonly address: string;
  readonly session: RtmpServerSession;
  readonly converter: FlvToAccessUnits;
  readonly cuePoints: RtmpCuePoints;
  publishing: boolean;
  /** The handshake must be done by then (reset when handshakes are allowed again). */
  handshakeDeadlineMs: number;
  lastByteMs: number;
  /** Reading stopped until the socket drains. */
  paused: boolean;
}

/** "::ffff:192.0.2.1" and "192.0.2.1" are one host for the per-address cap. */
function addressKey(remoteAddress: string | undefined): string {
  const address = remoteAddress ?? "";
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/** Why `connection` must be closed at `nowMs`, if it must. Pure: the sweep applies it. */
export function expiredReason(
  connection: { readonly handshakeDone: boolean; readonly handshakeDeadlineMs: number; readonly lastByteMs: number; readonly paused: boolean },
  nowMs: number,
  limits: Pick<RtmpPushLimits, "idleTimeoutMs">,
): RtmpDropReason | undefined {
  if (!connection.handshakeDone && nowMs >= connection.handshakeDeadlineMs) return RtmpDropReasons.HANDSHAKE_TIMEOUT;
  if (nowMs - connection.lastByteMs >= limits.idleTimeoutMs) return connection.paused ? RtmpDropReasons.SLOW_READER : RtmpDropReasons.IDLE_TIMEOUT;
  return undefined;
}

export class RtmpPushEndpoint {
  readonly #options: RtmpPushEndpointOptions;
  readonly #nowMs: () => number;
  readonly #limits: RtmpPushLimits;
  readonly #connections = new Set<Connection>();
  readonly #connectionsByAddress = new Map<string, number>();
  #server: net.Server | undefined;
  #sweep: NodeJS.Timeout | undefined;
  #accepting: boolean;
  #publisher: Connection | undefined;
  #closed = false;
  #stats = { connections: 0, disallowedConnections: 0, rejectedPublishes: 0, accessUnits: 0, bytesIn: 0, readPauses: 0, peakWritableBytes: 0 };
  readonly #drops: Record<RtmpDropReason, number> = { "connection-cap": 0, "address-cap": 0, "handshake-timeout": 0, "idle-timeout": 0, "slow-reader": 0, "protocol-error": 0 };
  readonly #dropLog = new Map<RtmpDropReason, { lastLoggedMs: number; suppressed: number }>();

  constructor(options: RtmpPushEndpointOptions) {
    this.#options = options;
    this.#nowMs = options.nowMs ?? Date.now;
    this.#accepting = options.acceptingPublishers;
    this.#limits = { ...DEFAULT_RTMP_PUSH_LIMITS, ...options.limits };
  }

  get stats(): RtmpPushEndpointStats {
    return { ...this.#stats, drops: { ...this.#drops } };
  }

  get limits(): RtmpPushLimits {
    return this.#limits;
  }

  async start(): Promise<void> {
    const server = net.createServer((socket) => this.#onConnection(socket));
    this.#server = server;
    server.on("error", () => {});
    // One sweep for every deadline: a quarter of the shortest timeout, so a peer is closed
    // within 1.25 × its timeout, and at least every second.
    const sweepMs = Math.max(10, Math.min(1000, Math.floor(Math.min(this.#limits.handshakeTimeoutMs, this.#limits.idleTimeoutMs) / 4)));
    this.#sweep = setInterval(() => this.#expire(), sweepMs);
    this.#sweep.unref();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.#options.port, this.#options.address, () => {
        server.off("error", reject);
        resolve();
      });
    });
  }

  /** The channel started or stopped: waiting handshakes complete, or new ones wait. */
  setAcceptingPublishers(accepting: boolean): void {
    this.#accepting = accepting;
    if (!accepting) return;
    const nowMs = this.#nowMs();
    for (const connection of this.#connections) {
      // Encoders that waited for the channel get a full handshake timeout from now.
      if (connection.session.state === "handshake" || connection.session.state === "awaiting-c2") connection.handshakeDeadlineMs = nowMs + this.#limits.handshakeTimeoutMs;
      this.#handle(connection, connection.session.allowHandshake(nowMs));
    }
  }

  #onConnection(socket: net.Socket): void {
    this.#stats.connections += 1;
    if (this.#closed || !this.#options.allowList.admit(socket.remoteAddress ?? "")) {
      this.#stats.disallowedConnections += 1;
      socket.destroy();
      return;
    }
    const address = addressKey(socket.remoteAddress);
    const fromAddress = this.#connectionsByAddress.get(address) ?? 0;
    if (this.#connections.size >= this.#limits.maxConnections) return this.#refuse(socket, address, RtmpDropReasons.CONNECTION_CAP);
    if (fromAddress >= this.#limits.maxConnectionsPerAddress) return this.#refuse(socket, address, RtmpDropReasons.ADDRESS_CAP);
    this.#connectionsByAddress.set(address, fromAddress + 1);
    socket.setNoDelay(true);
    const nowMs = this.#nowMs();
    const connection: Connection = {
      socket,
      address,
      session: new RtmpServerSession({ nowMs, handshakeAllowed: this.#accepting, maxBufferedBytes: this.#limits.maxBufferedBytesPerPeer }),
      converter: new FlvToAccessUnits(),
      cuePoints: new RtmpCuePoints(),
      publishing: false,
      handshakeDeadlineMs: nowMs + this.#limits.handshakeTimeoutMs,
      lastByteMs: nowMs,
      paused: false,
    };
    this.#connections.add(connection);
    socket.on("data", (chunk: Buffer) => {
      this.#stats.bytesIn += chunk.length;
      const receivedMs = this.#nowMs();
      connection.lastByteMs = receivedMs;
      this.#handle(connection, connection.session.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length), receivedMs));
    });
    socket.on("drain", () => {
      if (!connection.paused || socket.destroyed) return;
      connection.paused = false;
      // Not reading was our choice: the idle time starts again.
      connection.lastByteMs = this.#nowMs();
      socket.resume();
    });
    socket.on("error", () => {});
    socket.on("close", () => this.#drop(connection));
  }

  #refuse(socket: net.Socket, address: string, reason: RtmpDropReason): void {
    this.#countDrop(reason, address, {});
    socket.destroy();
  }

  /** Closes a peer for `reason`, counted and logged. */
  #dropPeer(connection: Connection, reason: RtmpDropReason, details: object): void {
    if (connection.socket.destroyed) return;
    this.#countDrop(reason, connection.address, details);
    connection.socket.destroy();
  }

  #countDrop(reason: RtmpDropReason, remoteAddress: string, details: object): void {
    this.#drops[reason] += 1;
    const logger = this.#options.logger;
    if (!logger) return;
    const nowMs = this.#nowMs();
    const last = this.#dropLog.get(reason);
    if (last && nowMs - last.lastLoggedMs < RTMP_DROP_LOG_INTERVAL_MS) {
      last.suppressed += 1;
      return;
    }
    const suppressed = last?.suppressed ?? 0;
    this.#dropLog.set(reason, { lastLoggedMs: nowMs, suppressed: 0 });
    logger.warn({ reason, remoteAddress, streamName: this.#options.streamName, ...details, ...(suppressed ? { alsoDroppedSinceLastLine: suppressed } : {}) }, "RTMP peer refused or closed");
  }

  #expire(): void {
    const nowMs = this.#nowMs();
    for (const connection of this.#connections) {
      const state = connection.session.state;
      const reason = expiredReason({ handshakeDone: state === "connected" || state === "closed", handshakeDeadlineMs: connection.handshakeDeadlineMs, lastByteMs: connection.lastByteMs, paused: connection.paused }, nowMs, this.#limits);
      if (reason) this.#dropPeer(connection, reason, { silentMs: nowMs - connection.lastByteMs, writableBytes: connection.socket.writableLength });
    }
  }

  #handle(connection: Connection, events: readonly RtmpEvent[]): void {
    for (const event of events) {
      switch (event.type) {
        case "publish": {
          const wanted = this.#options.streamName;
          const busy = this.#publisher !== undefined && this.#publisher !== connection;
          if (`${event.app}/${event.streamKey}` !== wanted || busy) {
            this.#stats.rejectedPublishes += 1;
            connection.session.rejectPublish();
            this.#flush(connection);
            connection.socket.end();
            return;
          }
          this.#publisher = connection;
          connection.publishing = true;
          this.#options.onPublisher?.({ state: "publishing", remoteAddress: connection.socket.remoteAddress ?? "" });
          this.#handle(connection, connection.session.acceptPublish());
          break;
        }
        case "media": {
          const nowMs = this.#nowMs();
          const results = event.kind === "video" ? connection.converter.video(event.data, event.timestampMs) : connection.converter.audio(event.data, event.timestampMs);
          for (const result of results) {
            if (result.type === "unit") {
              this.#stats.accessUnits += 1;
              this.#options.onAccessUnit(result.unit, nowMs);
            } else if (result.type === "unsupported") this.#options.onUnsupportedCodec?.(result.kind, result.codecName);
          }
          break;
        }
        case "metadata": {
          const section = connection.publishing ? connection.cuePoints.section(event.name, event.values, event.timestampMs) : undefined;
          if (section) this.#options.onScte35?.(section, this.#nowMs());
          break;
        }
        case "unpublish":
          this.#stopPublishing(connection);
          break;
        case "error":
          this.#dropPeer(connection, RtmpDropReasons.PROTOCOL_ERROR, { error: event.reason });
          return;
        default:
          break;
      }
    }
    this.#flush(connection);
  }

  /**
   * Writes the session's replies. write()'s return is not enough: replies are small and
   * many, so the backlog (writableLength) is what is bounded.
   */
  #flush(connection: Connection): void {
    const socket = connection.socket;
    for (const bytes of connection.session.takeOutput()) if (!socket.destroyed) socket.write(bytes);
    if (socket.destroyed) return;
    const backlogBytes = socket.writableLength;
    if (backlogBytes > this.#stats.peakWritableBytes) this.#stats.peakWritableBytes = backlogBytes;
    if (backlogBytes > this.#limits.maxWritableBytes) return this.#dropPeer(connection, RtmpDropReasons.SLOW_READER, { writableBytes: backlogBytes });
    if (backlogBytes > this.#limits.pauseReadingAboveBytes && !connection.paused) {
      connection.paused = true;
      this.#stats.readPauses += 1;
      socket.pause();
    }
  }

  #stopPublishing(connection: Connection): void {
    if (!connection.publishing) return;
    connection.publishing = false;
    if (this.#publisher === connection) this.#publisher = undefined;
    this.#options.onPublisher?.({ state: "stopped", remoteAddress: connection.socket.remoteAddress ?? "" });
  }

  #drop(connection: Connection): void {
    this.#stopPublishing(connection);
    connection.session.close();
    if (!this.#connections.delete(connection)) return;
    const left = (this.#connectionsByAddress.get(connection.address) ?? 1) - 1;
    if (left > 0) this.#connectionsByAddress.set(connection.address, left);
    else this.#connectionsByAddress.delete(connection.address);
  }

  /** Closes every connection and stops listening; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#sweep);
    this.#sweep = undefined;
    for (const connection of this.#connections) connection.socket.destroy();
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
