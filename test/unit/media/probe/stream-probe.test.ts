// The probe on real streams: Debian ffmpeg makes MPEG-TS files, the TS demuxer splits
// them, the probe reports what a user would read in the console.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { StreamProbe } from "../../../../src/media/probe/stream-probe.ts";
import { TsDemuxer } from "../../../../src/media/mpegts/ts-demuxer.ts";
import { injectCea608 } from "../../../helpers/cea608-injector.ts";

const dir = mkdtempSync(path.join(tmpdir(), "openlive-probe-"));

function ffmpeg(args: string[]): void {
  const result = spawnSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", ...args], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
}

function probeTs(file: string): ReturnType<StreamProbe["streamInfo"]> {
  const bytes = readFileSync(file);
  const demuxer = new TsDemuxer();
  const probe = new StreamProbe();
  // 4 s of stream arriving over 4 s of wall time, 188-byte packets in 64 KiB chunks.
  const chunk = 65536;
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    const nowMs = Math.round((offset / bytes.length) * 4000);
    const part = bytes.subarray(offset, offset + chunk);
    probe.bytes(part.length, nowMs);
    for (const event of demuxer.push(part, nowMs)) {
      if (event.type === "program") probe.program(event.program);
      else if (event.type === "pes") probe.unit({ trackId: event.pes.pid, kind: event.pes.kind, codec: event.pes.codec, data: event.pes.data });
    }
  }
  for (const event of demuxer.flush()) if (event.type === "pes") probe.unit({ trackId: event.pes.pid, kind: event.pes.kind, codec: event.pes.codec, data: event.pes.data });
  return probe.streamInfo(4000);
}

const LAVFI = (size: string, rate: number) => ["-f", "lavfi", "-i", `testsrc2=size=${size}:rate=${rate}`, "-f", "lavfi", "-i", "sine=sample_rate=48000", "-t", "4"];

describe("StreamProbe on ffmpeg streams", { timeout: 120_000 }, () => {
  it("H.264 High 1280x720p30 + AAC stereo 48 kHz, and its bitrate", () => {
    const file = path.join(dir, "h264.ts");
    ffmpeg([...LAVFI("1280x720", 30), "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-b:v", "2M", "-g", "30", "-c:a", "aac", "-ac", "2", "-f", "mpegts", file]);
    const info = probeTs(file);
    assert.equal(info.video.length, 1);
    assert.deepEqual({ codec: info.video[0]!.codec, width: info.video[0]!.width, height: info.video[0]!.height, frameRate: info.video[0]!.frameRate, interlaced: info.video[0]!.interlaced, profile: info.video[0]!.profile }, { codec: "H264", width: 1280, height: 720, frameRate: 30, interlaced: false, profile: "High" });
    assert.equal(info.audio.length, 1);
    assert.deepEqual({ codec: info.audio[0]!.codec, channels: info.audio[0]!.channels, sampleRateHz: info.audio[0]!.sampleRateHz }, { codec: "AAC", channels: 2, sampleRateHz: 48000 });
    assert.deepEqual(info.captions.cea608Channels, []);
    assert.ok(info.bitrateBps !== undefined && info.bitrateBps > 500_000, `bitrate ${info.bitrateBps}`);
  });

  it("HEVC + AC-3, and MPEG-2 video + MPEG audio", () => {
    const hevc = path.join(dir, "hevc.ts");
    ffmpeg([...LAVFI("640x360", 25), "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-c:a", "ac3", "-ac", "2", "-f", "mpegts", hevc]);
    const hevcInfo = probeTs(hevc);
    assert.equal(hevcInfo.video[0]!.codec, "H265");
    assert.equal(hevcInfo.video[0]!.width, 640);
    assert.equal(hevcInfo.video[0]!.height, 360);
    assert.equal(hevcInfo.audio[0]!.codec, "AC3");
    assert.equal(hevcInfo.audio[0]!.channels, 2);

    const mpeg2 = path.join(dir, "mpeg2.ts");
    ffmpeg([...LAVFI("720x576", 25), "-c:v", "mpeg2video", "-flags", "+ildct+ilme", "-c:a", "mp2", "-f", "mpegts", mpeg2]);
    const mpeg2Info = probeTs(mpeg2);
    assert.equal(mpeg2Info.video[0]!.codec, "MPEG2_VIDEO");
    assert.equal(mpeg2Info.video[0]!.interlaced, true);
    assert.equal(mpeg2Info.video[0]!.frameRate, 25);
    assert.equal(mpeg2Info.audio[0]!.codec, "MPEG_AUDIO");
  });

  it("finds CEA-608 captions in the H.264 SEI (injected by test/helpers/cea608-injector.ts)", () => {
    const raw = path.join(dir, "raw.h264");
    ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0", "-g", "60", "-f", "h264", raw]);
    const withCc = path.join(dir, "cc.h264");
    writeFileSync(withCc, injectCea608(readFileSync(raw)));
    const ts = path.join(dir, "cc.ts");
    ffmpeg(["-framerate", "30", "-f", "h264", "-i", withCc, "-f", "lavfi", "-i", "sine", "-t", "3", "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", "-f", "mpegts", ts]);
    assert.deepEqual(probeTs(ts).captions.cea608Channels, [1]);
  });
});

describe("StreamProbe follows a new sequence", () => {
  it("reports the new resolution when the encoder restarts at another size (parameter sets on the next keyframe)", () => {
    const first = path.join(dir, "seq-a.ts");
    const second = path.join(dir, "seq-b.ts");
    ffmpeg([...LAVFI("640x360", 25), "-c:v", "libx264", "-g", "25", "-bf", "0", "-c:a", "aac", first]);
    ffmpeg([...LAVFI("480x270", 25), "-c:v", "libx264", "-g", "25", "-bf", "0", "-c:a", "aac", second]);
    const joined = path.join(dir, "seq-ab.ts");
    // Two encoder runs back to back in one stream, as a restarted upstream sends them.
    writeFileSync(joined, Buffer.concat([readFileSync(first), readFileSync(second)]));
    const info = probeTs(joined);
    assert.equal(info.video[0]?.width, 480);
    assert.equal(info.video[0]?.height, 270);
  });
});
