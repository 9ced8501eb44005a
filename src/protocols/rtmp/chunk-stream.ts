// RTMP chunk stream (Adobe RTMP spec 1.0 §5.3): a streaming chunk reader that reassembles
// messages from interleaved chunk streams, and a chunk writer. Sans-IO, never throws on
// bad bytes: protocol violations become a `ChunkReadResult.error` and the reader stops.
// Memory is bounded per peer, whatever the chunking: a message's payload buffer is
// allocated once, at the length its first chunk declares (§5.3.1.2), and that whole
// length is charged to `maxBufferedBytes` before a byte of it arrives; chunk data is
// copied in at its offset and the buffer is handed over as is when the message ends.
// Messages above `maxMessageSizeBytes` are skipped (counted, never allocated), and the
// number of chunk streams is capped. Chunk sizes below 128 are refused (§5.4.1): every
// chunk costs a header and a parser step, so tiny chunks only multiply the work per
// payload byte, and no publisher sends them.
//
// §5.3.1 chunk format:
//   +--------------+----------------+--------------------+--------------+
//   | Basic Header | Message Header | Extended Timestamp |  Chunk Data  |
//   +--------------+----------------+--------------------+--------------+
//   |<------------------- Chunk Header ----------------->|
//
// §5.3.1.1 basic header (csid 2..63 / 64..319 / 64..65599):
//    0 1 2 3 4 5 6 7     0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7     ... + 1 more byte
//   +-+-+-+-+-+-+-+-+   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |fmt|   cs id   |   |fmt|     0     |   cs id - 64  |   |fmt|  1  | csid-64 (LE u16)
//   +-+-+-+-+-+-+-+-+   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// §5.3.1.2 message header by fmt:
//   fmt 0 (11 bytes): timestamp u24 | message length u24 | type id u8 | stream id u32 LE
//   fmt 1 (7 bytes):  timestamp delta u24 | message length u24 | type id u8
//   fmt 2 (3 bytes):  timestamp delta u24
//   fmt 3 (0 bytes):  everything from the previous chunk of this chunk stream
// §5.3.1.3 extended timestamp: u32 present when the 24-bit field is 0xFFFFFF; like ffmpeg
// and librtmp we also expect it on fmt 3 chunks of a stream whose last header used it.

import { concatBytes } from "../../media/bits/bytes.ts";

/** §5.4.1: the maximum chunk size until a Set Chunk Size; also the smallest we accept. */
export const RTMP_DEFAULT_CHUNK_SIZE = 128;
/** Smallest Set Chunk Size accepted. §5.4.1 says it SHOULD be at least 128 (MUST be at least 1). */
export const RTMP_MIN_CHUNK_SIZE = 128;
export const RTMP_MAX_CHUNK_SIZE = 0x7fffffff;
export const EXTENDED_TIMESTAMP = 0xffffff;

/** Message type ids (RTMP spec 1.0 §5.4, §7.1). */
export const RtmpMessageTypes = {
  SET_CHUNK_SIZE: 1,
  ABORT: 2,
  ACKNOWLEDGEMENT: 3,
  USER_CONTROL: 4,
  WINDOW_ACK_SIZE: 5,
  SET_PEER_BANDWIDTH: 6,
  AUDIO: 8,
  VIDEO: 9,
  DATA_AMF3: 15,
  SHARED_OBJECT_AMF3: 16,
  COMMAND_AMF3: 17,
  DATA_AMF0: 18,
  SHARED_OBJECT_AMF0: 19,
  COMMAND_AMF0: 20,
  AGGREGATE: 22,
} as const;

export interface RtmpMessage {
  readonly chunkStreamId: number;
  readonly typeId: number;
  readonly messageStreamId: number;
  /** Message timestamp in ms (32-bit, wraps). */
  readonly timestampMs: number;
  readonly payload: Uint8Array;
}

export interface ChunkReaderOptions {
  /** Larger messages are consumed but dropped (counted). Default 16 MiB. */
  readonly maxMessageSizeBytes?: number;
  /**
   * Per-peer budget for messages being assembled, across chunk streams: each message is
   * charged its full declared length when it starts. Going over is a protocol error. Default 32 MiB.
   */
  readonly maxBufferedBytes?: number;
  /** Cap on distinct chunk stream ids. Default 64. */
  readonly maxChunkStreams?: number;
}

