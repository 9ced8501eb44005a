import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FlvTagReader, MAX_TAG_BYTES, isEmptySequenceHeader, isSequenceHeader, isVideoKeyframe, type FlvTag } from "../../../../src/output/rtmp/flv-tag-reader.ts";
import { AAC_CONFIG, AVC_CONFIG, EMPTY_AVC_CONFIG, METADATA, aacFrame, flvHeader, flvTag, interframe, keyframe, runStart } from "./flv-fixtures.ts";

const brief = (tags: readonly FlvTag[]): [number, number, string][] => tags.map((tag) => [tag.type, tag.timestampMs, Buffer.from(tag.data).toString("hex")]);

describe("FlvTagReader", () => {
  const stream = Buffer.concat([runStart(), flvTag(9, 40, keyframe(0xaa)), flvTag(8, 43, aacFrame(1)), flvTag(9, 0x01234567, interframe(2))]);

  it("reads the tags of an FLV stream: type, 32-bit timestamp (with TimestampExtended) and body", () => {
    const { tags, error } = new FlvTagReader().push(stream);
    assert.equal(error, undefined);
    assert.deepEqual(brief(tags), [
      [18, 0, METADATA.toString("hex")],
      [9, 0, EMPTY_AVC_CONFIG.toString("hex")],
      [9, 0, AVC_CONFIG.toString("hex")],
      [8, 0, AAC_CONFIG.toString("hex")],
      [9, 40, keyframe(0xaa).toString("hex")],
      [8, 43, aacFrame(1).toString("hex")],
      [9, 0x01234567, interframe(2).toString("hex")],
    ]);
  });

  it("gives the same tags whatever the chunking, down to one byte at a time", () => {
    const whole = brief(new FlvTagReader().push(stream).tags);
    for (const size of [1, 7, 13, 100]) {
      const reader = new FlvTagReader();
      const tags: FlvTag[] = [];
      for (let offset = 0; offset < stream.length; offset += size) tags.push(...reader.push(stream.subarray(offset, offset + size)).tags);
      assert.deepEqual(brief(tags), whole, `chunks of ${size}`);
    }
  });

  it("keeps tags valid after the buffer they came in is reused", () => {
    const chunk = Buffer.from(stream);
    const { tags } = new FlvTagReader().push(chunk);
    chunk.fill(0);
    assert.deepEqual(Buffer.from(tags.at(-1)!.data), interframe(2));
  });

  it("fails on a stream that is not FLV, and on a tag over the bound, and ignores what follows", () => {
    const notFlv = new FlvTagReader();
    assert.match(notFlv.push(Buffer.from("GIF89a-not-flv")).error ?? "", /does not start with an FLV header/);
    assert.equal(notFlv.push(stream).tags.length, 0);
    const huge = Buffer.concat([flvHeader(), Buffer.from([9, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0])]);
    const reader = new FlvTagReader();
    assert.match(reader.push(huge).error ?? "", new RegExp(`over ${MAX_TAG_BYTES}`));
    assert.ok(reader.error);
  });

  it("tells keyframes and (empty) sequence headers", () => {
    const tag = (type: number, data: Buffer): FlvTag => ({ type, timestampMs: 0, data });
    assert.equal(isVideoKeyframe(tag(9, keyframe(1))), true);
    assert.equal(isVideoKeyframe(tag(9, interframe(1))), false);
    assert.equal(isSequenceHeader(tag(9, AVC_CONFIG)), true);
    assert.equal(isSequenceHeader(tag(8, AAC_CONFIG)), true);
    assert.equal(isSequenceHeader(tag(8, aacFrame(1))), false);
    assert.equal(isSequenceHeader(tag(9, keyframe(1))), false);
    assert.equal(isEmptySequenceHeader(tag(9, EMPTY_AVC_CONFIG)), true);
    assert.equal(isEmptySequenceHeader(tag(9, AVC_CONFIG)), false);
  });
});
