import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { availEvents } from "../../../../src/media/scte35/avail-decision.ts";
import { applyAvailEvent } from "../../../../src/media/scte35/avail-timeline.ts";
import { parseSpliceInfoBase64 } from "../../../../src/media/scte35/splice-parser.ts";
import { adMarkerLines, availContinuationLines, availEndLines, availStartLines, hlsAvail, type HlsAvail } from "../../../../src/output/hls/ad-markers.ts";

// The examples of MediaLive's “Sample manifests - HLS” page
// (https://docs.aws.amazon.com/medialive/latest/ug/sample-manifests-hls.html).
const DOC_MESSAGE = "/DA0AAAAAAAAAAAABQb+ADAQ6QAeAhxDVUVJQAAAO3/PAAEUrEoICAAAAAAg+2UBNAAANvrtoQ==";

const docAvail: HlsAvail = {
  eventId: 0,
  startSeconds: 414.171,
  durationSeconds: 201.467,
  endSeconds: 414.171 + 201.467,
  section: new Uint8Array(Buffer.from(DOC_MESSAGE, "base64")),
  upid: Uint8Array.from(Buffer.from("0000000020FB6501", "hex")),
};

describe("HLS ad markers as MediaLive writes them", () => {
  it("ADOBE: one EXT-X-CUE with quoted DURATION, ID, TYPE and TIME; no continuation, no CUE-IN", () => {
    assert.deepEqual(availStartLines("ADOBE", docAvail), ['#EXT-X-CUE:DURATION="201.467",ID="0",TYPE="SpliceOut",TIME="414.171"']);
    assert.deepEqual(availContinuationLines("ADOBE", docAvail, 5), []);
    assert.deepEqual(availEndLines("ADOBE"), []);
  });

  it("ELEMENTAL: CUE-OUT:30.000, CUE-OUT-CONT:8.308/30, CUE-IN", () => {
    const avail = { ...docAvail, durationSeconds: 30, endSeconds: docAvail.startSeconds + 30 };
    assert.deepEqual(availStartLines("ELEMENTAL", avail), ["#EXT-X-CUE-OUT:30.000"]);
    assert.deepEqual(availContinuationLines("ELEMENTAL", avail, 8.308), ["#EXT-X-CUE-OUT-CONT:8.308/30"]);
    assert.deepEqual(availContinuationLines("ELEMENTAL", avail, 20.391), ["#EXT-X-CUE-OUT-CONT:20.391/30"]);
    assert.deepEqual(availEndLines("ELEMENTAL"), ["#EXT-X-CUE-IN"]);
  });

  it("ELEMENTAL_SCTE35: OATCLS-SCTE35, ASSET CAID, CUE-OUT; CUE-OUT-CONT with ElapsedTime, Duration, SCTE35", () => {
    assert.deepEqual(availStartLines("ELEMENTAL_SCTE35", docAvail), [`#EXT-OATCLS-SCTE35:${DOC_MESSAGE}`, "#EXT-X-ASSET:CAID=0x0000000020FB6501", "#EXT-X-CUE-OUT:201.467"]);
    assert.deepEqual(availContinuationLines("ELEMENTAL_SCTE35", docAvail, 5.939), [`#EXT-X-CUE-OUT-CONT:ElapsedTime=5.939,Duration=201.467,SCTE35=${DOC_MESSAGE}`]);
    assert.deepEqual(availEndLines("ELEMENTAL_SCTE35"), ["#EXT-X-CUE-IN"]);
    // A splice_insert without segmentation descriptor has no UPID: no ASSET line.
    assert.deepEqual(availStartLines("ELEMENTAL_SCTE35", { ...docAvail, upid: null }).length, 2);
  });

  it("from the parsed message: duration, CAID and the raw bytes give the documented lines", () => {
    const parsed = parseSpliceInfoBase64(DOC_MESSAGE);
    assert.ok(parsed.ok);
    const [event] = availEvents(parsed.section, { mode: "SCTE35_TIME_SIGNAL_APOS", webDeliveryAllowedFlag: "FOLLOW", noRegionalBlackoutFlag: "FOLLOW" });
    assert.ok(event);
    const [tracked] = applyAvailEvent([], event, docAvail.section, 0);
    assert.ok(tracked);
    const avail = hlsAvail(tracked, (pts90k) => pts90k / 90_000 - 3150057 / 90_000 + 414.171);
    assert.deepEqual(availStartLines("ELEMENTAL_SCTE35", avail), availStartLines("ELEMENTAL_SCTE35", docAvail));
    assert.equal(avail.startSeconds, 414.171);
    assert.ok(Math.abs((avail.endSeconds ?? 0) - (414.171 + 18_132_042 / 90_000)) < 1e-6);
  });

  it("an avail without a declared duration: bare CUE-OUT, continuation without duration", () => {
    const open = { ...docAvail, durationSeconds: null, endSeconds: null };
    assert.deepEqual(availStartLines("ELEMENTAL", open), ["#EXT-X-CUE-OUT"]);
    assert.deepEqual(availContinuationLines("ELEMENTAL", open, 4), ["#EXT-X-CUE-OUT-CONT:4.000"]);
    assert.deepEqual(availStartLines("ADOBE", open), ['#EXT-X-CUE:ID="0",TYPE="SpliceOut",TIME="414.171"']);
  });
});

