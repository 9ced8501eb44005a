import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import type { ChannelConfig } from "../../../src/domain/channels/channel-config.ts";
import { planEncoder } from "../../../src/output/encoder/encoder-plan.ts";
import { checkOutputs, OUTPUT_KINDS, outputKindOf } from "../../../src/output/output-kinds.ts";
import { OutputRoots } from "../../../src/output/roots/output-roots.ts";
import { minimalHls, planRequest } from "./encoder/encoder-fixtures.ts";

describe("output kinds", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "output-kinds-"));
  after(() => rmSync(root, { recursive: true, force: true }));

  it("lists each OutputGroupSettings member once, HLS among them", () => {
    const members = OUTPUT_KINDS.map((kind) => kind.kind);
    assert.deepEqual(members, [...new Set(members)]);
    assert.ok(members.includes("hlsGroupSettings"));
  });

  it("finds a group's kind by the settings member it sets, and none for a kind openlive does not produce", () => {
    const group = minimalHls().encoderSettings.outputGroups[0];
    assert.equal(outputKindOf(group)?.kind, "hlsGroupSettings");
    assert.equal(outputKindOf({ ...group, outputGroupSettings: { multiplexGroupSettings: {} } }), undefined);
  });

  it("refuses to plan a group of no known kind", () => {
    const config = minimalHls();
    config.encoderSettings.outputGroups[0].outputGroupSettings = { multiplexGroupSettings: {} };
    assert.throws(() => planEncoder(planRequest(config)), /output group "hls" is of no kind openlive produces/);
  });

  it("checks destinations against the output roots", () => {
    const config = minimalHls();
    const roots = new OutputRoots([root]);
    config.destinations[0].settings[0].url = `file://${root}/live/index`;
    assert.deepEqual(checkOutputs(config as unknown as ChannelConfig, { roots }), []);
    config.destinations[0].settings[0].url = "file:///elsewhere/live/index";
    const problems = checkOutputs(config as unknown as ChannelConfig, { roots });
    assert.deepEqual(problems.map((problem) => problem.elementPath), ["destinations[0].settings[0].url"]);
    assert.match(problems[0]!.errorMessage, /must lie inside an output root/);
  });
});
