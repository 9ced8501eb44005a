// One RTMP_PULL connection: openlive's own RTMP player (protocols/rtmp/rtmp-client-session.ts in
// play mode) over TCP (rtmp://) or TLS (rtmps://), whose audio and video go on as an FLV byte
// stream (flv-stream-writer.ts) to the ffmpeg child that remuxes them to MPEG-TS, and whose cue
// points (AMF0 `onCuePoint` / `onAdCue` data messages, which ffmpeg's own RTMP client drops) go
// to onScte35 as splice_info_sections on the stream's clock (protocols/rtmp/rtmp-cue-points.ts),
// the clock ffmpeg keeps (-copyts, pull-child-args.ts). The stream's onMetaData goes to ffmpeg
// too; other data messages do not.
//
// A server that challenges with authmod=adobe gets the response on a second connection, as the
// RTMP outputs answer it (the credentials: the source's username and passwordParam, else the
// URL's user info). The feed stops once — refused, dropped, timed out, the server ended the
// stream or does not read what the player owes it — and says why; the child-pull supervisor then
// restarts child and feed together. What a server sends is read and dropped or bounded by the
// chunk reader (protocols/rtmp/chunk-stream.ts); after the play started, a server that sends no
// media is left to the supervisor's no-data watchdog.

import { createHash, randomBytes } from "node:crypto";
import net from "node:net";
import tls from "node:tls";
import type { Writable } from "node:stream";
import { decodeAmf0 } from "../../protocols/rtmp/amf0.ts";
import { adobeAuthConnectQuery, type AdobeChallenge } from "../../protocols/rtmp/rtmp-adobe-auth.ts";
import { RtmpClientModes, RtmpClientSession, RtmpMediaKinds, type RtmpClientEvent } from "../../protocols/rtmp/rtmp-client-session.ts";
import { CUE_POINT_MESSAGES, RtmpCuePoints } from "../../protocols/rtmp/rtmp-cue-points.ts";
import { FlvStreamTagTypes, FlvStreamWriter } from "./flv-stream-writer.ts";
import type { RtmpPlayTarget } from "./rtmp-play-url.ts";

/** The server must have started the stream this long after the connect began. */
export const RTMP_PLAY_START_TIMEOUT_MS = 10_000;
/** ffmpeg not reading this much of the stream is a failure, not a growing buffer. */
export const MAX_UNREAD_FLV_BYTES = 16 * 1024 * 1024;
/**
 * The server not reading this much of what the player owes it (acknowledgements, Ping
 * Responses: each a few bytes, so a player that plays sends little) is a failure too: a server
 * flooding Ping Requests without reading the answers would otherwise grow the socket's buffer
 * without end.
 */
export const MAX_UNSENT_BYTES = 1024 * 1024;
/** Bytes of the client's own challenge (as FMLE sends it). */
const CLIENT_CHALLENGE_BYTES = 4;

/** Data messages that store their payload as metadata carry this name first (FMLE convention). */
const SET_DATA_FRAME = "@setDataFrame";
const ON_METADATA = "onMetaData";

export interface RtmpPlayFeedOptions {
  readonly target: RtmpPlayTarget;
  /** The user and password of the adobe challenge; absent: none offered. */
  readonly credentials?: { readonly user: string; readonly password: string };
  /** ffmpeg's stdin. */
  readonly sink: Writable;
  readonly onScte35: (section: Uint8Array) => void;
  /** The feed stopped (called once, never after close): why. */
  readonly onStopped: (reason: string) => void;
  readonly nowMs?: () => number;
  readonly startTimeoutMs?: number;
  /** Extra TLS options (tests: a CA of their own). */
  readonly tlsOptions?: tls.ConnectionOptions;
}

export class RtmpPlayFeed {
  readonly #options: RtmpPlayFeedOptions;
  readonly #nowMs: () => number;
  readonly #flv = new FlvStreamWriter();
  readonly #cuePoints = new RtmpCuePoints();
  #socket: net.Socket | undefined;
  #session: RtmpClientSession | undefined;
  #timer: NodeJS.Timeout | undefined;
  #challenge: AdobeChallenge | undefined;
  #stopped = false;

  constructor(options: RtmpPlayFeedOptions) {
    this.#options = options;
    this.#nowMs = options.nowMs ?? Date.now;
  }

