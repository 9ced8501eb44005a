// A splice is passed once per output, on the first picture carrying its mark: a picture the
// encoder repeats (with its SEI) gets no second section and has its mark retired in place.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { joinAnnexB } from "../../../../src/media/bits/annex-b.ts";
import { TsDemuxer } from "../../../../src/media/mpegts/ts-demuxer.ts";
import { TsMuxer } from "../../../../src/media/mpegts/ts-muxer.ts";
import { insertSpliceMark, RETIRED_SPLICE_MARK_UUID, spliceMarksIn, spliceMarkUuidOffsets } from "../../../../src/media/scte35/splice-mark-sei.ts";
import { spliceSection, writeSpliceInfoSection } from "../../../../src/media/scte35/splice-writer.ts";
import { SpliceMarkLog } from "../../../../src/output/hls/splice-mark-log.ts";
import { MarkedSplices, scte35Inserter } from "../../../../src/output/scte35/scte35-passthrough.ts";

const VIDEO_PID = 256;
/** An IDR access unit large enough to span several TS packets, so a mark may straddle a packet boundary. */
function picture(fill: number): Uint8Array {
  return joinAnnexB([Uint8Array.of(0x09, 0xf0), Uint8Array.from({ length: 400 }, (_, i) => (i === 0 ? 0x65 : ((fill + i) % 200) + 1))]);
}

function startSection(): Uint8Array {
  return writeSpliceInfoSection(spliceSection({ kind: "time_signal", spliceTime: { ptsTime90k: 0 } }));
}

describe("marked splices: one section and one marked picture per splice", () => {
  it("a repeat of a marked picture gets no section and its mark is retired; a new mark on it is passed", () => {
    const log = new SpliceMarkLog();
    const mark = log.add({ action: "start", eventId: 1, durationSec: null, section: startSection(), upid: null });
    const splices = new MarkedSplices(log);
    const first = { codec: "H264" as const, pts90k: 1000, accessUnit: insertSpliceMark("H264", picture(1), mark) };
    assert.equal(splices.sectionsFor(first).length, 1);
    assert.deepEqual(splices.patchesFor(first), [], "the original keeps its mark");
    const repeat = { codec: "H264" as const, pts90k: 4600, accessUnit: insertSpliceMark("H264", picture(1), mark) };
    assert.deepEqual(splices.sectionsFor(repeat), []);
    const patches = splices.patchesFor(repeat);
    assert.deepEqual(patches.map((p) => p.offset), spliceMarkUuidOffsets(repeat.accessUnit));
    assert.equal(patches.length, 1);
    const other = log.add({ action: "start", eventId: 2, durationSec: null, section: startSection(), upid: null });
    const both = { codec: "H264" as const, pts90k: 8200, accessUnit: insertSpliceMark("H264", insertSpliceMark("H264", picture(1), mark), other) };
    assert.equal(splices.sectionsFor(both).length, 1, "only the new mark's section");
    assert.deepEqual(splices.patchesFor(both), [], "a picture with a new mark is no repeat");
  });

  it("through the TS inserter: the repeat's mark is overwritten in place across packet boundaries, sizes unchanged", () => {
    const log = new SpliceMarkLog();
    const mark = log.add({ action: "start", eventId: 1, durationSec: null, section: startSection(), upid: null });
    for (let shift = 0; shift < 24; shift += 1) {
      const muxer = new TsMuxer({ streams: [{ pid: VIDEO_PID, streamType: 0x1b }] });
      // A leading filler NAL of varying length moves the mark across the 184-byte packet payload boundary.
      const marked = joinAnnexB([Uint8Array.from({ length: 150 + shift }, (_, i) => (i === 0 ? 0x0c : 0xff)), ...[insertSpliceMark("H264", picture(shift), mark)]]);
      const units = [picture(7), marked, marked, picture(9), marked, picture(11)];
      const input = [...muxer.psi(0), ...units.flatMap((data, i) => muxer.mux({ trackId: VIDEO_PID, pts90k: 90_000 + i * 3600, dts90k: 90_000 + i * 3600, keyframe: true, data }))];
      const bytes = Uint8Array.from(Buffer.concat(input));
      const inserter = scte35Inserter(log, 500);
      const out = Buffer.concat([inserter.push(bytes), inserter.flush()]);
      assert.equal(inserter.counters.sectionsInserted, 1, `shift ${shift}: one section`);
      const demuxer = new TsDemuxer();
      const pictures = [...demuxer.push(out, 0), ...demuxer.flush()].flatMap((event) => (event.type === "pes" && event.pes.kind === "video" ? [event.pes] : []));
      assert.equal(pictures.length, units.length);
      const markedPts = pictures.filter((pes) => spliceMarksIn("H264", pes.data).length > 0).map((pes) => pes.pts90k);
      assert.deepEqual(markedPts, [90_000 + 3600], `shift ${shift}: only the first marked picture keeps its mark`);
      const retired = pictures.filter((pes) => Buffer.from(pes.data).indexOf(RETIRED_SPLICE_MARK_UUID) >= 0).length;
      assert.equal(retired, 2, `shift ${shift}: both repeats retired`);
      assert.equal(out.length, bytes.length + 188 * 1, "only the section's packet added");
    }
  });
});
