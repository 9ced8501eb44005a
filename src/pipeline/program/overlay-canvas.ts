// The overlay canvas: one RGBA picture holding every image overlay layer of a target (the
// program picture, or one output's encode) with its opacity and the current alpha of its
// fades applied, layers in order (a higher layer above a lower one, as MediaLive's layers
// 0–7 stack). The encoder composites the canvas over the picture with ffmpeg's overlay
// filter, which reads straight (not premultiplied) alpha. Pure: time is passed in.
//
// A layer's pixels are any RGBA picture: a static image decoded once, or frames a renderer
// replaces over time (the layer's `image` is read at every composition).

/** Straight-alpha RGBA pixels, rows top to bottom, 4 bytes a pixel. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

export interface OverlayLayer {
  /** 0–7: higher layers are drawn above lower ones. */
  readonly layer: number;
  readonly image: RgbaImage;
  /** The image's top-left corner in the canvas (pixels; parts outside the canvas are cropped). */
  readonly x: number;
  readonly y: number;
  /** 0–1. */
  readonly opacity: number;
  /** When the layer appears (its fade-in starts). */
  readonly startMs: number;
  readonly fadeInMs: number;
  /** When its fade-out starts (the end of its duration or a deactivation); absent: until deactivated. */
  readonly fadeOutStartMs?: number;
  readonly fadeOutMs: number;
}

/** The canvas while no layer is shown: a tiny transparent picture costs the encoder nothing to composite. */
export const IDLE_CANVAS: RgbaImage = { width: 2, height: 2, rgba: new Uint8Array(16) };

/** When the layer is gone (its fade-out over), or undefined while it has no end. */
export function layerEndMs(layer: OverlayLayer): number | undefined {
  return layer.fadeOutStartMs === undefined ? undefined : layer.fadeOutStartMs + layer.fadeOutMs;
}

/** The layer's alpha multiplier at nowMs (0–1): its opacity times the fade-in and fade-out ramps. */
export function layerAlpha(layer: OverlayLayer, nowMs: number): number {
  if (nowMs < layer.startMs) return 0;
  const end = layerEndMs(layer);
  if (end !== undefined && nowMs >= end) return 0;
  let alpha = layer.opacity;
  if (layer.fadeInMs > 0) alpha *= Math.min(1, (nowMs - layer.startMs) / layer.fadeInMs);
  if (layer.fadeOutStartMs !== undefined && nowMs > layer.fadeOutStartMs && layer.fadeOutMs > 0) alpha *= Math.max(0, 1 - (nowMs - layer.fadeOutStartMs) / layer.fadeOutMs);
  return alpha;
}

/** The layers shown at nowMs (started, not yet ended). */
export function visibleLayers(layers: readonly OverlayLayer[], nowMs: number): OverlayLayer[] {
  return layers.filter((layer) => layerAlpha(layer, nowMs) > 0);
}

/** Whether a layer's alpha is changing at nowMs (a fade in progress): the canvas must be redrawn frame by frame. */
export function fading(layer: OverlayLayer, nowMs: number): boolean {
  if (nowMs >= layer.startMs && nowMs < layer.startMs + layer.fadeInMs) return true;
  const end = layerEndMs(layer);
  return layer.fadeOutStartMs !== undefined && end !== undefined && nowMs >= layer.fadeOutStartMs && nowMs < end;
}

/**
 * When the canvas next changes after nowMs: `stepMs` on while a fade is in progress, else the
 * next start, fade-out start or end of a layer; undefined when nothing will change.
 */
export function nextCanvasChangeMs(layers: readonly OverlayLayer[], nowMs: number, stepMs: number): number | undefined {
  let next: number | undefined;
  const consider = (atMs: number | undefined): void => {
    if (atMs !== undefined && atMs > nowMs && (next === undefined || atMs < next)) next = atMs;
  };
  for (const layer of layers) {
    if (fading(layer, nowMs)) consider(nowMs + stepMs);
    consider(layer.startMs);
    consider(layer.startMs + layer.fadeInMs);
    consider(layer.fadeOutStartMs);
    consider(layerEndMs(layer));
  }
  return next;
}

/** The canvas of `layers` at nowMs, `width`×`height`; layers drawn in layer order, each "over" what is below (straight alpha). */
export function composeCanvas(width: number, height: number, layers: readonly OverlayLayer[], nowMs: number): RgbaImage {
  const rgba = new Uint8Array(width * height * 4);
  const ordered = layers.map((layer, order) => ({ layer, order })).sort((a, b) => a.layer.layer - b.layer.layer || a.order - b.order);
  for (const { layer } of ordered) {
    const alpha = layerAlpha(layer, nowMs);
    if (alpha > 0) drawOver(rgba, width, height, layer, alpha);
  }
  return { width, height, rgba };
}

function drawOver(canvas: Uint8Array, width: number, height: number, layer: OverlayLayer, alpha: number): void {
  const { image } = layer;
  const x0 = Math.max(0, layer.x);
  const y0 = Math.max(0, layer.y);
  const x1 = Math.min(width, layer.x + image.width);
  const y1 = Math.min(height, layer.y + image.height);
  for (let y = y0; y < y1; y++) {
    let source = ((y - layer.y) * image.width + (x0 - layer.x)) * 4;
    let target = (y * width + x0) * 4;
    for (let x = x0; x < x1; x++, source += 4, target += 4) {
      const sa = (image.rgba[source + 3]! / 255) * alpha;
      if (sa <= 0) continue;
      const da = canvas[target + 3]! / 255;
      const oa = sa + da * (1 - sa);
      for (let c = 0; c < 3; c++) canvas[target + c] = Math.round((image.rgba[source + c]! * sa + canvas[target + c]! * da * (1 - sa)) / oa);
      canvas[target + 3] = Math.round(oa * 255);
    }
  }
}

/** A PAM file (Netpbm, TUPLTYPE RGB_ALPHA) of the picture: ffmpeg decodes it at the cost of a copy. */
export function pamFile(image: RgbaImage): Uint8Array {
  const header = Buffer.from(`P7\nWIDTH ${image.width}\nHEIGHT ${image.height}\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n`, "latin1");
  const file = new Uint8Array(header.length + image.rgba.length);
  file.set(header, 0);
  file.set(image.rgba, header.length);
  return file;
}

/** The picture of a PAM file of RGB_ALPHA tuples (as ffmpeg's pam encoder writes rgba), or undefined. */
export function parsePam(bytes: Uint8Array): RgbaImage | undefined {
  const text = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 256))).toString("latin1");
  const end = text.indexOf("ENDHDR\n");
  if (!text.startsWith("P7\n") || end < 0) return undefined;
  const field = (name: string): string | undefined => new RegExp(`^${name} (\\S+)$`, "m").exec(text.slice(0, end))?.[1];
  const width = Number(field("WIDTH"));
  const height = Number(field("HEIGHT"));
  if (field("DEPTH") !== "4" || field("MAXVAL") !== "255" || !Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) return undefined;
  const start = end + "ENDHDR\n".length;
  if (bytes.length < start + width * height * 4) return undefined;
  return { width, height, rgba: bytes.slice(start, start + width * height * 4) };
}
