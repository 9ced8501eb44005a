// Renders a motion graphics page (an HTML5 page, as MediaLive's motion graphics overlay
// takes) with a headless Chromium driven through playwright-core: off-screen, the viewport
// the picture's size, a transparent page background, frames taken with the DevTools
// protocol's screencast (Page.startScreencast, PNG): Chromium sends a frame whenever the page
// paints something new, so a still page costs nothing and the canvas repeats its last frame.
//
// The browser is a child process: started with launchServer (which owns its process) and
// reached over its WebSocket; close() closes it and kills the process if it is still there.
// An exit not asked for (a crash, a kill) is reported through onExit, never thrown.
//
// What the page may do (docs/ads-and-schedule.md): it runs as any web page does in Chromium
// (its sandbox where the service does not run as root), without file access; requests other
// than http(s)/data/blob are aborted, as are requests to this machine's own addresses (where
// openlive's API listens) other than the page's own origin, navigations of the page away from
// its URL, downloads, service workers and permission prompts.

import { networkInterfaces } from "node:os";
import { chromium, type Browser, type BrowserServer, type CDPSession, type Route } from "playwright-core";
import type { RgbaImage } from "../program/overlay-canvas.ts";
import { OutputTail } from "../../shared/process/output-tail.ts";
import { decodePngRgba } from "./png-rgba.ts";

/** The Chromium the project installs (Debian's chromium package). */
export const CHROMIUM_PATH = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--mute-audio", "--disable-extensions", "--hide-scrollbars"];
const LAUNCH_TIMEOUT_MS = 20_000;
const NAVIGATION_TIMEOUT_MS = 15_000;
const CLOSE_TIMEOUT_MS = 3_000;
/** Chromium's answer to a Page command while the page has no attached frame (a navigation moving it to a new renderer). */
const NOT_ATTACHED_YET = "Not attached to an active page";
const SCREENCAST_RETRY_MS = 50;
const SCREENCAST_START_TIMEOUT_MS = 5_000;
/** The browser's last output kept for a failure's report. */
const BROWSER_LOG_CHARS = 4096;
/** How long a failure's report waits for the browser's exit status. */
const EXIT_WAIT_MS = 1_000;

export interface HtmlRendererOptions {
  readonly url: string;
  readonly width: number;
  readonly height: number;
  /** Basic auth, sent to the page's origin only. */
  readonly credentials?: { readonly username: string; readonly password: string };
  /** A new frame of the page, straight-alpha RGBA at width × height. */
  readonly onFrame: (image: RgbaImage) => void;
  /** The browser went away without close() (a crash or a kill). */
  readonly onExit: (reason: string) => void;
  /** A frame that could not be decoded (counted, not fatal). */
  readonly onFrameError?: (error: Error) => void;
  /** Default CHROMIUM_PATH. */
  readonly executablePath?: string;
  /** Aborted: the start is abandoned (the browser it started is ended, the start rejects). */
  readonly signal?: AbortSignal;
}

export class HtmlRenderer {
  readonly #server: BrowserServer;
  readonly #browser: Browser;
  #closing: Promise<void> | undefined;
  #frames = 0;

  private constructor(server: BrowserServer, browser: Browser) {
    this.#server = server;
    this.#browser = browser;
  }

