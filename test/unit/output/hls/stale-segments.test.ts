import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import type { EncoderPlan } from "../../../../src/output/encoder/encoder-plan.ts";
import { scheduleStaleSegmentCleanup, segmentNumbersIn } from "../../../../src/output/hls/stale-segments.ts";

describe("stale segments after an encoder restart", () => {
  it("reads segment numbers from a printf template", () => {
    const found = segmentNumbersIn(["live_720p_00007.ts", "live_720p.m3u8", "live_480p_00001.ts", "live_720p_0000x.ts", "live_720p_00012.ts"], "live_720p_%05d.ts");
    assert.deepEqual([...found], [["live_720p_00007.ts", 7], ["live_720p_00012.ts", 12]]);
  });

  it("deletes, after the delay, the segments older than the first one the playlist lists, and nothing else", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "openlive-stale-"));
    for (let n = 1; n <= 9; n++) writeFileSync(path.join(folder, `live_720p_${String(n).padStart(5, "0")}.ts`), "x");
    writeFileSync(path.join(folder, "other_00001.ts"), "x");
    writeFileSync(path.join(folder, "live_720p.m3u8"), "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:6\n#EXTINF:2,\nlive_720p_00006.ts\n#EXTINF:2,\nlive_720p_00007.ts\n#EXTINF:2,\nlive_720p_00008.ts\n#EXTINF:2,\nlive_720p_00009.ts\n");
    const plan = {
      groups: [{ destination: { kind: "file", folder, baseName: "live" }, segmentLengthSec: 2, keepSegments: 6, indexNSegments: 4, variants: [{ playlistName: "live_720p.m3u8", segmentTemplate: "live_720p_%05d.ts" }] }],
    } as unknown as EncoderPlan;
    let delay = -1;
    scheduleStaleSegmentCleanup(plan, (length, keep, index) => (delay = (keep - index) * length * 10));
    assert.equal(delay, 40);
    assert.ok(existsSync(path.join(folder, "live_720p_00001.ts")), "nothing is deleted at once: a player may still fetch it");
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.deepEqual(readdirSync(folder).sort(), ["live_720p.m3u8", "live_720p_00006.ts", "live_720p_00007.ts", "live_720p_00008.ts", "live_720p_00009.ts", "other_00001.ts"]);
  });
});
