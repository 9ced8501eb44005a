import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as HLS from "hls-parser";
import { inspectPlaylist } from "../../../../src/ingest/pull-check/inspect-playlist.ts";

const LIVE_MEDIA = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:2", "#EXT-X-MEDIA-SEQUENCE:41", "#EXTINF:2.000,", "seg41.ts", "#EXTINF:2.000,", "seg42.ts", ""].join("\n");
const MASTER = ["#EXTM3U", '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"', "low/index.m3u8", "#EXT-X-STREAM-INF:BANDWIDTH=2500000", "https://cdn.example/high.m3u8", ""].join("\n");

describe("inspectPlaylist", () => {
  it("reads a live media playlist (no ENDLIST) and counts its segments", () => {
    assert.deepEqual(inspectPlaylist(LIVE_MEDIA), { kind: "media", segmentCount: 2 });
  });
  it("reads a master playlist and returns its first variant as written", () => {
    assert.deepEqual(inspectPlaylist(MASTER), { kind: "master", firstVariantUri: "low/index.m3u8" });
  });
  it("tolerates a byte-order mark, CRLF line ends and leading blank lines", () => {
    assert.deepEqual(inspectPlaylist("\uFEFF" + LIVE_MEDIA.replaceAll("\n", "\r\n")), { kind: "media", segmentCount: 2 });
    assert.deepEqual(inspectPlaylist("\n\n" + LIVE_MEDIA), { kind: "media", segmentCount: 2 });
  });
  it("reports an empty media playlist and a master without variants as such", () => {
    assert.deepEqual(inspectPlaylist("#EXTM3U\n#EXT-X-TARGETDURATION:2\n"), { kind: "media", segmentCount: 0 });
    assert.deepEqual(inspectPlaylist('#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="a.m3u8"\n').kind, "master");
  });
  it("refuses text that is not a playlist, and binary bytes", () => {
    for (const text of ["", "hello world", "<html>404</html>", "seg1.ts\n#EXTM3U\n", new TextDecoder().decode(Uint8Array.of(0x47, 0x40, 0x00, 0x10, 0xff, 0xfe))]) {
      assert.deepEqual(inspectPlaylist(text), { kind: "invalid" }, JSON.stringify(text));
    }
  });
  it("returns invalid where hls-parser itself throws, even when not strict", () => {
    assert.throws(() => HLS.parse("#EXTM3U\n#EXT-X-BYTERANGE\n"));
    assert.deepEqual(inspectPlaylist("#EXTM3U\n#EXT-X-BYTERANGE\n"), { kind: "invalid" });
    assert.deepEqual(inspectPlaylist("#EXTM3U\n#EXT-X-STREAM-INF\n"), { kind: "invalid" });
  });
  it("does not count a segment or variant whose URI line is missing (a truncated playlist)", () => {
    assert.deepEqual(inspectPlaylist("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n"), { kind: "media", segmentCount: 0 });
    assert.deepEqual(inspectPlaylist("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n"), { kind: "master", firstVariantUri: undefined });
    assert.deepEqual(inspectPlaylist("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n#EXT-X-STREAM-INF:BANDWIDTH=2\nb.m3u8\n").kind, "master");
  });
  it("prints nothing and leaves hls-parser's global options as they were", () => {
    const before = HLS.getOptions();
    const original = console.error;
    const printed: unknown[] = [];
    console.error = (...args: unknown[]) => void printed.push(args);
    try {
      inspectPlaylist("#EXTM3U\n#EXT-X-VERSION:1\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:2,\na.m4s\n");
    } finally {
      console.error = original;
    }
    assert.deepEqual(printed, []);
    assert.deepEqual(HLS.getOptions(), { ...before, strictMode: before.strictMode, silent: before.silent });
  });
});
