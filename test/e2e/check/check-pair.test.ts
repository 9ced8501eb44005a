// `./openlive check` with the two sources of a STANDARD input: an identical pair (one ffmpeg,
// two RTP outputs) passes, 720p vs 1080p fails the "two identical streams" line.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { freeUdpPort } from "../../helpers/media-fixtures.ts";
import { failingLines, ffmpegUpstream, H264_AAC, lineOf, runOpenliveCheck } from "./check-process.ts";

async function checkPair(outputA: readonly string[], outputB: readonly string[], upstream: { size?: string; rate?: number } = {}) {
  const [portA, portB] = [await freeUdpPort(), await freeUdpPort()];
  return runOpenliveCheck([`rtp://127.0.0.1:${portA}`, `rtp://127.0.0.1:${portB}`, "--seconds", "4", "--json"], {
    listeners: 2,
    whenListening: () => [ffmpegUpstream([...outputA, "-f", "rtp_mpegts", `rtp://127.0.0.1:${portA}`, ...outputB, "-f", "rtp_mpegts", `rtp://127.0.0.1:${portB}`], upstream)],
  });
}

describe("openlive check: two sources", { timeout: 90_000 }, () => {
  it("an identical, synchronised pair passes (exit 0)", async () => {
    const outcome = await checkPair(H264_AAC, H264_AAC);
    assert.equal(outcome.code, 0, outcome.stdout + outcome.stderr);
    assert.deepEqual(failingLines(outcome.report), []);
    assert.match(lineOf(outcome.report, "redundancy.identical").detail, /^identical: H\.264 320x180/);
    const sync = lineOf(outcome.report, "redundancy.sync");
    assert.equal(sync.verdict, "pass", sync.detail);
    assert.equal(outcome.report?.sources.length, 2);
    assert.equal(lineOf(outcome.report, "video.codec", 2).verdict, "pass");
  });

  it("two encoders started 1.3 s apart: a warning with the offset, which does not fail the check", async () => {
    const [portA, portB] = [await freeUdpPort(), await freeUdpPort()];
    const outcome = await runOpenliveCheck([`rtp://127.0.0.1:${portA}`, `rtp://127.0.0.1:${portB}`, "--seconds", "5", "--json"], {
      listeners: 2,
      whenListening: async () => {
        const first = ffmpegUpstream([...H264_AAC, "-f", "rtp_mpegts", `rtp://127.0.0.1:${portA}`]);
        await new Promise((resolve) => setTimeout(resolve, 1300));
        return [first, ffmpegUpstream([...H264_AAC, "-f", "rtp_mpegts", `rtp://127.0.0.1:${portB}`])];
      },
    });
    assert.equal(outcome.code, 0, outcome.stdout + outcome.stderr);
    const sync = lineOf(outcome.report, "redundancy.sync");
    assert.equal(sync.verdict, "warn");
    assert.match(sync.detail, /^not synchronised by (\d\.\d) s: accepted, but a failover may skip or repeat up to \1 s \(source 2 arrives later\)$/);
  });

  it("720p vs 1080p fails the identical-streams line, naming both resolutions", async () => {
    const outcome = await checkPair(["-s", "1280x720", ...H264_AAC], ["-s", "1920x1080", ...H264_AAC], { size: "1920x1080", rate: 10 });
    assert.equal(outcome.code, 1, outcome.stdout + outcome.stderr);
    assert.deepEqual(failingLines(outcome.report), ["redundancy.identical"]);
    assert.match(lineOf(outcome.report, "redundancy.identical").detail, /resolution 1280x720 vs 1920x1080/);
  });
});
