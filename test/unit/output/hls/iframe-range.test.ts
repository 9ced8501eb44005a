import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { PID_PAT, TS_PACKET_SIZE } from "../../../../src/media/mpegts/constants.ts";
import { parseTsPacketHeader } from "../../../../src/media/mpegts/packet-header.ts";
import { findIFrameRange, segmentVideo } from "../../../../src/output/hls/iframe-range.ts";
import { ffmpegSync } from "../../../helpers/ts-file.ts";

/** The frames ffprobe decodes from `bytes` fed as an MPEG-TS stream. */
function probeFrames(bytes: Uint8Array): { media_type: string; key_frame: number; pict_type: string }[] {
  const result = spawnSync("ffprobe", ["-v", "error", "-f", "mpegts", "-show_frames", "-of", "json", "pipe:0"], { input: bytes });
  assert.equal(result.status, 0, String(result.stderr));
  return (JSON.parse(String(result.stdout)) as { frames?: { media_type: string; key_frame: number; pict_type: string }[] }).frames ?? [];
}

describe("findIFrameRange", () => {
  let folder: string;
  let segments: Buffer[];

  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), "iframe-range-"));
    // 2 s of 25 fps with an IDR every 25 pictures, cut at each IDR into 1 s HLS segments, with audio interleaved.
    ffmpegSync([
      "-f", "lavfi", "-i", "testsrc=size=160x90:rate=25:duration=2",
      "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
      "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-bf", "2", "-c:a", "aac", "-b:a", "64k",
      "-f", "hls", "-hls_time", "1", "-hls_list_size", "0", "-hls_segment_filename", path.join(folder, "seg_%d.ts"), path.join(folder, "index.m3u8"),
    ]);
    segments = [0, 1].map((index) => readFileSync(path.join(folder, `seg_${index}.ts`)));
  });

  after(() => rmSync(folder, { recursive: true, force: true }));

  it("finds the video PID and codec from the segment's PMT", () => {
    const video = segmentVideo(segments[0]!);
    assert.equal(video?.codec, "H264");
    assert.equal(video?.pid, 0x100, "ffmpeg's first elementary PID");
  });

  for (const index of [0, 1]) {
    it(`gives the packets of segment ${index}'s IDR picture: PSI right before, then the PES start, decoding to one key frame`, () => {
      const segment = segments[index]!;
      const video = segmentVideo(segment)!;
      const range = findIFrameRange(segment, video)!;
      assert.ok(range, "an IDR was found");
      assert.equal(range.offset % TS_PACKET_SIZE, 0);
      assert.equal(range.length % TS_PACKET_SIZE, 0);
      assert.ok(range.offset + range.length <= segment.length);
      assert.ok(range.length < segment.length / 2, `the range (${range.length} bytes) is one picture, not the segment (${segment.length})`);
      const pids: number[] = [];
      let firstVideoStarts = false;
      for (let offset = range.offset; offset < range.offset + range.length; offset += TS_PACKET_SIZE) {
        const parsed = parseTsPacketHeader(segment, offset);
        assert.ok(parsed.ok);
        if (parsed.header.pid === video.pid && !pids.includes(video.pid)) firstVideoStarts = parsed.header.payloadUnitStart;
        else if (parsed.header.pid === video.pid) assert.ok(!parsed.header.payloadUnitStart, "no second video PES inside the range");
        pids.push(parsed.header.pid);
      }
      assert.ok(firstVideoStarts, "the range's first video packet starts a PES");
      const leading = pids.slice(0, pids.indexOf(video.pid));
      assert.deepEqual(leading, [PID_PAT, video.pmtPid], "the PAT and PMT written right before the IDR are included");
      const next = parseTsPacketHeader(segment, range.offset + range.length);
      if (next.ok) assert.ok(next.header.pid !== video.pid || next.header.payloadUnitStart, "the range ends before the next video PES");
      const frames = probeFrames(segment.subarray(range.offset, range.offset + range.length)).filter((frame) => frame.media_type === "video");
      assert.equal(frames.length, 1);
      assert.equal(frames[0]!.key_frame, 1);
      assert.equal(frames[0]!.pict_type, "I");
    });
  }

  it("finds nothing in the packets after the IDR when the segment has no other", () => {
    const segment = segments[0]!;
    const video = segmentVideo(segment)!;
    const range = findIFrameRange(segment, video)!;
    assert.equal(findIFrameRange(segment.subarray(range.offset + range.length), video), undefined);
  });
});
