// The schedule's motion graphics overlay in one pipeline (MediaLive's
// motionGraphicsImageActivateSettings / …DeactivateSettings): an activation starts a headless
// browser rendering the page at the program picture's size and shows each frame it paints on
// the motion graphics layer of the program canvas, above the eight static image layers; the
// canvas keeps its last frame until the page paints again. One page at a time: a new
// activation replaces the page shown. A duration ends it, counted from the activation (a page
// started again, after its browser failed or in a restarted pipeline, gets what remains); a
// deactivation removes it at once. The update rate reached is logged every RATE_LOG_MS. A
// browser that cannot start, exits or gives no frame is started again once; failing again, it
// raises an alert (its reason logged) and removes the layer; it never stops the pipeline.

import type { Logger } from "pino";
import { MAX_MOTION_GRAPHICS_PIXELS } from "../../domain/channels/schedule-motion-graphics-rules.ts";
import { AlertCatalogue } from "../../shared/alerts.ts";
import type { RgbaImage } from "../program/overlay-canvas.ts";
import { GLOBAL_OVERLAY_SCOPE, type OverlayActivation } from "../program/overlay-layers.ts";
import type { ScheduledAction } from "../switching/schedule-executor.ts";
import type { WorkerAlert } from "../worker/messages.ts";
import type { HtmlRendererOptions } from "./html-renderer.ts";

/** Above the static image layers 0–7. */
export const MOTION_GRAPHICS_LAYER = 8;
const RATE_LOG_MS = 10_000;
/**
 * A loaded page's first frame comes with the screencast's start (a page paints at least once);
 * a renderer that has delivered none this long after it started is stuck. It, like a browser
 * that cannot start or exits, is started again once; then the activation fails with the alert.
 */
export const FIRST_FRAME_TIMEOUT_MS = 8_000;
/** A browser normally starts and loads the page in 4–6 s; one that has not after this long is given up and, once, started again. */
export const RENDERER_START_TIMEOUT_MS = 15_000;

/** What the control needs of the overlay canvases (OverlayControl). */
export interface MotionGraphicsCanvas {
  readonly programSize: { readonly width: number; readonly height: number } | undefined;
  showRendered(activation: OverlayActivation, image: RgbaImage): void;
  removeLayer(layer: number): void;
}

/** A running renderer (HtmlRenderer). */
export interface PageRenderer {
  readonly frames: number;
  close(): Promise<void>;
}

export interface MotionGraphicsActivation {
  readonly actionName: string;
  readonly url: string;
  /** 0: until deactivated. */
  readonly durationMs: number;
  /** When the duration is over (set as the activation is applied); absent: until deactivated. */
  readonly endAtMs?: number;
  readonly username?: string;
  readonly passwordParam?: string;
}

export interface MotionGraphicsControlOptions {
  readonly canvas: MotionGraphicsCanvas;
  readonly resolveSecret: (name: string) => string | undefined;
  readonly logger: Logger;
  readonly alert: (alert: WorkerAlert) => void;
  /** Starts a renderer; when `options.signal` aborts (the start took too long) it ends the browser it started and rejects. */
  readonly startRenderer: (options: HtmlRendererOptions) => Promise<PageRenderer>;
  /** The page shown changed (PipelineDetail's activeMotionGraphicsActionName / …Uri); undefined: none. */
  readonly onActive?: (active: ActiveMotionGraphics | undefined) => void;
  /** The clock (ms); Date.now by default. */
  readonly nowMs?: () => number;
}

/** The activation a motion graphics action asks for, "deactivate", or undefined for another action type. */
export function motionGraphicsActionOf(action: Pick<ScheduledAction, "type" | "settings" | "actionName">): MotionGraphicsActivation | "deactivate" | undefined {
  if (action.type === "motionGraphicsImageDeactivateSettings") return "deactivate";
  if (action.type !== "motionGraphicsImageActivateSettings") return undefined;
  const { url, duration, username, passwordParam } = action.settings;
  return {
    actionName: action.actionName,
    url: typeof url === "string" ? url : "",
    durationMs: typeof duration === "number" && Number.isInteger(duration) && duration > 0 ? duration : 0,
    ...(typeof username === "string" && username !== "" ? { username } : {}),
    ...(typeof passwordParam === "string" && passwordParam !== "" ? { passwordParam } : {}),
  };
}

/** The page shown, as DescribeChannel reports it. */
export interface ActiveMotionGraphics {
  readonly actionName: string;
  readonly url: string;
}

