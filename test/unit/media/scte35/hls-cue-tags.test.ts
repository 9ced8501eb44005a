import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { parseAttributeList, readManifestSignals } from "../../../../src/media/scte35/hls-cue-tags.ts";

// MediaLive's documented ELEMENTAL_SCTE35 message (sample-manifests-hls.html) and the
// splice_insert of ANSI/SCTE 35 2023 §14.2.
const DOC_MESSAGE = "/DA0AAAAAAAAAAAABQb+ADAQ6QAeAhxDVUVJQAAAO3/PAAEUrEoICAAAAAAg+2UBNAAANvrtoQ==";
const SPLICE_INSERT_HEX = `0x${Buffer.from("/DAvAAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAKAAhDVUVJAAABNWLbowo=", "base64").toString("hex").toUpperCase()}`;

const playlist = (...lines: string[]): string => ["#EXTM3U", "#EXT-X-TARGETDURATION:6", "#EXT-X-MEDIA-SEQUENCE:100", ...lines].join("\n");

describe("SCTE-35 signals in pulled HLS playlists", () => {
  it("ELEMENTAL_SCTE35 as MediaLive documents it: the OATCLS message goes with the CUE-OUT; CONT and CUE-IN follow", () => {
    const signals = readManifestSignals(
      playlist(
        "#EXTINF:6.000,",
        "a.ts",
        `#EXT-OATCLS-SCTE35:${DOC_MESSAGE}`,
        "#EXT-X-ASSET:CAID=0x0000000020FB6501",
        "#EXT-X-CUE-OUT:201.467",
        "#EXTINF:6.000,",
        "b.ts",
        `#EXT-X-CUE-OUT-CONT:ElapsedTime=5.939,Duration=201.467,SCTE35=${DOC_MESSAGE}`,
        "#EXTINF:6.000,",
        "c.ts",
        "#EXT-X-CUE-IN",
        "#EXTINF:6.000,",
        "d.ts",
      ),
    );
    assert.deepEqual(
      signals.map((s) => [s.kind, s.tag, s.segmentIndex, s.mediaSequence, s.playlistSeconds, s.durationSeconds, s.elapsedSeconds]),
      [
        ["out", "#EXT-X-CUE-OUT", 1, 101, 6, 201.467, null],
        ["out", "#EXT-X-CUE-OUT-CONT", 2, 102, 12, 201.467, 5.939],
        ["in", "#EXT-X-CUE-IN", 3, 103, 18, null, null],
      ],
    );
    assert.equal(signals[0]?.section?.command?.kind, "time_signal");
    assert.equal(signals[1]?.section?.command?.kind, "time_signal");
  });

  it("ELEMENTAL: CUE-OUT:30.000, CUE-OUT-CONT:8.308/30, CUE-IN; ADOBE: EXT-X-CUE SpliceOut with ID", () => {
    const signals = readManifestSignals(
      playlist("#EXT-X-CUE-OUT:30.000", "#EXTINF:6,", "a.ts", "#EXT-X-CUE-OUT-CONT:8.308/30", "#EXTINF:6,", "b.ts", "#EXT-X-CUE-IN", "#EXTINF:6,", "c.ts"),
    );
    assert.deepEqual(
      signals.map((s) => [s.kind, s.durationSeconds, s.elapsedSeconds, s.section]),
      [
        ["out", 30, null, null],
        ["out", 30, 8.308, null],
        ["in", null, null, null],
      ],
    );
    const [adobe] = readManifestSignals(playlist('#EXT-X-CUE:DURATION="201.467",ID="0",TYPE="SpliceOut",TIME="414.171"', "#EXTINF:6,", "a.ts"));
    assert.deepEqual([adobe?.kind, adobe?.durationSeconds, adobe?.id], ["out", 201.467, "0"]);
  });

  it("EXT-X-DATERANGE SCTE35-OUT/IN/CMD carry the message in hexadecimal (RFC 8216 §4.3.2.7.1)", () => {
    const signals = readManifestSignals(
      playlist(
        `#EXT-X-DATERANGE:ID="splice-4800008F",START-DATE="2026-01-01T00:00:00Z",PLANNED-DURATION=60.293,SCTE35-OUT=${SPLICE_INSERT_HEX}`,
        "#EXTINF:6,",
        "a.ts",
        `#EXT-X-DATERANGE:ID="splice-4800008F",START-DATE="2026-01-01T00:00:00Z",DURATION=60.293,SCTE35-IN=${SPLICE_INSERT_HEX}`,
        "#EXTINF:6,",
        "b.ts",
        `#EXT-X-DATERANGE:ID="c",START-DATE="2026-01-01T00:00:00Z",SCTE35-CMD=0xFC00`,
      ),
    );
    assert.deepEqual(
      signals.map((s) => [s.kind, s.id, s.durationSeconds, s.section?.command?.kind ?? null, s.sectionProblem]),
      [
        ["out", "splice-4800008F", 60.293, "splice_insert", null],
        ["in", "splice-4800008F", null, "splice_insert", null],
        ["cmd", "c", null, null, "section of 2 bytes is shorter than the 20 of the smallest splice_info_section"],
      ],
    );
  });

  it("a message that does not parse keeps its signal and says why; tags without a following segment still count", () => {
    const [out] = readManifestSignals(playlist("#EXT-OATCLS-SCTE35:AAAA", "#EXT-X-CUE-OUT:10"));
    assert.equal(out?.kind, "out");
    assert.equal(out?.section, null);
    assert.match(out?.sectionProblem ?? "", /shorter/);
    assert.equal(out?.durationSeconds, 10);
  });

  it("attribute lists: quoted strings may hold commas and equals signs; names are case-folded", () => {
    assert.deepEqual(
      [...parseAttributeList('ID="a,b=c",DURATION=1.5,X-CUSTOM=0xAB,class="x"')],
      [
        ["ID", "a,b=c"],
        ["DURATION", "1.5"],
        ["X-CUSTOM", "0xAB"],
        ["CLASS", "x"],
      ],
    );
    assert.deepEqual([...parseAttributeList("not an attribute list")], []);
  });
});
