// Which of the encoder's FLV tags go to the RTMP server, and with what timestamps. A publish
// that starts (the first connection, a reconnect, or after tags were dropped for a stalled
// server) starts where a player can start (Adobe FLV spec annex E): the metadata and the
// sequence headers (AVCDecoderConfigurationRecord, AudioSpecificConfig) first, then media
// from the next video keyframe on (from the next audio tag when there is no video), with
// timestamps counted from that keyframe. Pure.

import { FlvTagTypes, isEmptySequenceHeader, isSequenceHeader, isVideoKeyframe, type FlvTag } from "./flv-tag-reader.ts";

export class FlvPublishGate {
  #metadata: FlvTag | undefined;
  #videoConfig: FlvTag | undefined;
  #audioConfig: FlvTag | undefined;
  /** Tags flow to the server; false: waiting for a point to start from. */
  #flowing = false;
  /** The encoder timestamp that is 0 in this publish. */
  #baseMs = 0;

  /** A new publish (a new connection, or tags were dropped): start again from the next keyframe. */
  restart(): void {
    this.#flowing = false;
  }

  /** A new encoder run: its headers replace the previous run's. */
  reset(): void {
    this.#metadata = undefined;
    this.#videoConfig = undefined;
    this.#audioConfig = undefined;
    this.#flowing = false;
  }

  /** The tags to publish now for `tag` (read from the encoder); `publishing`: the server takes media. */
  take(tag: FlvTag, publishing: boolean): FlvTag[] {
    if (isEmptySequenceHeader(tag)) return [];
    const header = this.#remember(tag);
    if (!publishing) return [];
    if (this.#flowing) return [this.#rebased(tag)];
    if (header) return [];
    const startsHere = isVideoKeyframe(tag) || (tag.type === FlvTagTypes.AUDIO && this.#videoConfig === undefined);
    if (!startsHere) return [];
    this.#flowing = true;
    this.#baseMs = tag.timestampMs;
    const headers = [this.#metadata, this.#videoConfig, this.#audioConfig].filter((each): each is FlvTag => each !== undefined);
    return [...headers.map((each) => ({ ...each, timestampMs: 0 })), this.#rebased(tag)];
  }

  /** Keeps metadata and sequence headers; returns whether `tag` is one. */
  #remember(tag: FlvTag): boolean {
    if (tag.type === FlvTagTypes.SCRIPT) this.#metadata = tag;
    else if (isSequenceHeader(tag) && tag.type === FlvTagTypes.VIDEO) this.#videoConfig = tag;
    else if (isSequenceHeader(tag)) this.#audioConfig = tag;
    else return false;
    return true;
  }

  /** Counted from the start of the publish; an audio tag slightly before the keyframe becomes 0. */
  #rebased(tag: FlvTag): FlvTag {
    const deltaMs = (tag.timestampMs - this.#baseMs) | 0;
    return { ...tag, timestampMs: Math.max(0, deltaMs) };
  }
}
