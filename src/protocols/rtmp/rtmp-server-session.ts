// Sans-IO RTMP server session for publishers (Adobe RTMP spec 1.0): simple handshake
// (§5.2), chunk stream (§5.3, chunk-stream.ts), protocol control messages (§5.4), and
// the NetConnection/NetStream publish command flow (§7.2) as ffmpeg, OBS and Wirecast
// drive it: connect → releaseStream → FCPublish → createStream → publish → media →
// FCUnpublish → deleteStream. Bytes and `nowMs` in, events out, reply bytes queued for
// `takeOutput()`. No sockets, no timers; never throws on bad bytes: a protocol violation
// produces an `error` event, the session enters "closed", and the edge closes the socket.
//
// Handshake gating: MediaLive does not complete the handshake while the attached channel
// is idle. The edge either withholds bytes from `receive()` or constructs the session with
// `handshakeAllowed: false` (bytes are buffered, nothing is answered) and calls
// `allowHandshake(nowMs)` when the channel starts.
//
// §5.2 handshake (simple, no digest):
//   client → C0 (version 3, 1 byte) + C1 (1536: time u32 | zero u32 | 1528 random)
//   server → S0 (3) + S1 (time | zero | random) + S2 (echo of C1: time | time2 | random)
//   client → C2 (echo of S1, 1536 bytes), then chunks.

import { concatBytes } from "../../media/bits/bytes.ts";
import { Amf0EcmaArray, decodeAmf0, encodeAmf0, type Amf0Value } from "./amf0.ts";
import { ChunkReader, DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_MAX_MESSAGE_SIZE_BYTES, RtmpMessageTypes, readU32, writeChunks, type RtmpMessage } from "./chunk-stream.ts";
import { pseudoRandomBytes } from "../../media/bits/pseudo-random.ts";

export const RTMP_VERSION = 3;
export const RTMP_HANDSHAKE_SIZE = 1536;

/** Chunk stream ids the server writes on (conventional: 2 control, 3 commands, 5 stream status). */
const CSID_CONTROL = 2;
const CSID_COMMAND = 3;
const CSID_STREAM = 5;
const PUBLISH_STREAM_ID = 1;
/** Bytes of messages held while a publish decision is pending. */
const MAX_DEFERRED_BYTES = 16 * 1024 * 1024;

export const RtmpStatusCodes = {
  CONNECT_SUCCESS: "NetConnection.Connect.Success",
  PUBLISH_START: "NetStream.Publish.Start",
  PUBLISH_BAD_NAME: "NetStream.Publish.BadName",
  UNPUBLISH_SUCCESS: "NetStream.Unpublish.Success",
} as const;

export interface RtmpServerSessionOptions {
  readonly nowMs: number;
  /** Chunk size announced and used for server output (Set Chunk Size). Default 4096. */
  readonly chunkSizeOut?: number;
  /** Window Acknowledgement Size and Set Peer Bandwidth sent after connect. Default 5_000_000 bytes. */
  readonly windowAckSizeBytes?: number;
  /** Messages above this are skipped and counted. Default 16 MiB. */
  readonly maxMessageSizeBytes?: number;
  /** Budget for messages being assembled (chunk-stream.ts); going over closes the session. Default 32 MiB. */
  readonly maxBufferedBytes?: number;
  /** When false, bytes are buffered unanswered until `allowHandshake()`. Default true. */
  readonly handshakeAllowed?: boolean;
  /** Deterministic S1 random bytes for tests (1528 bytes); default crypto-free pseudo-random. */
  readonly s1Random?: Uint8Array;
}

export type RtmpSessionState = "handshake" | "awaiting-c2" | "connected" | "closed";

