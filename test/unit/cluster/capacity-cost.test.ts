// The capacity cost of a pipeline from its encoder plan: pixels per second encoded, weighted
// by codec, plus the decode of the source.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pipelineCostUnits } from "../../../src/cluster/capacity-cost.ts";
import type { EncoderSettings, VideoDescription } from "../../../src/model/generated/medialive-types.ts";

const h264 = (name: string, width: number, height: number, fps = 30): VideoDescription => ({
  name,
  width,
  height,
  codecSettings: { h264Settings: { framerateControl: "SPECIFIED", framerateNumerator: fps, framerateDenominator: 1 } },
});

function settings(descriptions: VideoDescription[], used = descriptions.map((d) => d.name)): EncoderSettings {
  return {
    audioDescriptions: [],
    timecodeConfig: { source: "EMBEDDED" },
    videoDescriptions: descriptions,
    outputGroups: [{ outputGroupSettings: { hlsGroupSettings: { destination: { destinationRefId: "d" } } }, outputs: used.map((name) => ({ outputSettings: { hlsOutputSettings: { hlsSettings: { standardHlsSettings: { m3u8Settings: {} } } } }, videoDescriptionName: name })) }],
  } as EncoderSettings;
}

describe("pipelineCostUnits", () => {
  it("counts megapixels per second: a 1080p ladder costs far more than one 360p rendition", () => {
    const ladder = settings([h264("1080", 1920, 1080), h264("720", 1280, 720), h264("480", 854, 480)]);
    const single = settings([h264("360", 640, 360)]);
    // Decode of an HD source: 62.2 × 0.1 = 6.2; 360p30: 6.9 → 14 units.
    assert.equal(pipelineCostUnits(single, { resolution: "HD" }), 14);
    // 62.2 + 27.6 + 12.3 + 6.2 → 109 units.
    assert.equal(pipelineCostUnits(ladder, { resolution: "HD" }), 109);
  });

  it("weighs frame rate, codec and only the descriptions an output uses", () => {
    const at60 = pipelineCostUnits(settings([h264("720", 1280, 720, 60)]), { resolution: "HD" });
    const at30 = pipelineCostUnits(settings([h264("720", 1280, 720, 30)]), { resolution: "HD" });
    assert.equal(at60, 62);
    assert.equal(at30, 34);
    const hevc: VideoDescription = { name: "h", width: 1280, height: 720, codecSettings: { h265Settings: { framerateNumerator: 30, framerateDenominator: 1 } as never } };
    assert.equal(pipelineCostUnits(settings([hevc]), { resolution: "HD" }), 62);
    assert.equal(pipelineCostUnits(settings([h264("720", 1280, 720), h264("unused", 1920, 1080)], ["720"]), { resolution: "HD" }), at30);
  });

  it("follows the source's declared resolution when a description names no size, and costs at least 1", () => {
    const follow: VideoDescription = { name: "f" };
    assert.equal(pipelineCostUnits(settings([follow]), { resolution: "UHD" }), Math.ceil(3840 * 2160 * 30 * 1.1 / 1e6));
    assert.equal(pipelineCostUnits(settings([follow]), undefined), Math.ceil(1920 * 1080 * 30 * 1.1 / 1e6));
    const tiny = settings([{ name: "t", width: 16, height: 16, codecSettings: { frameCaptureSettings: { captureInterval: 10 } } }]);
    assert.equal(pipelineCostUnits(tiny, { resolution: "SD" }), Math.ceil(720 * 576 * 30 * 0.1 / 1e6));
    assert.ok(pipelineCostUnits(settings([]), { resolution: "SD" }) >= 1);
  });
});
