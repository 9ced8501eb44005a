import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { id3Tag, privTag, textTag } from "../../../../src/media/id3/id3-tag.ts";
import { id3TimestampText, timestampTag, utcTimestampText } from "../../../../src/media/id3/timestamp-tags.ts";

const T = Date.UTC(2026, 0, 31, 12, 34, 56, 789);

describe("ID3v2.4 tags", () => {
  it("writes the 10-byte header and frame header with synchsafe sizes", () => {
    const tag = id3Tag("TEST", new Uint8Array(200));
    assert.deepEqual([...tag.subarray(0, 10)], [0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0x01, 0x52]); // 210 = 1·128 + 82
    assert.deepEqual([...tag.subarray(10, 20)], [0x54, 0x45, 0x53, 0x54, 0, 0, 0x01, 0x48, 0, 0]); // 200 = 1·128 + 72
    assert.equal(tag.length, 220);
    assert.throws(() => id3Tag("priv", new Uint8Array(0)), /frame id/);
  });

  it("PRIV: owner, NUL, data; text frames: UTF-8 encoding byte then the text", () => {
    const priv = Buffer.from(privTag("o.x", new Uint8Array([1, 2])));
    assert.equal(priv.subarray(10, 14).toString("latin1"), "PRIV");
    assert.deepEqual([...priv.subarray(20)], [0x6f, 0x2e, 0x78, 0, 1, 2]);
    const text = Buffer.from(textTag("TDRL", "é"));
    assert.deepEqual([...text.subarray(20)], [0x03, 0xc3, 0xa9]);
  });

  it("timestamps: PRIV com.elementaltechnologies.timestamp.utc with ms and offset, TDRL an ID3v2.4 timestamp", () => {
    assert.equal(utcTimestampText(T), "2026-01-31T12:34:56.789+00:00");
    assert.equal(id3TimestampText(T), "2026-01-31T12:34:56");
    const priv = Buffer.from(timestampTag("PRIV", T));
    assert.equal(priv.subarray(20).toString("latin1"), "com.elementaltechnologies.timestamp.utc\u00002026-01-31T12:34:56.789+00:00");
    const tdrl = Buffer.from(timestampTag("TDRL", T));
    assert.equal(tdrl.subarray(10, 14).toString("latin1"), "TDRL");
    assert.equal(tdrl.subarray(21).toString("utf8"), "2026-01-31T12:34:56");
  });
});
