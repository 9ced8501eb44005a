import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { staticImageActionProblems, staticImageContext, type StaticImageActionType } from "../../../../src/domain/channels/schedule-image-rules.ts";
import { applyScheduleBatch } from "../../../../src/domain/channels/schedule-rules.ts";

const AT = "creates.scheduleActions[0].scheduleActionSettings.x";
const CONTEXT = { outputNames: new Set(["720p", "360p"]), outputOverlaysEnabled: true, inputRoots: ["/srv/media"] };
const messages = (key: StaticImageActionType, settings: unknown, context = CONTEXT): string[] => staticImageActionProblems(key, settings, AT, context).map((p) => `${p.elementPath.slice(AT.length)}: ${p.errorMessage}`);
const image = { uri: "file:///srv/media/logo.png" };

describe("static image schedule action rules", () => {
  it("accepts what MediaLive documents, from file:// inside the input roots and http(s)", () => {
    assert.deepEqual(messages("staticImageActivateSettings", { image, imageX: 0, imageY: 10, width: 1, height: 64, opacity: 100, layer: 7, duration: 0, fadeIn: 500, fadeOut: 500 }), []);
    assert.deepEqual(messages("staticImageActivateSettings", { image: { uri: "https://cdn.example.com/logos/Large.BMP", username: "u", passwordParam: "p" } }), []);
    assert.deepEqual(messages("staticImageActivateSettings", { image: { uri: "http://127.0.0.1:8080/a.tga" }, opacity: 0, layer: 0 }), []);
    assert.deepEqual(messages("staticImageDeactivateSettings", {}), []);
    assert.deepEqual(messages("staticImageDeactivateSettings", { layer: 3, fadeOut: 1000 }), []);
    assert.deepEqual(messages("staticImageOutputActivateSettings", { image, outputNames: ["720p", "360p"] }), []);
    assert.deepEqual(messages("staticImageOutputDeactivateSettings", { outputNames: ["360p"], layer: 2 }), []);
  });

  it("refuses out-of-range members, each at its path", () => {
    assert.deepEqual(messages("staticImageActivateSettings", { image, imageX: -1, width: 0, opacity: 101, layer: 8, duration: 1.5, fadeIn: "500" }), [
      ".imageX: imageX is pixels from the left edge: an integer of at least 0",
      ".width: width is pixels: an integer of at least 1",
      ".opacity: opacity is percent (0 transparent, 100 opaque): an integer from 0 to 100",
      ".layer: layer is the layer (higher layers are drawn above lower ones): an integer from 0 to 7",
      ".duration: duration is milliseconds (0: until deactivated): an integer of at least 0",
      ".fadeIn: fadeIn is milliseconds: an integer of at least 0",
    ]);
    assert.deepEqual(messages("staticImageDeactivateSettings", { layer: -1, fadeOut: -5 }), [
      ".layer: layer is the layer (higher layers are drawn above lower ones): an integer from 0 to 7",
      ".fadeOut: fadeOut is milliseconds: an integer of at least 0",
    ]);
    assert.deepEqual(messages("staticImageActivateSettings", "x"), [": staticImageActivateSettings must be an object"]);
  });

  it("refuses a missing image, other formats, other schemes and files outside the input roots", () => {
    assert.match(messages("staticImageActivateSettings", {})[0]!, /^\.image: image is required/);
    assert.match(messages("staticImageActivateSettings", { image: {} })[0]!, /^\.image\.uri: is required/);
    assert.match(messages("staticImageActivateSettings", { image: { uri: "file:///srv/media/logo.jpg" } })[0]!, /must be a 32-bit PNG, BMP or TGA file/);
    assert.deepEqual(messages("staticImageActivateSettings", { image: { uri: "s3ssl://bucket/logos/logo.png" } }), []);
    assert.deepEqual(messages("staticImageActivateSettings", { image: { uri: "s3://bucket/logo.png" } }), []);
    assert.match(messages("staticImageActivateSettings", { image: { uri: "s3ssl://bucket-only.png" } })[0]!, /must be s3ssl:\/\/<bucket>\/<key of the image>/);
    assert.match(messages("staticImageActivateSettings", { image: { uri: "ftp://host/logo.png" } })[0]!, /read from file:\/\/\/<absolute path> \(inside an input root\), http\(s\):\/\/… or s3\(ssl\):\/\/<bucket>\/<key> by openlive, not ftp:\/\//);
    assert.match(messages("staticImageActivateSettings", { image: { uri: "file:///etc/logo.png" } })[0]!, /^\.image\.uri: "file:\/\/\/etc\/logo\.png": .*input root/);
    assert.match(messages("staticImageActivateSettings", { image: { uri: "file:///srv/media/../../etc/logo.png" } })[0]!, /^\.image\.uri: /);
    assert.match(messages("staticImageActivateSettings", { image: { uri: "logo.png" } })[0]!, /^\.image\.uri: "logo\.png": overlay images are read from/);
  });

  it("per-output actions name outputs of the channel and need the feature activation", () => {
    assert.deepEqual(messages("staticImageOutputActivateSettings", { image, outputNames: ["1080p", "720p", "720p"] }), [
      '.outputNames[0]: the channel has no output named "1080p"',
      '.outputNames[2]: "720p" is listed twice',
    ]);
    assert.deepEqual(messages("staticImageOutputDeactivateSettings", {}), [".outputNames: outputNames is required: the names of the outputs the action applies to"]);
    assert.deepEqual(messages("staticImageOutputDeactivateSettings", { outputNames: ["720p"] }, { ...CONTEXT, outputOverlaysEnabled: false }), [
      ": staticImageOutputDeactivateSettings needs the channel's encoderSettings.featureActivations.outputStaticImageOverlayScheduleActions set to ENABLED (UpdateChannel), or use staticImageDeactivateSettings for every output",
    ]);
  });

  it("takes the outputs and the feature activation from the channel, and the batch accepts the actions", () => {
    const config = { encoderSettings: { featureActivations: { outputStaticImageOverlayScheduleActions: "ENABLED" }, outputGroups: [{ outputs: [{ outputName: "a" }, { outputName: "b" }] }, { outputs: [{ outputName: "c" }] }] } };
    const context = staticImageContext(config, ["/srv/media"]);
    assert.deepEqual([...context.outputNames], ["a", "b", "c"]);
    assert.equal(context.outputOverlaysEnabled, true);
    assert.equal(staticImageContext({}, []).outputOverlaysEnabled, false);
    const immediate = { immediateModeScheduleActionStartSettings: {} };
    const result = applyScheduleBatch([], { creates: { scheduleActions: [
      { actionName: "logo", scheduleActionStartSettings: immediate, scheduleActionSettings: { staticImageActivateSettings: { image, layer: 2 } } },
      { actionName: "logo-b", scheduleActionStartSettings: immediate, scheduleActionSettings: { staticImageOutputActivateSettings: { image, outputNames: ["b"] } } },
    ] } }, { attachments: new Map(), nowMs: 0, images: context });
    assert.equal(result.ok, true, JSON.stringify(result));
    const refused = applyScheduleBatch([], { creates: { scheduleActions: [{ actionName: "x", scheduleActionStartSettings: immediate, scheduleActionSettings: { staticImageOutputActivateSettings: { image, outputNames: ["z"] } } }] } }, { attachments: new Map(), nowMs: 0, images: context });
    assert.equal(refused.ok, false);
    assert.deepEqual(!refused.ok && refused.problems.map((p) => p.elementPath), ["creates.scheduleActions[0].scheduleActionSettings.staticImageOutputActivateSettings.outputNames[0]"]);
  });
});
