// URL_PULL: openlive's own HLS client (no ffmpeg). It loads the playlist (a master playlist:
// the variant chosen by hlsInputSettings.bandwidth), starts `bufferSegments` segments from
// the live edge, re-polls a live playlist every target duration (half of it when the
// playlist did not change, RFC 8216 §6.3.4), downloads new segments in sequence order,
// decrypts AES-128 (§5.2), and hands the MPEG-TS to a RealTimePacer that spreads each
// segment over its EXTINF. VOD playlists (EXT-X-ENDLIST) play once (ENDED) or loop.
// Failures: `retries` attempts `retryInterval` s apart per fetch; then the alert "Unable to
// Access Input Resource" SETs and the client reconnects from the top with backoff, forever.
// Fragmented-MP4 or SAMPLE-AES segments raise "Unsupported HLS Segments" and are retried
// the same way (the origin may change). With scte35Source MANIFEST the playlist's cue tags
// become SCTE-35 sections handed on just before their segment's first bytes
// (hls-manifest-cues.ts).

import type { PullSourceRecord } from "../../domain/records.ts";
import { basicAuthorization } from "../source-access/basic-authorization.ts";
import { redactUrl } from "../source-access/redact-url.ts";
import { resolveCredentials } from "../source-access/source-credentials.ts";
import { AES_128_KEY_BYTES, decryptAes128, segmentIv } from "./hls-aes128.ts";
import { fetchTimeoutMs, hlsFetchLimits, reloadWaitMs, type HlsFetchLimits } from "./hls-fetch-limits.ts";
import { HlsFetchError, hlsGet, sleep, withRetries } from "./hls-http.ts";
import { chooseVariant, parseHlsPlaylist, type HlsMediaPlaylist, type HlsSegmentRef } from "./hls-playlist.ts";
import { HlsSegmentCursor } from "./hls-segment-cursor.ts";
import { firstPicturePts90k, ManifestCues, manifestSignalsBySequence } from "./hls-manifest-cues.ts";
import type { ManifestSignal } from "../../media/scte35/hls-cue-tags.ts";
import type { PullAlertKey } from "./pull-alerts.ts";
import { CoreBackedPullSource } from "./pull-source-core.ts";
import { PullStates, type PullSourceOptions } from "./pull-source.ts";
import { RealTimePacer } from "./real-time-pacer.ts";
import { Backoff, PULL_BACKOFF } from "../../shared/backoff.ts";

const DEFAULT_BUFFER_SEGMENTS = 3;
const DEFAULT_RETRIES = 3;
const DEFAULT_RETRY_INTERVAL_S = 1;
const PACER_TICK_MS = 40;
/** A live playlist unchanged for this many target durations has stalled (its encoder stopped). */
const STALL_TARGET_DURATIONS = 3;
/** A VOD playlist is downloaded at most this many segments ahead of playback. */
const VOD_SEGMENTS_AHEAD = 3;
/** Live segments missing in a row before the source counts as unavailable (others are skipped). */
const MAX_CONSECUTIVE_SKIPS = 3;
const MAX_CACHED_KEYS = 16;

type SessionEnd = "ended" | "loop";

class SessionFailure extends Error {
  constructor(
    readonly alertKey: PullAlertKey,
    readonly reason: string,
  ) {
    super(reason);
  }
}

interface LoadedPlaylist {
  readonly text: string;
  readonly url: string;
  readonly playlist: HlsMediaPlaylist;
}

export function createHlsPullSource(options: PullSourceOptions): HlsPullSource {
  return new HlsPullSource(options);
}

export class HlsPullSource extends CoreBackedPullSource {
  readonly #backoff = new Backoff(PULL_BACKOFF);
  /** Each segment's SCTE-35 sections (MANIFEST) ride with it through the pacer. */
  readonly #pacer = new RealTimePacer<readonly Uint8Array[]>();
  /** scte35Source MANIFEST: the cue tags become sections; undefined: the tags are not read. */
  readonly #cues: ManifestCues | undefined;
  /** Cue tags of segments skipped (their download failed): they go with the next segment that arrives. */
  #skippedSignals: ManifestSignal[] = [];
  readonly #cursor = new HlsSegmentCursor();
  readonly #abort = new AbortController();
  readonly #keys = new Map<string, Uint8Array>();
  readonly #bufferSegments: number;
  readonly #retries: number;
  readonly #retryIntervalMs: number;
  readonly #limits: HlsFetchLimits;
  #started = false;
  #pacerTimer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  #authorization: string | undefined;
  #authorizedOrigin: string | undefined;
  #consecutiveSkips = 0;

