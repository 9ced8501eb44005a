import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import {
  findUnsupportedMembers,
  renderSupportedFeaturesMarkdown,
  SUPPORTED_AUDIO_CODECS,
  SUPPORTED_CAPTION_DESTINATIONS,
  SUPPORTED_HLS_SETTINGS,
  SUPPORTED_OUTPUT_GROUPS,
  SUPPORTED_SHAPES,
  SUPPORTED_VIDEO_CODECS,
} from "../../../../src/domain/channels/supported-features.ts";
import { MODEL_SHAPES } from "../../../../src/model/generated/medialive-model.ts";

describe("supported features", () => {
  it("docs/channels.md embeds the generated list verbatim (regenerate it when this fails)", () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, "../../../../docs/channels.md"), "utf8");
    assert.ok(doc.includes(renderSupportedFeaturesMarkdown()), "docs/channels.md is stale: paste the output of renderSupportedFeaturesMarkdown() between its markers");
  });

  it("lists the codecs, caption destinations and output groups openlive produces, and nothing more", () => {
    assert.deepEqual(SUPPORTED_VIDEO_CODECS, ["h264Settings", "h265Settings"]);
    assert.deepEqual(SUPPORTED_AUDIO_CODECS, ["aacSettings", "passThroughSettings"]);
    assert.deepEqual(SUPPORTED_CAPTION_DESTINATIONS, ["embeddedDestinationSettings"]);
    assert.deepEqual(SUPPORTED_OUTPUT_GROUPS, ["hlsGroupSettings"]);
    assert.deepEqual(SUPPORTED_HLS_SETTINGS, ["standardHlsSettings"]);
  });

  it("names only real model shapes and wire members, with values the model allows", () => {
    for (const [shapeName, support] of Object.entries(SUPPORTED_SHAPES)) {
      const model = MODEL_SHAPES[shapeName];
      assert.ok(model?.type === "structure", `${shapeName} is not a model structure`);
      const wires = new Map(Object.values(model.members ?? {}).map((m) => [m.wire, m.shape]));
      const notYet: Record<string, string> = "notYet" in support ? support.notYet : {};
      for (const [member, spec] of Object.entries(support.members) as [string, { values?: readonly unknown[] }][]) {
        assert.ok(wires.has(member), `${shapeName}.${member} is not a member of the model`);
        assert.ok(!(member in notYet), `${shapeName}.${member} is both supported and not yet`);
        const memberShape = MODEL_SHAPES[wires.get(member)!];
        for (const value of spec.values ?? []) {
          if (memberShape?.enum) assert.ok(memberShape.enum.includes(value as string), `${shapeName}.${member}: ${String(value)} is not in the model's enum`);
        }
      }
      for (const member of Object.keys(notYet)) {
        // Request-only members (vpc …) and update-only ones (specialRouterSettings) are not all in CreateChannelRequest.
        if (shapeName !== "CreateChannelRequest") assert.ok(wires.has(member), `${shapeName}.${member} (notYet) is not a member of the model`);
      }
    }
  });

  it("refuses members off the list and values outside `values`, naming them", () => {
    const problems = findUnsupportedMembers("H264Settings", { bitrate: 1000000, flickerAq: "ENABLED", filterSettings: {} }, "h264");
    assert.deepEqual(problems, [
      { elementPath: "h264.flickerAq", errorMessage: 'flickerAq "ENABLED" is not supported by openlive yet; supported: "DISABLED"' },
      { elementPath: "h264.filterSettings", errorMessage: "filterSettings is not supported by openlive yet" },
    ]);
  });

  it("treats null and empty lists as absent", () => {
    assert.deepEqual(findUnsupportedMembers("HlsGroupSettings", { adMarkers: [], encryptionType: null }, "g"), []);
  });

  it("never throws on garbage", () => {
    for (const value of [null, 1, "x", [], [1, null], { codecSettings: [null] }]) {
      assert.ok(Array.isArray(findUnsupportedMembers("VideoDescription", value, "v")));
    }
  });
});
