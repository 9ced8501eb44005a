// Sans-IO RTMP client session for one publish or one play (Adobe RTMP spec 1.0): simple
// handshake (§5.2), Set Chunk Size (§5.4.1) to a large size so that a video frame goes out in
// few chunks, then the NetConnection/NetStream flow (§7.2):
// - publish, as live encoders drive it: connect(app, tcUrl) → releaseStream → FCPublish →
//   createStream → publish(streamName, "live"); once the server answers
//   NetStream.Publish.Start, `@setDataFrame onMetaData` and the audio/video messages (FLV tag
//   bodies, Adobe FLV spec annex E) go on the created stream;
// - play, as players and ffmpeg drive it: connect → createStream → Set Buffer Length (§7.1.7)
//   → play(streamName, -2: live, else recorded, §7.2.2.1); the audio, video and data messages
//   of the stream come out as `media` events (an aggregate message, §7.1.6, as the messages it
//   holds), NetStream.Play.Stop / UnpublishNotify / Complete end the play.
// Bytes and `nowMs`
// in, events out, bytes to send queued for `takeOutput()`. No sockets, no timers; never throws
// on bad bytes: a protocol violation or a refusal is an `error` event and the session closes.
//
// §5.2 handshake (simple, no digest):
//   client → C0 (3) + C1 (time u32 | zero u32 | 1528 random)
//   server → S0 (3) + S1 (time | zero | random) + S2 (echo of C1)
//   client → C2 (echo of S1: its time, our time2, its random), then chunks.

import { concatBytes } from "../../media/bits/bytes.ts";
import { pseudoRandomBytes } from "../../media/bits/pseudo-random.ts";
import { Amf0EcmaArray, decodeAmf0, encodeAmf0, type Amf0Value } from "./amf0.ts";
import { parseAdobeAuthReply } from "./rtmp-adobe-auth.ts";
import { ChunkReader, RtmpMessageTypes, readU32, writeChunks } from "./chunk-stream.ts";
import { RTMP_HANDSHAKE_SIZE, RTMP_VERSION, RtmpStatusCodes } from "./rtmp-server-session.ts";

/** Chunk size the client announces: a 720p keyframe then takes a few chunks, not hundreds. */
export const RTMP_CLIENT_CHUNK_SIZE = 65_536;

/** Chunk stream ids the client writes on (control 2 and commands 3 per §5.3.1.1; media on their own). */
const CSID_CONTROL = 2;
const CSID_COMMAND = 3;
const CSID_AUDIO = 4;
const CSID_DATA = 5;
const CSID_VIDEO = 6;

/** Transaction ids of the commands the client sends (§7.2.1: each answered by _result/_error with it). */
const Transactions = { CONNECT: 1, RELEASE_STREAM: 2, FC_PUBLISH: 3, CREATE_STREAM: 4, PUBLISH: 5, PLAY: 6 } as const;

/** §7.1.7 Set Buffer Length: how much the player buffers (ms), as ffmpeg's player asks. */
const USER_CONTROL_SET_BUFFER_LENGTH = 3;
const PLAY_BUFFER_MS = 3_000;
/** §7.2.2.1 play's Start: -2, a live stream of that name, else a recorded one. */
const PLAY_START_LIVE_OR_RECORDED = -2;
/** onStatus codes that end a play (the server's stream stopped or its publisher left). */
const PLAY_END_CODES: ReadonlySet<string> = new Set(["NetStream.Play.Stop", "NetStream.Play.UnpublishNotify", "NetStream.Play.Complete"]);
const PLAY_START_CODE = "NetStream.Play.Start";

/** An aggregate message's sub-message header (§7.1.6: FLV tag headers, then back pointers). */
const AGGREGATE_HEADER_BYTES = 11;
const AGGREGATE_BACK_POINTER_BYTES = 4;

/** §7.1.7 User Control events the client answers or uses. */
const USER_CONTROL_PING_REQUEST = 6;
const USER_CONTROL_PING_RESPONSE = 7;

