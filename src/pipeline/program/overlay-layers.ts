// The image overlay layers a pipeline shows, as the schedule's static image actions set them
// (StaticImageActivateScheduleActionSettings and its deactivate and per-output variants):
// eight layers for the whole channel (drawn into the program picture, before each output
// scales it) and eight per output (drawn into the output's encode). Activating a layer in
// use replaces its image; a duration ends the layer after its fade-out; a deactivation fades
// it out from now. Pure: time is passed in.

import type { InputLocation } from "../../model/generated/medialive-types.ts";
import { layerEndMs, type OverlayLayer, type RgbaImage } from "./overlay-canvas.ts";

/** The scope of the channel-wide layers; an output's layers have its outputName as scope. */
export const GLOBAL_OVERLAY_SCOPE = "";

/** What an activate action asks (MediaLive's defaults filled in). */
export interface OverlayActivation {
  /** GLOBAL_OVERLAY_SCOPE, or the outputs named. */
  readonly scopes: readonly string[];
  readonly layer: number;
  readonly image: InputLocation;
  readonly x: number;
  readonly y: number;
  /** Absent: the image's own. */
  readonly width?: number;
  readonly height?: number;
  /** 0–1. */
  readonly opacity: number;
  readonly fadeInMs: number;
  /** 0: until deactivated. */
  readonly durationMs: number;
  readonly fadeOutMs: number;
}

export interface OverlayDeactivation {
  readonly scopes: readonly string[];
  readonly layer: number;
  readonly fadeOutMs: number;
}

export type OverlayAction = { readonly kind: "activate"; readonly activation: OverlayActivation } | { readonly kind: "deactivate"; readonly deactivation: OverlayDeactivation };

const integer = (value: unknown, absent: number): number => (typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : absent);

/** The overlay a static image action asks for, or undefined for another action type. */
export function overlayActionOf(type: string, settings: Readonly<Record<string, unknown>>): OverlayAction | undefined {
  const output = type === "staticImageOutputActivateSettings" || type === "staticImageOutputDeactivateSettings";
  if (!output && type !== "staticImageActivateSettings" && type !== "staticImageDeactivateSettings") return undefined;
  const scopes = output ? (Array.isArray(settings.outputNames) ? settings.outputNames.filter((name): name is string => typeof name === "string") : []) : [GLOBAL_OVERLAY_SCOPE];
  const layer = Math.min(7, integer(settings.layer, 0));
  if (type === "staticImageDeactivateSettings" || type === "staticImageOutputDeactivateSettings") {
    return { kind: "deactivate", deactivation: { scopes, layer, fadeOutMs: integer(settings.fadeOut, 0) } };
  }
  const width = integer(settings.width, 0);
  const height = integer(settings.height, 0);
  return {
    kind: "activate",
    activation: {
      scopes,
      layer,
      image: (settings.image ?? { uri: "" }) as InputLocation,
      x: integer(settings.imageX, 0),
      y: integer(settings.imageY, 0),
      ...(width > 0 ? { width } : {}),
      ...(height > 0 ? { height } : {}),
      opacity: Math.min(100, integer(settings.opacity, 100)) / 100,
      fadeInMs: integer(settings.fadeIn, 0),
      durationMs: integer(settings.duration, 0),
      fadeOutMs: integer(settings.fadeOut, 0),
    },
  };
}

interface ScopedLayer extends OverlayLayer {
  readonly scope: string;
}

export class OverlayLayers {
  readonly #layers = new Map<string, ScopedLayer>();

  /** Shows `image` (already at its size) on the activation's layer of each of its scopes from nowMs. */
  activate(activation: OverlayActivation, image: RgbaImage, nowMs: number): void {
    for (const scope of activation.scopes) {
      this.#layers.set(key(scope, activation.layer), {
        scope,
        layer: activation.layer,
        image,
        x: activation.x,
        y: activation.y,
        opacity: activation.opacity,
        startMs: nowMs,
        fadeInMs: activation.fadeInMs,
        // The fade-out starts when the duration is over, so it extends the duration (MediaLive's fadeOut).
        ...(activation.durationMs > 0 ? { fadeOutStartMs: nowMs + activation.durationMs } : {}),
        fadeOutMs: activation.durationMs > 0 ? activation.fadeOutMs : 0,
      });
    }
  }

  /** Replaces the picture of a layer shown (a rendered page's new frame), keeping its timing. Returns whether the layer is shown. */
  replaceImage(scope: string, layer: number, image: RgbaImage): boolean {
    const k = key(scope, layer);
    const shown = this.#layers.get(k);
    if (!shown) return false;
    this.#layers.set(k, { ...shown, image });
    return true;
  }

  /** Fades the layer out from nowMs; a layer already ending sooner keeps its end. Returns whether a layer was shown. */
  deactivate(deactivation: OverlayDeactivation, nowMs: number): boolean {
    let found = false;
    for (const scope of deactivation.scopes) {
      const k = key(scope, deactivation.layer);
      const layer = this.#layers.get(k);
      if (!layer) continue;
      found = true;
      const end = layerEndMs(layer);
      if (end !== undefined && end <= nowMs + deactivation.fadeOutMs) continue;
      this.#layers.set(k, { ...layer, fadeOutStartMs: nowMs, fadeOutMs: deactivation.fadeOutMs });
    }
    return found;
  }

  /** Forgets the layers whose fade-out is over. */
  prune(nowMs: number): void {
    for (const [k, layer] of this.#layers) {
      const end = layerEndMs(layer);
      if (end !== undefined && end <= nowMs) this.#layers.delete(k);
    }
  }

  /**
   * The layers of the scopes `inScope` accepts, one per layer number: outputs that share an
   * encode share its picture, so of their layers with one number the latest activated shows.
   */
  layersOf(inScope: (scope: string) => boolean): OverlayLayer[] {
    const byNumber = new Map<number, ScopedLayer>();
    for (const layer of this.#layers.values()) {
      if (!inScope(layer.scope)) continue;
      const other = byNumber.get(layer.layer);
      if (!other || layer.startMs >= other.startMs) byNumber.set(layer.layer, layer);
    }
    return [...byNumber.values()];
  }

  get all(): OverlayLayer[] {
    return [...this.#layers.values()];
  }
}

const key = (scope: string, layer: number): string => `${scope}\u0000${layer}`;
