import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { parseTsPacketHeader } from "../../../../src/media/mpegts/packet-header.ts";
import { TsMuxer } from "../../../../src/media/mpegts/ts-muxer.ts";
import { AUDIO_PID, concatBytes, demuxInChunks, muxUnits, syntheticUnits, VIDEO_PID } from "./helpers.ts";

describe("TsMuxer", () => {
  it("round-trips access units through TsDemuxer with zero errors", () => {
    const units = syntheticUnits(75);
    const run = demuxInChunks(concatBytes(muxUnits(units)), () => 1316);
    const pes = run.events.flatMap((e) => (e.type === "pes" ? [e.pes] : []));
    for (const pid of [VIDEO_PID, AUDIO_PID]) {
      const expected = units.filter((u) => u.trackId === pid);
      const got = pes.filter((p) => p.pid === pid);
      assert.equal(got.length, expected.length);
      got.forEach((p, i) => {
        const u = expected[i];
        assert.ok(u);
        assert.equal(p.pts90k, u.pts90k);
        assert.equal(p.dts90k, u.dts90k);
        assert.deepEqual(p.data, u.data);
        if (pid === VIDEO_PID) assert.equal(p.randomAccess, u.keyframe);
      });
    }
    const { packets, duplicatePackets, skippedBytes, ...errors } = run.stats;
    assert.ok(packets > 0);
    assert.equal(duplicatePackets + skippedBytes, 0);
    assert.ok(Object.values(errors).every((v) => v === 0), JSON.stringify(errors));
  });

  it("repeats PAT/PMT every psiIntervalMs and PCR at least every 40 ms", () => {
    const units = syntheticUnits(100);
    const packets = muxUnits(units, { psiIntervalMs: 100 });
    let lastPat = -1;
    let lastPcr = -1;
    let maxPatGap = 0;
    let maxPcrGap = 0;
    let pcrCount = 0;
    // Time = the DTS of the video unit being written (the muxer's clock).
    const run = demuxInChunks(concatBytes(packets), () => 188);
    const pcrs = run.events.flatMap((e) => (e.type === "pcr" ? [e.pcr.pcr27m / 300] : []));
    for (const pcr90k of pcrs) {
      if (lastPcr >= 0) maxPcrGap = Math.max(maxPcrGap, pcr90k - lastPcr);
      lastPcr = pcr90k;
      pcrCount++;
    }
    assert.ok(pcrCount >= 99);
    assert.ok(maxPcrGap <= 40 * 90, `PCR gap ${maxPcrGap}`);
    let videoDts = 0;
    const muxer = new TsMuxer({ streams: [{ pid: VIDEO_PID, streamType: 0x1b }, { pid: AUDIO_PID, streamType: 0x0f }] });
    for (const unit of units) {
      if (unit.trackId === VIDEO_PID) videoDts = unit.dts90k;
      for (const packet of muxer.mux(unit)) {
        const header = parseTsPacketHeader(packet);
        assert.ok(header.ok);
        assert.equal(packet.length, 188);
        if (header.header.pid === 0) {
          if (lastPat >= 0) maxPatGap = Math.max(maxPatGap, videoDts - lastPat);
          lastPat = videoDts;
        }
      }
    }
    assert.ok(maxPatGap <= 100 * 90 + 3600, `PAT gap ${maxPatGap}`);
  });

  it("inserts PCR-only packets when the PCR stream is sparse", () => {
    const muxer = new TsMuxer({ streams: [{ pid: VIDEO_PID, streamType: 0x1b }, { pid: AUDIO_PID, streamType: 0x0f }] });
    const packets = [
      ...muxer.mux({ trackId: VIDEO_PID, pts90k: 0, dts90k: 0, keyframe: true, data: new Uint8Array(10) }),
      ...muxer.mux({ trackId: AUDIO_PID, pts90k: 9000, dts90k: 9000, keyframe: true, data: new Uint8Array(10) }),
    ];
    const pcrOnly = packets.filter((p) => {
      const h = parseTsPacketHeader(p);
      return h.ok && h.header.pid === VIDEO_PID && !h.header.hasPayload && h.header.adaptationField?.pcr27m != null;
    });
    assert.equal(pcrOnly.length, 1);
    assert.equal(muxer.mux({ trackId: 0x999, pts90k: 0, dts90k: 0, keyframe: false, data: new Uint8Array(1) }).length, 0);
    assert.equal(muxer.psi(0).length, 2);
  });
});

describe("TsMuxer PSI", () => {
  it("splits a PMT longer than one packet and the demuxer reads it back", () => {
    const streams = Array.from({ length: 40 }, (_, i) => ({ pid: 0x100 + i, streamType: i === 0 ? 0x1b : 0x0f, descriptors: Uint8Array.from([0x0a, 0x04, 0x65, 0x6e, 0x67, 0x00]) }));
    const muxer = new TsMuxer({ streams });
    const packets = muxer.psi(0);
    assert.ok(packets.length > 2);
    const run = demuxInChunks(concatBytes(packets), () => 188);
    const program = run.events.find((e) => e.type === "program");
    assert.ok(program?.type === "program");
    assert.equal(program.program.streams.length, 40);
    assert.equal(run.stats.continuityErrors + run.stats.crcErrors + run.stats.psiErrors, 0);
  });
});