  start(): void {
    if (this.#stopped || this.#socket) return;
    this.#timer = setTimeout(() => this.#stop(`the server did not start the stream within ${(this.#options.startTimeoutMs ?? RTMP_PLAY_START_TIMEOUT_MS) / 1000} s`), this.#options.startTimeoutMs ?? RTMP_PLAY_START_TIMEOUT_MS);
    this.#connect();
  }

  /** Ends the connection without a report; idempotent. */
  close(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#end();
  }

  #connect(): void {
    const { target, credentials } = this.#options;
    const answering = this.#challenge !== undefined;
    const authQuery = credentials ? adobeAuthConnectQuery(credentials.user, credentials.password, this.#challenge, randomBytes(CLIENT_CHALLENGE_BYTES).toString("base64"), md5Base64) : undefined;
    this.#challenge = undefined;
    const session = new RtmpClientSession({ mode: RtmpClientModes.PLAY, app: target.app, tcUrl: target.tcUrl, streamName: target.streamName, nowMs: this.#nowMs(), ...(authQuery !== undefined ? { authQuery, authUser: credentials!.user } : {}) });
    const socket = target.tls
      ? tls.connect({ host: target.host, port: target.port, ...(target.serverName ? { servername: target.serverName } : {}), ...this.#options.tlsOptions })
      : net.connect({ host: target.host, port: target.port });
    this.#socket = socket;
    this.#session = session;
    socket.setNoDelay(true);
    socket.once(target.tls ? "secureConnect" : "connect", () => {
      session.start(this.#nowMs());
      this.#flush();
    });
    socket.on("data", (bytes: Buffer) => {
      if (this.#socket !== socket) return;
      for (const event of session.receive(bytes, this.#nowMs())) {
        if (!this.#handle(event, answering)) return;
      }
      this.#flush();
    });
    socket.on("error", (error: Error) => {
      if (this.#socket === socket) this.#stop(error.message);
    });
    socket.on("close", () => {
      if (this.#socket === socket) this.#stop("the server closed the connection");
    });
  }

  /** Whether the connection goes on after `event`. */
  #handle(event: RtmpClientEvent, answering: boolean): boolean {
    switch (event.type) {
      case "media":
        this.#media(event.kind, event.timestampMs, event.data);
        return true;
      case "playing":
        clearTimeout(this.#timer);
        return true;
      case "auth-challenge":
        if (answering || !this.#options.credentials) {
          this.#stop(`RTMP server refused the credentials for user "${this.#options.credentials?.user ?? ""}" (authmod=adobe: it challenged the response again)`);
          return false;
        }
        this.#challenge = { salt: event.salt, challenge: event.challenge, opaque: event.opaque };
        this.#end();
        this.#connect();
        return false;
      case "ended":
      case "error":
        this.#stop(event.reason);
        return false;
      default:
        return true;
    }
  }

  #media(kind: string, timestampMs: number, data: Uint8Array): void {
    if (kind === RtmpMediaKinds.AUDIO) return this.#write(FlvStreamTagTypes.AUDIO, timestampMs, data);
    if (kind === RtmpMediaKinds.VIDEO) return this.#write(FlvStreamTagTypes.VIDEO, timestampMs, data);
    const decoded = decodeAmf0(data).values;
    const values = decoded[0] === SET_DATA_FRAME ? decoded.slice(1) : decoded;
    const name = values[0];
    if (typeof name !== "string") return;
    if (name === ON_METADATA) return this.#write(FlvStreamTagTypes.SCRIPT, timestampMs, decoded[0] === SET_DATA_FRAME ? data.subarray(dataFrameBytes()) : data);
    if (!CUE_POINT_MESSAGES.has(name)) return;
    const section = this.#cuePoints.section(name, values.slice(1), timestampMs);
    if (section) this.#options.onScte35(section);
  }

  #write(type: number, timestampMs: number, data: Uint8Array): void {
    const sink = this.#options.sink;
    if (sink.destroyed || sink.writableEnded) return;
    if (sink.writableLength > MAX_UNREAD_FLV_BYTES) return this.#stop(`ffmpeg does not read the stream (${sink.writableLength} bytes waiting)`);
    sink.write(this.#flv.tag(type, timestampMs, data));
  }

  #flush(): void {
    const socket = this.#socket;
    const session = this.#session;
    if (!socket || !session || socket.destroyed) return;
    for (const bytes of session.takeOutput()) socket.write(bytes);
    if (socket.writableLength > MAX_UNSENT_BYTES) this.#stop(`the server does not read what the player sends (${socket.writableLength} bytes waiting)`);
  }

  #stop(reason: string): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#end();
    this.#options.onStopped(reason);
  }

  /** Closes the current connection (the start timer runs on across an auth reconnect). */
  #end(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#session?.close();
    this.#session = undefined;
    socket?.destroy();
  }
}

/** The bytes of the AMF0 string "@setDataFrame" (marker, u16 length, text) before the stored values. */
function dataFrameBytes(): number {
  return 3 + SET_DATA_FRAME.length;
}

function md5Base64(text: string): string {
  return createHash("md5").update(text, "utf8").digest("base64");
}
