import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";
import pino from "pino";
import { FIRST_FRAME_TIMEOUT_MS, MOTION_GRAPHICS_LAYER, RENDERER_START_TIMEOUT_MS, MotionGraphicsControl, motionGraphicsActionOf, type ActiveMotionGraphics, type MotionGraphicsCanvas } from "../../../../src/pipeline/motion-graphics/motion-graphics-control.ts";
import type { HtmlRendererOptions } from "../../../../src/pipeline/motion-graphics/html-renderer.ts";
import type { RgbaImage } from "../../../../src/pipeline/program/overlay-canvas.ts";
import { OverlayLayers, type OverlayActivation } from "../../../../src/pipeline/program/overlay-layers.ts";
import type { ScheduledAction } from "../../../../src/pipeline/switching/schedule-executor.ts";
import type { WorkerAlert } from "../../../../src/pipeline/worker/messages.ts";

const logger = pino({ level: "silent" });
const frame = (value: number): RgbaImage => ({ width: 2, height: 1, rgba: new Uint8Array(8).fill(value) });
const action = (type: string, settings: Record<string, unknown>, actionName = "mg"): ScheduledAction => ({ type, settings, actionName }) as unknown as ScheduledAction;

/** The canvas side: OverlayLayers, as OverlayControl keeps them. */
class FakeCanvas implements MotionGraphicsCanvas {
  readonly layers = new OverlayLayers();
  programSize: { width: number; height: number } | undefined = { width: 320, height: 180 };
  showRendered(activation: OverlayActivation, image: RgbaImage): void {
    if (!this.layers.replaceImage("", activation.layer, image)) this.layers.activate(activation, image, 0);
  }
  removeLayer(layer: number): void {
    this.layers.deactivate({ scopes: [""], layer, fadeOutMs: 0 }, 0);
    this.layers.prune(0);
  }
}

