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

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply } from "fastify";

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

export function registerConsoleRoutes(app: FastifyInstance): void {
  app.get("/", async (_request, reply) => reply.redirect(CONSOLE_PATH, 302));
  app.get("/console", async (_request, reply) => reply.redirect(CONSOLE_PATH, 302));
  app.get("/console/*", async (request, reply) => {
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
