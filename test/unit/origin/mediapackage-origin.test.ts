// The origin's /origin/mediapackage/ paths: only below the own origin's folder, only the files
// the channels' MediaPackage groups publish there.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChannelConfig } from "../../../src/domain/channels/channel-config.ts";
import { fileOfOriginPath } from "../../../src/origin/hls-origin.ts";
import { mediaPackagePublishedFolders, mediaPackageRootPath } from "../../../src/origin/mediapackage-origin.ts";
import { OutputRoots } from "../../../src/output/roots/output-roots.ts";
import { minimalMediaPackage } from "../output/mediapackage/mediapackage-fixtures.ts";

const ORIGIN_ROOT = "/var/lib/openlive/mediapackage";
const roots = new OutputRoots([ORIGIN_ROOT]);
const targetOf = (raw: string) => {
  const rootPath = mediaPackageRootPath(raw);
  return rootPath === undefined ? undefined : fileOfOriginPath(roots, rootPath);
};

describe("MediaPackage origin paths", () => {
  it("maps /origin/mediapackage/<folders>/<file> below the origin root", () => {
    assert.deepEqual(targetOf("/origin/mediapackage/mp-channel/channel.m3u8"), { root: ORIGIN_ROOT, folder: `${ORIGIN_ROOT}/mp-channel`, relative: "mp-channel", rootName: "mediapackage", fileName: "channel.m3u8" });
    assert.equal(targetOf("/origin/mediapackage/g/n/pipeline1/index.m3u8")?.folder, `${ORIGIN_ROOT}/g/n/pipeline1`);
  });

  it("refuses every other spelling", () => {
    for (const raw of ["/origin/mediapackage/../x.m3u8", "/origin/mediapackage/%2e%2e/x.m3u8", "/origin/mediapackage/a%2fb/x.m3u8", "/origin/mediapackage//x.m3u8", "/origin/other/x.m3u8", "/mediapackage/x/channel.m3u8", "/origin/mediapackageX/a.m3u8"]) {
      assert.equal(targetOf(raw), undefined, raw);
    }
  });

  it("publishes the group's master, renditions and segments in the channel's folder only, none for a configured target", () => {
    const config = minimalMediaPackage() as unknown as ChannelConfig;
    const folders = mediaPackagePublishedFolders([config], { originRoot: ORIGIN_ROOT, targets: {} });
    assert.deepEqual([...folders.keys()], [`${ORIGIN_ROOT}/mp-channel`, `${ORIGIN_ROOT}/mp-channel/pipeline1`]);
    const published = (name: string): boolean => (folders.get(`${ORIGIN_ROOT}/mp-channel`) ?? []).some((test) => test(name));
    for (const name of ["channel.m3u8", "channel_1280x720.m3u8", "channel_1280x720_00001.ts", "channelAAC-LC-128-EN.m3u8", "channelAAC-LC-128-EN_00007.ts"]) assert.ok(published(name), name);
    for (const name of ["channel.m3u8.tmp", "index.m3u8", "channel_640x360.m3u8", "secrets.json"]) assert.ok(!published(name), name);
    const configured = mediaPackagePublishedFolders([config], { originRoot: ORIGIN_ROOT, targets: { "mp-channel": { settings: [{ url: "https://p.example/in/v2/a/a/channel" }] } } });
    assert.equal(configured.size, 0);
  });
});
