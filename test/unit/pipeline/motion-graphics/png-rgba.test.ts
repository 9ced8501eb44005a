import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { decodePngRgba } from "../../../../src/pipeline/motion-graphics/png-rgba.ts";

/** A PNG ffmpeg encodes from raw RGBA (its encoder picks the filters per line: Paeth, Sub, Up… all occur on a gradient). */
function ffmpegPng(width: number, height: number, rgba: Uint8Array, pixelFormat: "rgba" | "rgb24"): Buffer {
  const run = spawnSync("ffmpeg", ["-v", "error", "-f", "rawvideo", "-pix_fmt", "rgba", "-s", `${width}x${height}`, "-i", "-", "-frames:v", "1", "-pix_fmt", pixelFormat, "-pred", "mixed", "-c:v", "png", "-f", "image2pipe", "-"], { input: rgba });
  assert.equal(run.status, 0, run.stderr?.toString());
  return run.stdout;
}

function gradient(width: number, height: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rgba.set([(x * 7) & 255, (y * 13) & 255, (x * y) & 255, x < 5 ? 0 : (x * 3 + y) & 255], (y * width + x) * 4);
  }
  return rgba;
}

describe("PNG frames to RGBA", () => {
  it("decodes an RGBA PNG exactly, whatever filters its lines use", () => {
    const rgba = gradient(37, 21);
    const image = decodePngRgba(ffmpegPng(37, 21, rgba, "rgba"));
    assert.ok(!(image instanceof Error), String(image));
    assert.equal(image.width, 37);
    assert.equal(image.height, 21);
    assert.deepEqual(Buffer.from(image.rgba), Buffer.from(rgba));
  });

  it("decodes an RGB PNG as opaque", () => {
    const rgba = gradient(16, 9);
    const image = decodePngRgba(ffmpegPng(16, 9, rgba, "rgb24"));
    assert.ok(!(image instanceof Error), String(image));
    const opaque = Uint8Array.from(rgba, (value, i) => (i % 4 === 3 ? 255 : value));
    assert.deepEqual(Buffer.from(image.rgba), Buffer.from(opaque));
  });

  it("says why it does not read other bytes", () => {
    assert.match(String(decodePngRgba(Buffer.from("GIF89a not a png at all, long enough to be looked at"))), /not a PNG/);
    const png = ffmpegPng(8, 8, gradient(8, 8), "rgba");
    assert.match(String(decodePngRgba(png.subarray(0, 40))), /truncated PNG|without IHDR or IDAT|PNG data/);
  });
});
