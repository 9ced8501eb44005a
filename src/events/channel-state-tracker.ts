// The last state announced per channel, so a "MediaLive Channel State Change" goes out
// only when the state really changed (channelChanged also fires for pipeline reports).

export class ChannelStateTracker {
  readonly #last = new Map<string, string>();

  /** Records `state` (undefined: the channel is gone) and tells whether it differs from the last one. */
  update(channelId: string, state: string | undefined): boolean {
    const previous = this.#last.get(channelId);
    // A deleted channel is announced once and then forgotten, so the map stays small.
    if (state === undefined || state === "DELETED") this.#last.delete(channelId);
    else this.#last.set(channelId, state);
    return state !== undefined && state !== previous;
  }
}