/** The data message name that stores its payload as the stream's metadata on the server (FMLE convention). */
const SET_DATA_FRAME = "@setDataFrame";

export const RtmpClientModes = { PUBLISH: "publish", PLAY: "play" } as const;
export type RtmpClientMode = (typeof RtmpClientModes)[keyof typeof RtmpClientModes];

export interface RtmpClientSessionOptions {
  /** Publish (the default) or play. */
  readonly mode?: RtmpClientMode;
  /** The application (path of the destination URL), sent in connect's command object. */
  readonly app: string;
  /** `rtmp[s]://host[:port]/app`, sent as connect's tcUrl. */
  readonly tcUrl: string;
  /** What publish or play names (the stream key, the play path). */
  readonly streamName: string;
  readonly nowMs: number;
  /**
   * The adobe authentication query of this connection (rtmp-adobe-auth.ts), appended to app and
   * tcUrl; with it, `authUser` names the user in refusals (never the password, which is not here).
   */
  readonly authQuery?: string;
  readonly authUser?: string;
  /** C1's 1528 random bytes (tests); default pseudo-random. */
  readonly c1Random?: Uint8Array;
}

export type RtmpClientState = "idle" | "handshake" | "connecting" | "publishing" | "playing" | "closed";

export type RtmpClientEvent =
  /** The server accepted the publish: media may be sent. */
  | { readonly type: "publishing" }
  /** Play: the server started the stream (NetStream.Play.Start). */
  | { readonly type: "playing" }
  /** Play: an audio or video message (an FLV tag body) or an AMF0 data message of the stream. */
  | { readonly type: "media"; readonly kind: RtmpMediaKind; readonly timestampMs: number; readonly data: Uint8Array }
  /** Play: the server ended the stream (Play.Stop, UnpublishNotify, Complete): the session is closed. */
  | { readonly type: "ended"; readonly reason: string }
  /** The server's authmod=adobe challenge: the session is closed; the edge connects again with the response. */
  | { readonly type: "auth-challenge"; readonly salt: string; readonly challenge: string; readonly opaque: string }
  /** A refusal or a protocol violation: the session is closed and the edge should close the socket. */
  | { readonly type: "error"; readonly reason: string };

export const RtmpMediaKinds = { AUDIO: "audio", VIDEO: "video", DATA: "data" } as const;
export type RtmpMediaKind = (typeof RtmpMediaKinds)[keyof typeof RtmpMediaKinds];

const MEDIA_MESSAGES: Readonly<Record<RtmpMediaKind, { readonly typeId: number; readonly csid: number }>> = {
  audio: { typeId: RtmpMessageTypes.AUDIO, csid: CSID_AUDIO },
  video: { typeId: RtmpMessageTypes.VIDEO, csid: CSID_VIDEO },
  data: { typeId: RtmpMessageTypes.DATA_AMF0, csid: CSID_DATA },
};

const SET_DATA_FRAME_AMF = encodeAmf0(SET_DATA_FRAME);

function u32be(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

function statusOf(value: Amf0Value | undefined): { code: string; description: string; level: string } {
  const object = value instanceof Amf0EcmaArray ? value.entries : value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date) ? (value as Record<string, Amf0Value>) : {};
  const text = (key: string): string => (typeof object[key] === "string" ? (object[key] as string) : "");
  return { code: text("code"), description: text("description"), level: text("level") };
}

export class RtmpClientSession {
  readonly #options: RtmpClientSessionOptions;
  readonly #startMs: number;
  readonly #reader = new ChunkReader();
  #state: RtmpClientState = "idle";
  #pending: Uint8Array = new Uint8Array(0);
  #output: Uint8Array[] = [];
  #chunkSizeOut = 128;
  #streamId = 0;
  #bytesReceived = 0;
  #windowAckSizeBytes = 0;
  #bytesAtLastAck = 0;

  constructor(options: RtmpClientSessionOptions) {
    this.#options = options;
    this.#startMs = options.nowMs;
  }

  get state(): RtmpClientState {
    return this.#state;
  }

  /** The message stream id createStream gave (0 until then). */
  get streamId(): number {
    return this.#streamId;
  }