describe("HLS ad markers placed on a playlist window", () => {
  const segments = [0, 6, 12, 18, 24, 30].map((start) => ({ startSeconds: start, endSeconds: start + 6 }));
  const avail = (startSeconds: number, durationSeconds: number | null): HlsAvail => ({
    eventId: 9,
    startSeconds,
    durationSeconds,
    endSeconds: durationSeconds === null ? null : startSeconds + durationSeconds,
    section: Uint8Array.of(1),
    upid: null,
  });

  it("start at a segment boundary, continuation inside, CUE-IN on the segment where it ends", () => {
    assert.deepEqual(adMarkerLines("ELEMENTAL", [avail(6, 12)], segments), [
      [],
      ["#EXT-X-CUE-OUT:12.000"],
      ["#EXT-X-CUE-OUT-CONT:6.000/12"],
      ["#EXT-X-CUE-IN"],
      [],
      [],
    ]);
  });

  it("an open avail continues to the window's end; one that began before the window shows as continuation", () => {
    assert.deepEqual(adMarkerLines("ELEMENTAL", [avail(24, null)], segments).slice(3), [[], ["#EXT-X-CUE-OUT"], ["#EXT-X-CUE-OUT-CONT:6.000"]]);
    assert.deepEqual(adMarkerLines("ELEMENTAL", [avail(-6, 18)], segments).slice(0, 3), [["#EXT-X-CUE-OUT-CONT:6.000/18"], ["#EXT-X-CUE-OUT-CONT:12.000/18"], ["#EXT-X-CUE-IN"]]);
    assert.deepEqual(adMarkerLines("ELEMENTAL", [avail(-30, 6)], segments).flat(), [], "over before the window");
  });

  it("an avail shorter than its segment gets CUE-IN on the next; back-to-back avails list CUE-IN before CUE-OUT", () => {
    assert.deepEqual(adMarkerLines("ELEMENTAL", [avail(13, 2)], segments).slice(2, 4), [["#EXT-X-CUE-OUT:2.000"], ["#EXT-X-CUE-IN"]]);
    assert.deepEqual(adMarkerLines("ELEMENTAL", [avail(0, 12), avail(12, 6)], segments).slice(0, 4), [
      ["#EXT-X-CUE-OUT:12.000"],
      ["#EXT-X-CUE-OUT-CONT:6.000/12"],
      ["#EXT-X-CUE-IN", "#EXT-X-CUE-OUT:6.000"],
      ["#EXT-X-CUE-IN"],
    ]);
    assert.deepEqual(adMarkerLines("ADOBE", [avail(0, 12)], segments).flat(), ['#EXT-X-CUE:DURATION="12.000",ID="9",TYPE="SpliceOut",TIME="0.000"']);
  });
});