  constructor(options: PullSourceOptions) {
    super(options);
    const settings = options.hlsInputSettings ?? {};
    this.#bufferSegments = Math.max(1, settings.bufferSegments ?? DEFAULT_BUFFER_SEGMENTS);
    this.#retries = Math.max(0, settings.retries ?? DEFAULT_RETRIES);
    this.#retryIntervalMs = Math.max(0, settings.retryInterval ?? DEFAULT_RETRY_INTERVAL_S) * 1000;
    this.#limits = hlsFetchLimits(options.hlsFetchLimits);
    this.#cues = settings.scte35Source === "MANIFEST" ? new ManifestCues() : undefined;
  }

  /** Media downloaded but not yet handed on, in ms. */
  get bufferedMs(): number {
    return this.#pacer.queuedMs;
  }

  start(): void {
    if (this.#started || this.core.closed) return;
    this.#started = true;
    this.#pacerTimer = setInterval(() => this.#tick(), PACER_TICK_MS);
    this.#running = this.#run();
  }

  #tick(): void {
    for (const slice of this.#pacer.takeSlices(this.core.nowMs())) {
      if (this.core.state === PullStates.CONNECTING) this.core.setState(PullStates.RECEIVING);
      for (const section of slice.tag ?? []) this.core.emitScte35(section);
      this.core.emitTs(slice.bytes);
    }
  }

  async #run(): Promise<void> {
    const core = this.core;
    while (!core.closed) {
      try {
        const end = await this.#session();
        if (core.closed) return;
        if (end === "ended") {
          core.setState(PullStates.ENDED);
          return;
        }
        core.counters.loops += 1;
        this.#cursor.reset();
      } catch (error) {
        if (core.closed) return;
        const failure = error instanceof SessionFailure ? error : new SessionFailure("SOURCE_UNAVAILABLE", error instanceof Error ? error.message : String(error));
        const nowMs = core.nowMs();
        const shown = redactUrl(this.#sourceUrl() ?? `sources[${core.options.sourceIndex}]`);
        core.options.logger?.warn({ inputId: core.options.input.id, source: shown, reason: failure.reason }, "HLS pull failed; reconnecting");
        core.alerts.set(failure.alertKey, `${shown}: ${failure.reason}`, nowMs);
        core.setState(PullStates.RETRYING);
        await sleep(this.#backoff.failed(nowMs), this.#abort.signal);
        if (!core.closed) core.counters.reconnects += 1;
      }
    }
  }

  #sourceUrl(): string | undefined {
    return this.core.options.url ?? this.core.options.input.sources[this.core.options.sourceIndex]?.url;
  }