export type RtmpEvent =
  | { readonly type: "handshake"; readonly clientVersion: number }
  | { readonly type: "connect"; readonly app: string; readonly tcUrl?: string; readonly flashVer?: string }
  | { readonly type: "publish"; readonly app: string; readonly streamKey: string; readonly publishType: string }
  | { readonly type: "unpublish"; readonly app: string; readonly streamKey: string }
  /** A data message of the accepted publish (onMetaData, onCuePoint …); `timestampMs` is its RTMP timestamp. */
  | { readonly type: "metadata"; readonly name: string; readonly values: readonly Amf0Value[]; readonly timestampMs: number }
  /** FLV tag body of an audio (8) or video (9) message of the accepted publish. */
  | { readonly type: "media"; readonly kind: "audio" | "video"; readonly timestampMs: number; readonly data: Uint8Array }
  /** A protocol violation: the session is closed and the edge should close the socket. */
  | { readonly type: "error"; readonly reason: string };

export interface RtmpServerSessionStats {
  bytesReceived: number;
  bytesSent: number;
  chunksReceived: number;
  messagesReceived: number;
  oversizeMessages: number;
  abortedMessages: number;
  commands: number;
  unknownCommands: number;
  amfErrors: number;
  audioMessages: number;
  videoMessages: number;
  /** Media messages received while no publish was accepted. */
  droppedMediaMessages: number;
  acknowledgementsSent: number;
  /** Largest Acknowledgement sequence number reported by the peer. */
  peerAcknowledgedBytes: number;
  protocolErrors: number;
}

function u32be(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

function asString(value: Amf0Value): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function asObject(value: Amf0Value): Readonly<Record<string, Amf0Value>> | undefined {
  if (value instanceof Amf0EcmaArray) return value.entries;
  if (value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date)) {
    return value as Readonly<Record<string, Amf0Value>>;
  }
  return undefined;
}

