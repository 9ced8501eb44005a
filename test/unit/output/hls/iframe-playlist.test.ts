import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as HLS from "hls-parser";
import { iFramePlaylistName, parseMediaPlaylist, renderIFramePlaylist } from "../../../../src/output/hls/iframe-playlist.ts";

const MEDIA = [
  "#EXTM3U",
  "#EXT-X-VERSION:3",
  "#EXT-X-TARGETDURATION:2",
  "#EXT-X-MEDIA-SEQUENCE:41",
  "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z",
  "#EXTINF:2.000000,",
  "index_720p_00041.ts",
  "#EXTINF:2.000000,",
  "index_720p_00042.ts",
  "#EXT-X-DISCONTINUITY",
  "#EXTINF:1.520000,",
  "index_720p_00043.ts",
  "#EXTINF:2.000000,",
  "index_720p_00044.ts",
  "",
].join("\n");

describe("I-frame playlist", () => {
  it("is named <variant>_iframes.m3u8", () => {
    assert.equal(iFramePlaylistName("index_720p.m3u8"), "index_720p_iframes.m3u8");
  });

  it("keeps the media playlist's window and lists each segment's IDR range with the segment's duration", () => {
    const window = parseMediaPlaylist(MEDIA);
    assert.equal(window.mediaSequence, 41);
    assert.equal(window.segments.length, 4);
    const ranges = new Map([
      ["index_720p_00041.ts", { offset: 376, length: 1880 }],
      ["index_720p_00042.ts", { offset: 0, length: 2256 }],
      ["index_720p_00043.ts", { offset: 188, length: 940 }],
      ["index_720p_00044.ts", { offset: 564, length: 1316 }],
    ]);
    const text = renderIFramePlaylist(window, ranges);
    assert.equal(
      text,
      [
        "#EXTM3U",
        "#EXT-X-VERSION:4",
        "#EXT-X-TARGETDURATION:2",
        "#EXT-X-MEDIA-SEQUENCE:41",
        "#EXT-X-I-FRAMES-ONLY",
        "#EXTINF:2.000000,",
        "#EXT-X-BYTERANGE:1880@376",
        "index_720p_00041.ts",
        "#EXTINF:2.000000,",
        "#EXT-X-BYTERANGE:2256@0",
        "index_720p_00042.ts",
        "#EXT-X-DISCONTINUITY",
        "#EXTINF:1.520000,",
        "#EXT-X-BYTERANGE:940@188",
        "index_720p_00043.ts",
        "#EXTINF:2.000000,",
        "#EXT-X-BYTERANGE:1316@564",
        "index_720p_00044.ts",
        "",
      ].join("\n"),
    );
    HLS.setOptions({ strictMode: true });
    try {
      const parsed = HLS.parse(text) as HLS.types.MediaPlaylist;
      assert.ok(parsed.isIFrame);
      assert.equal(parsed.mediaSequenceBase, 41);
      assert.deepEqual(parsed.segments.map((segment) => segment.byterange), [
        { length: 1880, offset: 376 },
        { length: 2256, offset: 0 },
        { length: 940, offset: 188 },
        { length: 1316, offset: 564 },
      ]);
    } finally {
      HLS.setOptions({ strictMode: false });
    }
  });

  it("leaves out a segment without an IDR, moving its discontinuity to the next, and ends when the media playlist ends", () => {
    const window = parseMediaPlaylist(`${MEDIA}#EXT-X-ENDLIST\n`);
    const text = renderIFramePlaylist(window, new Map([["index_720p_00041.ts", { offset: 0, length: 188 }], ["index_720p_00044.ts", { offset: 0, length: 376 }]]));
    assert.match(text, /index_720p_00041\.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2\.000000,\n#EXT-X-BYTERANGE:376@0\nindex_720p_00044\.ts\n#EXT-X-ENDLIST\n$/);
    assert.doesNotMatch(text, /00042|00043/);
  });
});
