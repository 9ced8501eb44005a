// Origin URLs name a file below an output root by the root's name; every other spelling is
// refused before the disk is touched, and only the names channels' outputs write count.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileOfOriginPath, originUrl } from "../../../src/origin/hls-origin.ts";
import { publishedFolders } from "../../../src/origin/published-files.ts";
import { OutputRoots } from "../../../src/output/roots/output-roots.ts";
import type { ChannelConfig } from "../../../src/domain/channels/channel-config.ts";
import { minimalHls } from "../output/encoder/encoder-fixtures.ts";

const roots = new OutputRoots(["/srv/hls", "/data/openlive/output"]);

describe("origin paths", () => {
  it("maps /<root name>/<folders>/<file> to the folder below that root", () => {
    assert.deepEqual(fileOfOriginPath(roots, "/hls/sports/main/index.m3u8"), { root: "/srv/hls", folder: "/srv/hls/sports/main", relative: "sports/main", rootName: "hls", fileName: "index.m3u8" });
    assert.deepEqual(fileOfOriginPath(roots, "/output/a%20b/live.m3u8"), { root: "/data/openlive/output", folder: "/data/openlive/output/a b", relative: "a b", rootName: "output", fileName: "live.m3u8" });
    assert.deepEqual(fileOfOriginPath(roots, "/output/live.m3u8"), { root: "/data/openlive/output", folder: "/data/openlive/output", relative: "", rootName: "output", fileName: "live.m3u8" });
  });

  it("refuses dot segments, encoded separators, NUL, empty segments, unknown roots and bad encoding", () => {
    for (const raw of [
      "/hls/../etc/passwd", "/hls/%2e%2e/x.m3u8", "/hls/%2E%2E/x.m3u8", "/hls/./x.m3u8", "/hls/a%2fb/x.m3u8", "/hls/a%5cb.m3u8",
      "/hls/x.m3u8%00", "/hls//x.m3u8", "/hls/x/", "/hls", "/", "", "hls/x.m3u8", "/etc/passwd", "/srv/hls/x.m3u8", "/hls/%zz.m3u8",
    ]) assert.equal(fileOfOriginPath(roots, raw), undefined, raw);
  });

  it("gives a destination's playback URL relative to its root, none outside the roots", () => {
    assert.equal(originUrl("http://127.0.0.1:8081", roots, "file:///srv/hls/sports/main%20feed/index"), "http://127.0.0.1:8081/hls/sports/main%20feed/index.m3u8");
    assert.equal(originUrl("http://127.0.0.1:8081", roots, "file:///etc/index"), undefined);
    assert.equal(originUrl("http://127.0.0.1:8081", roots, "https://cdn.example.com/live/index"), undefined);
  });
});

describe("publishedFolders", () => {
  it("holds the master, variant playlists and numbered segments of each output, nothing else", () => {
    const config = minimalHls() as ChannelConfig;
    config.destinations[0]!.settings = [{ url: "file:///srv/hls/live/index" }];
    const tests = publishedFolders([config]).get("/srv/hls/live") ?? [];
    assert.equal(tests.length, 1);
    const published = (name: string): boolean => tests.some((test) => test(name));
    for (const name of ["index.m3u8", "index_720p.m3u8", "index_720p_00001.ts", "index_720p_123456.ts"]) assert.ok(published(name), name);
    for (const name of ["index.m3u8.tmp", "index_720p_00001.ts.tmp", "index_720p_1.ts", "index_720p_x.ts", "index_1080p.m3u8", "other.m3u8", "credentials.json", "index_720p.m3u8/x"]) assert.ok(!published(name), name);
    assert.equal(publishedFolders([config]).get("/srv/hls"), undefined, "only the destination's own folder");
  });

  it("holds each variant's <variant>_iframes.m3u8 only when the group writes I-frame-only playlists", () => {
    const config = minimalHls() as ChannelConfig;
    config.destinations[0]!.settings = [{ url: "file:///srv/hls/live/index" }];
    const published = (name: string): boolean => (publishedFolders([config]).get("/srv/hls/live") ?? []).some((test) => test(name));
    assert.ok(!published("index_720p_iframes.m3u8"));
    config.encoderSettings!.outputGroups![0]!.outputGroupSettings!.hlsGroupSettings!.iFrameOnlyPlaylists = "STANDARD";
    assert.ok(published("index_720p_iframes.m3u8"));
    for (const name of ["index_iframes.m3u8", "index_720p_iframes.m3u8.tmp", "index_1080p_iframes.m3u8", "index_720p_iframes_00001.ts"]) assert.ok(!published(name), name);
  });
});

