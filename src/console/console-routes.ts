// The web console (docs/console.md): a small single-page app at /console/ that reads the
// MediaLive API like any client (SigV4-signed fetch from the browser). This file only serves
// its files; `/` and `/console` redirect to `/console/`.
//   /console/               src/console/static/index.html
//   /console/console.css    src/console/static/console.css
//   /console/app/**.js      the browser code, compiled from src/console/app by `npm run build`
//                           (tsconfig.console.json) into dist/console/app
//   /console/hls.min.js     hls.js from node_modules (a runtime dependency; no CDN)
//   /console/docs/upstream.md  docs/upstream.md, whose sections the "Check upstream" view shows
//                           as the rules of its checklist lines
// Paths resolve from the repository root, which is two folders up from this file both as
// src/console/console-routes.ts (tsx) and as dist/console/console-routes.js (the build).
// Every console answer carries a Content-Security-Policy (W3C CSP Level 3), X-Frame-Options
// and Referrer-Policy: the console holds the API secret in sessionStorage, so no other
// script, frame or referrer may reach it.

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

export const CONSOLE_PATH = "/console/";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const STATIC_DIR = path.join(REPO_ROOT, "src", "console", "static");
const APP_DIR = path.join(REPO_ROOT, "dist", "console", "app");
const DOCS_DIR = path.join(REPO_ROOT, "docs");

/** Documents of docs/ the console shows; nothing else of docs/ is served. */
const DOC_FILES: Readonly<Record<string, string>> = {
  "docs/upstream.md": "upstream.md",
};

/** Files of the compiled app: app/main.js, app/views/channels.js, their source maps. Nothing else is served. */
const APP_FILE = /^app\/(?:[a-z0-9-]+\/)*[a-z0-9-]+\.js(?:\.map)?$/;

const STATIC_FILES: Readonly<Record<string, string>> = {
  "": "index.html",
  "console.css": "console.css",
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".md": "text/plain; charset=utf-8", // shown as text in a tab (text/markdown would download)
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>openlive console</title>
<p>The console is not built yet: run <code>npm run build</code> (or <code>./scripts/install.sh</code>) and reload.</p>`;

function hlsJsFile(): string {
  return createRequire(import.meta.url).resolve("hls.js/dist/hls.min.js");
}

export interface ConsoleRouteOptions {
  /**
   * Port of the HLS origin, which the console's player reads (hls.js: fetch and MediaSource):
   * the policy allows http://<the host the console was loaded from>:<originPort>. A function
   * when the port is known only once the origin listens (originPort 0).
   */
  readonly originPort?: number | (() => number | undefined);
}

/** A Host header's host name that may appear in a policy: a DNS name, IPv4 or [IPv6]; anything else is left out. */
const POLICY_SAFE_HOSTNAME = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])$/i;

/** The host name of a Host header value ("h:8080" → "h", "[::1]:8080" → "[::1]"), when it is safe in a policy. */
export function policyHostname(hostHeader: string | undefined): string | undefined {
  if (hostHeader === undefined) return undefined;
  const hostname = hostHeader.startsWith("[") ? hostHeader.slice(0, hostHeader.indexOf("]") + 1) : hostHeader.split(":")[0]!;
  return POLICY_SAFE_HOSTNAME.test(hostname) ? hostname.toLowerCase() : undefined;
}

/**
 * The console's policy. CSP cannot say "this host, another port", so the origin's source is
 * built per request from the Host the browser used. hls.js runs its demuxer in a blob: worker
 * and plays through MediaSource (blob: media URLs).
 */
export function consoleContentSecurityPolicy(hostHeader: string | undefined, originPort: number | undefined): string {
  const hostname = policyHostname(hostHeader);
  const origin = hostname !== undefined && originPort !== undefined && originPort > 0 ? ` http://${hostname}:${originPort}` : "";
  return [
    "default-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    // Frame-capture thumbnails arrive as data: URLs in the channel page.
    "img-src 'self' data:",
    "worker-src 'self' blob:",
    `media-src 'self' blob:${origin}`,
    `connect-src 'self'${origin}`,
  ].join("; ");
}

function setConsoleHeaders(reply: FastifyReply, request: FastifyRequest, originPort: ConsoleRouteOptions["originPort"]): void {
  const port = typeof originPort === "function" ? originPort() : originPort;
  reply
    .header("content-security-policy", consoleContentSecurityPolicy(request.headers.host, port))
    .header("x-frame-options", "DENY")
    .header("referrer-policy", "no-referrer");
}

async function sendFile(reply: FastifyReply, file: string, cacheControl: string): Promise<FastifyReply> {
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return reply.code(404).header("content-type", "text/plain; charset=utf-8").send(`${path.basename(file)} does not exist`);
  }
  return reply
    .header("content-type", CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream")
    .header("cache-control", cacheControl)
    .header("x-content-type-options", "nosniff")
    .send(body);
}

export function registerConsoleRoutes(app: FastifyInstance, options: ConsoleRouteOptions = {}): void {
  app.get("/", async (request, reply) => {
    setConsoleHeaders(reply, request, options.originPort);
    return reply.redirect(CONSOLE_PATH, 302);
  });
  app.get("/console", async (request, reply) => {
    setConsoleHeaders(reply, request, options.originPort);
    return reply.redirect(CONSOLE_PATH, 302);
  });
  app.get("/console/*", async (request, reply) => {
    setConsoleHeaders(reply, request, options.originPort);
    const name = ((request.params as { "*"?: string })["*"] ?? "").split("?")[0]!;
    // Revalidated on every load: a rebuilt console shows at once (the files are small).
    const fresh = "no-cache";
    const staticFile = STATIC_FILES[name];
    if (staticFile !== undefined) {
      if (name === "") {
        try {
          await readFile(path.join(APP_DIR, "main.js"));
        } catch {
          return reply.code(503).header("content-type", "text/html; charset=utf-8").send(NOT_BUILT);
        }
      }
      return sendFile(reply, path.join(STATIC_DIR, staticFile), fresh);
    }
    const docFile = DOC_FILES[name];
    if (docFile !== undefined) return sendFile(reply, path.join(DOCS_DIR, docFile), fresh);
    if (name === "hls.min.js") return sendFile(reply, hlsJsFile(), "max-age=3600");
    if (APP_FILE.test(name)) return sendFile(reply, path.join(APP_DIR, name.slice("app/".length)), fresh);
    return reply.code(404).header("content-type", "text/plain; charset=utf-8").send(`${name} is not part of the console`);
  });
}
