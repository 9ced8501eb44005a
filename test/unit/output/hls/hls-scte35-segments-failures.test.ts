// What the HLS segment rewrites report when they fail (output/hls/hls-scte35-segments.ts): each
// failure names what failed and on which file — watching a folder, the rewrite of an MPEG-TS
// segment that passes SCTE-35 not written back — rather than one message for every failure.

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import type { EncoderPlan } from "../../../../src/output/encoder/plan-types.ts";
import { HlsScte35Segments, type PassingFailure } from "../../../../src/output/hls/hls-scte35-segments.ts";
import { SpliceMarkLog } from "../../../../src/output/hls/splice-mark-log.ts";
import { until } from "../../../helpers/until.ts";

/** One HLS group whose MPEG-TS output passes SCTE-35. */
const config = {
  encoderSettings: {
    outputGroups: [{ name: "hls", outputGroupSettings: { hlsGroupSettings: {} }, outputs: [{ outputName: "main", outputSettings: { hlsOutputSettings: { hlsSettings: { standardHlsSettings: { m3u8Settings: { scte35Behavior: "PASSTHROUGH" } } } } } }] }],
  },
} as unknown as ChannelConfig;

const planIn = (folder: string): EncoderPlan => ({ groups: [{ name: "hls", destination: { folder }, variants: [{ outputGroupName: "hls", outputName: "main", segmentTemplate: "main_%05d.ts" }] }] }) as unknown as EncoderPlan;

describe("HLS segment rewrite failures", () => {
  it("a folder that cannot be watched: says so, with the folder", () => {
    const failures: PassingFailure[] = [];
    const segments = new HlsScte35Segments(config, new SpliceMarkLog(), (failure) => failures.push(failure));
    const missing = path.join(tmpdir(), "openlive-no-such-folder-for-this-test");
    segments.follow(planIn(missing));
    segments.close();
    assert.equal(failures.length, 1);
    assert.equal(failures[0]!.what, "the output folder's segments are not watched: SCTE-35 and ID3 not passed into them");
    assert.equal(failures[0]!.file, missing);
    assert.match(failures[0]!.error.message, /ENOENT/);
  });

  it("a rewritten MPEG-TS segment that cannot be put back: says so, with the segment", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "openlive-scte35-rewrite-"));
    const failures: PassingFailure[] = [];
    const segments = new HlsScte35Segments(config, new SpliceMarkLog(), (failure) => failures.push(failure));
    try {
      segments.follow(planIn(folder));
      const segment = path.join(folder, "main_00001.ts");
      // A folder under the rewrite's temporary name: the rewrite is made but cannot be written.
      mkdirSync(`${segment}.scte35.tmp`);
      writeFileSync(segment, Buffer.alloc(188 * 4, 0xff).fill(0x47, 0, 1));
      const failure = await until("the rewrite's failure", () => failures[0], 10_000);
      assert.equal(failure.what, "the segment's rewrite not written back");
      assert.equal(failure.file, segment);
    } finally {
      segments.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
