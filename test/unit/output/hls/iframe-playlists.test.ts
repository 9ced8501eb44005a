import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import * as HLS from "hls-parser";
import type { EncoderPlan } from "../../../../src/output/encoder/plan-types.ts";
import { IFramePlaylists } from "../../../../src/output/hls/iframe-playlists.ts";
import { findIFrameRange, segmentVideo } from "../../../../src/output/hls/iframe-range.ts";
import { ffmpegSync } from "../../../helpers/ts-file.ts";

/** Only what IFramePlaylists reads of a plan: the groups' settings, folders and variant playlists. */
function planOf(folder: string, iFrameOnlyPlaylists: "STANDARD" | "DISABLED"): EncoderPlan {
  return { groups: [{ settings: { iFrameOnlyPlaylists }, destination: { kind: "file", folder, baseName: "index" }, variants: [{ playlistName: "index_720p.m3u8" }] }] } as unknown as EncoderPlan;
}

describe("IFramePlaylists", () => {
  let folder: string;

  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), "iframe-playlists-"));
    ffmpegSync([
      "-f", "lavfi", "-i", "testsrc=size=160x90:rate=25:duration=3",
      "-c:v", "libx264", "-preset", "ultrafast", "-g", "25",
      "-f", "hls", "-hls_time", "1", "-hls_list_size", "2", "-hls_segment_filename", path.join(folder, "index_720p_%05d.ts"), path.join(folder, "index_720p.m3u8"),
    ]);
  });

  after(() => rmSync(folder, { recursive: true, force: true }));

  it("writes nothing for a group with iFrameOnlyPlaylists DISABLED", async () => {
    await new IFramePlaylists().refresh(planOf(folder, "DISABLED"));
    assert.ok(!existsSync(path.join(folder, "index_720p_iframes.m3u8")));
  });

  it("writes <variant>_iframes.m3u8 with the media playlist's window, each entry the segment's IDR range", async () => {
    await new IFramePlaylists().refresh(planOf(folder, "STANDARD"));
    const media = HLS.parse(readFileSync(path.join(folder, "index_720p.m3u8"), "utf8")) as HLS.types.MediaPlaylist;
    const iFrames = HLS.parse(readFileSync(path.join(folder, "index_720p_iframes.m3u8"), "utf8")) as HLS.types.MediaPlaylist;
    assert.ok(iFrames.isIFrame);
    assert.equal(iFrames.segments.length, 2, "the media playlist's window of two segments");
    assert.equal(iFrames.mediaSequenceBase, media.mediaSequenceBase);
    assert.deepEqual(iFrames.segments.map((segment) => [segment.uri, segment.duration]), media.segments.map((segment) => [segment.uri, segment.duration]));
    for (const segment of iFrames.segments) {
      const bytes = readFileSync(path.join(folder, segment.uri));
      assert.deepEqual(segment.byterange, findIFrameRange(bytes, segmentVideo(bytes)!));
    }
    assert.deepEqual(readdirSync(folder).filter((name) => name.endsWith(".tmp")), [], "the temp file was renamed into place");
  });
});
