import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planEncoder } from "../../../../src/output/encoder/encoder-plan.ts";
import { abrLadder, h264Video, planRequest } from "./encoder-fixtures.ts";
import { filterGraph } from "./plan-view.ts";

const OVERLAY = "overlay=0:0:eof_action=repeat:shortest=1";

/** The ladder with per-output overlays enabled (MediaLive's feature activation). */
function ladderWithOutputOverlays(): ReturnType<typeof abrLadder> {
  const config = abrLadder();
  (config.encoderSettings as { featureActivations?: Record<string, string> }).featureActivations = { outputStaticImageOverlayScheduleActions: "ENABLED" };
  return config;
}

describe("planEncoder: image overlay canvases", () => {
  const plan = planEncoder({ ...planRequest(ladderWithOutputOverlays()), overlayCanvasFolder: "/srv/work/" });
  const graph = filterGraph(plan);

  it("reads the program canvas and one canvas per video encode after the fed TS, each a looped image2 input probed at once", () => {
    const inputs = plan.args.flatMap((arg, i) => (arg === "-i" ? [plan.args[i + 1]] : []));
    assert.deepEqual(inputs, ["pipe:0", "/srv/work/overlay-program.pam", "/srv/work/overlay-v0.pam", "/srv/work/overlay-v1.pam", "/srv/work/overlay-v2.pam"]);
    const program = plan.args.indexOf("/srv/work/overlay-program.pam");
    assert.deepEqual(plan.args.slice(program - 15, program + 1), ["-thread_queue_size", "4", "-analyzeduration", "1", "-probesize", "32", "-f", "image2", "-pattern_type", "none", "-loop", "1", "-framerate", "30/1", "-i", "/srv/work/overlay-program.pam"]);
  });

  it("composites the program canvas before the split and each encode's after its chain, in a YUV format (never auto: RGBA conversions)", () => {
    assert.match(graph, new RegExp(`^\\[0:v:0\\]\\[1:v\\]${OVERLAY}:format=yuv420\\[program\\];\\[program\\]split=4`));
    for (const j of [0, 1, 2]) {
      assert.match(graph, new RegExp(`\\[venc${j}_under\\];\\[venc${j}_under\\]\\[${2 + j}:v\\]${OVERLAY}:format=yuv420,format=yuv420p\\[venc${j}\\]`));
    }
    assert.doesNotMatch(graph, /format=auto/);
    assert.doesNotMatch(graph, /thumb_under/, "the thumbnail shows the program picture");
  });

  it("tells the pipeline each canvas's file and size", () => {
    assert.deepEqual(plan.overlays, {
      program: { file: "/srv/work/overlay-program.pam", width: 1280, height: 720 },
      encodes: [
        { file: "/srv/work/overlay-v0.pam", width: 1920, height: 1080, videoDescriptionName: "v1080" },
        { file: "/srv/work/overlay-v1.pam", width: 1280, height: 720, videoDescriptionName: "v720" },
        { file: "/srv/work/overlay-v2.pam", width: 640, height: 360, videoDescriptionName: "v360" },
      ],
    });
  });

  it("composites the program picture in the most precise format an encode keeps", () => {
    const config = ladderWithOutputOverlays();
    config.encoderSettings.videoDescriptions[1] = h264Video("v720", 1280, 720, { profile: "HIGH_10BIT" });
    const tenBit = filterGraph(planEncoder({ ...planRequest(config), overlayCanvasFolder: "/srv/work" }));
    assert.match(tenBit, new RegExp(`^\\[0:v:0\\]\\[1:v\\]${OVERLAY}:format=yuv420p10\\[program\\]`));
    assert.match(tenBit, new RegExp(`\\[3:v\\]${OVERLAY}:format=yuv420p10,format=yuv420p10le\\[venc1\\]`));
  });

  it("reads the program canvas only when the channel does not enable per-output overlays", () => {
    const programOnly = planEncoder({ ...planRequest(abrLadder()), overlayCanvasFolder: "/srv/work" });
    assert.deepEqual(programOnly.args.flatMap((arg, i) => (arg === "-i" ? [programOnly.args[i + 1]] : [])), ["pipe:0", "/srv/work/overlay-program.pam"]);
    assert.deepEqual(programOnly.overlays?.encodes, []);
    assert.doesNotMatch(filterGraph(programOnly), /_under/, "no encode is composited");
    assert.match(filterGraph(programOnly), new RegExp(`^\\[0:v:0\\]\\[1:v\\]${OVERLAY}`));
  });

  it("adds nothing without a canvas folder", () => {
    const none = planEncoder(planRequest(abrLadder()));
    assert.equal(none.args.filter((arg) => arg === "-i").length, 1);
    assert.equal(none.overlays, undefined);
  });
});
