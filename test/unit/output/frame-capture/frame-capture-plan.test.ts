import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planEncoder } from "../../../../src/output/encoder/encoder-plan.ts";
import { fileDestination, minimalHls, planRequest } from "../encoder/encoder-fixtures.ts";
import { filterGraph, outputView, teeSlaves } from "../encoder/plan-view.ts";

type Json = Record<string, any>;

function withCaptures(captureInterval: number, captureIntervalUnits: string, outputs = 1): Json {
  const config = minimalHls();
  config.encoderSettings.videoDescriptions.push({ name: "stills", width: 640, height: 360, codecSettings: { frameCaptureSettings: { captureInterval, captureIntervalUnits } } });
  config.destinations.push({ id: "fc", settings: [{ url: "file:///srv/out/stills/cap" }] });
  config.encoderSettings.outputGroups.push({
    name: "stills",
    outputGroupSettings: { frameCaptureGroupSettings: { destination: { destinationRefId: "fc" } } },
    outputs: Array.from({ length: outputs }, (_, k) => ({ outputName: `f${k}`, videoDescriptionName: "stills", outputSettings: { frameCaptureOutputSettings: { nameModifier: `_${k}` } } })),
  });
  return config;
}

const destinations = { hls: fileDestination("/srv/out/live"), stills: fileDestination("/work/p0/frame-capture/stills", "cap") };

describe("frame capture plan", () => {
  it("writes each output's JPEGs atomically into the staging folder, numbered from 0 each run", () => {
    const plan = planEncoder(planRequest(withCaptures(2, "SECONDS"), destinations));
    const capture = teeSlaves(plan)[1]!;
    assert.equal(capture.options.get("f"), "image2");
    assert.equal(capture.options.get("atomic_writing"), "1");
    assert.equal(capture.options.get("start_number"), "0");
    assert.equal(capture.path, "/work/p0/frame-capture/stills/o0.%05d.jpg");
    // The JPEG encode of the frameCaptureSettings description: mjpeg, video only.
    const view = outputView(plan, 1);
    assert.equal(view.maps.length, 1);
    assert.deepEqual(view.options.slice(view.options.indexOf("-c:v"), view.options.indexOf("-c:v") + 2), ["-c:v", "mjpeg"]);
    // At its own size and one picture per captureInterval (fps 1/2).
    assert.match(filterGraph(plan), /\]fps=1\/2,scale=640:360:/);
  });

  it("takes milliseconds: 500 ms is two pictures a second", () => {
    const plan = planEncoder(planRequest(withCaptures(500, "MILLISECONDS"), destinations));
    assert.match(filterGraph(plan), /\]fps=1000\/500,scale=640:360:/);
  });

  it("encodes a description once for all the outputs that capture it", () => {
    const plan = planEncoder(planRequest(withCaptures(1, "SECONDS", 2), destinations));
    const slaves = teeSlaves(plan);
    assert.deepEqual(slaves.slice(1).map((slave) => slave.path), ["/work/p0/frame-capture/stills/o0.%05d.jpg", "/work/p0/frame-capture/stills/o1.%05d.jpg"]);
    assert.deepEqual(outputView(plan, 1).streamIndexes, outputView(plan, 2).streamIndexes);
  });
});