export interface ChunkReaderStats {
  chunks: number;
  messages: number;
  oversizeMessages: number;
  abortedMessages: number;
  bytes: number;
}

export interface ChunkReadResult {
  readonly messages: RtmpMessage[];
  /** A protocol violation; the reader is now failed and ignores further bytes. */
  readonly error?: string;
}

interface ChunkStreamState {
  timestampMs: number;
  /** Timestamp delta (or fmt 0 absolute timestamp) that a new message with fmt 3 adds. */
  deltaMs: number;
  length: number;
  typeId: number;
  messageStreamId: number;
  extended: boolean;
  /** Payload of the current message, allocated at its full length; undefined between messages. */
  buffer: Uint8Array | undefined;
  /** Payload bytes of the current message received so far (the offset of the next chunk's data). */
  received: number;
  discarding: boolean;
}

const MESSAGE_HEADER_SIZES = [11, 7, 3, 0] as const;

export const DEFAULT_MAX_MESSAGE_SIZE_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
export const DEFAULT_MAX_CHUNK_STREAMS = 64;

export class ChunkReader {
  #chunkSize = RTMP_DEFAULT_CHUNK_SIZE;
  readonly #maxMessageSizeBytes: number;
  readonly #maxBufferedBytes: number;
  readonly #maxChunkStreams: number;
  readonly #streams = new Map<number, ChunkStreamState>();
  /** Bytes of the chunk header being read. */
  #head: number[] = [];
  /** Chunk data bytes still expected for #current. */
  #chunkRemaining = 0;
  #current: { csid: number; state: ChunkStreamState } | undefined;
  #bufferedBytes = 0;
  #error: string | undefined;
  readonly #stats: ChunkReaderStats = { chunks: 0, messages: 0, oversizeMessages: 0, abortedMessages: 0, bytes: 0 };

  constructor(options: ChunkReaderOptions = {}) {
    this.#maxMessageSizeBytes = options.maxMessageSizeBytes ?? DEFAULT_MAX_MESSAGE_SIZE_BYTES;
    this.#maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.#maxChunkStreams = options.maxChunkStreams ?? DEFAULT_MAX_CHUNK_STREAMS;
  }

  /** Bytes allocated for messages being assembled (their full declared lengths); at most `maxBufferedBytes`. */
  get bufferedBytes(): number {
    return this.#bufferedBytes;
  }

  get chunkSize(): number {
    return this.#chunkSize;
  }

