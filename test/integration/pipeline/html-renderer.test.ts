// The motion graphics renderer against a real headless Chromium: frames of the page at the
// viewport's size with a transparent background; requests to another address of this machine
// (where openlive's API listens) are aborted while the page's own origin is served; a browser
// killed from outside is reported through onExit; close() leaves no browser process; an
// abandoned start ends its browser.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import { HtmlRenderer } from "../../../src/pipeline/motion-graphics/html-renderer.ts";
import type { RgbaImage } from "../../../src/pipeline/program/overlay-canvas.ts";
import { until } from "../../helpers/until.ts";

const PAGE = `<!doctype html><html><body style="margin:0;background:transparent">
<div style="position:absolute;left:10px;top:20px;width:30px;height:40px;background:#00f"></div>
<script>fetch("/own").catch(() => {}); fetch(window.API + "/channels").catch(() => {});</script></body></html>`;

async function serve(host: string, handler: (path: string) => string | undefined): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const body = handler(request.url ?? "");
    response.writeHead(body === undefined ? 404 : 200, { "content-type": "text/html" }).end(body ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, origin: `http://${host}:${(server.address() as AddressInfo).port}` };
}

/** This process's children that run Chromium. */
function browserChildren(): number[] {
  return readdirSync("/proc").filter((name) => /^\d+$/.test(name)).map(Number).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return Number(fields[1]) === process.pid && /chrom/.test(stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")));
    } catch {
      return false;
    }
  });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("HtmlRenderer", { timeout: 60_000 }, () => {
  const servers: Server[] = [];
  after(() => servers.forEach((server) => server.close()));

  it("renders the page transparent at its size, guards this machine's addresses, reports a crash and closes", async () => {
    const apiRequests: string[] = [];
    const api = await serve("127.0.0.2", (path) => void apiRequests.push(path));
    const paths: string[] = [];
    const page = await serve("127.0.0.1", (path) => {
      paths.push(path);
      return path === "/g.html" ? PAGE.replace("window.API", JSON.stringify(api.origin)) : "ok";
    });
    servers.push(api.server, page.server);
    let last: RgbaImage | undefined;
    const exits: string[] = [];
    const renderer = await HtmlRenderer.start({ url: `${page.origin}/g.html`, width: 64, height: 72, onFrame: (image) => void (last = image), onExit: (reason) => void exits.push(reason) });
    try {
      await until("a frame", () => last, 15_000);
      const pixel = (x: number, y: number): number[] => Array.from(last!.rgba.subarray((y * 64 + x) * 4, (y * 64 + x) * 4 + 4));
      assert.deepEqual([last!.width, last!.height], [64, 72]);
      assert.deepEqual(pixel(20, 30), [0, 0, 255, 255], "the box");
      assert.deepEqual(pixel(2, 2)[3], 0, "the transparent background");
      await until("the page's own request", () => (paths.includes("/own") ? true : undefined), 10_000);
      assert.deepEqual(apiRequests, [], "no request reached another address of this machine");
      const pid = renderer.pid!;
      assert.ok(alive(pid));
      process.kill(pid, "SIGKILL");
      await until("the exit reported", () => (exits.length > 0 ? true : undefined), 10_000);
      assert.match(exits[0]!, /exited/);
    } finally {
      await renderer.close();
      await renderer.close();
    }
    assert.equal(alive(renderer.pid!), false);
  });

  it("close() ends a running browser's process and reports no exit", async () => {
    const page = await serve("127.0.0.1", () => "<html><body></body></html>");
    servers.push(page.server);
    const exits: string[] = [];
    const renderer = await HtmlRenderer.start({ url: `${page.origin}/still.html`, width: 32, height: 32, onFrame: () => undefined, onExit: (reason) => void exits.push(reason) });
    const pid = renderer.pid!;
    assert.ok(alive(pid));
    await renderer.close();
    await until("the browser gone", () => (alive(pid) ? undefined : true), 5_000);
    assert.deepEqual(exits, []);
  });

  it("an abandoned start (its signal aborted) ends the browser it started and rejects saying where it was", async () => {
    // The page answers only after the abort: the start is waiting on it then.
    let answer: (() => void) | undefined;
    const page = await serve("127.0.0.1", () => "<html><body></body></html>");
    const slow = createServer((_request, response) => void (answer = () => response.writeHead(200, { "content-type": "text/html" }).end("<html></html>")));
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    servers.push(page.server, slow);
    const controller = new AbortController();
    const before = browserChildren();
    const starting = HtmlRenderer.start({ url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/slow.html`, width: 32, height: 32, signal: controller.signal, onFrame: () => undefined, onExit: () => undefined });
    await until("the page asked for", () => answer, 20_000);
    const started = browserChildren().filter((pid) => !before.includes(pid));
    assert.equal(started.length, 1, "one browser started");
    controller.abort();
    await assert.rejects(starting, /abandoned \(while loading http:\/\/127\.0\.0\.1:\d+\/slow\.html; the browser: /);
    await until("the browser gone", () => (alive(started[0]!) ? undefined : true), 5_000);
    answer?.();
  });
});