export class RtmpServerSession {
  readonly #chunkSizeOut: number;
  readonly #windowAckSizeBytes: number;
  readonly #startMs: number;
  readonly #s1Random: Uint8Array;
  #handshakeAllowed: boolean;
  #state: RtmpSessionState = "handshake";
  #pending: Uint8Array = new Uint8Array(0);
  #output: Uint8Array[] = [];
  readonly #reader: ChunkReader;
  #app: string | undefined;
  #streamKey: string | undefined;
  #publishState: "none" | "requested" | "accepted" | "rejected" | "ended" = "none";
  #peerWindowAckSizeBytes = 0;
  #bytesAtLastAck = 0;
  #nextStreamId = PUBLISH_STREAM_ID;
  #deferred: RtmpMessage[] = [];
  #deferredBytes = 0;
  readonly #stats: RtmpServerSessionStats = {
    bytesReceived: 0, bytesSent: 0, chunksReceived: 0, messagesReceived: 0, oversizeMessages: 0, abortedMessages: 0,
    commands: 0, unknownCommands: 0, amfErrors: 0, audioMessages: 0, videoMessages: 0, droppedMediaMessages: 0,
    acknowledgementsSent: 0, peerAcknowledgedBytes: 0, protocolErrors: 0,
  };

  constructor(options: RtmpServerSessionOptions) {
    this.#startMs = options.nowMs;
    this.#chunkSizeOut = Math.min(0x7fffffff, Math.max(128, Math.floor(options.chunkSizeOut ?? 4096)));
    this.#windowAckSizeBytes = options.windowAckSizeBytes ?? 5_000_000;
    this.#handshakeAllowed = options.handshakeAllowed ?? true;
    this.#s1Random = options.s1Random?.length === RTMP_HANDSHAKE_SIZE - 8 ? options.s1Random : pseudoRandomBytes(RTMP_HANDSHAKE_SIZE - 8, options.nowMs);
    this.#reader = new ChunkReader({
      maxMessageSizeBytes: options.maxMessageSizeBytes ?? DEFAULT_MAX_MESSAGE_SIZE_BYTES,
      maxBufferedBytes: options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
    });
  }

  get state(): RtmpSessionState {
    return this.#state;
  }

  get app(): string | undefined {
    return this.#app;
  }

  get streamKey(): string | undefined {
    return this.#streamKey;
  }

  get stats(): Readonly<RtmpServerSessionStats> {
    const reader = this.#reader.stats;
    return { ...this.#stats, chunksReceived: reader.chunks, messagesReceived: reader.messages, oversizeMessages: reader.oversizeMessages, abortedMessages: reader.abortedMessages };
  }

  toJSON(): RtmpServerSessionStats {
    return { ...this.stats };
  }

  /** Bytes to write to the socket, in order; clears the queue. */
  takeOutput(): Uint8Array[] {
    const out = this.#output;
    this.#output = [];
    return out;
  }

  /** Lets a session built with `handshakeAllowed: false` answer the buffered handshake. */
  allowHandshake(nowMs: number): RtmpEvent[] {
    this.#handshakeAllowed = true;
    return this.receive(new Uint8Array(0), nowMs);
  }

  receive(bytes: Uint8Array, nowMs: number): RtmpEvent[] {
    const events: RtmpEvent[] = [];
    if (this.#state === "closed") return events;
    this.#stats.bytesReceived += bytes.length;
    if (this.#state !== "connected") {
      this.#pending = this.#pending.length ? concatBytes([this.#pending, bytes]) : bytes.slice();
      if (!this.#handshakeAllowed) {
        if (this.#pending.length > 1 + 2 * RTMP_HANDSHAKE_SIZE + 65536) this.#error("too many bytes before the handshake was allowed", events);
        return events;
      }
      const rest = this.#handshake(nowMs, events);
      if (rest === undefined) return events;
      bytes = rest;
    }
    this.#readChunks(bytes, events);
    return events;
  }

  /**
   * Answers a pending publish with onStatus NetStream.Publish.Start (and Stream Begin).
   * Returns the events of messages that arrived while the decision was pending (held
   * back so that the outcome does not depend on how the bytes were split).
   */
  acceptPublish(): RtmpEvent[] {
    if (this.#publishState !== "requested" || this.#state === "closed") return [];
    this.#publishState = "accepted";
    // §7.1.7 User Control Stream Begin (event 0) for the publishing stream
    this.#send({ chunkStreamId: CSID_CONTROL, typeId: RtmpMessageTypes.USER_CONTROL, messageStreamId: 0, timestampMs: 0, payload: Uint8Array.from([0, 0, ...u32be(PUBLISH_STREAM_ID)]) });
    this.#sendStatus("status", RtmpStatusCodes.PUBLISH_START, `${this.#streamKey ?? ""} is now published.`);
    return this.#releaseDeferred();
  }

  /** Answers a pending publish with an error onStatus (default NetStream.Publish.BadName); the caller then closes. */
  rejectPublish(code: string = RtmpStatusCodes.PUBLISH_BAD_NAME, description = "Stream key or application name is not accepted."): RtmpEvent[] {
    if (this.#publishState !== "requested" || this.#state === "closed") return [];
    this.#publishState = "rejected";
    this.#sendStatus("error", code, description);
    return this.#releaseDeferred();
  }

  #releaseDeferred(): RtmpEvent[] {
    const events: RtmpEvent[] = [];
    const deferred = this.#deferred;
    this.#deferred = [];
    this.#deferredBytes = 0;
    for (const message of deferred) {
      if (this.#state === "closed") break;
      this.#handleMessage(message, events);
    }
    this.#maybeAcknowledge();
    return events;
  }

  /** Marks the session closed (e.g. socket gone); further bytes are ignored. */
  close(): void {
    this.#state = "closed";
  }

  #error(reason: string, events: RtmpEvent[]): void {
    this.#stats.protocolErrors++;
    this.#state = "closed";
    events.push({ type: "error", reason });
  }

  /** Advances the handshake; returns the bytes after C2 once connected, else undefined. */
  #handshake(nowMs: number, events: RtmpEvent[]): Uint8Array | undefined {
    const uptimeMs = Math.max(0, Math.floor(nowMs - this.#startMs)) >>> 0;
    if (this.#state === "handshake") {
      if (this.#pending.length < 1 + RTMP_HANDSHAKE_SIZE) return undefined;
      const version = this.#pending[0]!;
      if (version !== RTMP_VERSION) {
        // 6 = RTMPE (encrypted); anything else is not RTMP
        this.#error(`unsupported RTMP version ${version} in C0 (only 3, §5.2.2)`, events);
        return undefined;
      }
      const c1 = this.#pending.subarray(1, 1 + RTMP_HANDSHAKE_SIZE);
      const s1 = new Uint8Array(RTMP_HANDSHAKE_SIZE);
      s1.set(u32be(uptimeMs), 0); // time; bytes 4..7 zero: simple handshake
      s1.set(this.#s1Random, 8);
      const s2 = new Uint8Array(RTMP_HANDSHAKE_SIZE);
      s2.set(c1.subarray(0, 4), 0); // time: C1's time
      s2.set(u32be(uptimeMs), 4); // time2: when C1 was read
      s2.set(c1.subarray(8), 8); // random echo
      this.#push(concatBytes([Uint8Array.from([RTMP_VERSION]), s1, s2]));
      this.#pending = this.#pending.subarray(1 + RTMP_HANDSHAKE_SIZE);
      this.#state = "awaiting-c2";
      events.push({ type: "handshake", clientVersion: version });
    }
    if (this.#pending.length < RTMP_HANDSHAKE_SIZE) return undefined;
    // C2 should echo S1; the simple handshake does not verify it (ffmpeg/OBS clients vary).
    const rest = this.#pending.subarray(RTMP_HANDSHAKE_SIZE);
    this.#pending = new Uint8Array(0);
    this.#state = "connected";
    return rest;
  }

  #readChunks(bytes: Uint8Array, events: RtmpEvent[]): void {
    if (bytes.length === 0) return;
    const result = this.#reader.read(bytes);
    for (const message of result.messages) {
      if (this.#state === "closed") break;
      if (this.#publishState === "requested") {
        // Hold everything after publish until acceptPublish()/rejectPublish() (bounded).
        this.#deferredBytes += message.payload.length;
        if (this.#deferredBytes > MAX_DEFERRED_BYTES) {
          this.#error("too much data while the publish decision was pending", events);
          break;
        }
        this.#deferred.push(message);
        continue;
      }
      this.#handleMessage(message, events);
    }
    if (result.error !== undefined && this.#state !== "closed") this.#error(result.error, events);
    this.#maybeAcknowledge();
  }

  /** §5.4.3: acknowledge after each window of received bytes. */
  #maybeAcknowledge(): void {
    if (this.#peerWindowAckSizeBytes <= 0 || this.#state === "closed") return;
    const received = this.#stats.bytesReceived;
    if (received - this.#bytesAtLastAck < this.#peerWindowAckSizeBytes) return;
    this.#bytesAtLastAck = received;
    this.#stats.acknowledgementsSent++;
    this.#send({ chunkStreamId: CSID_CONTROL, typeId: RtmpMessageTypes.ACKNOWLEDGEMENT, messageStreamId: 0, timestampMs: 0, payload: Uint8Array.from(u32be(received >>> 0)) });
  }

  #handleMessage(message: RtmpMessage, events: RtmpEvent[]): void {
    const payload = message.payload;
    switch (message.typeId) {
      case RtmpMessageTypes.SET_CHUNK_SIZE:
      case RtmpMessageTypes.ABORT:
        return; // applied by the chunk reader
      case RtmpMessageTypes.ACKNOWLEDGEMENT:
        if (payload.length >= 4) this.#stats.peerAcknowledgedBytes = Math.max(this.#stats.peerAcknowledgedBytes, readU32(payload, 0));
        return;
      case RtmpMessageTypes.WINDOW_ACK_SIZE:
        if (payload.length >= 4) this.#peerWindowAckSizeBytes = readU32(payload, 0);
        return;
      case RtmpMessageTypes.SET_PEER_BANDWIDTH:
      case RtmpMessageTypes.USER_CONTROL:
        return;
      case RtmpMessageTypes.AUDIO:
      case RtmpMessageTypes.VIDEO: {
        const kind = message.typeId === RtmpMessageTypes.AUDIO ? "audio" : "video";
        if (this.#publishState !== "accepted") {
          this.#stats.droppedMediaMessages++;
          return;
        }
        if (kind === "audio") this.#stats.audioMessages++;
        else this.#stats.videoMessages++;
        if (payload.length === 0) return; // empty tags are keep-alives in some encoders
        events.push({ type: "media", kind, timestampMs: message.timestampMs, data: payload });
        return;
      }
      case RtmpMessageTypes.COMMAND_AMF0:
      case RtmpMessageTypes.COMMAND_AMF3:
        // AMF3 command messages start with a format byte 0 and then use AMF0 (§7.1.1)
        return this.#handleCommand(message.typeId === RtmpMessageTypes.COMMAND_AMF3 ? payload.subarray(1) : payload, message, events);
      case RtmpMessageTypes.DATA_AMF0:
      case RtmpMessageTypes.DATA_AMF3:
        return this.#handleData(message.typeId === RtmpMessageTypes.DATA_AMF3 ? payload.subarray(1) : payload, message.timestampMs, events);
      default:
        return; // shared objects, aggregates: not used by publishers we support
    }
  }

  #handleData(payload: Uint8Array, timestampMs: number, events: RtmpEvent[]): void {
    const decoded = decodeAmf0(payload);
    if (decoded.error !== undefined) this.#stats.amfErrors++;
    let values = decoded.values;
    let name = asString(values[0] ?? null);
    if (name === undefined) return;
    // ffmpeg and OBS send "@setDataFrame", "onMetaData", {…}
    if (name === "@setDataFrame") {
      values = values.slice(1);
      name = asString(values[0] ?? null) ?? name;
    }
    if (this.#publishState === "accepted") events.push({ type: "metadata", name, values: values.slice(1), timestampMs });
  }

  #handleCommand(payload: Uint8Array, message: RtmpMessage, events: RtmpEvent[]): void {
    const decoded = decodeAmf0(payload);
    if (decoded.error !== undefined) this.#stats.amfErrors++;
    const [nameValue, txnValue, commandObject, ...args] = decoded.values;
    const name = asString(nameValue ?? null);
    if (name === undefined) {
      this.#stats.unknownCommands++;
      return;
    }
    this.#stats.commands++;
    const txn = typeof txnValue === "number" ? txnValue : 0;
    switch (name) {
      case "connect": {
        const object = asObject(commandObject ?? null) ?? {};
        const app = (asString(object.app ?? null) ?? "").replace(/\/+$/, "");
        this.#app = app;
        const tcUrl = asString(object.tcUrl ?? null);
        const flashVer = asString(object.flashVer ?? null);
        // §7.2.1.1: Window Acknowledgement Size, Set Peer Bandwidth, then _result
        this.#send({ chunkStreamId: CSID_CONTROL, typeId: RtmpMessageTypes.WINDOW_ACK_SIZE, messageStreamId: 0, timestampMs: 0, payload: Uint8Array.from(u32be(this.#windowAckSizeBytes)) });
        this.#send({ chunkStreamId: CSID_CONTROL, typeId: RtmpMessageTypes.SET_PEER_BANDWIDTH, messageStreamId: 0, timestampMs: 0, payload: Uint8Array.from([...u32be(this.#windowAckSizeBytes), 2]) });
        this.#send({ chunkStreamId: CSID_CONTROL, typeId: RtmpMessageTypes.SET_CHUNK_SIZE, messageStreamId: 0, timestampMs: 0, payload: Uint8Array.from(u32be(this.#chunkSizeOut)) });
        this.#sendCommand(CSID_COMMAND, 0, "_result", txn, { fmsVer: "FMS/3,0,1,123", capabilities: 31 }, {
          level: "status",
          code: RtmpStatusCodes.CONNECT_SUCCESS,
          description: "Connection succeeded.",
          objectEncoding: typeof object.objectEncoding === "number" ? object.objectEncoding : 0,
        });
        events.push({ type: "connect", app, ...(tcUrl !== undefined ? { tcUrl } : {}), ...(flashVer !== undefined ? { flashVer } : {}) });
        return;
      }
      case "releaseStream":
        if (txn) this.#sendCommand(CSID_COMMAND, 0, "_result", txn, null, undefined);
        return;
      case "FCPublish": {
        const key = asString(args[0] ?? null) ?? "";
        this.#sendCommand(CSID_COMMAND, 0, "onFCPublish", 0, null, { code: RtmpStatusCodes.PUBLISH_START, description: key });
        return;
      }
      case "createStream": {
        const streamId = this.#nextStreamId;
        this.#sendCommand(CSID_COMMAND, 0, "_result", txn, null, streamId);
        return;
      }
      case "publish": {
        if (this.#app === undefined) {
          this.#error("publish before connect", events);
          return;
        }
        if (this.#publishState !== "none") {
          this.#error(`second publish on one connection (state ${this.#publishState})`, events);
          return;
        }
        const rawName = asString(args[0] ?? null) ?? "";
        // publishing names may carry "?query" parameters (auth tokens); the key is the part before
        const streamKey = rawName.split("?")[0] ?? "";
        const publishType = asString(args[1] ?? null) ?? "live";
        this.#streamKey = streamKey;
        this.#publishState = "requested";
        this.#nextStreamId = message.messageStreamId || PUBLISH_STREAM_ID;
        events.push({ type: "publish", app: this.#app, streamKey, publishType });
        return;
      }
      case "FCUnpublish":
      case "deleteStream":
      case "closeStream":
        if (this.#publishState === "accepted") {
          this.#publishState = "ended";
          events.push({ type: "unpublish", app: this.#app ?? "", streamKey: this.#streamKey ?? "" });
        }
        return;
      case "_checkbw":
      case "getStreamLength":
      case "_result":
      case "_error":
        return;
      default:
        this.#stats.unknownCommands++;
        return;
    }
  }

  #sendStatus(level: "status" | "error", code: string, description: string): void {
    this.#sendCommand(CSID_STREAM, this.#nextStreamId, "onStatus", 0, null, { level, code, description });
  }

  #sendCommand(csid: number, messageStreamId: number, name: string, txn: number, commandObject: Amf0Value, info: Amf0Value): void {
    const payload = info === undefined ? encodeAmf0(name, txn, commandObject) : encodeAmf0(name, txn, commandObject, info);
    this.#send({ chunkStreamId: csid, typeId: RtmpMessageTypes.COMMAND_AMF0, messageStreamId, timestampMs: 0, payload });
  }

  #send(message: { chunkStreamId: number; typeId: number; messageStreamId: number; timestampMs: number; payload: Uint8Array }): void {
    // Set Chunk Size itself goes out at the old size; later messages use the new one.
    const size = this.#announcedChunkSize;
    this.#push(writeChunks(message, size));
    if (message.typeId === RtmpMessageTypes.SET_CHUNK_SIZE) this.#announcedChunkSize = this.#chunkSizeOut;
  }

  #announcedChunkSize = 128;

  #push(bytes: Uint8Array): void {
    this.#stats.bytesSent += bytes.length;
    this.#output.push(bytes);
  }
}
