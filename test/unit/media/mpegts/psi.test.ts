import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { Codecs } from "../../../../src/media/types.ts";
import { crc32Mpeg2 } from "../../../../src/media/mpegts/crc32-mpeg2.ts";
import { parsePat } from "../../../../src/media/mpegts/pat.ts";
import { parsePmt, pmtCaptionInfo, pmtScte35Pids } from "../../../../src/media/mpegts/pmt.ts";
import { PsiSectionAssembler } from "../../../../src/media/mpegts/psi-section-assembler.ts";
import { writePatSection, writePmtSection } from "../../../../src/media/mpegts/psi-writer.ts";
import { classifyStream, StreamRoles } from "../../../../src/media/mpegts/stream-types.ts";

// The PAT ffmpeg writes: ts id 1, program 1 → PMT PID 0x1000.
const FFMPEG_PAT = Uint8Array.from([0x00, 0xb0, 0x0d, 0x00, 0x01, 0xc1, 0x00, 0x00, 0x00, 0x01, 0xf0, 0x00, 0x2a, 0xb1, 0x04, 0xb2]);

describe("CRC-32/MPEG-2 (Annex A)", () => {
  it("matches the check value and validates a real PAT", () => {
    assert.equal(crc32Mpeg2(new TextEncoder().encode("123456789")), 0x0376e6e7);
    assert.equal(crc32Mpeg2(FFMPEG_PAT), 0);
  });
});

describe("PAT (§2.4.4.3)", () => {
  it("parses ffmpeg's PAT byte for byte and the writer reproduces it", () => {
    const result = parsePat(FFMPEG_PAT);
    assert.ok(result.ok);
    assert.deepEqual(result.pat.programs, [{ programNumber: 1, pmtPid: 0x1000 }]);
    assert.equal(result.pat.transportStreamId, 1);
    assert.equal(result.pat.version, 0);
    assert.deepEqual(writePatSection(1, 0, [{ programNumber: 1, pmtPid: 0x1000 }]), FFMPEG_PAT);
  });

  it("reports a corrupted CRC without throwing", () => {
    const bad = FFMPEG_PAT.slice();
    bad[10] = (bad[10] ?? 0) ^ 0x01;
    assert.deepEqual(parsePat(bad), { ok: false, problem: "crc" });
    assert.deepEqual(parsePat(bad.subarray(0, 5)), { ok: false, problem: "short" });
  });
});

describe("PMT (§2.4.4.8)", () => {
  it("parses streams, descriptors, captions and SCTE-35 PIDs", () => {
    const section = writePmtSection(1, 3, 0x100, [
      { pid: 0x100, streamType: 0x1b },
      { pid: 0x101, streamType: 0x0f },
      { pid: 0x102, streamType: 0x06, descriptors: Uint8Array.from([0x6a, 0x01, 0x00]) },
      { pid: 0x103, streamType: 0x06, descriptors: Uint8Array.from([0x59, 0x08, 0x65, 0x6e, 0x67, 0x10, 0x00, 0x01, 0x00, 0x01]) },
      { pid: 0x104, streamType: 0x06, descriptors: Uint8Array.from([0x56, 0x05, 0x65, 0x6e, 0x67, 0x09, 0x00]) },
      { pid: 0x105, streamType: 0x82 },
      { pid: 0x106, streamType: 0x86, descriptors: Uint8Array.from([0x05, 0x04, 0x43, 0x55, 0x45, 0x49]) },
      { pid: 0x107, streamType: 0x06, descriptors: Uint8Array.from([0x7a, 0x01, 0x00]) },
    ]);
    const result = parsePmt(section);
    assert.ok(result.ok);
    const { pmt } = result;
    assert.equal(pmt.programNumber, 1);
    assert.equal(pmt.version, 3);
    assert.equal(pmt.pcrPid, 0x100);
    assert.deepEqual(
      pmt.streams.map((s) => [s.pid, s.streamType, s.codec, s.role]),
      [
        [0x100, 0x1b, Codecs.H264, StreamRoles.VIDEO],
        [0x101, 0x0f, Codecs.AAC, StreamRoles.AUDIO],
        [0x102, 0x06, Codecs.AC3, StreamRoles.AUDIO],
        [0x103, 0x06, Codecs.UNKNOWN, StreamRoles.DVB_SUBTITLES],
        [0x104, 0x06, Codecs.UNKNOWN, StreamRoles.TELETEXT],
        [0x105, 0x82, Codecs.UNKNOWN, StreamRoles.SCTE27],
        [0x106, 0x86, Codecs.UNKNOWN, StreamRoles.SCTE35],
        [0x107, 0x06, Codecs.EAC3, StreamRoles.AUDIO],
      ],
    );
    assert.deepEqual(pmt.streams[6]?.descriptors, [{ tag: 0x05, data: Uint8Array.from([0x43, 0x55, 0x45, 0x49]) }]);
    const captions = pmtCaptionInfo([pmt]);
    assert.deepEqual([captions.dvbSubPids, captions.teletextPids, captions.scte27Pids], [[0x103], [0x104], [0x105]]);
    assert.deepEqual(pmtScte35Pids([pmt]), [0x106]);
  });

  it("rejects a truncated ES loop and a bad CRC", () => {
    const section = writePmtSection(1, 0, 0x100, [{ pid: 0x100, streamType: 0x1b, descriptors: Uint8Array.from([0x05, 0x04, 0x48, 0x45, 0x56, 0x43]) }]);
    const broken = section.slice();
    broken[broken.length - 1] = (broken[broken.length - 1] ?? 0) ^ 0xff;
    assert.deepEqual(parsePmt(broken), { ok: false, problem: "crc" });
  });
});