interface Showing {
  readonly activation: MotionGraphicsActivation;
  readonly generation: number;
  /** Aborts the renderer's start (the start timeout, a stop meanwhile). */
  readonly starting: AbortController;
  renderer?: PageRenderer;
  endTimer?: NodeJS.Timeout;
  rateTimer?: NodeJS.Timeout;
  firstFrameTimer?: NodeJS.Timeout;
  rateFrom: { atMs: number; frames: number };
}

export class MotionGraphicsControl {
  readonly #options: MotionGraphicsControlOptions;
  readonly #now: () => number;
  #showing: Showing | undefined;
  /** An activation that came before the encoder's first plan (the picture's size is not known yet). */
  #pending: MotionGraphicsActivation | undefined;
  #planned = false;
  #generation = 0;
  #alertSet = false;
  #closed = false;
  #reported: ActiveMotionGraphics | undefined;

  constructor(options: MotionGraphicsControlOptions) {
    this.#options = options;
    this.#now = options.nowMs ?? Date.now;
  }

  static handles(action: ScheduledAction): boolean {
    return motionGraphicsActionOf(action) !== undefined;
  }

  /** The page shown now (PipelineDetail's activeMotionGraphicsActionName / …Uri): from its browser's start to its end. */
  get active(): ActiveMotionGraphics | undefined {
    return this.#reported;
  }

  apply(action: ScheduledAction): void {
    const asked = motionGraphicsActionOf(action);
    if (!asked || this.#closed) return;
    this.#pending = undefined;
    if (asked === "deactivate") {
      if (!this.#showing) this.#options.logger.info({ actionName: action.actionName }, "schedule: no motion graphics overlay to deactivate");
      void this.#stop();
      return;
    }
    void this.#stop();
    const nowMs = this.#now();
    void this.#start(asked.durationMs > 0 ? { ...asked, endAtMs: nowMs + asked.durationMs } : asked);
  }

  /** The encoder has its plan (OverlayControl.usePlan was called): an activation that came before it starts now. */
  planReady(): void {
    this.#planned = true;
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending && !this.#closed) void this.#start(pending);
  }

  /** Stops the page shown; idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#stop();
  }

  async #start(activation: MotionGraphicsActivation, restartsLeft = 1): Promise<void> {
    const { canvas, logger } = this.#options;
    const size = canvas.programSize;
    if (!size && !this.#planned) {
      this.#pending = activation;
      return;
    }
    if (!size) {
      logger.warn({ actionName: activation.actionName }, "schedule: this channel's encoder draws no overlays (its outputs pass timed metadata through); the motion graphics page is not shown");
      return;
    }
    if (size.width * size.height > MAX_MOTION_GRAPHICS_PIXELS) {
      this.#fail(activation, `the picture is ${size.width}x${size.height}; the renderer keeps up with at most ${MAX_MOTION_GRAPHICS_PIXELS} pixels (e.g. 640x360)`);
      return;
    }
    const remainingMs = activation.endAtMs === undefined ? undefined : activation.endAtMs - this.#now();
    if (remainingMs !== undefined && remainingMs <= 0) {
      logger.info({ actionName: activation.actionName }, "schedule: the motion graphics page's duration is over; not started again");
      return;
    }
    const generation = ++this.#generation;
    const showing: Showing = { activation, generation, starting: new AbortController(), rateFrom: { atMs: this.#now(), frames: 0 } };
    this.#showing = showing;
    // The control ends the page at its end time (the end timer below): the layer itself has no duration.
    const layer: OverlayActivation = { scopes: [GLOBAL_OVERLAY_SCOPE], layer: MOTION_GRAPHICS_LAYER, image: { uri: activation.url }, x: 0, y: 0, opacity: 1, fadeInMs: 0, durationMs: 0, fadeOutMs: 0 };
    const password = activation.passwordParam ? (this.#options.resolveSecret(activation.passwordParam) ?? "") : "";
    const current = (): boolean => this.#showing?.generation === generation && !this.#closed;
    logger.info({ actionName: activation.actionName, url: activation.url, ...(remainingMs !== undefined ? { remainingMs } : {}) }, "motion graphics: starting the browser");
    // The pipeline's own work keeps it running; these timers alone must not.
    if (remainingMs !== undefined) showing.endTimer = setTimeout(() => void this.#stop(generation), remainingMs);
    showing.endTimer?.unref?.();
    const startTimer = setTimeout(() => {
      if (!current() || showing.renderer) return;
      // The browser it was starting is ended by the abort (the start then rejects, and is ignored).
      showing.starting.abort();
      this.#retry(activation, generation, restartsLeft, `the browser did not start within ${RENDERER_START_TIMEOUT_MS} ms`);
    }, RENDERER_START_TIMEOUT_MS);
    startTimer.unref?.();
    try {
      const renderer = await this.#options.startRenderer({
        url: activation.url,
        width: size.width,
        height: size.height,
        ...(activation.username ? { credentials: { username: activation.username, password } } : {}),
        signal: showing.starting.signal,
        onFrame: (image) => {
          if (current()) canvas.showRendered(layer, image);
        },
        onExit: (reason) => {
          if (!current()) return;
          this.#retry(activation, generation, restartsLeft, reason);
        },
        onFrameError: (error) => logger.warn({ err: error, actionName: activation.actionName }, "motion graphics: a frame was not decoded"),
      });
      clearTimeout(startTimer);
      if (!current()) return void (await renderer.close());
      showing.renderer = renderer;
    } catch (error) {
      clearTimeout(startTimer);
      if (!current()) return void logger.info({ actionName: activation.actionName, reason: (error as Error).message }, "motion graphics: a start given up has ended");
      this.#retry(activation, generation, restartsLeft, (error as Error).message);
      return;
    }
    logger.info({ actionName: activation.actionName, url: activation.url, width: size.width, height: size.height, durationMs: activation.durationMs, ...(remainingMs !== undefined ? { remainingMs: Math.max(0, (activation.endAtMs ?? 0) - this.#now()) } : {}) }, "schedule: motion graphics page shown");
    this.#clearAlert();
    this.#report({ actionName: activation.actionName, url: activation.url });
    showing.rateTimer = setInterval(() => this.#logRate(showing), RATE_LOG_MS);
    showing.firstFrameTimer = setTimeout(() => {
      if (!current() || (showing.renderer?.frames ?? 0) > 0) return;
      this.#retry(activation, generation, restartsLeft, `the page gave no frame within ${FIRST_FRAME_TIMEOUT_MS} ms`);
    }, FIRST_FRAME_TIMEOUT_MS);
    showing.firstFrameTimer.unref?.();
    showing.rateTimer.unref?.();
  }

  /** Ends `generation`'s attempt and starts the activation again if it may, else raises the alert. */
  #retry(activation: MotionGraphicsActivation, generation: number, restartsLeft: number, reason: string): void {
    this.#options.logger.warn({ actionName: activation.actionName, url: activation.url, reason, restartsLeft }, "motion graphics: the page's browser failed");
    void this.#stop(generation).then(() => {
      if (this.#closed || this.#showing) return;
      if (restartsLeft > 0) void this.#start(activation, restartsLeft - 1);
      else this.#fail(activation, `${reason}, twice`);
    });
  }

