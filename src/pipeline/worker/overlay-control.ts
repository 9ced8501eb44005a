// The schedule's static image overlays in one pipeline. An activation loads its image (a
// file:// image inside an input root, or http(s):// through the capped GET, as the
// input-loss slate is loaded), has ffmpeg decode and scale it once to RGBA, and shows it on
// its layer; the canvases the encoder composites (src/output/encoder/overlay-inputs.ts) are
// rewritten whenever what they show changes, and about 25 times a second during a fade. Each
// canvas file is replaced by rename, so the encoder reads a whole canvas at every frame. The
// encoder keeps running throughout. An image that cannot be loaded raises an alert and
// leaves the picture as it is.

import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { PlannedOverlayCanvas, PlannedOverlays } from "../../output/encoder/overlay-inputs.ts";
import { AlertCatalogue } from "../../shared/alerts.ts";
import { runFfmpeg } from "../program/fill-pictures.ts";
import { composeCanvas, IDLE_CANVAS, nextCanvasChangeMs, pamFile, parsePam, visibleLayers, type OverlayLayer, type RgbaImage } from "../program/overlay-canvas.ts";
import { GLOBAL_OVERLAY_SCOPE, overlayActionOf, OverlayLayers, type OverlayActivation } from "../program/overlay-layers.ts";
import type { ScheduledAction } from "../switching/schedule-executor.ts";
import { loadSlate, type ImageControlOptions } from "./slate.ts";

/** Canvas redraws during a fade: 25 a second, whatever the output frame rate. */
const FADE_STEP_MS = 40;
const DECODE_TIMEOUT_MS = 10_000;
/** An image (decoded, or scaled to width × height) of at most 8K UHD: no picture is larger, and what lies outside it is cropped anyway. */
const MAX_IMAGE_PIXELS = 7680 * 4320;
const MAX_IMAGE_SIDE_PX = 7680;

export interface OverlayControlOptions extends ImageControlOptions {
  /** The clock (ms); Date.now by default. */
  readonly nowMs?: () => number;
}

/** What a canvas showed last: redrawn only when it changes. */
interface CanvasState {
  readonly canvas: PlannedOverlayCanvas;
  /** Scopes drawn into it: GLOBAL_OVERLAY_SCOPE for the program canvas, output names for an encode's. */
  readonly scopes: ReadonlySet<string>;
  shownIdle: boolean | undefined;
  /** A write is under way; `dirty`: a redraw came meanwhile and runs when it is done. */
  writing: boolean;
  dirty: boolean;
}

export class OverlayControl {
  readonly #options: OverlayControlOptions;
  readonly #layers = new OverlayLayers();
  readonly #now: () => number;
  #canvases: CanvasState[] = [];
  /** An encoder plan was given (with or without canvases). */
  #planned = false;
  #timer: NodeJS.Timeout | undefined;
  /** Per scope and layer: counts activations and deactivations, so an image loaded after a later action is not shown. */
  readonly #generations = new Map<string, number>();
  #loads = 0;
  #alertSet = false;
  #closed = false;

  constructor(options: OverlayControlOptions) {
    this.#options = options;
    this.#now = options.nowMs ?? Date.now;
  }

  static handles(action: ScheduledAction): boolean {
    return overlayActionOf(action.type, action.settings) !== undefined;
  }

  /** The encoder's canvases for a new plan: written at once (the encoder opens them as it starts). */
  usePlan(overlays: PlannedOverlays | undefined): void {
    this.#planned = true;
    if (!overlays) return;
    const outputsOf = outputsByVideoDescription(this.#options.config);
    this.#canvases = [
      { canvas: overlays.program, scopes: new Set([GLOBAL_OVERLAY_SCOPE]), shownIdle: undefined, writing: false, dirty: false },
      ...overlays.encodes.map((canvas) => ({ canvas, scopes: new Set(outputsOf.get(canvas.videoDescriptionName ?? "") ?? []), shownIdle: undefined, writing: false, dirty: false })),
    ];
    const nowMs = this.#now();
    for (const state of this.#canvases) {
      const image = this.#imageOf(state, nowMs);
      mkdirSync(path.dirname(state.canvas.file), { recursive: true });
      writeFileSync(`${state.canvas.file}.tmp`, pamFile(image));
      renameSync(`${state.canvas.file}.tmp`, state.canvas.file);
      state.shownIdle = image === IDLE_CANVAS;
    }
    this.#schedule(nowMs);
  }

