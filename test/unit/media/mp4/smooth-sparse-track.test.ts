// The Smooth sparse track writer (media/mp4/smooth-sparse-track.ts) read back through its own
// reader and through the box walker and fragment reader the rest of the project uses: the
// header is ftyp, Live Server Manifest Box (one textstream with the params the Azure text
// requires), moov (a meta track, sample entry 'scte'); a fragment is a moof whose tfxd gives the
// message's time and an mdat of version 1, id, delta and the message. Fuzzed: every field round
// trips, and the reader never throws on damaged bytes. tfxd (media/mp4/tfxd.ts) in both versions,
// and mp4Fragments taking a tfxd for the time of a fragment without a tfdt.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { walkBoxes } from "../../../../src/media/mp4/boxes.ts";
import { box, fullBox, u32 } from "../../../../src/media/mp4/box-writer.ts";
import { mp4Fragments, mp4Tracks } from "../../../../src/media/mp4/fragments.ts";
import { liveManifestTracks, readSparseFragment, readSparseTrackHeader, writeSparseFragment, writeSparseTrackHeader, type SparseTrackDeclaration } from "../../../../src/media/mp4/smooth-sparse-track.ts";
import { readTfxd, TFXD_UUID, writeTfxd } from "../../../../src/media/mp4/tfxd.ts";

const declaration: SparseTrackDeclaration = { trackId: 1, trackName: "scte35", parentTrackName: "video", timescale: 10_000_000, scheme: "urn:scte:scte35:2013:bin" };

describe("Smooth sparse track", () => {
  it("the header is ftyp (isml), the Live Server Manifest Box declaring the textstream, and a moov with a meta track coded 'scte'", () => {
    const header = writeSparseTrackHeader(declaration);
    const walk = walkBoxes(header);
    assert.equal(walk.truncated, false);
    assert.deepEqual(walk.boxes.map((each) => each.type), ["ftyp", "uuid", "moov"]);
    assert.deepEqual(mp4Tracks(header), [{ trackId: 1, timescale: 10_000_000, handler: "meta", sampleEntry: "scte" }]);
    const parsed = readSparseTrackHeader(header);
    assert.ok(parsed);
    assert.equal(parsed.brand, "isml");
    assert.deepEqual(Object.fromEntries(parsed.params), {
      systemBitrate: "0",
      trackID: "1",
      trackName: "scte35",
      parentTrackName: "video",
      manifestOutput: "true",
      Subtype: "DATA",
      Scheme: "urn:scte:scte35:2013:bin",
      timescale: "10000000",
    });
    // The manifest box: uuid A5D40B30-E814-11DD-BA2F-0800200C9A66, version and flags 0, then the SMIL.
    const uuid = walk.boxes[1]!;
    assert.equal(Buffer.from(header.subarray(uuid.payload, uuid.payload + 16)).toString("hex"), "a5d40b30e81411ddba2f0800200c9a66");
    assert.deepEqual([...header.subarray(uuid.payload + 16, uuid.payload + 20)], [0, 0, 0, 0]);
    assert.match(new TextDecoder().decode(header.subarray(uuid.payload + 20, uuid.end)), /^<\?xml version="1\.0" encoding="utf-8"\?>\n<smil xmlns="http:\/\/www\.w3\.org\/2001\/SMIL20\/Language">/);
  });

  it("names with XML's special characters are escaped in the manifest and read back as given", () => {
    const header = writeSparseTrackHeader({ ...declaration, trackName: `a&b<c>"d"`, parentTrackName: "video_eng" });
    const params = readSparseTrackHeader(header)!.params;
    assert.equal(params.get("trackName"), `a&b<c>"d"`);
    assert.equal(params.get("parentTrackName"), "video_eng");
    assert.doesNotMatch(new TextDecoder().decode(header), /a&b</);
  });

  it("a fragment: moof with mfhd, a traf (tfhd, trun, tfxd) and an mdat of version 1, id, delta and the message", () => {
    const message = Uint8Array.of(0xfc, 0x30, 0x11, 0x22);
    const fragment = writeSparseFragment({ trackId: 1, sequenceNumber: 4, time: 123_456_789_012, duration: 600_000_000, id: 77, presentationTimeDelta: 0, message });
    const walk = walkBoxes(fragment);
    assert.deepEqual(walk.boxes.map((each) => each.type), ["moof", "mdat"]);
    const mdat = walk.boxes[1]!;
    assert.deepEqual([...fragment.subarray(mdat.payload)], [0, 0, 0, 1, 0, 0, 0, 77, 0, 0, 0, 0, ...message]);
    assert.deepEqual({ ...readSparseFragment(fragment)!, message: [...readSparseFragment(fragment)!.message] }, { trackId: 1, sequenceNumber: 4, time: 123_456_789_012, duration: 600_000_000, id: 77, presentationTimeDelta: 0, message: [...message] });
    // The generic reader finds the one sample where the trun says, at the tfxd's time.
    const samples = mp4Fragments(fragment)[0]!.samples;
    assert.deepEqual(samples.map((sample) => [sample.trackId, sample.presentationTime, sample.duration, sample.offset, sample.size]), [[1, 123_456_789_012, 600_000_000, mdat.payload, 12 + message.length]]);
  });

  it("fuzzed: every field of a fragment round trips", () => {
    fc.assert(
      fc.property(
        fc.record({
          trackId: fc.integer({ min: 1, max: 0xffff_ffff }),
          sequenceNumber: fc.integer({ min: 0, max: 0xffff_ffff }),
          time: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
          duration: fc.integer({ min: 0, max: 0xffff_ffff }),
          id: fc.integer({ min: 0, max: 0xffff_ffff }),
          presentationTimeDelta: fc.integer({ min: 0, max: 0xffff_ffff }),
          message: fc.uint8Array({ maxLength: 300 }),
        }),
        (fields) => {
          const read = readSparseFragment(writeSparseFragment(fields));
          assert.ok(read);
          assert.deepEqual({ ...read, message: [...read.message] }, { ...fields, message: [...fields.message] });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("fuzzed: a header round trips its names and timescale", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), fc.integer({ min: 1, max: 0xffff_ffff }), (trackName, parentTrackName, timescale) => {
        const header = writeSparseTrackHeader({ ...declaration, trackName, parentTrackName, timescale });
        const params = readSparseTrackHeader(header)!.params;
        assert.equal(params.get("trackName"), trackName);
        assert.equal(params.get("parentTrackName"), parentTrackName);
        assert.equal(params.get("timescale"), String(timescale));
        assert.equal(mp4Tracks(header)[0]!.timescale, timescale);
      }),
      { numRuns: 200 },
    );
  });

  it("fuzzed: the readers never throw on damaged bytes, and a cut fragment is no fragment", () => {
    const fragment = writeSparseFragment({ trackId: 1, sequenceNumber: 1, time: 5, duration: 0, id: 1, presentationTimeDelta: 0, message: Uint8Array.of(1, 2, 3) });
    for (let cut = 0; cut < fragment.length; cut++) assert.equal(readSparseFragment(fragment.subarray(0, cut)), undefined, `cut at ${cut}`);
    const header = writeSparseTrackHeader(declaration);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: header.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: fragment.length - 1 }), (at, value, fragmentAt) => {
        const damagedHeader = Uint8Array.from(header);
        damagedHeader[at] = value;
        readSparseTrackHeader(damagedHeader);
        liveManifestTracks(damagedHeader);
        const damagedFragment = Uint8Array.from(fragment);
        damagedFragment[fragmentAt] = value;
        readSparseFragment(damagedFragment);
      }),
      { numRuns: 500 },
    );
  });

  it("liveManifestTracks reads each track element's params of a feed's manifest (ffmpeg's ismv form)", () => {
    const smil = `<?xml version="1.0" encoding="utf-8"?>\n<smil xmlns="http://www.w3.org/2001/SMIL20/Language">\n<body>\n<switch>\n<video systemBitrate="0">\n<param name="trackID" value="1" valuetype="data"/>\n<param name="trackName" value="video" valuetype="data"/>\n</video>\n<audio systemBitrate="69000">\n<param name="trackID" value="2" valuetype="data"/>\n<param name="trackName" value="audio_eng" valuetype="data"/>\n</audio>\n</switch>\n</body>\n</smil>\n`;
    const header = box("uuid", Uint8Array.from(Buffer.from("a5d40b30e81411ddba2f0800200c9a66", "hex")), u32(0), new TextEncoder().encode(smil));
    assert.deepEqual(
      liveManifestTracks(header).map((track) => [track.element, Object.fromEntries(track.params)]),
      [
        ["video", { trackID: "1", trackName: "video" }],
        ["audio", { trackID: "2", trackName: "audio_eng" }],
      ],
    );
    assert.deepEqual(liveManifestTracks(box("uuid", new Uint8Array(16), u32(0), new TextEncoder().encode(smil))), [], "another uuid box is no manifest");
  });
});

