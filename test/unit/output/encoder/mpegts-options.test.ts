import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { audioFrameBytes, mpegtsLayout, patPeriodSec, pesPayloadBytes } from "../../../../src/output/encoder/mpegts-options.ts";

const aac128k = { bitrateBps: 128_000, codecs: "mp4a.40.2", codecArgs: [["-ar", "48000"]] as const };
const options = (segmentOptions: string): Map<string, string> => new Map(segmentOptions.split(":").map((pair) => pair.split("=") as [string, string]));

describe("mpegtsLayout", () => {
  it("PCR_EVERY_PES_PACKET puts a PCR in every PES packet of the PCR stream (pcr_period 1 ms), whatever pcrPeriod says", () => {
    assert.equal(options(mpegtsLayout({ pcrControl: "PCR_EVERY_PES_PACKET", pcrPeriod: 80 }, 0, 6).segmentOptions).get("pcr_period"), "1");
    assert.equal(options(mpegtsLayout({ pcrControl: "CONFIGURED_PCR_PERIOD", pcrPeriod: 80 }, 0, 6).segmentOptions).get("pcr_period"), "80");
    assert.equal(options(mpegtsLayout({}, 0, 6).segmentOptions).get("pcr_period"), "40");
  });

  it("patInterval and pmtInterval: the shorter one, in seconds; neither = once per segment", () => {
    assert.equal(patPeriodSec({}, 6), 6);
    assert.equal(patPeriodSec({ patInterval: 100 }, 6), 0.1);
    assert.equal(patPeriodSec({ pmtInterval: 250 }, 6), 0.25);
    assert.equal(patPeriodSec({ patInterval: 500, pmtInterval: 200 }, 6), 0.2);
    assert.equal(patPeriodSec({ patInterval: 0, pmtInterval: 0 }, 10), 10);
  });

  it("audioFramesPerPes (default 4) sizes the PES payload from the smallest audio frame", () => {
    assert.equal(audioFrameBytes(aac128k), (128_000 * 1024) / 48_000 / 8);
    assert.equal(audioFrameBytes({ bitrateBps: 384_000, codecs: "ac-3" }), (384_000 * 1536) / 48_000 / 8);
    assert.equal(audioFrameBytes({ bitrateBps: null, codecs: "ac-3" }), undefined);
    assert.equal(pesPayloadBytes(4, [aac128k]), 1536);
    assert.equal(pesPayloadBytes(2, [aac128k, { bitrateBps: 64_000, codecs: "mp4a.40.2" }]), Math.floor(2.5 * ((64_000 * 1024) / 48_000 / 8)));
    assert.equal(pesPayloadBytes(1, [aac128k]), 0);
    assert.equal(pesPayloadBytes(4, [{ bitrateBps: null, codecs: "mp4a.40.2" }]), undefined);
    assert.equal(options(mpegtsLayout({}, 1, 6, [aac128k]).segmentOptions).get("pes_payload_size"), "1536");
    assert.equal(options(mpegtsLayout({ audioFramesPerPes: 0 }, 1, 6, [aac128k]).segmentOptions).get("pes_payload_size"), "1536");
    assert.equal(options(mpegtsLayout({ audioFramesPerPes: 1 }, 1, 6, [aac128k]).segmentOptions).get("pes_payload_size"), "0");
    assert.equal(options(mpegtsLayout({}, 0, 6).segmentOptions).has("pes_payload_size"), false);
  });
});