  apply(action: ScheduledAction): void {
    const overlay = overlayActionOf(action.type, action.settings);
    if (!overlay || this.#closed) return;
    const nowMs = this.#now();
    if (overlay.kind === "deactivate") {
      const { scopes, layer } = overlay.deactivation;
      for (const scope of scopes) this.#bump(scope, layer);
      if (!this.#layers.deactivate(overlay.deactivation, nowMs)) this.#options.logger.info({ actionName: action.actionName, layer }, "schedule: no image overlay on this layer to deactivate");
      this.#redraw();
      return;
    }
    const activation = overlay.activation;
    if (this.#planned && this.#canvases.length === 0) {
      // The encoder reads no canvas (a channel passing timed metadata through: encoder-plan.ts).
      this.#options.logger.warn({ actionName: action.actionName, layer: activation.layer }, "schedule: this channel's encoder draws no image overlays (its outputs pass timed metadata through); the image is not shown");
      return;
    }
    const generations = activation.scopes.map((scope) => this.#bump(scope, activation.layer));
    this.#warnSharedEncodes(action.actionName, activation);
    this.#load(activation).then(
      (image) => {
        if (this.#closed) return;
        const current = activation.scopes.filter((scope, i) => this.#generations.get(key(scope, activation.layer)) === generations[i]);
        if (current.length === 0) return;
        // The fade-in starts as the image is ready to show.
        this.#layers.activate({ ...activation, scopes: current }, image, this.#now());
        this.#options.logger.info({ actionName: action.actionName, layer: activation.layer, outputs: activation.scopes.filter(Boolean) }, "schedule: image overlay shown");
        this.#clearAlert();
        this.#redraw();
      },
      (error: Error) => {
        this.#alertSet = true;
        this.#options.alert({ alertType: AlertCatalogue.OVERLAY_IMAGE_FAILED.alertType, message: `image overlay "${action.actionName}" not shown: ${error.message}`, state: "SET", atMs: this.#now() });
      },
    );
  }

  /** The program canvas's size (the picture channel-wide layers are drawn over); undefined before a plan or when the encoder reads no canvas. */
  get programSize(): { readonly width: number; readonly height: number } | undefined {
    const program = this.#canvases[0]?.canvas;
    return program ? { width: program.width, height: program.height } : undefined;
  }

  /**
   * Shows a rendered picture (a motion graphics page's frame) on a channel-wide layer: the
   * first frame starts the layer (with the activation's timing), later ones replace its picture.
   */
  showRendered(activation: OverlayActivation, image: RgbaImage): void {
    if (this.#closed) return;
    if (!this.#layers.replaceImage(GLOBAL_OVERLAY_SCOPE, activation.layer, image)) this.#layers.activate({ ...activation, scopes: [GLOBAL_OVERLAY_SCOPE] }, image, this.#now());
    this.#redraw();
  }

  /** Removes a channel-wide layer at once (a motion graphics deactivation or a renderer gone). */
  removeLayer(layer: number): void {
    if (this.#closed) return;
    this.#bump(GLOBAL_OVERLAY_SCOPE, layer);
    if (this.#layers.deactivate({ scopes: [GLOBAL_OVERLAY_SCOPE], layer, fadeOutMs: 0 }, this.#now())) this.#redraw();
  }

  /** Stops redrawing; idempotent. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #bump(scope: string, layer: number): number {
    const next = (this.#generations.get(key(scope, layer)) ?? 0) + 1;
    this.#generations.set(key(scope, layer), next);
    return next;
  }

  async #load(activation: OverlayActivation): Promise<RgbaImage> {
    const { workDir } = this.#options;
    const folder = path.join(workDir, "overlay-images", String(++this.#loads));
    await mkdir(folder, { recursive: true });
    try {
      const file = await loadSlate(activation.image, folder, this.#options.resolveSecret, this.#options.inputRoots, undefined, this.#options.objectStores);
      const side = (value: number | undefined): string => (value === undefined ? "" : String(Math.min(value, MAX_IMAGE_SIDE_PX)));
      const scale = activation.width !== undefined || activation.height !== undefined ? `scale=${side(activation.width) || "iw"}:${side(activation.height) || "ih"},` : "";
      const pam = await runFfmpeg("ffmpeg", ["-hide_banner", "-v", "error", "-max_pixels", String(MAX_IMAGE_PIXELS), "-i", file, "-frames:v", "1", "-vf", `${scale}format=rgba`, "-c:v", "pam", "-f", "image2pipe", "pipe:1"], DECODE_TIMEOUT_MS, "overlay image");
      const image = parsePam(pam);
      if (!image) throw new Error(`${activation.image.uri} is not an image ffmpeg decodes to RGBA`);
      return image;
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  /** Outputs that share an encode show its overlays: say so when an action names only some of them. */
  #warnSharedEncodes(actionName: string, activation: OverlayActivation): void {
    for (const state of this.#canvases.slice(1)) {
      const named = [...state.scopes].filter((scope) => activation.scopes.includes(scope));
      const others = [...state.scopes].filter((scope) => !activation.scopes.includes(scope));
      if (named.length > 0 && others.length > 0) {
        this.#options.logger.warn({ actionName, named, others }, "image overlay: these outputs share one encode (video description) with the outputs named, so they show the overlay too");
      }
    }
  }

  #clearAlert(): void {
    if (!this.#alertSet) return;
    this.#alertSet = false;
    this.#options.alert({ alertType: AlertCatalogue.OVERLAY_IMAGE_FAILED.alertType, message: "an image overlay was shown", state: "CLEARED", atMs: this.#now() });
  }

  #imageOf(state: CanvasState, nowMs: number): RgbaImage {
    const layers: OverlayLayer[] = this.#layers.layersOf((scope) => state.scopes.has(scope));
    if (visibleLayers(layers, nowMs).length === 0) return IDLE_CANVAS;
    return composeCanvas(state.canvas.width, state.canvas.height, layers, nowMs);
  }

  /** Rewrites the canvases whose picture may have changed, then waits for the next change. */
  #redraw(): void {
    if (this.#closed) return;
    const nowMs = this.#now();
    this.#layers.prune(nowMs);
    for (const state of this.#canvases) this.#redrawCanvas(state, nowMs);
    this.#schedule(nowMs);
  }

  #redrawCanvas(state: CanvasState, nowMs: number): void {
    // A slow disk: one write at a time per canvas, and the latest picture once it is done.
    if (state.writing) {
      state.dirty = true;
      return;
    }
    const image = this.#imageOf(state, nowMs);
    const idle = image === IDLE_CANVAS;
    // An idle canvas stays as written; any shown layer is redrawn (its fade may be changing).
    if (idle && state.shownIdle) return;
    state.shownIdle = idle;
    state.writing = true;
    const file = state.canvas.file;
    void (async () => {
      await writeFile(`${file}.tmp`, pamFile(image));
      await rename(`${file}.tmp`, file);
    })()
      .catch((error: Error) => this.#options.logger.warn({ err: error, file }, "image overlay canvas not written"))
      .finally(() => {
        state.writing = false;
        if (!state.dirty || this.#closed) return;
        state.dirty = false;
        this.#redrawCanvas(state, this.#now());
      });
  }

  #schedule(nowMs: number): void {
    clearTimeout(this.#timer);
    const next = nextCanvasChangeMs(this.#layers.all, nowMs, FADE_STEP_MS);
    if (next === undefined || this.#closed) return;
    this.#timer = setTimeout(() => this.#redraw(), Math.max(1, next - nowMs));
  }
}

const key = (scope: string, layer: number): string => `${scope}\u0000${layer}`;

/** videoDescriptionName → the names of the outputs encoded from it. */
function outputsByVideoDescription(config: ChannelConfig): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const group of config.encoderSettings?.outputGroups ?? []) {
    for (const output of group.outputs) {
      if (!output.videoDescriptionName || !output.outputName) continue;
      map.set(output.videoDescriptionName, [...(map.get(output.videoDescriptionName) ?? []), output.outputName]);
    }
  }
  return map;
}