describe("tfxd ([MS-SSTR] §2.2.4.4)", () => {
  it("version 1 round trips 64-bit times; version 0 reads 32-bit ones; another uuid is not a tfxd", () => {
    const written = writeTfxd({ absoluteTime: 2 ** 40 + 3, duration: 20_000_000 });
    const found = walkBoxes(written).boxes[0]!;
    assert.deepEqual(readTfxd(written, found.payload, found.end), { absoluteTime: 2 ** 40 + 3, duration: 20_000_000 });
    const version0 = box("uuid", TFXD_UUID, [0, 0, 0, 0], u32(900), u32(90));
    assert.deepEqual(readTfxd(version0, 8, version0.length), { absoluteTime: 900, duration: 90 });
    const other = box("uuid", new Uint8Array(16), [1, 0, 0, 0], u32(0), u32(900), u32(0), u32(90));
    assert.equal(readTfxd(other, 8, other.length), undefined);
    assert.equal(readTfxd(written, found.payload, found.end - 1), undefined, "a short box");
  });

  it("mp4Fragments: a fragment with no tfdt takes its time from the tfxd, the first sample's presentation time (composition offsets kept)", () => {
    // Three pictures in decode order I P B, 1000 apart, composition offsets 1000, 3000, 0.
    const build = (dataOffset: number): Uint8Array =>
      box(
        "moof",
        fullBox("mfhd", 0, 0, u32(1)),
        box("traf", fullBox("tfhd", 0, 0, u32(1)), fullBox("trun", 0, 0x000b01, u32(3), u32(dataOffset), [1000, 3000, 0].flatMap((cts) => [...u32(1000), ...u32(4), ...u32(cts)])), writeTfxd({ absoluteTime: 51_000, duration: 3000 })),
      );
    const moofLength = build(0).length;
    const fragment = new Uint8Array([...build(moofLength + 8), ...box("mdat", new Uint8Array(12))]);
    // tfxd 51000 is the first sample's presentation time: decode times start at 50000.
    assert.deepEqual(mp4Fragments(fragment)[0]!.samples.map((sample) => sample.presentationTime), [51_000, 54_000, 52_000]);
  });
});
