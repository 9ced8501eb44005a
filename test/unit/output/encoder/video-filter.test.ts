import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { VideoDescription } from "../../../../src/model/generated/medialive-types.ts";
import { escapeFilterText } from "../../../../src/output/encoder/filter-escape.ts";
import { videoFilterChain } from "../../../../src/output/encoder/video-filter.ts";
import { resolveVideo } from "../../../../src/output/encoder/video-format.ts";
import { FED_720P30 } from "./encoder-fixtures.ts";

function chainOf(description: Record<string, unknown>): string[] {
  const video = resolveVideo({ name: "v", width: 640, height: 360, ...description } as unknown as VideoDescription, FED_720P30);
  return videoFilterChain(video).split(/,(?![^']*')/);
}

const h264 = (settings: Record<string, unknown>) => ({ codecSettings: { h264Settings: { bitrate: 1e6, ...settings } } });

describe("videoFilterChain: picture processing", () => {
  it("adds no sharpness filter at 50, sharpens above and blurs below", () => {
    assert.ok(!chainOf({ sharpness: 50 }).some((filter) => filter.startsWith("unsharp")));
    assert.ok(chainOf({ sharpness: 100 }).includes("unsharp=3:3:1:3:3:0"));
    assert.ok(chainOf({ sharpness: 25 }).includes("unsharp=3:3:-0.5:3:3:0"));
  });

  it("maps the temporal filter strength to hqdn3d's temporal strengths, with sharpening after it when asked", () => {
    const chain = chainOf(h264({ filterSettings: { temporalFilterSettings: { strength: "STRENGTH_4", postFilterSharpening: "ENABLED" } } }));
    const at = chain.indexOf("hqdn3d=0:0:3:2.25");
    assert.ok(at > 0, chain.join(","));
    assert.equal(chain[at + 1], "unsharp=3:3:0.5:3:3:0");
    const auto = chainOf(h264({ filterSettings: { temporalFilterSettings: { strength: "STRENGTH_1", postFilterSharpening: "AUTO" } } }));
    assert.ok(auto.includes("hqdn3d=0:0:0.75:0.56"));
    assert.ok(!auto.some((filter) => filter.startsWith("unsharp")));
  });

  it("converts to BT.709 in the scaler and tags the frames; IGNORE strips the tags", () => {
    const chain = chainOf(h264({ colorSpaceSettings: { rec709Settings: {} } }));
    assert.match(chain.find((filter) => filter.startsWith("scale="))!, /:in_color_matrix=auto:out_color_matrix=bt709/);
    assert.ok(chain.includes("setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709"));
    assert.ok(chainOf(h264({ colorMetadata: "IGNORE" })).includes("setparams=color_primaries=unknown:color_trc=unknown:colorspace=unknown"));
    assert.ok(!chainOf(h264({ colorMetadata: "INSERT" })).some((filter) => filter.startsWith("setparams")));
  });

  it("burns the timecode in with the prefix at the position, after the picture filters", () => {
    const chain = chainOf({ sharpness: 100, ...h264({ timecodeBurninSettings: { fontSize: "LARGE_48", position: "BOTTOM_LEFT", prefix: "EML:" } }) });
    const drawtext = chain.find((filter) => filter.startsWith("drawtext="))!;
    assert.ok(chain.indexOf(drawtext) > chain.indexOf("unsharp=3:3:1:3:3:0"));
    // Option level "EML\:" escaped again for the graph parser: "EML\\:".
    assert.match(drawtext, /:text=EML\\\\::/);
    assert.match(drawtext, /:timecode=00\\\\:00\\\\:00\\\\:00:/);
    assert.match(drawtext, /:fontsize=48:/);
    assert.match(drawtext, /:x=10:y=h-th-10$/);
  });

  it("counts drop-frame timecode at 29.97 frames/s", () => {
    const chain = chainOf(h264({ framerateControl: "SPECIFIED", framerateNumerator: 30000, framerateDenominator: 1001, timecodeBurninSettings: { fontSize: "SMALL_16", position: "TOP_CENTER" } }));
    const drawtext = chain.find((filter) => filter.startsWith("drawtext="))!;
    // ';' (drop-frame) is special to the graph parser only.
    assert.match(drawtext, /:timecode=00\\\\:00\\\\:00\\;00:/);
    assert.match(drawtext, /:x=\(w-tw\)\/2:y=10$/);
  });

  it("ends in the pixel format of the profile", () => {
    assert.equal(chainOf(h264({ profile: "HIGH_422_10BIT" })).at(-1), "format=yuv422p10le");
    assert.equal(chainOf({}).at(-1), "format=yuv420p");
  });
});

describe("escapeFilterText", () => {
  it("escapes for the option parser, then for the graph parser", () => {
    assert.equal(escapeFilterText("a:b"), String.raw`a\\:b`);
    assert.equal(escapeFilterText("x,y"), String.raw`x\,y`);
    assert.equal(escapeFilterText("it's"), String.raw`it\\\'s`);
    assert.equal(escapeFilterText(String.raw`a\b`), String.raw`a\\\\b`);
  });
});
