// Reading ID3v2 tags back (media/id3/id3-reader.ts): what the writers write reads back frame by
// frame and as text; malformed tags give a reason, never an exception.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pseudoRandomBytes } from "../../../../src/media/bits/pseudo-random.ts";
import { id3FrameText, readId3Tag } from "../../../../src/media/id3/id3-reader.ts";
import { id3Tag, privTag, textTag } from "../../../../src/media/id3/id3-tag.ts";
import { timestampTag } from "../../../../src/media/id3/timestamp-tags.ts";
import { txxxTag } from "../../../../src/pipeline/program/schedule-id3.ts";

const T = Date.UTC(2026, 0, 31, 12, 34, 56, 789);

function onlyText(tag: Uint8Array): string | undefined {
  const read = readId3Tag(tag);
  assert.ok(read.ok, read.ok ? "" : read.reason);
  assert.equal(read.frames.length, 1);
  assert.equal(read.tagBytes, tag.length);
  return id3FrameText(read.frames[0]!);
}

describe("reading ID3v2 tags", () => {
  it("reads what the writers write: text frames, TXXX, PRIV, the timestamp tags", () => {
    assert.equal(onlyText(textTag("TIT2", "Grüße")), "Grüße");
    assert.equal(onlyText(txxxTag("programme-42")), "programme-42");
    assert.equal(onlyText(privTag("com.example", new TextEncoder().encode("data"))), "com.example:data");
    assert.equal(onlyText(timestampTag("PRIV", T)), "com.elementaltechnologies.timestamp.utc:2026-01-31T12:34:56.789+00:00");
    assert.equal(onlyText(timestampTag("TDRL", T)), "2026-01-31T12:34:56");
    assert.equal(onlyText(id3Tag("APIC", Uint8Array.of(1, 2, 3))), undefined, "no text in other frames");
  });

  it("reads ID3v2.3 (plain frame sizes), several frames, padding and UTF-16 text", () => {
    const utf16 = Buffer.concat([Buffer.from([1, 0xff, 0xfe]), Buffer.from("Hi", "utf16le")]);
    const frame = (id: string, body: Buffer) => Buffer.concat([Buffer.from(id, "latin1"), Buffer.from([0, 0, 0, body.length, 0, 0]), body]);
    const frames = Buffer.concat([frame("TIT2", utf16), frame("TPE1", Buffer.from([0, 0x41, 0x42])), Buffer.alloc(10)]);
    const tag = Buffer.concat([Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, frames.length]), frames]);
    const read = readId3Tag(tag);
    assert.ok(read.ok);
    assert.deepEqual(read.frames.map((f) => [f.id, id3FrameText(f)]), [["TIT2", "Hi"], ["TPE1", "AB"]]);
  });

  it("gives reasons for what is not a whole tag", () => {
    const tag = textTag("TIT2", "x");
    const cases: [Uint8Array, RegExp][] = [
      [Uint8Array.of(1, 2, 3), /no ID3v2 header/],
      [Uint8Array.from([...tag.subarray(0, 3), 2, ...tag.subarray(4)]), /ID3v2\.2/],
      [tag.subarray(0, tag.length - 1), /declares/],
      [Uint8Array.from([...tag.subarray(0, 6), 0x80, ...tag.subarray(7)]), /synchsafe/],
    ];
    for (const [bytes, reason] of cases) {
      const read = readId3Tag(bytes);
      assert.ok(!read.ok);
      assert.match(read.reason, reason);
    }
  });

  it("fuzz: random and damaged tags never throw", () => {
    const tag = textTag("TIT2", "Hello, world");
    for (let seed = 1; seed <= 400; seed++) {
      const bytes = seed % 2 ? pseudoRandomBytes(seed % 80, seed) : Uint8Array.from(tag, (byte, i) => (i === seed % tag.length ? byte ^ (seed & 0xff) : byte));
      const read = readId3Tag(bytes);
      if (read.ok) for (const frame of read.frames) assert.doesNotThrow(() => id3FrameText(frame));
    }
  });
});