function setup(fail?: string) {
  const canvas = new FakeCanvas();
  const alerts: WorkerAlert[] = [];
  const started: { options: HtmlRendererOptions; closed: boolean }[] = [];
  const reported: (ActiveMotionGraphics | undefined)[] = [];
  const logged: Record<string, unknown>[] = [];
  const control = new MotionGraphicsControl({
    canvas,
    resolveSecret: (name) => (name === "pw" ? "s3cret" : undefined),
    logger: pino({ level: "info" }, { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) }),
    alert: (alert) => alerts.push(alert),
    onActive: (active) => reported.push(active),
    startRenderer: async (options) => {
      if (fail) throw new Error(fail);
      const entry = { options, closed: false };
      started.push(entry);
      return { frames: 0, close: async () => void (entry.closed = true) };
    },
  });
  return { canvas, alerts, started, control, reported, logged };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("motion graphics control", () => {
  it("reads MediaLive's activate and deactivate settings", () => {
    assert.deepEqual(motionGraphicsActionOf(action("motionGraphicsImageActivateSettings", { url: "https://e.com/a.html", duration: 5000, username: "u", passwordParam: "pw" })), { actionName: "mg", url: "https://e.com/a.html", durationMs: 5000, username: "u", passwordParam: "pw" });
    assert.equal(motionGraphicsActionOf(action("motionGraphicsImageDeactivateSettings", {})), "deactivate");
    assert.equal(motionGraphicsActionOf(action("staticImageActivateSettings", {})), undefined);
  });

  it("renders the page at the program picture's size with basic auth, and shows each frame on the layer above the static ones", async () => {
    const { canvas, started, control } = setup();
    control.apply(action("motionGraphicsImageActivateSettings", { url: "https://e.com/a.html", username: "u", passwordParam: "pw" }));
    await settle();
    assert.equal(started.length, 1);
    const options = started[0]!.options;
    assert.deepEqual([options.url, options.width, options.height, options.credentials], ["https://e.com/a.html", 320, 180, { username: "u", password: "s3cret" }]);
    options.onFrame(frame(1));
    options.onFrame(frame(2));
    const layers = canvas.layers.all;
    assert.equal(layers.length, 1);
    assert.equal(layers[0]!.layer, MOTION_GRAPHICS_LAYER);
    assert.ok(MOTION_GRAPHICS_LAYER > 7);
    assert.equal(layers[0]!.image.rgba[0], 2, "the latest frame");
    assert.deepEqual(control.active, { actionName: "mg", url: "https://e.com/a.html" });
  });

  it("a renderer that gives no frame in time is started again once; twice nothing: the alert, the layer empty", async () => {
    mock.timers.enable({ apis: ["setTimeout", "setInterval"] });
    try {
      const { canvas, alerts, started, control } = setup();
      control.apply(action("motionGraphicsImageActivateSettings", { url: "https://e.com/a.html" }));
      await settle();
      assert.equal(started.length, 1);
      mock.timers.tick(FIRST_FRAME_TIMEOUT_MS);
      for (let i = 0; i < 5; i++) await settle();
      assert.equal(started[0]!.closed, true, "the silent browser is closed");
      assert.equal(started.length, 2, "and started again");
      assert.equal(alerts.length, 0, "no alert for the first miss");
      mock.timers.tick(FIRST_FRAME_TIMEOUT_MS);
      for (let i = 0; i < 5; i++) await settle();
      assert.equal(started[1]!.closed, true);
      assert.equal(started.length, 2, "not a third time");
      assert.equal(alerts.length, 1);
      assert.equal(alerts[0]!.state, "SET");
      assert.match(alerts[0]!.message, /no frame within 8000 ms, twice/);
      assert.equal(canvas.layers.all.length, 0);
      await control.close();
    } finally {
      mock.timers.reset();
    }
  });

  it("a browser start that hangs is abandoned (its signal aborts) and started again; a late one is closed when it comes", async () => {
    mock.timers.enable({ apis: ["setTimeout", "setInterval"] });
    try {
      const canvas = new FakeCanvas();
      const alerts: WorkerAlert[] = [];
      let finishFirst: (() => void) | undefined;
      const closed: number[] = [];
      const signals: AbortSignal[] = [];
      let calls = 0;
      const control = new MotionGraphicsControl({
        canvas, resolveSecret: () => undefined, logger, alert: (alert) => alerts.push(alert),
        startRenderer: (options) => {
          const call = ++calls;
          signals.push(options.signal!);
          const renderer = { frames: 1, close: async () => void closed.push(call) };
          if (call === 1) return new Promise((resolve) => (finishFirst = () => resolve(renderer)));
          options.onFrame(frame(7));
          return Promise.resolve(renderer);
        },
      });
      control.apply(action("motionGraphicsImageActivateSettings", { url: "https://e.com/a.html" }));
      await settle();
      assert.equal(calls, 1);
      assert.equal(signals[0]!.aborted, false);
      mock.timers.tick(RENDERER_START_TIMEOUT_MS);
      for (let i = 0; i < 5; i++) await settle();
      assert.equal(signals[0]!.aborted, true, "the hanging start is abandoned (its browser ended)");
      assert.equal(calls, 2, "started again");
      assert.equal(signals[1]!.aborted, false);
      assert.equal(canvas.layers.all[0]?.image.rgba[0], 7, "the second browser's frame is shown");
      finishFirst!();
      for (let i = 0; i < 5; i++) await settle();
      assert.deepEqual(closed, [1], "the first browser, late, is closed");
      assert.equal(alerts.length, 0);
      await control.close();
    } finally {
      mock.timers.reset();
    }
  });

  it("removes the layer and closes the browser at a deactivation; frames after it are not shown; the page is reported while shown", async () => {
    const { canvas, started, control, reported } = setup();
    control.apply(action("motionGraphicsImageActivateSettings", { url: "https://e.com/a.html" }));
    await settle();
    assert.deepEqual(reported, [{ actionName: "mg", url: "https://e.com/a.html" }]);
    started[0]!.options.onFrame(frame(1));
    control.apply(action("motionGraphicsImageDeactivateSettings", {}, "off"));
    await settle();
    assert.equal(started[0]!.closed, true);
    assert.equal(canvas.layers.all.length, 0);
    started[0]!.options.onFrame(frame(3));
    assert.equal(canvas.layers.all.length, 0);
    assert.equal(control.active, undefined);
    assert.deepEqual(reported, [{ actionName: "mg", url: "https://e.com/a.html" }, undefined]);
  });

  it("a page started again (its browser failed) gets what remains of its duration, counted from the activation", async (t) => {
    t.mock.timers.enable({ apis: ["setTimeout", "setInterval", "Date"] });
    const { canvas, started, control, reported } = setup();
    control.apply(action("motionGraphicsImageActivateSettings", { url: "https://e.com/a.html", duration: 10_000 }));
    await settle();
    started[0]!.options.onFrame(frame(1));
    t.mock.timers.tick(6_000);
    started[0]!.options.onExit("the browser rendering the page exited");
    for (let i = 0; i < 5; i++) await settle();
    assert.equal(started.length, 2, "started again");
    started[1]!.options.onFrame(frame(2));
    t.mock.timers.tick(3_999);
    await settle();
    assert.equal(canvas.layers.all.length, 1, "shown until the activation's end");
    t.mock.timers.tick(1);
    for (let i = 0; i < 5; i++) await settle();
    assert.equal(canvas.layers.all.length, 0, "ended 10 s after the activation, not 10 s after the restart");
    assert.equal(started[1]!.closed, true);
    assert.equal(reported.at(-1), undefined);
    // An activation waiting for the encoder's plan whose time is over meanwhile is not started.
    const waiting = setup();
    waiting.canvas.programSize = undefined;
    waiting.control.apply(action("motionGraphicsImageActivateSettings", { url: "https://e.com/b.html", duration: 1_000 }));
    t.mock.timers.tick(1_000);
    waiting.canvas.programSize = { width: 320, height: 180 };
    waiting.control.planReady();
    await settle();
    assert.equal(waiting.started.length, 0);
  });

  it("a new activation replaces the page shown", async () => {
    const { started, control } = setup();
    control.apply(action("motionGraphicsImageActivateSettings", { url: "https://e.com/a.html" }));
    await settle();
    control.apply(action("motionGraphicsImageActivateSettings", { url: "https://e.com/b.html" }, "mg2"));
    await settle();
    assert.deepEqual(started.map((s) => [s.options.url, s.closed]), [["https://e.com/a.html", true], ["https://e.com/b.html", false]]);
  });

  it("ends the page after its duration", async (t) => {
    t.mock.timers.enable({ apis: ["setTimeout", "setInterval"] });
    const { canvas, started, control } = setup();
    control.apply(action("motionGraphicsImageActivateSettings", { url: "https://e.com/a.html", duration: 3000 }));
    await settle();
    started[0]!.options.onFrame(frame(1));
    t.mock.timers.tick(2999);
    assert.equal(canvas.layers.all.length, 1);
    t.mock.timers.tick(1);
    await settle();
    assert.equal(canvas.layers.all.length, 0);
    assert.equal(started[0]!.closed, true);
  });

  it("a browser that exits is started again once; exiting again raises an alert (its reason logged) and removes the layer; the next page shown clears it", async () => {
    const { canvas, alerts, started, control, logged } = setup();
    control.apply(action("motionGraphicsImageActivateSettings", { url: "https://e.com/a.html" }));
    await settle();
    started[0]!.options.onFrame(frame(1));
    started[0]!.options.onExit("the browser rendering the page exited");
    for (let i = 0; i < 5; i++) await settle();
    assert.equal(started.length, 2, "started again");
    assert.equal(alerts.length, 0, "no alert for the first exit");
    started[1]!.options.onExit("the browser rendering the page exited");
    for (let i = 0; i < 5; i++) await settle();
    assert.equal(started.length, 2, "not a third time");
    assert.equal(canvas.layers.all.length, 0);
    assert.deepEqual(alerts.map((a) => [a.alertType, a.state]), [["Motion Graphics Overlay Failed", "SET"]]);
    assert.match(alerts[0]!.message, /"mg".*exited/);
    const failure = logged.find((line) => line.level === 50);
    assert.match(String(failure?.msg), /Motion Graphics Overlay Failed/);
    assert.match(String(failure?.reason), /exited, twice/);
    control.apply(action("motionGraphicsImageActivateSettings", { url: "https://e.com/a.html" }, "again"));
    await settle();
    assert.deepEqual(alerts.map((a) => a.state), ["SET", "CLEARED"]);
  });

  it("a browser that cannot start, or a picture too large, raises an alert", async () => {
    const failing = setup("net::ERR_CONNECTION_REFUSED");
    failing.control.apply(action("motionGraphicsImageActivateSettings", { url: "https://e.com/a.html" }));
    await settle();
    assert.match(failing.alerts[0]!.message, /ERR_CONNECTION_REFUSED/);
    const large = setup();
    large.canvas.programSize = { width: 1280, height: 720 };
    large.control.apply(action("motionGraphicsImageActivateSettings", { url: "https://e.com/a.html" }));
    await settle();
    assert.equal(large.started.length, 0);
    assert.match(large.alerts[0]!.message, /1280x720/);
  });

  it("an activation before the encoder's plan waits for it (the picture's size), then starts; a deactivation meanwhile cancels it", async () => {
    const { canvas, started, control } = setup();
    canvas.programSize = undefined;
    control.apply(action("motionGraphicsImageActivateSettings", { url: "https://e.com/a.html" }));
    await settle();
    assert.equal(started.length, 0);
    canvas.programSize = { width: 320, height: 180 };
    control.planReady();
    await settle();
    assert.equal(started.length, 1);
    const other = setup();
    other.canvas.programSize = undefined;
    other.control.apply(action("motionGraphicsImageActivateSettings", { url: "https://e.com/a.html" }));
    other.control.apply(action("motionGraphicsImageDeactivateSettings", {}));
    other.canvas.programSize = { width: 320, height: 180 };
    other.control.planReady();
    await settle();
    assert.equal(other.started.length, 0);
  });

  it("close() closes the browser and ignores later actions", async () => {
    const { started, control } = setup();
    control.apply(action("motionGraphicsImageActivateSettings", { url: "https://e.com/a.html" }));
    await settle();
    await control.close();
    await control.close();
    assert.equal(started[0]!.closed, true);
    control.apply(action("motionGraphicsImageActivateSettings", { url: "https://e.com/b.html" }));
    await settle();
    assert.equal(started.length, 1);
  });
});
