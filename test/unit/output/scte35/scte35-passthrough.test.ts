import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { joinAnnexB } from "../../../../src/media/bits/annex-b.ts";
import { crc32Mpeg2 } from "../../../../src/media/mpegts/crc32-mpeg2.ts";
import type { SpliceCommand } from "../../../../src/media/scte35/splice-info.ts";
import { insertSpliceMark } from "../../../../src/media/scte35/splice-mark-sei.ts";
import { parseSpliceInfoSection } from "../../../../src/media/scte35/splice-parser.ts";
import { spliceTimeOf } from "../../../../src/media/scte35/splice-pts.ts";
import { isReturnSection, rebaseSpliceSection } from "../../../../src/media/scte35/splice-rebase.ts";
import { spliceSection, writeSpliceInfoSection } from "../../../../src/media/scte35/splice-writer.ts";
import { SpliceMarkLog } from "../../../../src/output/hls/splice-mark-log.ts";
import { channelPassesScte35, DEFAULT_SCTE35_PID, m2tsScte35Pid, m3u8Scte35Pid, markedSections } from "../../../../src/output/scte35/scte35-passthrough.ts";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";

const idr = joinAnnexB([Uint8Array.of(0x09, 0xf0), Uint8Array.of(0x65, 0x88, 0x84, 0x21)]);

function insert(out: boolean, ptsTime90k: number | null, eventId = 7): Uint8Array {
  const command: SpliceCommand = {
    kind: "splice_insert",
    spliceEventId: eventId,
    spliceEventCancelIndicator: false,
    outOfNetworkIndicator: out,
    programSpliceFlag: true,
    spliceImmediateFlag: ptsTime90k === null,
    eventIdComplianceFlag: true,
    spliceTime: ptsTime90k === null ? null : { ptsTime90k },
    components: [],
    breakDuration: out ? { autoReturn: true, duration90k: 30 * 90_000 } : null,
    uniqueProgramId: 1,
    availNum: 0,
    availsExpected: 0,
  };
  return writeSpliceInfoSection(spliceSection(command, [], 1234));
}

describe("SCTE-35 pass-through: sections re-based onto the output picture", () => {
  it("pts_adjustment moves the splice onto the given PTS (modulo 2^33) with a CRC_32 anew; the command stays", () => {
    for (const target of [0, 123_456, 2 ** 33 - 1, 5_000]) {
      const rebased = rebaseSpliceSection(insert(true, 8_000_000_000), target);
      assert.equal(crc32Mpeg2(rebased), 0, "CRC_32 over the whole section is 0 when it is right");
      const parsed = parseSpliceInfoSection(rebased);
      assert.ok(parsed.ok);
      assert.equal(spliceTimeOf(parsed.section), target);
      assert.deepEqual(parsed.section.command, (parseSpliceInfoSection(insert(true, 8_000_000_000)) as { section: { command: unknown } }).section.command);
    }
  });

  it("immediate splices and bytes that are no section come back unchanged", () => {
    const immediate = insert(true, null);
    assert.equal(rebaseSpliceSection(immediate, 99), immediate);
    const junk = Uint8Array.of(0xfc, 1, 2, 3);
    assert.equal(rebaseSpliceSection(junk, 99), junk);
  });

  it("a return to network is told from a break start", () => {
    assert.equal(isReturnSection(insert(false, 1000)), true);
    assert.equal(isReturnSection(insert(true, 1000)), false);
    assert.equal(isReturnSection(Uint8Array.of(1, 2)), false);
  });

  it("a marked picture gets its mark's section at its PTS; an end that only re-uses a break's start is not sent again", () => {
    const log = new SpliceMarkLog();
    const start = log.add({ action: "start", eventId: 7, durationSec: 30, section: insert(true, 500), upid: null });
    const autoEnd = log.add({ action: "end", eventId: 7, durationSec: 30, section: insert(true, 500), upid: null });
    const returned = log.add({ action: "end", eventId: 7, durationSec: null, section: insert(false, 900), upid: null });
    const sectionsAt = (markId: number, pts90k: number): Uint8Array[] => markedSections(log, { codec: "H264", pts90k, accessUnit: insertSpliceMark("H264", idr, markId) });
    const [first] = sectionsAt(start, 1_800_000);
    assert.ok(first);
    const parsed = parseSpliceInfoSection(first);
    assert.ok(parsed.ok);
    assert.equal(spliceTimeOf(parsed.section), 1_800_000);
    assert.deepEqual(sectionsAt(autoEnd, 1_900_000), []);
    assert.equal(sectionsAt(returned, 2_000_000).length, 1);
    assert.deepEqual(sectionsAt(9999, 2_000_000), [], "an unknown mark");
    assert.deepEqual(markedSections(log, { codec: "H264", pts90k: 1, accessUnit: idr }), [], "no mark");
  });

  it("which outputs pass SCTE-35, on which PID (MediaLive's 500 when none is given)", () => {
    assert.equal(m3u8Scte35Pid({ scte35Behavior: "PASSTHROUGH" }), DEFAULT_SCTE35_PID);
    assert.equal(m3u8Scte35Pid({ scte35Behavior: "PASSTHROUGH", scte35Pid: "0x1F5" }), 501);
    assert.equal(m3u8Scte35Pid({ scte35Behavior: "NO_PASSTHROUGH", scte35Pid: "600" }), undefined);
    assert.equal(m2tsScte35Pid({ scte35Control: "PASSTHROUGH", scte35Pid: "600" }), 600);
    assert.equal(m2tsScte35Pid({ scte35Control: "NONE" }), undefined);
    const config = (settings: object): ChannelConfig => ({ encoderSettings: { outputGroups: [{ outputGroupSettings: {}, outputs: [{ outputSettings: settings }] }] } }) as unknown as ChannelConfig;
    assert.equal(channelPassesScte35(config({ archiveOutputSettings: { containerSettings: { m2tsSettings: { scte35Control: "PASSTHROUGH" } } } })), true);
    assert.equal(channelPassesScte35(config({ udpOutputSettings: { containerSettings: { m2tsSettings: {} } } })), false);
  });
});