  /** Bytes to write to the socket, in order; clears the queue. */
  takeOutput(): Uint8Array[] {
    const out = this.#output;
    this.#output = [];
    return out;
  }

  /** The socket is connected: C0 and C1 go out. */
  start(nowMs: number): void {
    if (this.#state !== "idle") return;
    const c1 = new Uint8Array(RTMP_HANDSHAKE_SIZE);
    c1.set(u32be(this.#uptimeMs(nowMs)), 0); // time; bytes 4..7 zero: simple handshake
    const random = this.#options.c1Random?.length === RTMP_HANDSHAKE_SIZE - 8 ? this.#options.c1Random : pseudoRandomBytes(RTMP_HANDSHAKE_SIZE - 8, nowMs);
    c1.set(random, 8);
    this.#output.push(Uint8Array.of(RTMP_VERSION), c1);
    this.#state = "handshake";
  }

  receive(bytes: Uint8Array, nowMs: number): RtmpClientEvent[] {
    const events: RtmpClientEvent[] = [];
    if (this.#state === "closed" || this.#state === "idle") return events;
    this.#bytesReceived += bytes.length;
    if (this.#state === "handshake") {
      this.#pending = this.#pending.length > 0 ? concatBytes([this.#pending, bytes]) : new Uint8Array(bytes);
      if (this.#pending.length < 1 + 2 * RTMP_HANDSHAKE_SIZE) return events;
      if (this.#pending[0] !== RTMP_VERSION) return this.#fail(`the server answered RTMP version ${this.#pending[0]} (only 3, §5.2.2)`, events);
      const s1 = this.#pending.subarray(1, 1 + RTMP_HANDSHAKE_SIZE);
      // S2 (the echo of C1) is not checked: servers vary, as clients do.
      bytes = this.#pending.subarray(1 + 2 * RTMP_HANDSHAKE_SIZE);
      this.#pending = new Uint8Array(0);
      const c2 = s1.slice();
      c2.set(u32be(this.#uptimeMs(nowMs)), 4);
      this.#output.push(c2);
      this.#state = "connecting";
      this.#send(CSID_CONTROL, RtmpMessageTypes.SET_CHUNK_SIZE, 0, 0, Uint8Array.from(u32be(RTMP_CLIENT_CHUNK_SIZE)));
      this.#chunkSizeOut = RTMP_CLIENT_CHUNK_SIZE;
      // FMS answers the adobe challenge only to FMLE-style clients; the query rides on both app and tcUrl, as FMLE sends it.
      // A player also says which codecs it takes (§7.2.1.1: all audio, all video), or some servers send nothing.
      const app = this.#withAuthQuery(this.#options.app);
      const tcUrl = this.#withAuthQuery(this.#options.tcUrl);
      if (this.#playing()) this.#command("connect", Transactions.CONNECT, { app, flashVer: "LNX 9,0,124,2", tcUrl, fpad: false, capabilities: 15, audioCodecs: 4071, videoCodecs: 252, videoFunction: 1 });
      else this.#command("connect", Transactions.CONNECT, { app, type: "nonprivate", flashVer: "FMLE/3.0 (compatible; openlive)", tcUrl });
    }
    if (bytes.length === 0) return events;
    const result = this.#reader.read(bytes);
    for (const message of result.messages) {
      if (this.#isClosed()) break;
      this.#handle(message.typeId, message.timestampMs, message.payload, events);
    }
    if (result.error !== undefined && !this.#isClosed()) this.#fail(result.error, events);
    this.#maybeAcknowledge();
    return events;
  }

  /**
   * One FLV tag body as an RTMP message of the publishing stream: audio, video, or a script
   * data tag (onMetaData), which goes as `@setDataFrame` so that the server keeps it for players.
   */
  sendTag(kind: RtmpMediaKind, timestampMs: number, data: Uint8Array): void {
    if (this.#state !== "publishing") return;
    const message = MEDIA_MESSAGES[kind];
    const payload = kind === RtmpMediaKinds.DATA ? concatBytes([SET_DATA_FRAME_AMF, data]) : data;
    this.#send(message.csid, message.typeId, this.#streamId, timestampMs, payload);
  }

  /**
   * An AMF0 data message of the publishing stream that the server relays as it is (RTMP spec
   * 1.0 §7.1.2), not stored as the stream's metadata: a cue point (`onCuePoint` with Adobe's cue
   * point object). `data` holds the AMF0 values, handler name first.
   */
  sendDataMessage(timestampMs: number, data: Uint8Array): void {
    if (this.#state !== "publishing") return;
    this.#send(CSID_DATA, RtmpMessageTypes.DATA_AMF0, this.#streamId, timestampMs, data);
  }

  /** Ends the publish politely (FCUnpublish, deleteStream, §7.2.2.3); the edge then ends the socket. */
  unpublish(): void {
    if (this.#state === "publishing") {
      this.#command("FCUnpublish", 0, null, this.#options.streamName);
      this.#command("deleteStream", 0, null, this.#streamId);
    }
    this.#state = "closed";
  }

  /** The socket is gone: further bytes are ignored. */
  close(): void {
    this.#state = "closed";
  }

  #handle(typeId: number, timestampMs: number, payload: Uint8Array, events: RtmpClientEvent[]): void {
    switch (typeId) {
      case RtmpMessageTypes.WINDOW_ACK_SIZE:
        if (payload.length >= 4) this.#windowAckSizeBytes = readU32(payload, 0);
        return;
      case RtmpMessageTypes.USER_CONTROL:
        // §7.1.7: a Ping Request is answered with its timestamp, or some servers drop the client.
        if (payload.length >= 6 && ((payload[0]! << 8) | payload[1]!) === USER_CONTROL_PING_REQUEST) {
          this.#send(CSID_CONTROL, RtmpMessageTypes.USER_CONTROL, 0, 0, Uint8Array.from([0, USER_CONTROL_PING_RESPONSE, ...payload.subarray(2, 6)]));
        }
        return;
      case RtmpMessageTypes.COMMAND_AMF0:
      case RtmpMessageTypes.COMMAND_AMF3:
        return this.#answer(typeId === RtmpMessageTypes.COMMAND_AMF3 ? payload.subarray(1) : payload, events);
      case RtmpMessageTypes.AUDIO:
      case RtmpMessageTypes.VIDEO:
      case RtmpMessageTypes.DATA_AMF0:
      case RtmpMessageTypes.DATA_AMF3:
        return this.#media(typeId, timestampMs, payload, events);
      case RtmpMessageTypes.AGGREGATE:
        return this.#aggregate(timestampMs, payload, events);
      default:
        // Set Chunk Size is applied by the chunk reader; bandwidth, acknowledgements and data are not needed to publish.
        return;
    }
  }

  #answer(payload: Uint8Array, events: RtmpClientEvent[]): void {
    const [name, txn, , info] = decodeAmf0(payload).values;
    if (name === "_error" && (txn === Transactions.RELEASE_STREAM || txn === Transactions.FC_PUBLISH)) {
      // Servers that do not know these FMLE conventions (or the stream yet) answer _error; the publish goes on.
      return;
    }
    if (name === "_error" && txn === Transactions.CONNECT) return this.#connectRefused(statusOf(info), events);
    if (name === "_error") {
      const status = statusOf(info);
      return void this.#fail(`the server refused ${this.#txnName(txn)}: ${status.code || "_error"}${status.description ? ` (${status.description})` : ""}`, events);
    }
    if (name === "_result" && txn === Transactions.CONNECT && this.#playing()) {
      this.#command("createStream", Transactions.CREATE_STREAM, null);
      return;
    }
    if (name === "_result" && txn === Transactions.CONNECT) {
      // releaseStream and FCPublish are what FMLE sends and what CDNs such as Akamai or YouTube expect before createStream.
      this.#command("releaseStream", Transactions.RELEASE_STREAM, null, this.#options.streamName);
      this.#command("FCPublish", Transactions.FC_PUBLISH, null, this.#options.streamName);
      this.#command("createStream", Transactions.CREATE_STREAM, null);
      return;
    }
    if (name === "_result" && txn === Transactions.CREATE_STREAM) {
      if (typeof info !== "number" || !Number.isInteger(info) || info <= 0) return void this.#fail("createStream answered no stream id", events);
      this.#streamId = info;
      if (this.#playing()) {
        this.#send(CSID_CONTROL, RtmpMessageTypes.USER_CONTROL, 0, 0, Uint8Array.from([0, USER_CONTROL_SET_BUFFER_LENGTH, ...u32be(info), ...u32be(PLAY_BUFFER_MS)]));
        this.#send(CSID_DATA, RtmpMessageTypes.COMMAND_AMF0, this.#streamId, 0, encodeAmf0("play", Transactions.PLAY, null, this.#options.streamName, PLAY_START_LIVE_OR_RECORDED));
        return;
      }
      this.#send(CSID_DATA, RtmpMessageTypes.COMMAND_AMF0, this.#streamId, 0, encodeAmf0("publish", Transactions.PUBLISH, null, this.#options.streamName, "live"));
      return;
    }
    if (name === "onStatus") {
      const status = statusOf(info);
      if (status.level === "error") return void this.#fail(`the server refused the ${this.#playing() ? "play" : "publish"}: ${status.code}${status.description ? ` (${status.description})` : ""}`, events);
      if (this.#playing()) return this.#playStatus(status.code, events);
      if (status.code === RtmpStatusCodes.PUBLISH_START && this.#state === "connecting" && this.#streamId > 0) {
        this.#state = "publishing";
        events.push({ type: "publishing" });
      }
    }
    // onBWDone, onFCPublish, the _result of releaseStream/FCPublish: nothing to do.
  }

  #playing(): boolean {
    return this.#options.mode === RtmpClientModes.PLAY;
  }

  #playStatus(code: string, events: RtmpClientEvent[]): void {
    if (code === PLAY_START_CODE && this.#state === "connecting" && this.#streamId > 0) {
      this.#state = "playing";
      events.push({ type: "playing" });
    } else if (PLAY_END_CODES.has(code) && this.#state !== "closed") {
      this.#state = "closed";
      events.push({ type: "ended", reason: `the server ended the stream (${code})` });
    }
  }

  /** Play: a message of the stream, once it was created (some servers send media before Play.Start). */
  #media(typeId: number, timestampMs: number, payload: Uint8Array, events: RtmpClientEvent[]): void {
    if (!this.#playing() || this.#streamId === 0) return;
    const kind = typeId === RtmpMessageTypes.AUDIO ? RtmpMediaKinds.AUDIO : typeId === RtmpMessageTypes.VIDEO ? RtmpMediaKinds.VIDEO : RtmpMediaKinds.DATA;
    // An AMF3 data message starts with a format byte; its values are AMF0 (§7.1.2).
    const data = typeId === RtmpMessageTypes.DATA_AMF3 ? payload.subarray(1) : payload;
    events.push({ type: "media", kind, timestampMs, data });
  }

  /**
   * §7.1.6 aggregate message: FLV tags (type u8 | size u24 | timestamp u24 | extended u8 |
   * stream id u24 | data | back pointer u32); the first tag is at the message's timestamp, the
   * others at their offset from it. A tag that does not fit ends the aggregate.
   */
  #aggregate(timestampMs: number, payload: Uint8Array, events: RtmpClientEvent[]): void {
    let offset = 0;
    let firstTagMs: number | undefined;
    while (payload.length - offset >= AGGREGATE_HEADER_BYTES) {
      const typeId = payload[offset]!;
      const size = (payload[offset + 1]! << 16) | (payload[offset + 2]! << 8) | payload[offset + 3]!;
      const tagMs = ((payload[offset + 7]! << 24) | (payload[offset + 4]! << 16) | (payload[offset + 5]! << 8) | payload[offset + 6]!) >>> 0;
      const end = offset + AGGREGATE_HEADER_BYTES + size;
      if (end > payload.length) return;
      firstTagMs ??= tagMs;
      if (typeId === RtmpMessageTypes.AUDIO || typeId === RtmpMessageTypes.VIDEO || typeId === RtmpMessageTypes.DATA_AMF0) {
        this.#media(typeId, (timestampMs + (tagMs - firstTagMs)) >>> 0, payload.subarray(offset + AGGREGATE_HEADER_BYTES, end), events);
      }
      offset = end + AGGREGATE_BACK_POINTER_BYTES;
    }
  }

  /** A refused connect: the adobe challenge (answered on a new connection by the edge), wrong credentials, or a plain refusal. */
  #connectRefused(status: { code: string; description: string }, events: RtmpClientEvent[]): void {
    const reply = parseAdobeAuthReply(status.description);
    const user = this.#options.authUser;
    if (reply.kind === "challenge" && user !== undefined) {
      this.#state = "closed";
      events.push({ type: "auth-challenge", salt: reply.salt, challenge: reply.challenge, opaque: reply.opaque });
      return;
    }
    if (reply.kind === "auth-failed") return void this.#fail(`RTMP server refused the credentials for user "${user ?? ""}" (authmod=adobe: reason=authfailed)`, events);
    if (reply.kind !== "other" && user === undefined) return void this.#fail("the RTMP server requires credentials (authmod=adobe): set username and passwordParam on the destination", events);
    if (reply.kind !== "other") return void this.#fail(`RTMP server refused the credentials for user "${user}" (authmod=adobe: it asked for them again)`, events);
    this.#fail(`the server refused connect: ${status.code || "_error"}${status.description ? ` (${status.description})` : ""}`, events);
  }

  /** The auth query after the application's own query, if it has one (`live?backup=1&authmod=…`). */
  #withAuthQuery(base: string): string {
    const query = this.#options.authQuery ?? "";
    return query !== "" && base.includes("?") ? `${base}&${query.slice(1)}` : base + query;
  }

  /** A method, not a comparison: handlers called in between change the state. */
  #isClosed(): boolean {
    return this.#state === "closed";
  }

  #txnName(txn: Amf0Value | undefined): string {
    const names: Record<number, string> = { [Transactions.CONNECT]: "connect", [Transactions.RELEASE_STREAM]: "releaseStream", [Transactions.FC_PUBLISH]: "FCPublish", [Transactions.CREATE_STREAM]: "createStream", [Transactions.PUBLISH]: "publish", [Transactions.PLAY]: "play" };
    return (typeof txn === "number" ? names[txn] : undefined) ?? "a command";
  }

  #fail(reason: string, events: RtmpClientEvent[]): RtmpClientEvent[] {
    this.#state = "closed";
    events.push({ type: "error", reason });
    return events;
  }

  /** §5.4.3: acknowledge after each window of received bytes. */
  #maybeAcknowledge(): void {
    if (this.#windowAckSizeBytes <= 0 || this.#state === "closed") return;
    if (this.#bytesReceived - this.#bytesAtLastAck < this.#windowAckSizeBytes) return;
    this.#bytesAtLastAck = this.#bytesReceived;
    this.#send(CSID_CONTROL, RtmpMessageTypes.ACKNOWLEDGEMENT, 0, 0, Uint8Array.from(u32be(this.#bytesReceived >>> 0)));
  }

  #command(name: string, txn: number, commandObject: Amf0Value, ...args: Amf0Value[]): void {
    this.#send(CSID_COMMAND, RtmpMessageTypes.COMMAND_AMF0, 0, 0, encodeAmf0(name, txn, commandObject, ...args));
  }

  #send(chunkStreamId: number, typeId: number, messageStreamId: number, timestampMs: number, payload: Uint8Array): void {
    this.#output.push(writeChunks({ chunkStreamId, typeId, messageStreamId, timestampMs, payload }, this.#chunkSizeOut));
  }

  #uptimeMs(nowMs: number): number {
    return Math.max(0, Math.floor(nowMs - this.#startMs)) >>> 0;
  }
}