  #logRate(showing: Showing): void {
    const frames = showing.renderer?.frames ?? 0;
    const nowMs = this.#now();
    const perSecond = ((frames - showing.rateFrom.frames) * 1000) / Math.max(1, nowMs - showing.rateFrom.atMs);
    showing.rateFrom = { atMs: nowMs, frames };
    this.#options.logger.info({ actionName: showing.activation.actionName, framesPerSecond: Math.round(perSecond * 10) / 10 }, "motion graphics: page updates drawn per second (a still page paints nothing new)");
  }

  /** Removes the layer and closes the renderer of the page shown (only of `generation`'s, when given). */
  async #stop(generation?: number): Promise<void> {
    const showing = this.#showing;
    if (!showing || (generation !== undefined && showing.generation !== generation)) return;
    this.#showing = undefined;
    clearTimeout(showing.endTimer);
    clearInterval(showing.rateTimer);
    clearTimeout(showing.firstFrameTimer);
    // A browser still starting ends with its start.
    showing.starting.abort();
    this.#options.canvas.removeLayer(MOTION_GRAPHICS_LAYER);
    this.#report(undefined);
    await showing.renderer?.close();
  }

  #report(active: ActiveMotionGraphics | undefined): void {
    if (active?.actionName === this.#reported?.actionName && active?.url === this.#reported?.url) return;
    this.#reported = active;
    this.#options.onActive?.(active);
  }

  #fail(activation: MotionGraphicsActivation, reason: string): void {
    this.#alertSet = true;
    this.#options.logger.error({ actionName: activation.actionName, url: activation.url, reason }, `motion graphics: the page is not shown ("${AlertCatalogue.MOTION_GRAPHICS_FAILED.alertType}" raised)`);
    this.#options.alert({ alertType: AlertCatalogue.MOTION_GRAPHICS_FAILED.alertType, message: `motion graphics "${activation.actionName}" (${activation.url}) not shown: ${reason}`, state: "SET", atMs: this.#now() });
  }

  #clearAlert(): void {
    if (!this.#alertSet) return;
    this.#alertSet = false;
    this.#options.alert({ alertType: AlertCatalogue.MOTION_GRAPHICS_FAILED.alertType, message: "a motion graphics page is shown", state: "CLEARED", atMs: this.#now() });
  }
}
