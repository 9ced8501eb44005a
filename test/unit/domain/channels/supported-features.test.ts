import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import {
  classifyChannelMembers,
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
    assert.deepEqual(SUPPORTED_VIDEO_CODECS, ["h264Settings", "h265Settings", "mpeg2Settings", "av1Settings", "frameCaptureSettings"]);
    assert.deepEqual(SUPPORTED_AUDIO_CODECS, ["aacSettings", "ac3Settings", "eac3Settings", "mp2Settings", "passThroughSettings"]);
    assert.deepEqual(SUPPORTED_CAPTION_DESTINATIONS, ["embeddedDestinationSettings", "webvttDestinationSettings", "burnInDestinationSettings"]);
    assert.deepEqual(SUPPORTED_OUTPUT_GROUPS, ["hlsGroupSettings", "archiveGroupSettings", "frameCaptureGroupSettings", "cmafIngestGroupSettings", "msSmoothGroupSettings", "mediaPackageGroupSettings", "udpGroupSettings", "rtmpGroupSettings", "srtGroupSettings"]);
    assert.deepEqual(SUPPORTED_HLS_SETTINGS, ["standardHlsSettings", "fmp4HlsSettings", "audioOnlyHlsSettings", "frameCaptureHlsSettings"]);
  });

  it("names only real model shapes and wire members, with values the model allows", () => {
    for (const [shapeName, support] of Object.entries(SUPPORTED_SHAPES)) {
      const model = MODEL_SHAPES[shapeName];
      assert.ok(model?.type === "structure", `${shapeName} is not a model structure`);
      const wires = new Map(Object.values(model.members ?? {}).map((m) => [m.wire, m.shape]));
      const told: Readonly<Record<string, string>> = "told" in support ? support.told : {};
      const refused: Readonly<Record<string, string>> = "refused" in support ? support.refused : {};
      for (const [member, spec] of Object.entries(support.members) as [string, { values?: readonly unknown[] }][]) {
        assert.ok(wires.has(member), `${shapeName}.${member} is not a member of the model`);
        assert.ok(!(member in told) && !(member in refused), `${shapeName}.${member} is both honoured and told or refused`);
        const memberShape = MODEL_SHAPES[wires.get(member)!];
        for (const value of spec.values ?? []) {
          if (memberShape?.enum) assert.ok(memberShape.enum.includes(value as string), `${shapeName}.${member}: ${String(value)} is not in the model's enum`);
        }
      }
      for (const member of [...Object.keys(told), ...Object.keys(refused)]) {
        assert.ok(!(member in told && member in refused), `${shapeName}.${member} is both told and refused`);
        // Update-only members (specialRouterSettings) are not all in CreateChannelRequest.
        if (shapeName !== "CreateChannelRequest") assert.ok(wires.has(member), `${shapeName}.${member} (told/refused) is not a member of the model`);
      }
    }
  });

  it("tells members off the list and values outside `values`, and refuses only the listed refusals", () => {
    const found = classifyChannelMembers("H264Settings", { bitrate: 1000000, flickerAq: "ENABLED", softness: 10 }, "h264");
    assert.deepEqual(found.refused, []);
    assert.deepEqual(
      found.told.map((setting) => setting.elementPath),
      ["h264.flickerAq", "h264.softness"],
    );
    for (const setting of found.told) assert.match(setting.reason, /^(flickerAq|softness)\b.*\S/);
    const group = classifyChannelMembers("OutputGroupSettings", { multiplexGroupSettings: {} }, "g");
    assert.deepEqual(group.refused.map((problem) => problem.elementPath), ["g.multiplexGroupSettings"]);
    assert.match(group.refused[0]!.errorMessage, /no multiplexes/);
  });

  it("reads a list written as one object as a list of one, and 0 below a model minimum as unset, and tells both", () => {
    const found = classifyChannelMembers("OutputDestination", { id: "d", settings: { url: "file:///x/y" } }, "d");
    assert.deepEqual(found.told.map((setting) => setting.elementPath), ["d.settings"]);
    assert.match(found.told[0]!.reason, /list of one/);
    const zero = classifyChannelMembers("H264Settings", { slices: 0 }, "h264");
    assert.ok(zero.told.some((setting) => setting.elementPath === "h264.slices" && /read as unset/.test(setting.reason)));
  });

  it("treats null and empty lists as absent", () => {
    assert.deepEqual(classifyChannelMembers("HlsGroupSettings", { adMarkers: [], encryptionType: null }, "g"), { refused: [], told: [] });
  });

  it("never throws on garbage", () => {
    for (const value of [null, 1, "x", [], [1, null], { codecSettings: [null] }]) {
      const found = classifyChannelMembers("VideoDescription", value, "v");
      assert.ok(Array.isArray(found.refused) && Array.isArray(found.told));
    }
  });
});
