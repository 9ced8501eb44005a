import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseMediaPlaylist } from "../../../../src/output/hls/iframe-playlist.ts";
import {
  clockMediaSequence,
  continuedDiscontinuitySequence,
  emptyEncoderPlaylist,
  encoderPlaylistName,
  encoderSeed,
  isEncoderPlaylist,
  nextMediaSequence,
  publishedFromEncoder,
  publishedPlaylistName,
} from "../../../../src/output/hls/playlist-continuity.ts";

/** A media playlist as ffmpeg 5.1's hls muxer writes it with append_list: `discontinuityBefore` marks those segment numbers. */
function encoderPlaylist(first: number, last: number, discontinuityBefore: readonly number[], discontinuitySequence?: number): string {
  const lines = ["#EXTM3U", "#EXT-X-VERSION:6", "#EXT-X-TARGETDURATION:1", `#EXT-X-MEDIA-SEQUENCE:${first}`];
  if (discontinuitySequence !== undefined) lines.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${discontinuitySequence}`);
  lines.push("#EXT-X-INDEPENDENT-SEGMENTS");
  for (let n = first; n <= last; n++) {
    if (discontinuityBefore.includes(n)) lines.push("#EXT-X-DISCONTINUITY");
    lines.push("#EXTINF:1.000000,", `seg_${String(n).padStart(5, "0")}.ts`);
  }
  return `${lines.join("\n")}\n`;
}

describe("playlist continuity", () => {
  it("names the encoder's own playlist apart from the published one, and back", () => {
    assert.equal(encoderPlaylistName("live_720p.m3u8"), "live_720p.m3u8.encoder");
    assert.equal(publishedPlaylistName("live_720p.m3u8.encoder"), "live_720p.m3u8");
    assert.equal(isEncoderPlaylist("live_720p.m3u8.encoder"), true);
    assert.equal(isEncoderPlaylist("live_720p.m3u8"), false);
    assert.equal(isEncoderPlaylist("live_720p_00001.ts"), false);
  });

  it("drops the discontinuity ffmpeg puts before the first segment of a new numbering", () => {
    const published = publishedFromEncoder(encoderPlaylist(1, 3, [1]), undefined);
    assert.doesNotMatch(published, /#EXT-X-DISCONTINUITY/);
    assert.deepEqual(parseMediaPlaylist(published).segments.map((s) => s.uri), ["seg_00001.ts", "seg_00002.ts", "seg_00003.ts"]);
  });

  it("keeps the restart's discontinuity while it is listed and counts it once it has left the window", () => {
    // First encoder: 1..4. Second: ffmpeg continues at 5, marked, listing 3..7.
    const first = publishedFromEncoder(encoderPlaylist(1, 4, [1]), undefined);
    const second = publishedFromEncoder(encoderPlaylist(3, 7, [5]), first);
    assert.match(second, /#EXT-X-DISCONTINUITY\n#EXTINF:1.000000,\nseg_00005.ts/);
    assert.doesNotMatch(second, /DISCONTINUITY-SEQUENCE/, "no discontinuity has left the window yet");
    // The window slides past segment 5: the discontinuity sequence counts it.
    const third = publishedFromEncoder(encoderPlaylist(6, 10, []), second);
    assert.match(third, /#EXT-X-MEDIA-SEQUENCE:6\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n/);
    // A third encoder marks 11; when both leave, 2.
    const fourth = publishedFromEncoder(encoderPlaylist(8, 12, [11]), third);
    assert.equal(parseMediaPlaylist(fourth).discontinuitySequence, 1);
    const fifth = publishedFromEncoder(encoderPlaylist(12, 16, []), fourth);
    assert.equal(parseMediaPlaylist(fifth).discontinuitySequence, 2);
  });

  it("counts every discontinuity that left in one step, and starts again at 0 when the numbering did", () => {
    const previous = parseMediaPlaylist(encoderPlaylist(10, 14, [11, 13], 4));
    assert.equal(continuedDiscontinuitySequence(previous, { mediaSequence: 10 }), 4);
    assert.equal(continuedDiscontinuitySequence(previous, { mediaSequence: 12 }), 5);
    assert.equal(continuedDiscontinuitySequence(previous, { mediaSequence: 14 }), 6);
    assert.equal(continuedDiscontinuitySequence(previous, { mediaSequence: 30 }), 6, "a jump past the whole window counts all it listed");
    assert.equal(continuedDiscontinuitySequence(previous, { mediaSequence: 1 }), 0);
    assert.equal(continuedDiscontinuitySequence(undefined, { mediaSequence: 40 }), 0);
  });

  it("seeds the encoder from a published playlist without the tag ffmpeg's reader takes for a discontinuity", () => {
    const published = encoderPlaylist(40, 41, [41], 3);
    const seed = encoderSeed(published);
    assert.doesNotMatch(seed, /DISCONTINUITY-SEQUENCE/);
    assert.equal((seed.match(/#EXT-X-DISCONTINUITY\n/g) ?? []).length, 1);
    assert.equal(nextMediaSequence(published), 42);
    // What ffmpeg then writes (continuing at 42, marked) is published with the sequence carried on.
    const next = publishedFromEncoder(encoderPlaylist(40, 44, [41, 42]), published);
    assert.match(next, /#EXT-X-MEDIA-SEQUENCE:40\n#EXT-X-DISCONTINUITY-SEQUENCE:3\n/);
    assert.equal(parseMediaPlaylist(publishedFromEncoder(encoderPlaylist(43, 47, []), next)).discontinuitySequence, 5);
  });

  it("numbers from the clock when the last playlist cannot be read: above any numbering from 1", () => {
    const nowMs = Date.UTC(2026, 11, 7, 9, 0, 0);
    assert.equal(clockMediaSequence(nowMs, 6), Math.floor(nowMs / 6000));
    assert.ok(clockMediaSequence(nowMs, 10) > 100_000_000);
    assert.equal(nextMediaSequence(emptyEncoderPlaylist(177_000_000, 6)), 177_000_000);
    assert.match(emptyEncoderPlaylist(177_000_000, 1.5), /#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:177000000\n$/);
  });
});
