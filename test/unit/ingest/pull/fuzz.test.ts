// Fuzz: the HLS playlist parser never throws, whatever an origin sends, and no playlist can
// stretch a fetch past the clamp. The seeds are the security review's hostile playlists
// (an endless segment under TARGETDURATION:3600, file: and data: URIs for segments and
// keys, absurd byte ranges, 20,000 segments), mutated.

import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { DEFAULT_HLS_FETCH_LIMITS, fetchTimeoutMs, hlsFetchLimits, reloadWaitMs } from "../../../../src/ingest/pull/hls-fetch-limits.ts";
import { parseHlsPlaylist } from "../../../../src/ingest/pull/hls-playlist.ts";

const SEEDS = [
  "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:3600\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:3600.0,\n/evil/endless.ts\n",
  "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:2.0,\nfile:///etc/passwd\n#EXTINF:2.0,\ndata:video/mp2t;base64,R0AR\n",
  '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-KEY:METHOD=AES-128,URI="file:///etc/shadow"\n#EXTINF:2.0,\n/hls/index0.ts\n',
  "#EXTM3U\n#EXT-X-TARGETDURATION:1e308\n#EXT-X-BYTERANGE:99999999999999999999@99999999999999999999\n#EXTINF:1e308,\nx.ts\n",
  '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=99999999999999999999999\nfile:///etc/passwd\n#EXT-X-STREAM-INF:BANDWIDTH=-1,RESOLUTION=0x0\n../../../x.m3u8\n',
  `#EXTM3U\n#EXT-X-TARGETDURATION:1\n${"#EXTINF:1,\nseg.ts\n".repeat(20_000)}`,
];

const mutatedSeed = fc
  .tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 12 })), { maxLength: 6 }), fc.nat())
  .map(([seed, edits, cut]) => {
    let text = seed.slice(0, seed.length - (cut % Math.min(seed.length, 200)));
    for (const [at, insert] of edits) {
      const position = at % (text.length + 1);
      text = text.slice(0, position) + insert + text.slice(position + (insert.length % 3));
    }
    return text;
  });

test("fuzz: the HLS parser never throws on hostile or mutated playlists", () => {
  fc.assert(
    fc.property(fc.oneof(mutatedSeed, fc.string({ maxLength: 400 })), fc.constantFrom("http://127.0.0.1:8080/live/index.m3u8", "https://example.com/a/b/c.m3u8?x=1"), (text, base) => {
      const parsed = parseHlsPlaylist(text, base);
      assert.ok(["media", "master", "invalid"].includes(parsed.kind));
    }),
    { numRuns: 1500 },
  );
});

test("fuzz: a playlist's target duration never takes a fetch timeout or a reload wait outside the clamp", () => {
  const limits = hlsFetchLimits();
  fc.assert(
    fc.property(fc.oneof(fc.double(), fc.constantFrom(3_600_000, 1e308, -1, 0, Number.NaN, Number.POSITIVE_INFINITY)), (targetMs) => {
      const timeoutMs = fetchTimeoutMs(targetMs, limits);
      assert.ok(timeoutMs >= DEFAULT_HLS_FETCH_LIMITS.minFetchTimeoutMs && timeoutMs <= DEFAULT_HLS_FETCH_LIMITS.maxFetchTimeoutMs, `${targetMs} → ${timeoutMs}`);
      // Nor a reload wait beyond its cap: a recovered origin is noticed within 30 s.
      for (const changed of [true, false]) {
        const waitMs = reloadWaitMs(targetMs, changed, limits);
        assert.ok(waitMs > 0 && waitMs <= DEFAULT_HLS_FETCH_LIMITS.maxReloadIntervalMs, `${targetMs} (changed ${changed}) → wait ${waitMs}`);
      }
    }),
    { numRuns: 2000 },
  );
  for (const seed of SEEDS) {
    const parsed = parseHlsPlaylist(seed, "http://127.0.0.1/x.m3u8");
    if (parsed.kind === "media") assert.ok(fetchTimeoutMs(parsed.targetDurationMs, limits) <= 30_000);
  }
});