  get stats(): Readonly<ChunkReaderStats> {
    return { ...this.#stats };
  }

  get error(): string | undefined {
    return this.#error;
  }

  /** Feeds bytes; returns the messages completed by them. Set Chunk Size and Abort apply immediately. */
  read(bytes: Uint8Array): ChunkReadResult {
    const messages: RtmpMessage[] = [];
    if (this.#error !== undefined) return { messages, error: this.#error };
    this.#stats.bytes += bytes.length;
    let offset = 0;
    while (offset < bytes.length) {
      if (this.#current && this.#chunkRemaining > 0) {
        const take = Math.min(this.#chunkRemaining, bytes.length - offset);
        this.#appendData(this.#current.state, bytes.subarray(offset, offset + take));
        offset += take;
        this.#chunkRemaining -= take;
        if (this.#chunkRemaining === 0) this.#endChunk(messages);
        if (this.#error !== undefined) return { messages, error: this.#error };
        continue;
      }
      this.#head.push(bytes[offset++]!);
      const needed = this.#headerLength();
      if (needed === undefined || this.#head.length < needed) continue;
      this.#applyHeader();
      if (this.#error !== undefined) return { messages, error: this.#error };
      if (this.#chunkRemaining === 0) this.#endChunk(messages);
      if (this.#error !== undefined) return { messages, error: this.#error };
    }
    return { messages };
  }

  #fail(reason: string): void {
    this.#error ??= reason;
  }

  /** Total chunk header length, or undefined when more bytes are needed to know it. */
  #headerLength(): number | undefined {
    const head = this.#head;
    const fmt = head[0]! >> 6;
    const low = head[0]! & 0x3f;
    const basic = low === 0 ? 2 : low === 1 ? 3 : 1;
    if (head.length < basic) return undefined;
    const base = basic + MESSAGE_HEADER_SIZES[fmt as 0 | 1 | 2 | 3];
    if (fmt === 3) {
      const state = this.#streams.get(this.#csid(head));
      return base + (state?.extended ? 4 : 0);
    }
    if (head.length < basic + 3) return undefined;
    const field = (head[basic]! << 16) | (head[basic + 1]! << 8) | head[basic + 2]!;
    return base + (field === EXTENDED_TIMESTAMP ? 4 : 0);
  }

  #csid(head: number[]): number {
    const low = head[0]! & 0x3f;
    if (low === 0) return 64 + head[1]!;
    if (low === 1) return 64 + head[1]! + head[2]! * 256;
    return low;
  }

  #applyHeader(): void {
    const head = this.#head;
    this.#head = [];
    const fmt = head[0]! >> 6;
    const csid = this.#csid(head);
    const low = head[0]! & 0x3f;
    let p = low === 0 ? 2 : low === 1 ? 3 : 1;
    const u24 = (): number => {
      const v = (head[p]! << 16) | (head[p + 1]! << 8) | head[p + 2]!;
      p += 3;
      return v;
    };
    let state = this.#streams.get(csid);
    if (!state) {
      if (fmt !== 0) return this.#fail(`chunk stream ${csid} starts with fmt ${fmt} instead of 0 (§5.3.1.2)`);
      if (this.#streams.size >= this.#maxChunkStreams) return this.#fail(`more than ${this.#maxChunkStreams} chunk streams`);
      state = { timestampMs: 0, deltaMs: 0, length: 0, typeId: 0, messageStreamId: 0, extended: false, buffer: undefined, received: 0, discarding: false };
      this.#streams.set(csid, state);
    }
    const continuing = state.buffer !== undefined || state.discarding;
    if (continuing && fmt !== 3) {
      // A new header in the middle of a message: the partial message is lost.
      this.#dropPartial(state);
      this.#stats.abortedMessages++;
    }
    let field = 0;
    if (fmt <= 2) {
      field = u24();
      if (fmt <= 1) {
        state.length = u24();
        state.typeId = head[p++]!;
      }
      if (fmt === 0) {
        state.messageStreamId = (head[p]! | (head[p + 1]! << 8) | (head[p + 2]! << 16) | (head[p + 3]! << 24)) >>> 0;
        p += 4;
      }
      state.extended = field === EXTENDED_TIMESTAMP;
    }
    let value = field;
    if (state.extended) {
      value = ((head[p]! << 24) | (head[p + 1]! << 16) | (head[p + 2]! << 8) | head[p + 3]!) >>> 0;
      p += 4;
    }
    const startsMessage = state.buffer === undefined && !state.discarding;
    if (fmt === 0) {
      state.timestampMs = value;
      state.deltaMs = value;
    } else if (fmt === 1 || fmt === 2) {
      state.deltaMs = value;
      state.timestampMs = (state.timestampMs + value) >>> 0;
    } else if (startsMessage) {
      state.timestampMs = (state.timestampMs + state.deltaMs) >>> 0;
    }
    if (startsMessage) {
      state.received = 0;
      if (state.length > this.#maxMessageSizeBytes) {
        state.discarding = true;
      } else {
        // The whole declared length is charged now, not as chunks arrive: what a peer may
        // make us hold does not depend on how it splits its messages into chunks.
        if (this.#bufferedBytes + state.length > this.#maxBufferedBytes) return this.#fail(`more than ${this.#maxBufferedBytes} bytes in partial messages`);
        state.buffer = new Uint8Array(state.length);
        this.#bufferedBytes += state.length;
      }
    }
    this.#stats.chunks++;
    this.#current = { csid, state };
    this.#chunkRemaining = Math.min(this.#chunkSize, state.length - state.received);
  }

  #appendData(state: ChunkStreamState, data: Uint8Array): void {
    // #chunkRemaining never exceeds length - received, so the data always fits.
    if (state.buffer) state.buffer.set(data, state.received);
    state.received += data.length;
  }

  #dropPartial(state: ChunkStreamState): void {
    if (state.buffer) this.#bufferedBytes -= state.buffer.length;
    state.buffer = undefined;
    state.discarding = false;
    state.received = 0;
  }

  #endChunk(messages: RtmpMessage[]): void {
    const current = this.#current;
    if (!current) return;
    this.#current = undefined;
    const state = current.state;
    if (state.received < state.length) return;
    if (state.discarding) {
      this.#stats.oversizeMessages++;
      this.#dropPartial(state);
      return;
    }
    const payload = state.buffer ?? new Uint8Array(0);
    this.#dropPartial(state);
    const message: RtmpMessage = {
      chunkStreamId: current.csid,
      typeId: state.typeId,
      messageStreamId: state.messageStreamId,
      timestampMs: state.timestampMs,
      payload,
    };
    this.#stats.messages++;
    if (message.typeId === RtmpMessageTypes.SET_CHUNK_SIZE) {
      // §5.4.1: 31-bit chunk size; takes effect for the very next chunk. The spec allows
      // down to 1 byte but says it SHOULD be at least 128; below that we close the peer.
      if (payload.length < 4) return this.#fail("Set Chunk Size shorter than 4 bytes");
      const size = readU32(payload, 0) & 0x7fffffff;
      if (size < RTMP_MIN_CHUNK_SIZE) return this.#fail(`Set Chunk Size ${size} below ${RTMP_MIN_CHUNK_SIZE} (§5.4.1)`);
      this.#chunkSize = size;
    } else if (message.typeId === RtmpMessageTypes.ABORT) {
      // §5.4.2: discard the partial message on the given chunk stream.
      if (payload.length >= 4) {
        const target = this.#streams.get(readU32(payload, 0));
        if (target && (target.buffer || target.discarding)) {
          this.#dropPartial(target);
          this.#stats.abortedMessages++;
        }
      }
    }
    messages.push(message);
  }
}

export function readU32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

export interface ChunkWriteMessage {
  readonly chunkStreamId: number;
  readonly typeId: number;
  readonly messageStreamId: number;
  readonly timestampMs: number;
  readonly payload: Uint8Array;
}

/**
 * Serializes one message as chunks (§5.3.1): a fmt 0 chunk, then fmt 3 continuations
 * every `chunkSize` bytes. Extended timestamps are repeated on continuations (ffmpeg style).
 */
export function writeChunks(message: ChunkWriteMessage, chunkSize: number): Uint8Array {
  const csid = message.chunkStreamId;
  if (!Number.isInteger(csid) || csid < 2 || csid > 65599) throw new TypeError(`chunk stream id ${csid} out of range 2..65599`);
  if (chunkSize < 1) throw new TypeError("chunkSize must be ≥ 1");
  const basic = (fmt: number): number[] => {
    if (csid < 64) return [(fmt << 6) | csid];
    if (csid < 320) return [fmt << 6, csid - 64];
    return [(fmt << 6) | 1, (csid - 64) & 0xff, (csid - 64) >> 8];
  };
  const timestamp = message.timestampMs >>> 0;
  const extended = timestamp >= EXTENDED_TIMESTAMP;
  const field = extended ? EXTENDED_TIMESTAMP : timestamp;
  const ext = extended ? [(timestamp >>> 24) & 0xff, (timestamp >>> 16) & 0xff, (timestamp >>> 8) & 0xff, timestamp & 0xff] : [];
  const length = message.payload.length;
  const sid = message.messageStreamId >>> 0;
  const parts: Uint8Array[] = [
    Uint8Array.from([
      ...basic(0),
      (field >> 16) & 0xff, (field >> 8) & 0xff, field & 0xff,
      (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff,
      message.typeId & 0xff,
      sid & 0xff, (sid >>> 8) & 0xff, (sid >>> 16) & 0xff, (sid >>> 24) & 0xff,
      ...ext,
    ]),
  ];
  const continuation = Uint8Array.from([...basic(3), ...ext]);
  for (let offset = 0; offset < length || (offset === 0 && length === 0); offset += chunkSize) {
    if (offset > 0) parts.push(continuation);
    parts.push(message.payload.subarray(offset, Math.min(length, offset + chunkSize)));
    if (length === 0) break;
  }
  return concatBytes(parts);
}
