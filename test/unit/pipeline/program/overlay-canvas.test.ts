import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { composeCanvas, layerAlpha, nextCanvasChangeMs, pamFile, parsePam, type OverlayLayer, type RgbaImage } from "../../../../src/pipeline/program/overlay-canvas.ts";
import { GLOBAL_OVERLAY_SCOPE, overlayActionOf, OverlayLayers } from "../../../../src/pipeline/program/overlay-layers.ts";

const solid = (width: number, height: number, rgba: readonly number[]): RgbaImage => {
  const bytes = new Uint8Array(width * height * 4);
  for (let i = 0; i < bytes.length; i += 4) bytes.set(rgba, i);
  return { width, height, rgba: bytes };
};
const pixel = (canvas: RgbaImage, x: number, y: number): number[] => [...canvas.rgba.subarray((y * canvas.width + x) * 4, (y * canvas.width + x) * 4 + 4)];
const layer = (extra: Partial<OverlayLayer>): OverlayLayer => ({ layer: 0, image: solid(2, 2, [255, 0, 0, 255]), x: 0, y: 0, opacity: 1, startMs: 0, fadeInMs: 0, fadeOutMs: 0, ...extra });

describe("overlay canvas", () => {
  it("places a layer at its position, cropped at the canvas edge, transparent elsewhere", () => {
    const canvas = composeCanvas(4, 3, [layer({ x: 3, y: 1 })], 0);
    assert.deepEqual(pixel(canvas, 3, 1), [255, 0, 0, 255]);
    assert.deepEqual(pixel(canvas, 3, 2), [255, 0, 0, 255]);
    assert.deepEqual(pixel(canvas, 2, 1), [0, 0, 0, 0]);
    assert.deepEqual(pixel(canvas, 0, 0), [0, 0, 0, 0]);
  });

  it("draws higher layers above lower ones whatever the order given, with straight alpha", () => {
    const red = layer({ layer: 5, image: solid(2, 2, [255, 0, 0, 255]) });
    const blueHalf = layer({ layer: 2, image: solid(2, 2, [0, 0, 255, 255]), opacity: 0.5 });
    assert.deepEqual(pixel(composeCanvas(2, 2, [red, blueHalf], 0), 0, 0), [255, 0, 0, 255], "layer 5 covers layer 2");
    const halfRedOverBlue = composeCanvas(2, 2, [layer({ layer: 5, opacity: 0.5 }), layer({ layer: 2, image: solid(2, 2, [0, 0, 255, 255]) })], 0);
    assert.deepEqual(pixel(halfRedOverBlue, 1, 1), [128, 0, 128, 255]);
    // Two half-transparent layers: alpha 0.5 + 0.5 × 0.5, colour weighted by what each contributes.
    const two = composeCanvas(2, 2, [layer({ layer: 1, image: solid(2, 2, [0, 0, 255, 128]) }), layer({ layer: 3, image: solid(2, 2, [255, 0, 0, 128]) })], 0);
    const [r, g, b, a] = pixel(two, 0, 0);
    assert.deepEqual([g, a], [0, 192]);
    assert.ok(Math.abs(r! - 170) <= 1 && Math.abs(b! - 85) <= 1, `${r}, ${b}`);
  });

  it("applies opacity and fades in and out linearly over their milliseconds", () => {
    const fading = layer({ opacity: 0.8, startMs: 1000, fadeInMs: 500, fadeOutStartMs: 3000, fadeOutMs: 1000 });
    assert.equal(layerAlpha(fading, 999), 0);
    assert.equal(layerAlpha(fading, 1000), 0);
    assert.ok(Math.abs(layerAlpha(fading, 1250) - 0.4) < 1e-9);
    assert.equal(layerAlpha(fading, 2000), 0.8);
    assert.equal(layerAlpha(fading, 3000), 0.8);
    assert.ok(Math.abs(layerAlpha(fading, 3750) - 0.2) < 1e-9);
    assert.equal(layerAlpha(fading, 4000), 0);
    assert.deepEqual(pixel(composeCanvas(2, 2, [fading], 1250), 0, 0), [255, 0, 0, 102]);
    assert.deepEqual(pixel(composeCanvas(2, 2, [fading], 5000), 0, 0), [0, 0, 0, 0]);
  });

  it("says when to redraw: every step during a fade, else at the next start or end", () => {
    const fading = layer({ startMs: 1000, fadeInMs: 500, fadeOutStartMs: 3000, fadeOutMs: 1000 });
    assert.equal(nextCanvasChangeMs([fading], 0, 40), 1000);
    assert.equal(nextCanvasChangeMs([fading], 1100, 40), 1140);
    assert.equal(nextCanvasChangeMs([fading], 1600, 40), 3000);
    assert.equal(nextCanvasChangeMs([fading], 3900, 40), 3940);
    assert.equal(nextCanvasChangeMs([fading], 4000, 40), undefined);
    assert.equal(nextCanvasChangeMs([layer({})], 10, 40), undefined, "a layer without an end never changes");
  });

  it("writes and reads PAM RGB_ALPHA", () => {
    const image = solid(3, 2, [1, 2, 3, 4]);
    const file = pamFile(image);
    assert.equal(Buffer.from(file.subarray(0, 3)).toString(), "P7\n");
    assert.deepEqual(parsePam(file), image);
    assert.equal(parsePam(file.subarray(0, file.length - 1)), undefined, "a short file");
    assert.equal(parsePam(Buffer.from("P6\n3 2\n255\n")), undefined);
  });
});

