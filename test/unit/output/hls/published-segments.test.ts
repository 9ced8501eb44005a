import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import type { EncoderPlan } from "../../../../src/output/encoder/encoder-plan.ts";
import { foldHighest, highestListedSegment, PublishedSegments } from "../../../../src/output/hls/published-segments.ts";

function playlist(first: number, count: number, name = "live_720p"): string {
  const lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:2", `#EXT-X-MEDIA-SEQUENCE:${first - 1}`];
  for (let n = first; n < first + count; n++) lines.push("#EXTINF:2.000000,", `${name}_${String(n).padStart(5, "0")}.ts`);
  return `${lines.join("\n")}\n`;
}

function planFor(folder: string, names: readonly string[]): EncoderPlan {
  const variants = names.map((name) => ({ playlistName: `${name}.m3u8`, segmentTemplate: `${name}_%05d.ts` }));
  return { args: [], variants, groups: [{ name: "hls", destination: { kind: "file", folder, baseName: "live" }, variants }], progressFd: 3, warnings: [] } as unknown as EncoderPlan;
}

describe("highestListedSegment", () => {
  it("finds the highest segment number a playlist lists, for the variant's template only", () => {
    assert.equal(highestListedSegment(playlist(7, 5), "live_720p_%05d.ts"), 11);
    assert.equal(highestListedSegment(playlist(7, 5), "live_480p_%05d.ts"), undefined);
    assert.equal(highestListedSegment("#EXTM3U\n", "live_720p_%05d.ts"), undefined);
    assert.equal(highestListedSegment(playlist(99_998, 4), "live_720p_%05d.ts"), 100_001);
  });
});

describe("foldHighest", () => {
  it("adds growth, and starts again from zero when the numbering restarts", () => {
    assert.deepEqual(foldHighest(10, 13), { highest: 13, added: 3 });
    assert.deepEqual(foldHighest(13, 13), { highest: 13, added: 0 });
    assert.deepEqual(foldHighest(13, 2), { highest: 2, added: 2 });
  });
});

describe("PublishedSegments", () => {
  it("counts segments listed after track(), across variants, not those a previous run left", () => {
    const folder = mkdtempSync(path.join(tmpdir(), "openlive-segments-"));
    const plan = planFor(folder, ["live_720p", "live_480p"]);
    // A previous run left a playlist up to segment 20 for one variant; the other is new.
    writeFileSync(path.join(folder, "live_720p.m3u8"), playlist(11, 10));
    const counter = new PublishedSegments();
    counter.track(plan);
    assert.equal(counter.update(plan), 0);
    writeFileSync(path.join(folder, "live_720p.m3u8"), playlist(13, 10)); // up to 22
    writeFileSync(path.join(folder, "live_480p.m3u8"), playlist(1, 3, "live_480p")); // up to 3
    assert.equal(counter.update(plan), 5);
    // An encoder restart tracks again: what is listed is not counted twice.
    counter.track(plan);
    assert.equal(counter.update(plan), 5);
    writeFileSync(path.join(folder, "live_720p.m3u8"), playlist(14, 10)); // up to 23
    assert.equal(counter.update(plan), 6);
    assert.equal(counter.published, 6);
  });
});