  async #session(): Promise<SessionEnd | undefined> {
    const core = this.core;
    const url = this.#sourceUrl();
    if (url === undefined) throw new SessionFailure("SOURCE_UNAVAILABLE", "no such source");
    let origin: string;
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new SessionFailure("SOURCE_UNAVAILABLE", `unsupported URL scheme ${parsed.protocol.replace(/:$/, "")}`);
      origin = parsed.origin;
    } catch (error) {
      throw error instanceof SessionFailure ? error : new SessionFailure("SOURCE_UNAVAILABLE", "not a URL");
    }
    const record: PullSourceRecord = core.options.input.sources[core.options.sourceIndex] ?? { url };
    const credentials = await resolveCredentials(record, core.options.resolveSecret);
    if (!credentials.ok) throw new SessionFailure("SOURCE_UNAVAILABLE", credentials.reason);
    // The credentials are for the origin the user named; other hosts (a CDN) get none.
    this.#authorization = credentials.username !== undefined ? basicAuthorization(credentials.username, credentials.password ?? "") : undefined;
    this.#authorizedOrigin = origin;

    let loaded = await this.#loadMediaPlaylist(url, this.#limits.minFetchTimeoutMs);
    const mediaUrl = loaded.url;
    let lastChangeMs = core.nowMs();
    let loadStartedMs = lastChangeMs;
    let changed = true;
    while (!core.closed) {
      const playlist = loaded.playlist;
      this.#pacer.setCatchUpAboveMs((this.#bufferSegments + 2) * playlist.targetDurationMs);
      checkSegmentsSupported(playlist);
      const step = this.#cursor.take(playlist, this.#bufferSegments);
      const signals = this.#cues && step.segments.length > 0 ? manifestSignalsBySequence(loaded.text) : undefined;
      if (step.rejoined) core.options.logger?.info({ inputId: core.options.input.id }, "HLS origin restarted or left us behind; rejoining at the live edge");
      for (const segment of step.segments) {
        await this.#waitForRoom(playlist);
        if (core.closed) return undefined;
        await this.#download(segment, fetchTimeoutMs(playlist.targetDurationMs, this.#limits), signals?.get(segment.sequence) ?? []);
      }
      if (playlist.endList) {
        await this.#drained();
        return core.options.sourceEndBehavior === "LOOP" ? "loop" : "ended";
      }
      // RFC 8216 §6.3.4: wait the target duration from the start of the last load after a
      // change, half of it after an unchanged reload; never longer than the cap.
      const waitMs = reloadWaitMs(playlist.targetDurationMs, changed, this.#limits) - (core.nowMs() - loadStartedMs);
      await sleep(waitMs, this.#abort.signal);
      if (core.closed) return undefined;
      loadStartedMs = core.nowMs();
      const next = await this.#loadMediaPlaylist(mediaUrl, fetchTimeoutMs(playlist.targetDurationMs, this.#limits));
      changed = next.text !== loaded.text;
      const nowMs = core.nowMs();
      if (changed) {
        lastChangeMs = nowMs;
        core.alerts.clear("PLAYLIST_STALLED", nowMs);
      } else if (nowMs - lastChangeMs > STALL_TARGET_DURATIONS * playlist.targetDurationMs) {
        core.alerts.set("PLAYLIST_STALLED", `${redactUrl(mediaUrl)}: the live playlist has not changed for ${Math.round((nowMs - lastChangeMs) / 1000)} s`, nowMs);
        core.setState(PullStates.RETRYING);
      }
      loaded = next;
    }
    return undefined;
  }

  /** Loads `url`; a master playlist is followed to its chosen variant. */
  async #loadMediaPlaylist(url: string, timeoutMs: number): Promise<LoadedPlaylist> {
    const first = await this.#fetchPlaylist(url, timeoutMs);
    if (first.parsed.kind === "media") return { text: first.text, url: first.url, playlist: first.parsed };
    if (first.parsed.kind === "invalid") throw new SessionFailure("SOURCE_UNAVAILABLE", "not an HLS playlist");
    const variant = chooseVariant(first.parsed.variants, this.core.options.hlsInputSettings?.bandwidth);
    if (!variant) throw new SessionFailure("SOURCE_UNAVAILABLE", "master playlist lists no variants");
    const second = await this.#fetchPlaylist(variant.uri, timeoutMs);
    if (second.parsed.kind !== "media") throw new SessionFailure("SOURCE_UNAVAILABLE", `variant ${redactUrl(variant.uri)} is not a media playlist`);
    return { text: second.text, url: second.url, playlist: second.parsed };
  }

  async #fetchPlaylist(url: string, timeoutMs: number): Promise<{ text: string; url: string; parsed: ReturnType<typeof parseHlsPlaylist> }> {
    const response = await this.#get(url, timeoutMs, "playlist", this.#limits.maxPlaylistBytes);
    this.core.counters.bytesIn += response.bytes.length;
    const text = new TextDecoder("utf-8").decode(response.bytes);
    return { text, url: response.url, parsed: parseHlsPlaylist(text, response.url) };
  }

  #get(url: string, timeoutMs: number, what: string, maxBytes: number): ReturnType<typeof hlsGet> {
    const signal = this.#abort.signal;
    const authorization = this.#authorizationFor(url);
    return withRetries(() => hlsGet(url, { signal, timeoutMs, maxBytes, what, ...(authorization !== undefined ? { authorization } : {}) }), {
      retries: this.#retries,
      retryIntervalMs: this.#retryIntervalMs,
      signal,
    }).catch((error: unknown) => {
      throw new SessionFailure("SOURCE_UNAVAILABLE", `${redactUrl(url)}: ${error instanceof HlsFetchError ? error.reason : String(error)}`);
    });
  }

  #authorizationFor(url: string): string | undefined {
    try {
      return new URL(url).origin === this.#authorizedOrigin ? this.#authorization : undefined;
    } catch {
      return undefined;
    }
  }

  async #download(segment: HlsSegmentRef, timeoutMs: number, signals: readonly ManifestSignal[]): Promise<void> {
    const core = this.core;
    let bytes: Uint8Array;
    try {
      bytes = (await this.#get(segment.uri, timeoutMs, "segment", this.#limits.maxSegmentBytes)).bytes;
      core.counters.bytesIn += bytes.length;
      if (segment.key?.method === "AES-128") {
        const key = await this.#key(segment.key.uri, timeoutMs);
        bytes = decryptAes128(bytes, key, segmentIv(segment.sequence, segment.key.iv));
      }
    } catch (error) {
      if (core.closed) return;
      core.counters.segmentsSkipped += 1;
      if (this.#cues) this.#skippedSignals.push(...signals);
      this.#consecutiveSkips += 1;
      const reason = error instanceof SessionFailure ? error.reason : `segment ${segment.sequence}: ${error instanceof Error ? error.message : String(error)}`;
      core.options.logger?.warn({ inputId: core.options.input.id, sequence: segment.sequence, reason }, "HLS segment skipped");
      if (this.#consecutiveSkips >= MAX_CONSECUTIVE_SKIPS) {
        this.#consecutiveSkips = 0;
        throw new SessionFailure("SOURCE_UNAVAILABLE", `${MAX_CONSECUTIVE_SKIPS} segments in a row failed (${reason})`);
      }
      return;
    }
    if (looksLikeMp4(bytes)) throw new SessionFailure("UNSUPPORTED_SEGMENTS", "fragmented MP4 segments; openlive takes MPEG-TS segments only");
    const nowMs = core.nowMs();
    this.#consecutiveSkips = 0;
    core.counters.segmentsIn += 1;
    this.#backoff.healthy(nowMs);
    core.alerts.clear("SOURCE_UNAVAILABLE", nowMs);
    core.alerts.clear("UNSUPPORTED_SEGMENTS", nowMs);
    if (core.state === PullStates.RETRYING && core.alerts.active.length === 0) core.setState(PullStates.RECEIVING);
    const cued = this.#skippedSignals.length > 0 ? [...this.#skippedSignals, ...signals] : signals;
    this.#skippedSignals = [];
    const sections = this.#cues?.segment(cued, segment.durationMs / 1000, cued.length > 0 ? firstPicturePts90k(bytes) : null);
    this.#pacer.enqueue(bytes, segment.durationMs, sections?.length ? sections : undefined);
  }

  async #key(uri: string | undefined, timeoutMs: number): Promise<Uint8Array> {
    if (uri === undefined) throw new Error("EXT-X-KEY without URI");
    const cached = this.#keys.get(uri);
    if (cached) return cached;
    const key = (await this.#get(uri, timeoutMs, "key", this.#limits.maxKeyBytes)).bytes;
    if (key.length !== AES_128_KEY_BYTES) throw new Error(`key ${redactUrl(uri)} has ${key.length} bytes, not 16`);
    if (this.#keys.size >= MAX_CACHED_KEYS) this.#keys.delete(this.#keys.keys().next().value!);
    this.#keys.set(uri, key);
    return key;
  }

  /** Backpressure: VOD stays a few segments ahead of playback; live at most a few target durations past the buffer. */
  async #waitForRoom(playlist: HlsMediaPlaylist): Promise<void> {
    const full = (): boolean =>
      playlist.endList ? this.#pacer.queuedSegments >= VOD_SEGMENTS_AHEAD : this.#pacer.queuedMs > (this.#bufferSegments + 3) * playlist.targetDurationMs;
    while (!this.core.closed && full()) await sleep(PACER_TICK_MS, this.#abort.signal);
  }

  async #drained(): Promise<void> {
    while (!this.core.closed && this.#pacer.queuedSegments > 0) await sleep(PACER_TICK_MS, this.#abort.signal);
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.core.markClosed();
    this.#abort.abort();
    if (this.#pacerTimer) clearInterval(this.#pacerTimer);
    this.#pacer.clear();
    await this.#running;
  }
}

function checkSegmentsSupported(playlist: HlsMediaPlaylist): void {
  if (playlist.segments.some((segment) => segment.fragmentedMp4)) {
    throw new SessionFailure("UNSUPPORTED_SEGMENTS", "fragmented MP4 segments (EXT-X-MAP); openlive takes MPEG-TS segments only");
  }
  const method = playlist.segments.map((segment) => segment.key?.method).find((name) => name !== undefined && name !== "NONE" && name !== "AES-128");
  if (method !== undefined) throw new SessionFailure("UNSUPPORTED_SEGMENTS", `segments encrypted with ${method}; openlive decrypts AES-128 only`);
}

/** An ISO BMFF box type at offset 4 (ftyp, styp, moof, …) rather than TS sync bytes. */
function looksLikeMp4(bytes: Uint8Array): boolean {
  if (bytes.length < 8 || bytes[0] === 0x47) return false;
  const type = String.fromCharCode(bytes[4]!, bytes[5]!, bytes[6]!, bytes[7]!);
  return ["ftyp", "styp", "moof", "sidx", "moov"].includes(type);
}
