import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { joinAnnexB } from "../../../../src/media/bits/annex-b.ts";
import { REORDER_PICTURES } from "../../../../src/media/captions/cea608-track.ts";
import { BurnInCaptionsFeed } from "../../../../src/output/captions/burnin-captions-feed.ts";
import { burnInCaptionPlans } from "../../../../src/output/captions/burnin-captions.ts";
import { ccDataSeiNal, popOnCaptionPairs } from "../../../helpers/cea608-injector.ts";
import { minimalHls } from "../../../helpers/minimal-channel.ts";

const SLICE = Uint8Array.from([0x65, 0x88, 0x84, 0x00]);
const FRAME_TICKS_90K = 3000;
const workDir = mkdtempSync(path.join(tmpdir(), "burnin-feed-"));
after(() => rmSync(workDir, { recursive: true, force: true }));

/** The minimal channel whose output burns in "burn" (CC3 through selector "cc"), beside an unnamed WebVTT description. */
function burnInChannel(): ChannelConfig {
  const config = minimalHls();
  config.inputAttachments[0].inputSettings = { ...config.inputAttachments[0].inputSettings, captionSelectors: [{ name: "cc", selectorSettings: { embeddedSourceSettings: { source608ChannelNumber: 3 } } }] };
  config.encoderSettings.captionDescriptions = [
    { name: "subs", captionSelectorName: "cc", destinationSettings: { webvttDestinationSettings: {} } },
    { name: "burn", captionSelectorName: "cc", destinationSettings: { burnInDestinationSettings: { fontColor: "YELLOW" } } },
  ];
  config.encoderSettings.outputGroups[0].outputs[0].captionDescriptionNames = ["subs", "burn"];
  return config as unknown as ChannelConfig;
}

describe("burnInCaptionPlans", () => {
  it("lists the burn-in descriptions outputs with video name, with their selector's channel and work-dir text file", () => {
    const plans = burnInCaptionPlans(burnInChannel(), "/w");
    assert.deepEqual(plans, [{ descriptionName: "burn", settings: { fontColor: "YELLOW" }, textFile: "/w/burnin_burn.txt", cea608Channel: 3 }]);
  });
  it("lists none when no output names a burn-in description", () => {
    const config = burnInChannel();
    config.encoderSettings!.outputGroups[0]!.outputs[0]!.captionDescriptionNames = ["subs"];
    assert.deepEqual(burnInCaptionPlans(config, "/w"), []);
  });
});

describe("BurnInCaptionsFeed", () => {
  it("creates the empty text file at once, then holds the caption shown, and empties it on close", () => {
    const config = burnInChannel();
    config.inputAttachments[0]!.inputSettings!.captionSelectors = [{ name: "cc" }];
    const feed = BurnInCaptionsFeed.create(config, workDir);
    assert.ok(feed);
    const file = path.join(workDir, "burnin_burn.txt");
    assert.equal(readFileSync(file, "utf8"), "");
    feed.useVideoCodec("H264");
    const pairs = [...popOnCaptionPairs("HELLO"), ...Array.from({ length: REORDER_PICTURES }, () => [0x80, 0x80] as [number, number])];
    pairs.forEach((pair, i) => feed.video(i * FRAME_TICKS_90K, joinAnnexB([ccDataSeiNal(pair), SLICE])));
    assert.equal(readFileSync(file, "utf8"), "HELLO");
    feed.close();
    feed.close();
    assert.equal(readFileSync(file, "utf8"), "");
  });
  it("is not created when nothing is burned in", () => {
    const config = burnInChannel();
    config.encoderSettings!.captionDescriptions = [];
    assert.equal(BurnInCaptionsFeed.create(config, workDir), undefined);
  });
});
