import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EncoderProgressParser } from "../../../../src/output/encoder/encoder-progress.ts";

describe("EncoderProgressParser", () => {
  it("reports each block at its progress= line, across chunk boundaries", () => {
    const parser = new EncoderProgressParser();
    assert.deepEqual(parser.push("frame=12\nfps=25.0\nspeed=1.01x\npro"), []);
    assert.deepEqual(parser.push("gress=continue\nframe=37\n"), [{ frame: 12, speed: 1.01 }]);
    assert.deepEqual(parser.push("speed=N/A\nprogress=end\n"), [{ frame: 37 }]);
  });

  it("counts a block without frame= as frame 0 and skips lines without '='", () => {
    const parser = new EncoderProgressParser();
    assert.deepEqual(parser.push("garbage\nprogress=continue\nframe=5\nprogress=continue\n"), [{ frame: 0 }, { frame: 5 }]);
  });
});
