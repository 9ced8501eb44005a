// The HLS preview: hls.js (served by openlive from node_modules, loaded on first use) playing a
// channel's file:// destination from openlive's origin, which listens on its own port
// (GET /openlive/origin says which, and the output roots' names; src/origin/hls-origin.ts). CEA-608/708 captions become a native text track, shown as soon
// as one appears. Fatal errors are retried every 2 s (a channel that just started has no
// playlist yet).

import type HlsType from "hls.js";
import { h } from "./dom.ts";
import type { OriginInfo } from "./wire.ts";

type HlsConstructor = typeof HlsType;

const RETRY_MS = 2_000;
let hlsLoading: Promise<HlsConstructor | undefined> | undefined;

/** Loads hls.min.js once (a classic script: it defines window.Hls). */
function loadHls(): Promise<HlsConstructor | undefined> {
  hlsLoading ??= new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = "hls.min.js";
    script.onload = () => resolve((window as unknown as { Hls?: HlsConstructor }).Hls);
    script.onerror = () => resolve(undefined);
    document.head.append(script);
  });
  return hlsLoading;
}

/**
 * The origin URL of a file:// HLS destination's master playlist: with the root
 * `{ name: "hls", folder: "/srv/hls" }`, `file:///srv/hls/live/index` →
 * `http://<this host>:<originPort>/hls/live/index.m3u8`; undefined outside every root.
 */
export function originUrlOf(info: OriginInfo, destinationUrl: string, page: { protocol: string; hostname: string } = location): string | undefined {
  const match = /^file:\/\/(?:localhost)?(\/.+)$/i.exec(destinationUrl);
  if (!match) return undefined;
  try {
    const segments = match[1]!.split("/").slice(1).map((segment) => decodeURIComponent(segment));
    if (segments.some((segment) => segment === "" || segment === "." || segment === "..")) return undefined;
    for (const root of info.roots) {
      const rootSegments = root.folder.split("/").filter((segment) => segment !== "");
      if (segments.length <= rootSegments.length || rootSegments.some((segment, i) => segments[i] !== segment)) continue;
      const below = [root.name, ...segments.slice(rootSegments.length)];
      const host = page.hostname.includes(":") ? `[${page.hostname}]` : page.hostname;
      return `${page.protocol}//${host}:${info.originPort}/${below.map(encodeURIComponent).join("/")}.m3u8`;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

export class Player {
  readonly element: HTMLElement;
  readonly video: HTMLVideoElement;
  readonly #status: HTMLElement;
  #hls: HlsType | undefined;
  #source: string | undefined;
  #retry: number | undefined;
  #disposed = false;

  constructor() {
    this.video = h("video", { id: "preview", controls: true, muted: true, autoplay: true, playsinline: true });
    this.video.muted = true;
    this.#status = h("p", { class: "player-status", "data-field": "player-status" }, "Not playing.");
    this.video.textTracks.addEventListener("addtrack", (event) => {
      const track = (event as TrackEvent).track as TextTrack | null;
      if (!track || (track.kind !== "captions" && track.kind !== "subtitles")) return;
      // Show the first caption track; keep the others readable.
      const showing = [...this.video.textTracks].some((t) => t.mode === "showing");
      track.mode = showing ? "hidden" : "showing";
      this.#say(`Playing ${this.#source ?? ""} with captions (${track.label || track.language || track.kind}).`);
    });
    this.element = h("div", { class: "player" }, this.video, this.#status);
  }

  get source(): string | undefined {
    return this.#source;
  }

  /** Plays `source` (an origin path), or stops when undefined. Same source again: nothing happens. */
  async play(source: string | undefined): Promise<void> {
    if (source === this.#source) return;
    this.#stop();
    this.#source = source;
    if (source === undefined) {
      this.#say("Not playing: the channel is not running.");
      return;
    }
    const Hls = await loadHls();
    if (this.#disposed || source !== this.#source) return;
    if (!Hls || !Hls.isSupported()) {
      if (this.video.canPlayType("application/vnd.apple.mpegurl")) {
        this.video.src = source; // Safari plays HLS natively
        this.#say(`Playing ${source} (native HLS).`);
      } else this.#say("This browser supports neither Media Source Extensions nor HLS.");
      return;
    }
    const hls = new Hls({ enableCEA708Captions: true, renderTextTracksNatively: true, liveSyncDurationCount: 3 });
    this.#hls = hls;
    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      this.#say(`Playing ${source}.`);
      this.video.play().catch(() => this.#say(`Loaded ${source}: press play.`));
    });
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal || hls !== this.#hls) return;
      this.#say(`Playback error (${data.type}/${data.details}); retrying.`);
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
        hls.recoverMediaError();
        return;
      }
      window.clearTimeout(this.#retry);
      this.#retry = window.setTimeout(() => {
        if (hls === this.#hls) hls.loadSource(source);
      }, RETRY_MS);
    });
    hls.attachMedia(this.video);
    hls.loadSource(source);
    this.#say(`Loading ${source}…`);
  }

  dispose(): void {
    this.#disposed = true;
    this.#stop();
  }

  #stop(): void {
    window.clearTimeout(this.#retry);
    this.#hls?.destroy();
    this.#hls = undefined;
    this.video.removeAttribute("src");
  }

  #say(text: string): void {
    this.#status.textContent = text;
  }
}
