import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import pino from "pino";
import type { EncoderPlan } from "../../../../src/output/encoder/plan-types.ts";
import { ContinuityPublisher, type FetchPublished } from "../../../../src/output/hls/continuity-publisher.ts";
import { until } from "../../../helpers/until.ts";

const logger = pino({ level: "silent" });

function planFor(folder: string): EncoderPlan {
  return {
    groups: [
      {
        name: "hls",
        destination: { kind: "file", folder, baseName: "live" },
        segmentLengthSec: 2,
        variants: [{ playlistName: "live_720p.m3u8" }],
        imageStreams: [{ playlistName: "live_images.m3u8" }],
      },
    ],
  } as unknown as EncoderPlan;
}

const PUBLISHED = "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:40\n#EXT-X-DISCONTINUITY-SEQUENCE:3\n#EXTINF:2.000000,\nlive_720p_00040.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2.000000,\nlive_720p_00041.ts\n";

describe("ContinuityPublisher", () => {
  it("seeds a missing encoder playlist from the published one in the folder", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "continuity-"));
    writeFileSync(path.join(folder, "live_720p.m3u8"), PUBLISHED);
    await new ContinuityPublisher(logger).seed(planFor(folder), () => undefined, 0);
    const seed = readFileSync(path.join(folder, "live_720p.m3u8.encoder"), "utf8");
    assert.match(seed, /#EXT-X-MEDIA-SEQUENCE:40\n#EXTINF/);
    assert.doesNotMatch(seed, /DISCONTINUITY-SEQUENCE/);
  });

  it("leaves an encoder playlist that exists as it is when the destination is not further on", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "continuity-"));
    writeFileSync(path.join(folder, "live_720p.m3u8.encoder"), "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:7\n");
    writeFileSync(path.join(folder, "live_720p.m3u8"), PUBLISHED);
    const asked: string[] = [];
    await new ContinuityPublisher(logger).seed(planFor(folder), () => async (name) => (asked.push(name), "none"), 0);
    assert.deepEqual(asked, ["live_720p.m3u8", "live_images.m3u8"], "the destination is asked whether it is further on");
    assert.equal(readFileSync(path.join(folder, "live_720p.m3u8.encoder"), "utf8"), "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:7\n");
    await new ContinuityPublisher(logger).seed(planFor(folder), () => undefined, 0);
    assert.equal(readFileSync(path.join(folder, "live_720p.m3u8.encoder"), "utf8"), "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:7\n", "a local destination is not asked");
  });

  it("continues the destination's playlist over a stale one in the folder (the pipeline ran elsewhere meanwhile), and the clock's when it cannot be read", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "continuity-"));
    const stale = "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:20\n#EXTINF:2.000000,\nlive_720p_00020.ts\n";
    writeFileSync(path.join(folder, "live_720p.m3u8.encoder"), stale);
    writeFileSync(path.join(folder, "live_720p.m3u8"), stale);
    await new ContinuityPublisher(logger).seed(planFor(folder), () => async (name) => (name === "live_720p.m3u8" ? { text: PUBLISHED } : "none"), 0);
    assert.match(readFileSync(path.join(folder, "live_720p.m3u8.encoder"), "utf8"), /#EXT-X-MEDIA-SEQUENCE:40\n[\s\S]*live_720p_00041\.ts/, "numbering goes on after the destination's last segment (42)");
    assert.equal(readFileSync(path.join(folder, "live_720p.m3u8"), "utf8"), PUBLISHED, "the discontinuity sequence continues from the destination's");

    writeFileSync(path.join(folder, "live_720p.m3u8.encoder"), stale);
    const nowMs = 1_800_000_000_000;
    await new ContinuityPublisher(logger).seed(planFor(folder), () => async () => "unreachable", nowMs);
    assert.match(readFileSync(path.join(folder, "live_720p.m3u8.encoder"), "utf8"), new RegExp(`#EXT-X-MEDIA-SEQUENCE:${nowMs / 2000}\\n`));
  });

  it("reads the destination back when the staging folder is empty (a move), the image playlist too", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "continuity-"));
    const asked: string[] = [];
    const fetch: FetchPublished = async (name) => {
      asked.push(name);
      return name === "live_720p.m3u8" ? { text: PUBLISHED } : name === "live_images.m3u8" ? { text: "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:9\nlive_images_00009.jpg\n" } : "none";
    };
    await new ContinuityPublisher(logger).seed(planFor(folder), (group) => (group === "hls" ? fetch : undefined), 0);
    assert.deepEqual(asked, ["live_720p.m3u8", "live_images.m3u8"]);
    assert.equal(readFileSync(path.join(folder, "live_720p.m3u8"), "utf8"), PUBLISHED, "kept: the discontinuity sequence continues from it");
    assert.match(readFileSync(path.join(folder, "live_720p.m3u8.encoder"), "utf8"), /#EXT-X-MEDIA-SEQUENCE:40\n/);
    assert.match(readFileSync(path.join(folder, "live_images.m3u8"), "utf8"), /live_images_00009\.jpg/);
  });

  it("numbers from the clock when the destination cannot be read, and from 1 when it has no playlist", async () => {
    const unreachable = mkdtempSync(path.join(tmpdir(), "continuity-"));
    const nowMs = 1_800_000_000_000;
    await new ContinuityPublisher(logger).seed(planFor(unreachable), () => async () => "unreachable", nowMs);
    assert.match(readFileSync(path.join(unreachable, "live_720p.m3u8.encoder"), "utf8"), new RegExp(`#EXT-X-MEDIA-SEQUENCE:${nowMs / 2000}\\n`));
    const empty = mkdtempSync(path.join(tmpdir(), "continuity-"));
    await new ContinuityPublisher(logger).seed(planFor(empty), () => async () => "none", nowMs);
    assert.equal(existsSync(path.join(empty, "live_720p.m3u8.encoder")), false, "ffmpeg numbers from start_number");
    // An ingest point answering GET with an empty 200 (or anything but a playlist) holds nothing to continue, and nothing is published from it.
    const notPlaylist = mkdtempSync(path.join(tmpdir(), "continuity-"));
    await new ContinuityPublisher(logger).seed(planFor(notPlaylist), () => async () => ({ text: "" }), nowMs);
    assert.equal(existsSync(path.join(notPlaylist, "live_720p.m3u8.encoder")), false, "numbered from start_number");
    assert.equal(existsSync(path.join(notPlaylist, "live_720p.m3u8")), false, "no empty playlist published");
  });

  it("publishes each new encoder playlist with the discontinuity sequence counted", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "continuity-"));
    writeFileSync(path.join(folder, "live_720p.m3u8"), PUBLISHED);
    const publisher = new ContinuityPublisher(logger);
    const plan = planFor(folder);
    publisher.watch(plan);
    try {
      // As ffmpeg writes it (temp_file): a temporary name renamed into place. Segment 41 (marked) has left.
      const encoderText = "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:42\n#EXTINF:2.000000,\nlive_720p_00042.ts\n";
      writeFileSync(path.join(folder, "live_720p.m3u8.encoder.tmp"), encoderText);
      renameSync(path.join(folder, "live_720p.m3u8.encoder.tmp"), path.join(folder, "live_720p.m3u8.encoder"));
      const published = await until("the playlist is published", () => {
        const text = readFileSync(path.join(folder, "live_720p.m3u8"), "utf8");
        return text.includes("00042") ? text : undefined;
      }, 5_000);
      assert.match(published, /#EXT-X-MEDIA-SEQUENCE:42\n#EXT-X-DISCONTINUITY-SEQUENCE:4\n/);
    } finally {
      publisher.close();
    }
  });

  it("an output-locked run starts its encoder playlist empty at its boundary's epoch number; the published window stays until a segment is listed", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "continuity-"));
    writeFileSync(path.join(folder, "live_720p.m3u8"), PUBLISHED);
    writeFileSync(path.join(folder, "live_720p.m3u8.encoder"), PUBLISHED);
    const publisher = new ContinuityPublisher(logger);
    const boundaryMs = Date.UTC(2026, 11, 7, 12, 0, 2);
    publisher.seedLocked({ ...planFor(folder), lockedRun: { boundaryMs, firstFrame90k: boundaryMs * 90, inputOffsetSec: "0" } });
    const seeded = readFileSync(path.join(folder, "live_720p.m3u8.encoder"), "utf8");
    assert.match(seeded, new RegExp(`#EXT-X-MEDIA-SEQUENCE:${boundaryMs / 2000}\n`), "segments of 2 s since the epoch");
    assert.doesNotMatch(seeded, /#EXTINF/);
    await publisher.refresh(planFor(folder));
    assert.equal(readFileSync(path.join(folder, "live_720p.m3u8"), "utf8"), PUBLISHED, "an empty playlist is not published over the window");
    publisher.seedLocked(planFor(folder));
    assert.equal(readFileSync(path.join(folder, "live_720p.m3u8.encoder"), "utf8"), seeded, "an unlocked run seeds nothing");
    publisher.close();
  });
});