describe("stream type mapping", () => {
  const cases: readonly [number, number[], string, string | null][] = [
    [0x1b, [], Codecs.H264, null],
    [0x24, [], Codecs.H265, null],
    [0x02, [], Codecs.MPEG2_VIDEO, null],
    [0x01, [], Codecs.MPEG2_VIDEO, "MPEG-1"],
    [0x0f, [], Codecs.AAC, null],
    [0x11, [], Codecs.AAC, "LATM"],
    [0x81, [], Codecs.AC3, null],
    [0x87, [], Codecs.EAC3, null],
    [0x03, [], Codecs.MPEG_AUDIO, null],
    [0x04, [], Codecs.MPEG_AUDIO, null],
    [0x80, [], Codecs.LPCM, null],
    [0x83, [], Codecs.UNKNOWN, "0x83"],
    [0x06, [0x05, 0x04, 0x42, 0x53, 0x53, 0x44], Codecs.LPCM, "SMPTE 302M"],
    [0x06, [0x05, 0x04, 0x41, 0x43, 0x2d, 0x33], Codecs.AC3, null],
    [0x82, [0x05, 0x04, 0x48, 0x44, 0x4d, 0x56], Codecs.UNKNOWN, "DTS"],
  ];
  for (const [streamType, descriptorBytes, codec, note] of cases) {
    it(`0x${streamType.toString(16)} ${descriptorBytes.length ? "with descriptors " : ""}→ ${codec}`, () => {
      const descriptors = descriptorBytes.length ? [{ tag: descriptorBytes[0] ?? 0, data: Uint8Array.from(descriptorBytes.slice(2)) }] : [];
      const result = classifyStream(streamType, descriptors);
      assert.equal(result.codec, codec);
      if (note === null) assert.equal(result.note, null);
      else assert.match(result.note ?? "", new RegExp(note));
    });
  }
});

describe("PSI section assembly (§2.4.4.1 pointer_field)", () => {
  it("joins a section split over packets and finds sections after the pointer", () => {
    const pmt = writePmtSection(1, 0, 0x100, Array.from({ length: 30 }, (_, i) => ({ pid: 0x100 + i, streamType: 0x0f, descriptors: Uint8Array.from([0x0a, 0x04, 0x65, 0x6e, 0x67, 0x00]) })));
    assert.ok(pmt.length > 184);
    const assembler = new PsiSectionAssembler();
    const first = new Uint8Array(184);
    first[0] = 0;
    first.set(pmt.subarray(0, 183), 1);
    assert.deepEqual(assembler.push(first, true), []);
    // Second packet: pointer_field = rest of the PMT, then a PAT, then stuffing.
    const rest = pmt.subarray(183);
    const second = new Uint8Array(184).fill(0xff);
    second[0] = rest.length;
    second.set(rest, 1);
    second.set(FFMPEG_PAT, 1 + rest.length);
    const sections = assembler.push(second, true);
    assert.equal(sections.length, 2);
    assert.deepEqual(sections[0], pmt);
    assert.deepEqual(sections[1], FFMPEG_PAT);
  });

  it("handles a section header split after its first byte and counts truncation", () => {
    const assembler = new PsiSectionAssembler();
    const first = new Uint8Array(184).fill(0xff);
    first[0] = 182; // pointer skips to the last byte
    first[183] = FFMPEG_PAT[0] ?? 0;
    assert.deepEqual(assembler.push(first, true), []);
    const second = new Uint8Array(184).fill(0xff);
    second.set(FFMPEG_PAT.subarray(1));
    assert.deepEqual(assembler.push(second, false), [FFMPEG_PAT]);
    const partial = new Uint8Array(184).fill(0xff);
    partial[0] = 0;
    partial.set(writePmtSection(1, 0, 0x100, Array.from({ length: 40 }, (_, i) => ({ pid: i + 1, streamType: 2 }))).subarray(0, 183), 1);
    assembler.push(partial, true);
    const restart = new Uint8Array(184).fill(0xff);
    restart[0] = 0;
    restart.set(FFMPEG_PAT, 1);
    assert.deepEqual(assembler.push(restart, true), [FFMPEG_PAT]);
    assert.equal(assembler.stats.truncatedSections, 1);
  });
});
