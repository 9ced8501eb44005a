import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as HLS from "hls-parser";
import { planEncoder, type EncoderPlan } from "../../../../src/output/encoder/encoder-plan.ts";
import { contentBaseUrl } from "../../../../src/output/hls/hls-group.ts";
import { renderMasterPlaylist } from "../../../../src/output/hls/master-playlist.ts";
import { manifestBaseUrl } from "../../../../src/output/hls/publish-master-playlists.ts";
import { minimalHls, planRequest } from "../encoder/encoder-fixtures.ts";
import { teeSlaves } from "../encoder/plan-view.ts";

type Json = Record<string, any>;

/** An option of the plan's first HLS output (a tee slave of the shared encode: no leading '-'). */
const valueOf = (plan: EncoderPlan, option: string): string | undefined => teeSlaves(plan)[0]!.options.get(option.replace(/^-/, ""));

function planned(edit: (hls: Json, output: Json) => void, pipelineIndex: 0 | 1 = 0) {
  const config = minimalHls();
  const group = config.encoderSettings.outputGroups[0];
  edit(group.outputGroupSettings.hlsGroupSettings, group.outputs[0].outputSettings.hlsOutputSettings);
  return planEncoder({ ...planRequest(config), pipelineIndex, startedAtMs: Date.UTC(2026, 0, 2, 3, 4, 5) });
}

describe("HLS group and output settings → ffmpeg's hls muxer", () => {
  it("clientCache DISABLED → -hls_allow_cache 0; ENABLED or absent → no tag", () => {
    assert.equal(valueOf(planned((hls) => (hls.clientCache = "DISABLED")), "-hls_allow_cache"), "0");
    assert.equal(valueOf(planned((hls) => (hls.clientCache = "ENABLED")), "-hls_allow_cache"), undefined);
  });

  it("baseUrlContent prefixes segment URIs; pipeline 1 takes baseUrlContent1 when set", () => {
    const edit = (hls: Json): void => {
      hls.baseUrlContent = "https://cdn-a.example/live/";
      hls.baseUrlContent1 = "https://cdn-b.example/live/";
    };
    assert.equal(valueOf(planned(edit, 0), "-hls_base_url"), "https://cdn-a.example/live/");
    assert.equal(valueOf(planned(edit, 1), "-hls_base_url"), "https://cdn-b.example/live/");
    assert.equal(contentBaseUrl({ baseUrlContent: "x/" } as never, 1), "x/");
    assert.equal(valueOf(planned(() => {}), "-hls_base_url"), undefined);
  });

  it("a segmentModifier with $dt$ turns on strftime with the segment number after it", () => {
    const plan = planned((_hls, output) => {
      output.nameModifier = "_$h$p";
      output.segmentModifier = "_$dt$";
    });
    assert.equal(valueOf(plan, "-strftime"), "1");
    assert.match(valueOf(plan, "-hls_flags")!, /\+second_level_segment_index/);
    assert.ok(valueOf(plan, "-hls_segment_filename")!.endsWith("/index_720p_%Y%m%dT%H%M%S_%%05d.ts"));
    const variant = plan.groups[0]!.variants[0]!;
    assert.equal(variant.playlistName, "index_720p.m3u8");
    assert.equal(variant.segmentStrftime, true);
  });

  it("fixed identifiers need no strftime", () => {
    const plan = planned((_hls, output) => (output.segmentModifier = "_$rv$k"));
    assert.equal(valueOf(plan, "-strftime"), undefined);
    assert.match(valueOf(plan, "-hls_segment_filename")!, /index[^/]*_\d+k_%05d\.ts$/);
  });

  it("baseUrlManifest prefixes the variant URIs of the master playlist; pipeline 1 takes baseUrlManifest1", () => {
    const settings = { baseUrlManifest: "https://a.example/m/", baseUrlManifest1: "https://b.example/m/" };
    assert.equal(manifestBaseUrl(settings as never, 0), "https://a.example/m/");
    assert.equal(manifestBaseUrl(settings as never, 1), "https://b.example/m/");
    const plan = planned(() => {});
    const group = plan.groups[0]!;
    const text = renderMasterPlaylist({ variants: group.variants, groupSettings: group.settings, variantUriPrefix: "https://a.example/m/" });
    const master = HLS.parse(text) as HLS.types.MasterPlaylist;
    assert.equal(master.variants[0]!.uri, `https://a.example/m/${group.variants[0]!.playlistName}`);
  });
});
