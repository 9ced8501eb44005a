import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import * as HLS from "hls-parser";
import type { EncoderPlan, PlannedGroup, PlannedImageStream } from "../../../../src/output/encoder/plan-types.ts";
import { planEncoder } from "../../../../src/output/encoder/encoder-plan.ts";
import { renderImagePlaylist } from "../../../../src/output/hls/image-media-playlist.ts";
import { ImagePlaylists, listedImages } from "../../../../src/output/hls/image-playlists.ts";
import { renderMasterPlaylist } from "../../../../src/output/hls/master-playlist.ts";
import { minimalHls, planRequest } from "../encoder/encoder-fixtures.ts";

type Json = Record<string, any>;

function fmp4WithImages(): Json {
  const config = minimalHls();
  const group = config.encoderSettings.outputGroups[0];
  group.outputs[0].outputSettings.hlsOutputSettings.hlsSettings = { fmp4HlsSettings: {} };
  config.encoderSettings.videoDescriptions.push({ name: "thumbs", width: 320, height: 180, codecSettings: { frameCaptureSettings: {} } });
  group.outputs.push({ outputName: "trick", videoDescriptionName: "thumbs", outputSettings: { hlsOutputSettings: { nameModifier: "_trick", hlsSettings: { frameCaptureHlsSettings: {} } } } });
  return config;
}

describe("master playlist of an fMP4 group with a trick-play image track", () => {
  const group = planEncoder(planRequest(fmp4WithImages())).groups[0]!;
  const text = renderMasterPlaylist({ variants: group.variants, groupSettings: group.settings, ...(group.imageStreams ? { imageStreams: group.imageStreams } : {}) });

  it("lists the fMP4 variant with its avc1/mp4a CODECS at version 7, and the image playlist by EXT-X-IMAGE-STREAM-INF", () => {
    const lines = text.trim().split("\n");
    assert.equal(lines[1], "#EXT-X-VERSION:7");
    assert.match(lines.find((line) => line.startsWith("#EXT-X-STREAM-INF:")) ?? "", /CODECS="avc1\.4d401f,mp4a\.40\.2"/);
    assert.ok(lines.includes("index_720p.m3u8"));
    // (320 × 180 × 3 bits + 1 KiB of headers) per 6 s segment.
    assert.equal(lines.filter((line) => line.startsWith("#EXT-X-IMAGE-STREAM-INF:")).join("\n"), '#EXT-X-IMAGE-STREAM-INF:BANDWIDTH=30165,RESOLUTION=320x180,CODECS="jpeg",URI="index_trick.m3u8"');
    // A player of RFC 8216 skips the unknown tag and still reads one variant.
    const parsed = HLS.parse(text) as HLS.types.MasterPlaylist;
    assert.deepEqual(parsed.variants.map((variant) => variant.uri), ["index_720p.m3u8"]);
  });
});

describe("image media playlist", () => {
  it("renders EXT-X-IMAGES-ONLY and one whole-picture tile per segment duration", () => {
    const text = renderImagePlaylist({ images: [{ name: "t_00004.jpg", number: 4 }, { name: "t_00005.jpg", number: 5 }], segmentLengthSec: 6, width: 320, height: 180 });
    assert.equal(
      text,
      [
        "#EXTM3U",
        "#EXT-X-VERSION:7",
        "#EXT-X-TARGETDURATION:6",
        "#EXT-X-MEDIA-SEQUENCE:4",
        "#EXT-X-IMAGES-ONLY",
        "#EXTINF:6.000,",
        "#EXT-X-TILES:RESOLUTION=320x180,LAYOUT=1x1,DURATION=6.000",
        "t_00004.jpg",
        "#EXTINF:6.000,",
        "#EXT-X-TILES:RESOLUTION=320x180,LAYOUT=1x1,DURATION=6.000",
        "t_00005.jpg",
        "",
      ].join("\n"),
    );
    assert.deepEqual(listedImages(text, { imageStem: "t_" }), [{ name: "t_00004.jpg", number: 4 }, { name: "t_00005.jpg", number: 5 }]);
  });
});

describe("ImagePlaylists", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "openlive-images-"));
  after(() => rmSync(root, { recursive: true, force: true }));
  const folder = path.join(root, "out");
  const staging = path.join(root, "work", "hls-images", "hls");
  const stream: PlannedImageStream = { outputName: "trick", playlistName: "index_trick.m3u8", imageStem: "index_trick_", stagingFolder: staging, stagingPrefix: "o1_", width: 320, height: 180 };
  const group = { name: "hls", destination: { kind: "file", folder, baseName: "index" }, segmentLengthSec: 2, indexNSegments: 2, keepSegments: 3, imageStreams: [stream], variants: [] } as unknown as PlannedGroup;
  const plan = { groups: [group] } as unknown as EncoderPlan;
  const stage = (number: number): void => writeFileSync(path.join(staging, `o1_${String(number).padStart(5, "0")}.jpg`), `picture ${number}`);

  it("numbers the staged pictures on, moves them into the folder, lists the window and deletes beyond keepSegments, across encoder restarts", async () => {
    const images = new ImagePlaylists();
    images.prepare(plan);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(staging, "o1_00001.jpg.tmp"), "half-written");
    stage(1);
    stage(2);
    await images.refresh(plan);
    assert.deepEqual(readdirSync(staging), ["o1_00001.jpg.tmp"], "finished pictures moved, a half-written one left");
    assert.equal(readFileSync(path.join(folder, "index_trick_00002.jpg"), "utf8"), "picture 2");
    assert.deepEqual(listedImages(readFileSync(path.join(folder, "index_trick.m3u8"), "utf8"), stream).map((image) => image.number), [1, 2]);

    // A new encoder numbers its pictures from 1 again; a new pipeline process reads the playlist back.
    const restarted = new ImagePlaylists();
    restarted.prepare(plan);
    assert.deepEqual(readdirSync(staging), [], "a previous encoder's leftovers are cleared");
    stage(1);
    stage(2);
    await restarted.refresh(plan);
    const playlist = readFileSync(path.join(folder, "index_trick.m3u8"), "utf8");
    assert.deepEqual(listedImages(playlist, stream).map((image) => image.number), [3, 4]);
    assert.match(playlist, /#EXT-X-MEDIA-SEQUENCE:3\n/);
    assert.equal(readFileSync(path.join(folder, "index_trick_00004.jpg"), "utf8"), "picture 2");
    // keepSegments 3: image 1 is deleted, 2 (unlisted) kept.
    assert.equal(existsSync(path.join(folder, "index_trick_00001.jpg")), false);
    assert.ok(existsSync(path.join(folder, "index_trick_00002.jpg")));

    // Another process: image 2, kept but no longer listed, still expires in turn.
    const again = new ImagePlaylists();
    again.prepare(plan);
    stage(1);
    await again.refresh(plan);
    assert.deepEqual(listedImages(readFileSync(path.join(folder, "index_trick.m3u8"), "utf8"), stream).map((image) => image.number), [4, 5]);
    assert.deepEqual(readdirSync(folder).filter((name) => name.endsWith(".jpg")).sort(), ["index_trick_00003.jpg", "index_trick_00004.jpg", "index_trick_00005.jpg"]);
  });
});