  /**
   * Starts the browser and opens the page; rejects (with the browser ended) when it cannot, or
   * when `options.signal` aborts first. The browser's own output and exit status are kept, and
   * an error or an exit report quotes them.
   */
  static async start(options: HtmlRendererOptions): Promise<HtmlRenderer> {
    const { signal } = options;
    // What the start is doing: a failure, or an abandoned start, says where it was.
    let step = "launching the browser";
    const abandoned = (): Error => new Error(`the browser's start was abandoned while ${step}`);
    if (signal?.aborted) throw abandoned();
    // Chromium's sandbox cannot start as root; elsewhere the page runs in it.
    const sandbox = process.getuid?.() !== 0;
    const server = await chromium.launchServer({ executablePath: options.executablePath ?? CHROMIUM_PATH, headless: true, chromiumSandbox: sandbox, args: CHROMIUM_ARGS, timeout: LAUNCH_TIMEOUT_MS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    const status = new BrowserStatus(server);
    // An abandoned start ends the browser: every call still waiting on it then fails.
    const abandon = (): void => void server.kill().catch(() => undefined);
    signal?.addEventListener("abort", abandon, { once: true });
    let renderer: HtmlRenderer | undefined;
    try {
      step = "connecting to the browser";
      if (signal?.aborted) throw abandoned();
      const browser = await chromium.connect(server.wsEndpoint(), { timeout: LAUNCH_TIMEOUT_MS });
      renderer = new HtmlRenderer(server, browser);
      await renderer.#open(options, (next) => void (step = next));
      if (signal?.aborted) throw abandoned();
      const self = renderer;
      const exited = (): void => {
        if (self.#closing) return;
        void status.settled().then(() => {
          if (!self.#closing) options.onExit(`the browser rendering the page exited (${status.describe()})`);
        });
      };
      browser.on("disconnected", exited);
      if (!browser.isConnected()) exited();
      return renderer;
    } catch (error) {
      // A browser that went away tells why once its exit is known.
      if (!renderer || !renderer.#browser.isConnected()) await status.settled();
      const message = `${signal?.aborted ? "the browser's start was abandoned" : (error as Error).message} (while ${step}; the browser: ${status.describe()})`;
      if (renderer) await renderer.close();
      else await server.kill().catch(() => undefined);
      throw new Error(message);
    } finally {
      signal?.removeEventListener("abort", abandon);
    }
  }

  /** The browser's process id (logs, tests). */
  get pid(): number | undefined {
    return this.#server.process().pid;
  }

  /** Frames received so far. */
  get frames(): number {
    return this.#frames;
  }

  async #open(options: HtmlRendererOptions, onStep: (step: string) => void): Promise<void> {
    const page = new URL(options.url);
    onStep("opening a page");
    const context = await this.#browser.newContext({
      viewport: { width: options.width, height: options.height },
      deviceScaleFactor: 1,
      acceptDownloads: false,
      serviceWorkers: "block",
      permissions: [],
      ...(options.credentials ? { httpCredentials: { ...options.credentials, origin: page.origin } } : {}),
    });
    const ownAddresses = machineAddresses();
    await context.route("**/*", (route) => guard(route, page, ownAddresses));
    const tab = await context.newPage();
    tab.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
    const cdp = await context.newCDPSession(tab);
    await cdp.send("Emulation.setDefaultBackgroundColorOverride", { color: { r: 0, g: 0, b: 0, a: 0 } });
    onStep(`loading ${options.url}`);
    const response = await tab.goto(options.url, { waitUntil: "commit" });
    if (response && !response.ok()) throw new Error(`${options.url} answered ${response.status()} ${response.statusText()}`);
    this.#screencast(cdp, options);
    onStep("starting the screencast");
    await this.#startScreencast(cdp, options);
  }

  /**
   * Page.startScreencast, sent as soon as the navigation commits. On a cross-site navigation
   * Chromium moves the page to a new renderer, and until the new frame is attached to the
   * page's DevTools target the Page domain answers "Not attached to an active page" (seen under
   * load): that answer is tried again, every SCREENCAST_RETRY_MS, for up to
   * SCREENCAST_START_TIMEOUT_MS; any other failure is the start's.
   */
  async #startScreencast(cdp: CDPSession, options: HtmlRendererOptions): Promise<void> {
    const deadlineMs = Date.now() + SCREENCAST_START_TIMEOUT_MS;
    for (;;) {
      try {
        await cdp.send("Page.startScreencast", { format: "png", maxWidth: options.width, maxHeight: options.height, everyNthFrame: 1 });
        return;
      } catch (error) {
        const notAttachedYet = (error as Error).message.includes(NOT_ATTACHED_YET);
        if (!notAttachedYet || this.#closing || options.signal?.aborted || Date.now() >= deadlineMs) throw error;
        await new Promise((resolve) => setTimeout(resolve, SCREENCAST_RETRY_MS));
      }
    }
  }

  #screencast(cdp: CDPSession, options: HtmlRendererOptions): void {
    cdp.on("Page.screencastFrame", (event) => {
      void cdp.send("Page.screencastFrameAck", { sessionId: event.sessionId }).catch(() => undefined);
      if (this.#closing) return;
      const image = decodePngRgba(Buffer.from(event.data, "base64"));
      if (image instanceof Error) return options.onFrameError?.(image);
      if (image.width !== options.width || image.height !== options.height) return options.onFrameError?.(new Error(`a frame of ${image.width}x${image.height}, not ${options.width}x${options.height}`));
      this.#frames++;
      options.onFrame(image);
    });
  }

  /** Closes the browser and kills its process if it has not gone; idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const closed = this.#server.close().then(() => true, () => false);
      const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CLOSE_TIMEOUT_MS).unref());
      if (!(await Promise.race([closed, timeout]))) await this.#server.kill().catch(() => undefined);
    })();
    return this.#closing;
  }
}

/** What became of the browser's process: its last output and, once it has gone, how it ended. */
class BrowserStatus {
  readonly #output = new OutputTail(BROWSER_LOG_CHARS);
  readonly #exited: Promise<void>;
  #exit: string | undefined;

  constructor(server: BrowserServer) {
    const child = server.process();
    child.stderr?.on("data", (chunk: Buffer) => this.#output.append(chunk));
    child.stdout?.on("data", (chunk: Buffer) => this.#output.append(chunk));
    this.#exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) this.#exit = `exit code ${child.exitCode}, signal ${child.signalCode}`;
      if (this.#exit) return resolve();
      child.once("exit", (code, signal) => {
        this.#exit = `exit code ${code}, signal ${signal}`;
        resolve();
      });
    });
  }

  /** Resolves once the process has gone, or after EXIT_WAIT_MS (a browser that lost its connection but still runs). */
  settled(): Promise<void> {
    return Promise.race([this.#exited, new Promise<void>((resolve) => setTimeout(resolve, EXIT_WAIT_MS).unref())]);
  }

  describe(): string {
    return `${this.#exit ?? "its process still runs"}; its last output: ${this.#output.text() || "none"}`;
  }
}

/** Loopback and every address of this machine's interfaces. */
function machineAddresses(): Set<string> {
  const addresses = new Set(["localhost", "127.0.0.1", "[::1]", "0.0.0.0", "[::]"]);
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) addresses.add(entry.family === "IPv6" ? `[${entry.address.split("%")[0]}]` : entry.address);
  }
  return addresses;
}

function isOwnAddress(hostname: string, own: ReadonlySet<string>): boolean {
  return own.has(hostname) || /^127\./.test(hostname) || hostname.endsWith(".localhost");
}

/** Lets through what a motion graphics page may load; aborts the rest. */
function guard(route: Route, page: URL, own: ReadonlySet<string>): Promise<void> {
  const request = route.request();
  const url = new URL(request.url());
  const allowedScheme = url.protocol === "http:" || url.protocol === "https:" || url.protocol === "data:" || url.protocol === "blob:";
  const sameOrigin = url.origin === page.origin;
  const toThisMachine = (url.protocol === "http:" || url.protocol === "https:") && !sameOrigin && isOwnAddress(url.hostname, own);
  const leavesPage = request.isNavigationRequest() && request.frame().parentFrame() === null && url.href.split("#")[0] !== page.href.split("#")[0];
  if (!allowedScheme || toThisMachine || leavesPage) return route.abort("blockedbyclient");
  return route.continue();
}
