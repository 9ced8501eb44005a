import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FlvPublishGate } from "../../../../src/output/rtmp/flv-publish-gate.ts";
import { FlvTagReader, type FlvTag } from "../../../../src/output/rtmp/flv-tag-reader.ts";
import { AAC_CONFIG, AVC_CONFIG, METADATA, aacFrame, flvTag, interframe, keyframe, runStart } from "./flv-fixtures.ts";

const tagsOf = (bytes: Buffer): FlvTag[] => new FlvTagReader().push(bytes).tags;
const brief = (tags: readonly FlvTag[]): [number, number, string][] => tags.map((tag) => [tag.type, tag.timestampMs, Buffer.from(tag.data).toString("hex")]);

describe("FlvPublishGate", () => {
  it("starts a publish with metadata and sequence headers (never the empty AVC one), then media from the keyframe on", () => {
    const gate = new FlvPublishGate();
    const sent = tagsOf(Buffer.concat([runStart(), flvTag(9, 0, keyframe(1)), flvTag(8, 10, aacFrame(2)), flvTag(9, 33, interframe(3))])).flatMap((tag) => gate.take(tag, true));
    assert.deepEqual(brief(sent), [
      [18, 0, METADATA.toString("hex")],
      [9, 0, AVC_CONFIG.toString("hex")],
      [8, 0, AAC_CONFIG.toString("hex")],
      [9, 0, keyframe(1).toString("hex")],
      [8, 10, aacFrame(2).toString("hex")],
      [9, 33, interframe(3).toString("hex")],
    ]);
  });

  it("a reconnect in the middle of a run: the kept headers first, from the next keyframe, timestamps from 0", () => {
    const gate = new FlvPublishGate();
    const run = tagsOf(Buffer.concat([runStart(), flvTag(9, 0, keyframe(1)), flvTag(9, 33, interframe(2)), flvTag(8, 5000, aacFrame(3)), flvTag(9, 5005, interframe(4)), flvTag(8, 5010, aacFrame(5)), flvTag(9, 6000, keyframe(6)), flvTag(8, 5990, aacFrame(7)), flvTag(9, 6033, interframe(8))]));
    const [before, after] = [run.slice(0, 6), run.slice(6)];
    assert.equal(before.flatMap((tag) => gate.take(tag, true)).length, 5, "metadata, two headers, the first keyframe and its frame");
    // The connection dropped; nothing is published until the new one publishes, then from the next keyframe.
    assert.deepEqual(after.slice(0, 2).flatMap((tag) => gate.take(tag, false)), []);
    gate.restart();
    const resumed = after.slice(2).flatMap((tag) => gate.take(tag, true));
    assert.deepEqual(brief(resumed), [
      [18, 0, METADATA.toString("hex")],
      [9, 0, AVC_CONFIG.toString("hex")],
      [8, 0, AAC_CONFIG.toString("hex")],
      [9, 0, keyframe(6).toString("hex")],
      [8, 0, aacFrame(7).toString("hex")],
      [9, 33, interframe(8).toString("hex")],
    ]);
  });

  it("audio only: starts at the next audio tag", () => {
    const gate = new FlvPublishGate();
    const sent = tagsOf(Buffer.concat([runStart().subarray(0, 13), flvTag(8, 0, AAC_CONFIG), flvTag(8, 100, aacFrame(1)), flvTag(8, 123, aacFrame(2))])).flatMap((tag) => gate.take(tag, true));
    assert.deepEqual(sent.map((tag) => tag.timestampMs), [0, 0, 23]);
  });

  it("a new encoder run forgets the previous run's headers", () => {
    const gate = new FlvPublishGate();
    for (const tag of tagsOf(runStart())) gate.take(tag, false);
    gate.reset();
    assert.deepEqual(brief(tagsOf(Buffer.concat([runStart().subarray(0, 13), flvTag(9, 0, keyframe(9))])).flatMap((tag) => gate.take(tag, true))), [[9, 0, keyframe(9).toString("hex")]]);
  });
});
