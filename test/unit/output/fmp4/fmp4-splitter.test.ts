import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fmp4Splitter } from "../../../../src/output/fmp4/fmp4-splitter.ts";
import { box, pieces } from "./fmp4-boxes.ts";

describe("Fmp4Splitter", () => {
  const ftyp = box("ftyp", "cmfc");
  const uuid = box("uuid", "<smil/>");
  const moov = box("moov", "tracks");
  const frag1 = Buffer.concat([box("styp", "msdh"), box("moof", "1"), box("mdat", "first")]);
  const frag2 = Buffer.concat([box("moof", "2"), box("mdat", "second")]);
  const mfra = box("mfra");

  it("cuts a muxer's output into the header, its fragments and the trailer", () => {
    for (const size of [1, 5, 64, 10_000]) {
      const splitter = new Fmp4Splitter();
      const parts = pieces(Buffer.concat([uuid, ftyp, moov, frag1, frag2, mfra]), size).flatMap((piece) => splitter.push(piece));
      assert.deepEqual(
        parts.map((part) => part.kind),
        ["header", "fragment", "fragment", "trailer"],
      );
      assert.ok(parts[0]!.bytes.equals(Buffer.concat([uuid, ftyp, moov])));
      assert.ok(parts[1]!.bytes.equals(frag1), "a fragment keeps the boxes that lead its moof");
      assert.ok(parts[2]!.bytes.equals(frag2));
      assert.ok(parts[3]!.bytes.equals(mfra));
    }
  });

  it("starts afresh after reset (a new encoder run), dropping the half fragment of the last", () => {
    const splitter = new Fmp4Splitter();
    splitter.push(Buffer.concat([ftyp, moov, frag1.subarray(0, 20)]));
    splitter.reset();
    const parts = splitter.push(Buffer.concat([ftyp, moov, frag2]));
    assert.deepEqual(parts.map((part) => part.kind), ["header", "fragment"]);
    assert.ok(parts[1]!.bytes.equals(frag2));
  });
});
