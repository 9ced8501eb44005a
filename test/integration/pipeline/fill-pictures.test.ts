import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseH264AccessUnit } from "../../../src/media/h264/access-unit.ts";
import { parseH265AccessUnit } from "../../../src/media/h265/access-unit.ts";
import { makeFillPictures } from "../../../src/pipeline/program/fill-pictures.ts";
import type { ProgramLayout } from "../../../src/pipeline/program/program-layout.ts";

const layout: ProgramLayout = {
  videoCodec: "H264",
  width: 640,
  height: 360,
  frameRate: { num: 30, den: 1 },
  audio: [
    { selectorName: "main", codec: "AAC", sampleRateHz: 48000, channels: 2 },
    { selectorName: "dolby", codec: "AC3", sampleRateHz: 48000, channels: 6 },
  ],
};

describe("makeFillPictures (Debian ffmpeg)", () => {
  it("makes self-contained H.264 black and colour pictures and silent AAC and AC-3 frames", async () => {
    const fill = await makeFillPictures({ layout, imageColor: "ff8800" });
    for (const picture of [fill.black, fill.image]) {
      const info = parseH264AccessUnit(picture);
      assert.equal(info.keyframe, true);
      assert.equal(info.sps?.widthPx, 640);
      assert.equal(info.sps?.heightPx, 360);
      // A picture timed at another rate would be repeated by the encoder's constant-frame-rate output.
      assert.equal(info.sps?.frameRate, 30, "the pictures carry the layout's frame rate");
    }
    assert.notDeepEqual(fill.black, fill.image, "the colour picture differs from black");
    assert.equal(fill.silence.length, 2);
    assert.equal(fill.silence[0]!.frameTicks90k, 1920, "AAC: 1024 samples at 48 kHz");
    assert.equal(fill.silence[0]!.frame[0], 0xff, "ADTS sync");
    assert.equal(fill.silence[1]!.frameTicks90k, 2880, "AC-3: 1536 samples at 48 kHz");
    assert.equal(fill.silence[1]!.frame[0], 0x0b, "AC-3 sync word");
  });

  it("makes H.265 pictures for an H.265 layout", async () => {
    const fill = await makeFillPictures({ layout: { ...layout, videoCodec: "H265", audio: [] } });
    const info = parseH265AccessUnit(fill.black);
    assert.equal(info.keyframe, true);
    assert.equal(info.sps?.widthPx, 640);
  });
});
