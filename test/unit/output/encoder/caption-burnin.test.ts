import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import type { VideoDescription } from "../../../../src/model/generated/medialive-types.ts";
import { burnInFontPx, captionBurninFilter } from "../../../../src/output/encoder/caption-burnin.ts";
import { videoFilterChain } from "../../../../src/output/encoder/video-filter.ts";
import { resolveVideo } from "../../../../src/output/encoder/video-format.ts";
import { FED_720P30 } from "./encoder-fixtures.ts";

const options = (filter: string): Map<string, string> => {
  assert.ok(filter.startsWith("drawtext="), filter);
  return new Map(filter.slice("drawtext=".length).split(/(?<!\\):/).map((option) => option.split("=", 2) as [string, string]));
};

describe("captionBurninFilter", () => {
  it("reads the text file every frame, white and opaque at the bottom centre by default, without box or shadow", () => {
    const drawn = options(captionBurninFilter({ descriptionName: "b", settings: {}, textFile: "/w/burnin_b.txt" }, 360));
    assert.equal(drawn.get("textfile"), "/w/burnin_b.txt");
    assert.equal(drawn.get("reload"), "1");
    assert.equal(drawn.get("font"), "monospace");
    assert.equal(drawn.get("fontsize"), "20", "auto: 360 / 18");
    assert.equal(drawn.get("fontcolor"), "white@1");
    assert.equal(drawn.get("x"), "(w-tw)/2");
    assert.equal(drawn.get("y"), "h-th-30");
    assert.ok(!drawn.has("box") && !drawn.has("shadowx") && !drawn.has("borderw"));
  });

  it("maps colours, opacities, outline, shadow and explicit positions to drawtext options", () => {
    const settings = {
      fontSize: "18",
      fontResolution: 144,
      fontColor: "YELLOW",
      fontOpacity: 128,
      backgroundColor: "BLACK",
      backgroundOpacity: 51,
      outlineColor: "BLUE",
      outlineSize: 2,
      shadowColor: "WHITE",
      shadowOpacity: 255,
      shadowXOffset: 3,
      shadowYOffset: -1,
      xPosition: 40,
      yPosition: 200,
    } as const;
    const drawn = options(captionBurninFilter({ descriptionName: "b", settings, textFile: "/w/b.txt" }, 720));
    assert.equal(drawn.get("fontsize"), "36", "18 pt at 144 dpi");
    assert.equal(drawn.get("fontcolor"), "yellow@0.502");
    assert.equal(drawn.get("box"), "1");
    assert.equal(drawn.get("boxcolor"), "black@0.2");
    assert.equal(drawn.get("borderw"), "2");
    assert.equal(drawn.get("bordercolor"), "blue");
    assert.equal(drawn.get("shadowcolor"), "white@1");
    assert.equal(drawn.get("shadowx"), "3");
    assert.equal(drawn.get("shadowy"), "-1");
    assert.equal(drawn.get("x"), "40");
    assert.equal(drawn.get("y"), "200");
  });

  it("LEFT alignment starts at the left margin; a NONE background draws no box", () => {
    const drawn = options(captionBurninFilter({ descriptionName: "b", settings: { alignment: "LEFT", backgroundColor: "NONE", backgroundOpacity: 255 }, textFile: "/w/b.txt" }, 360));
    assert.equal(drawn.get("x"), "10");
    assert.ok(!drawn.has("box"));
  });

  it("escapes the file path for the filter graph", () => {
    const filter = captionBurninFilter({ descriptionName: "b", settings: {}, textFile: "/w/it's:here.txt" }, 360);
    assert.ok(filter.includes("textfile=/w/it\\\\\\'s\\\\:here.txt"), filter);
  });

  it("falls back to auto for a fontSize that is no number", () => {
    assert.equal(burnInFontPx({ fontSize: "large" }, 1080), 60);
  });
});

describe("caption burn-in with ffmpeg", () => {
  const workDir = mkdtempSync(path.join(tmpdir(), "caption-burnin-"));
  after(() => rmSync(workDir, { recursive: true, force: true }));
  const video = resolveVideo({ name: "v", width: 320, height: 180, codecSettings: { h264Settings: { bitrate: 1e6 } } } as unknown as VideoDescription, FED_720P30);

  /** One grey-level frame of a black picture through the video chain drawing `text`. */
  function frameWith(text: string): Buffer {
    const textFile = path.join(workDir, "it's here.txt");
    writeFileSync(textFile, text);
    const chain = videoFilterChain(video, { descriptionName: "b", settings: { fontColor: "WHITE" }, textFile });
    const run = spawnSync("ffmpeg", ["-hide_banner", "-v", "error", "-f", "lavfi", "-i", "color=black:s=320x180:r=30:d=0.2", "-filter_complex", `[0:v]${chain}[out]`, "-map", "[out]", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1"], { maxBuffer: 1 << 22 });
    assert.equal(run.status, 0, run.stderr.toString());
    assert.equal(run.stdout.length, 320 * 180);
    return run.stdout;
  }

  it("draws the file's text into the picture, and nothing when the file is empty", () => {
    const lit = (frame: Buffer): number => frame.filter((level) => level > 128).length;
    assert.equal(lit(frameWith("")), 0);
    assert.ok(lit(frameWith("HELLO")) > 50, "HELLO drawn in white");
  });
});