describe("overlay layers", () => {
  const image = solid(2, 2, [0, 255, 0, 255]);
  const activate = (type: string, settings: Record<string, unknown>) => {
    const action = overlayActionOf(type, settings);
    assert.equal(action?.kind, "activate");
    return action.kind === "activate" ? action.activation : assert.fail();
  };

  it("reads MediaLive's defaults from an action", () => {
    assert.deepEqual(activate("staticImageActivateSettings", { image: { uri: "file:///a.png" } }), { scopes: [GLOBAL_OVERLAY_SCOPE], layer: 0, image: { uri: "file:///a.png" }, x: 0, y: 0, opacity: 1, fadeInMs: 0, durationMs: 0, fadeOutMs: 0 });
    assert.deepEqual(overlayActionOf("staticImageOutputDeactivateSettings", { outputNames: ["a"], layer: 3, fadeOut: 200 }), { kind: "deactivate", deactivation: { scopes: ["a"], layer: 3, fadeOutMs: 200 } });
    assert.equal(overlayActionOf("pauseStateSettings", {}), undefined);
  });

  it("a duration ends the layer after its fade-out; a deactivation fades it out from now; a new activation replaces the layer", () => {
    const layers = new OverlayLayers();
    layers.activate(activate("staticImageActivateSettings", { image: {}, layer: 1, duration: 1000, fadeOut: 500, opacity: 50 }), image, 100);
    const [shown] = layers.all;
    assert.equal(layerAlpha(shown!, 1100), 0.5);
    assert.equal(layerAlpha(shown!, 1350), 0.25);
    layers.prune(1599);
    assert.equal(layers.all.length, 1);
    layers.prune(1600);
    assert.equal(layers.all.length, 0);

    layers.activate(activate("staticImageActivateSettings", { image: {}, layer: 2, fadeOut: 900 }), image, 0);
    assert.equal(layers.all[0]!.fadeOutStartMs, undefined, "fadeOut applies only with a duration");
    layers.activate(activate("staticImageActivateSettings", { image: {}, layer: 2, imageX: 7 }), image, 10);
    assert.deepEqual(layers.all.map((l) => l.x), [7]);
    assert.equal(layers.deactivate({ scopes: [GLOBAL_OVERLAY_SCOPE], layer: 2, fadeOutMs: 400 }, 1000), true);
    assert.equal(layerAlpha(layers.all[0]!, 1200), 0.5);
    assert.equal(layers.deactivate({ scopes: [GLOBAL_OVERLAY_SCOPE], layer: 6, fadeOutMs: 0 }, 1000), false);
  });

  it("keeps the channel's and each output's layers apart; outputs sharing an encode show the latest of a layer number", () => {
    const layers = new OverlayLayers();
    layers.activate(activate("staticImageActivateSettings", { image: {}, layer: 0 }), image, 0);
    layers.activate(activate("staticImageOutputActivateSettings", { image: {}, layer: 0, outputNames: ["a"], imageX: 1 }), image, 10);
    layers.activate(activate("staticImageOutputActivateSettings", { image: {}, layer: 0, outputNames: ["b"], imageX: 2 }), image, 20);
    assert.deepEqual(layers.layersOf((scope) => scope === GLOBAL_OVERLAY_SCOPE).map((l) => l.x), [0]);
    assert.deepEqual(layers.layersOf((scope) => scope === "a").map((l) => l.x), [1]);
    assert.deepEqual(layers.layersOf((scope) => scope === "a" || scope === "b").map((l) => l.x), [2]);
    layers.deactivate({ scopes: ["b"], layer: 0, fadeOutMs: 0 }, 30);
    layers.prune(30);
    assert.deepEqual(layers.layersOf((scope) => scope === "a" || scope === "b").map((l) => l.x), [1]);
  });
});
