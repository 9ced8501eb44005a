// The demo's player page (`openlive demo`, `openlive serve --demo`): GET /demo is a small
// HTML page that plays the demo channel's master playlist from openlive's own origin
// (its own port) with hls.js, and GET /demo/hls.min.js serves hls.js from node_modules (a
// runtime dependency; nothing is loaded from a CDN). Registered only in demo mode. Until
// the demo channel exists the page says so and reloads itself.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { FastifyInstance } from "fastify";
import type { Upstreams } from "./upstreams.ts";

export const DEMO_PAGE_PATH = "/demo";
export const DEMO_HLS_JS_PATH = "/demo/hls.min.js";

export interface DemoPageState {
  /** URL of the master playlist on openlive's origin (its own port), once the demo channel exists. */
  playbackUrl: string | undefined;
  /** Shown on the page. */
  channelName: string;
  /** The demo channel's id, once found or created. */
  channelId?: string;
  /** The running upstreams (cut/restore through /openlive/demo), while they run. */
  upstreams?: Upstreams;
}

function hlsJsFile(): string {
  return createRequire(import.meta.url).resolve("hls.js/dist/hls.min.js");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function pageHtml(state: DemoPageState): string {
  const source = state.playbackUrl;
  const body =
    source === undefined
      ? `<p>The demo channel is starting; this page reloads in a moment.</p><script>setTimeout(() => location.reload(), 2000)</script>`
      : `<video id="video" controls autoplay muted playsinline></video>
<p>Playing <a href="${escapeHtml(source)}"><code>${escapeHtml(source)}</code></a> (master playlist, both pipelines; hls.js switches to the other pipeline if one fails). <span id="status"></span></p>
<p>Each pipeline has two inputs, an automatic failover pair: “main” (the moving test pattern) and “backup” (colour bars). To watch a failover, open <a href="/console/${state.channelId ? escapeHtml(`#/channels/${encodeURIComponent(state.channelId)}`) : ""}">the console</a>, go to this channel and press “Cut” next to “main”: about a second later this player shows the bars; “Restore” brings the test pattern back.</p>
<script src="${DEMO_HLS_JS_PATH}"></script>
<script>
(() => {
  const source = ${JSON.stringify(source).replace(/</g, "\\u003c")};
  const video = document.getElementById("video");
  const status = document.getElementById("status");
  const say = (text) => { status.textContent = text; };
  if (window.Hls && Hls.isSupported()) {
    const hls = new Hls({ liveSyncDurationCount: 3 });
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal) return;
      say("Playback error: " + data.type + "/" + data.details + "; retrying.");
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
      else setTimeout(() => hls.loadSource(source), 2000);
    });
    hls.on(Hls.Events.MANIFEST_PARSED, () => { video.play().catch(() => say("Press play.")); });
    hls.loadSource(source);
    hls.attachMedia(video);
  } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
    video.src = source; // Safari plays HLS natively
  } else {
    say("This browser supports neither Media Source Extensions nor HLS.");
  }
})();
</script>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>openlive demo: ${escapeHtml(state.channelName)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1000px;padding:0 1rem;color:#222}video{width:100%;background:#000;aspect-ratio:16/9}code{font-size:.9em}</style>
</head><body>
<h1>openlive demo: channel “${escapeHtml(state.channelName)}”</h1>
${body}
</body></html>
`;
}

export function registerDemoPage(app: FastifyInstance, state: DemoPageState): void {
  let hlsJs: Buffer | undefined;
  app.get(DEMO_PAGE_PATH, async (_request, reply) =>
    reply.header("content-type", "text/html; charset=utf-8").header("cache-control", "no-store").send(pageHtml(state)),
  );
  app.get(DEMO_HLS_JS_PATH, async (_request, reply) => {
    hlsJs ??= readFileSync(hlsJsFile());
    return reply.header("content-type", "text/javascript; charset=utf-8").header("cache-control", "max-age=3600").send(hlsJs);
  });
}
