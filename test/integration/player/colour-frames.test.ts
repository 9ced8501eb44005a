// The colour helpers on their own, against Debian ffmpeg only (no openlive): the colour
// upstream (test/helpers/colour-upstream.ts) makes HLS and MPEG-TS whose pictures change
// colour, go black and go silent inside one continuous encode, and the frame classifier
// (test/helpers/colour-frames.ts) must read back exactly those colours, runs and gaps,
// the playlist's discontinuities, and a media sequence that continues or restarts.

import assert from "node:assert/strict";
import { createSocket, type Socket } from "node:dgram";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  audioLevel,
  classifyRgb,
  colourOrder,
  coloursOf,
  decodeColourFrames,
  decodePlaylist,
  describeRuns,
  framesBetween,
  HlsRecorder,
  parseMediaPlaylist,
  readMediaPlaylist,
  runs,
  transition,
  TEST_PALETTE,
  variantPlaylists,
} from "../../helpers/colour-frames.ts";
import { makeColourFile, startColourUpstream, type ColourUpstream } from "../../helpers/colour-upstream.ts";
import { until } from "../../helpers/until.ts";

/** -f hls into `folder`/index.m3u8 with 1 s segments. */
function hlsArgs(folder: string, extra: readonly string[] = []): string[] {
  mkdirSync(folder, { recursive: true });
  return ["-f", "hls", "-hls_time", "1", ...extra, "-hls_segment_filename", path.join(folder, "seg_%05d.ts"), path.join(folder, "index.m3u8")];
}

describe("colour frames and colour upstreams", { timeout: 120_000 }, () => {
  let dir = "";
  const upstreams: ColourUpstream[] = [];
  const recorders: HlsRecorder[] = [];

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "openlive-colour-"));
  });

  after(async () => {
    for (const recorder of recorders) recorder.close();
    await Promise.all(upstreams.map((upstream) => upstream.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("classifies by the nearest palette colour, and far from all of them as other", () => {
    assert.equal(classifyRgb([250, 3, 4]), "red");
    assert.equal(classifyRgb([1, 2, 240]), "blue");
    assert.equal(classifyRgb([16, 16, 16]), "black");
    assert.equal(classifyRgb([128, 128, 128]), "other");
    assert.equal(classifyRgb([128, 128, 128], { ...TEST_PALETTE, grey: [128, 128, 128] }), "grey");
    assert.equal(classifyRgb([60, 0, 0], TEST_PALETTE, 30), "other", "maxDistance bounds the match");
  });

  it("runs, transitions and gaps on a plain sequence", () => {
    const seq = ["red", "red", "red", "green", "other", "blue", "blue", "red", "blue"];
    assert.deepEqual(
      runs(seq).map((r) => [r.colour, r.start, r.count]),
      [
        ["red", 0, 3],
        ["green", 3, 1],
        ["other", 4, 1],
        ["blue", 5, 2],
        ["red", 7, 1],
        ["blue", 8, 1],
      ],
    );
    assert.equal(framesBetween(seq, "red", "blue"), 2);
    assert.deepEqual(transition(seq, "red", "blue")?.fill.map((r) => [r.colour, r.start]), [
      ["green", 3],
      ["other", 4],
    ]);
    assert.equal(framesBetween(seq, "blue", "red"), 0);
    assert.equal(framesBetween(seq, "red", "blue", 6), 0, "from an index on: the second change");
    assert.equal(framesBetween(seq, "blue", "green"), undefined, "never goes from blue to green");
    assert.deepEqual(colourOrder(seq, 2), ["red", "blue"]);
    assert.equal(describeRuns(seq.slice(0, 4)), "red×3 green×1");
  });

  it("HLS red for 2 s then blue for 2 s: 50 red frames, then 50 blue, no gap, four segments of one sequence", async () => {
    const folder = path.join(dir, "red-blue");
    await makeColourFile({ colour: "red", changes: [{ atS: 2, colour: "blue" }], durationS: 4, outputArgs: hlsArgs(folder, ["-hls_list_size", "0"]) });
    const { report, frames } = await decodePlaylist(path.join(folder, "index.m3u8"));
    const colours = coloursOf(frames);
    assert.equal(describeRuns(colours), "red×50 blue×50");
    assert.equal(framesBetween(colours, "red", "blue"), 0);
    assert.equal(report.mediaSequence, 0);
    assert.deepEqual(
      report.segments.map((s) => s.msn),
      [0, 1, 2, 3],
    );
    assert.deepEqual(report.discontinuityMsns, []);
    assert.deepEqual(report.numberingGaps, []);
    assert.equal(report.endlist, true);
    assert.deepEqual(
      frames.filter((f) => f.offsetInFileS === 0).map((f) => [f.index, f.fileIndex]),
      [
        [0, 0],
        [25, 1],
        [50, 2],
        [75, 3],
      ],
      "each segment's first frame is mapped to its segment",
    );
    assert.ok(frames.every((f) => f.ptsTime !== undefined));
  });

  it("counts the frames between two colours (red 1 s, green 0.4 s, blue)", async () => {
    const file = path.join(dir, "gap.ts");
    await makeColourFile({ changes: [{ atS: 1, colour: "0x00FF00" }, { atS: 1.4, colour: "blue" }], durationS: 2, outputArgs: ["-f", "mpegts", file] });
    const colours = coloursOf(await decodeColourFrames([file]));
    assert.equal(describeRuns(colours), "red×25 green×10 blue×15");
    const change = transition(colours, "red", "blue")!;
    assert.equal(change.gap, 10);
    assert.deepEqual(change.fill.map((r) => [r.colour, r.count]), [["green", 10]]);
  });

  it("decodes across an EXT-X-DISCONTINUITY (timestamps start again) and reports where it is", async () => {
    const a = path.join(dir, "disc", "a");
    const b = path.join(dir, "disc", "b");
    await makeColourFile({ colour: "red", durationS: 2, outputArgs: hlsArgs(a, ["-hls_list_size", "0"]) });
    await makeColourFile({ colour: "blue", durationS: 2, outputArgs: hlsArgs(b, ["-hls_list_size", "0"]) });
    const lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:1", "#EXT-X-MEDIA-SEQUENCE:7"];
    for (const [sub, first] of [
      ["a", true],
      ["b", false],
    ] as const) {
      if (!first) lines.push("#EXT-X-DISCONTINUITY");
      for (const n of [0, 1]) lines.push("#EXTINF:1.000000,", `${sub}/seg_${String(n).padStart(5, "0")}.ts`);
    }
    const playlist = path.join(dir, "disc", "joined.m3u8");
    writeFileSync(playlist, `${lines.join("\n")}\n`);
    const master = path.join(dir, "disc", "master.m3u8");
    writeFileSync(master, "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=500000,RESOLUTION=320x180\njoined.m3u8\n");
    assert.deepEqual(variantPlaylists(master), [playlist], "the media playlist named by the master");
    const { report, frames } = await decodePlaylist(variantPlaylists(master)[0]!);
    assert.deepEqual(
      report.segments.map((s) => s.msn),
      [7, 8, 9, 10],
    );
    assert.deepEqual(report.discontinuityMsns, [9]);
    assert.equal(report.numberingGaps.length, 1, "the numbering starts again after the discontinuity");
    assert.equal(describeRuns(coloursOf(frames)), "red×50 blue×50");
    assert.deepEqual(
      frames.filter((f) => f.offsetInFileS === 0).map((f) => f.fileIndex),
      [0, 1, 2, 3],
    );
  });

  it("black after N and silent after N: one continuous TS that turns black and below -50 dBFS", async () => {
    const file = path.join(dir, "black-silent.ts");
    await makeColourFile({ colour: "red", blackAfterS: 2, silentAfterS: 2, durationS: 4, outputArgs: ["-f", "mpegts", file] });
    const frames = await decodeColourFrames([file]);
    assert.equal(describeRuns(coloursOf(frames)), "red×50 black×50");
    const black = frames.at(-1)!.rgb;
    assert.ok(Math.max(...black) <= 20, `black decodes near 0 (${black.join(",")})`);
    const loud = await audioLevel(file, { durationS: 1.8 });
    const quiet = await audioLevel(file, { fromS: 2.2 });
    assert.ok(loud.maxDb > -30, `the tone before N is loud (${loud.maxDb} dBFS)`);
    assert.ok(quiet.maxDb < -50, `after N the audio is below -50 dBFS (${quiet.maxDb} dBFS max, ${quiet.meanDb} mean)`);
    // Only one program and one PCR timeline in the file: no restart in the middle.
    assert.equal(readFileSync(file).length % 188, 0);
  });

  it("RTP upstream: RTP-carried MPEG-TS on loopback; kill() stops it, restart() sends again", async () => {
    const socket: Socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    let packets = 0;
    let payloadType = -1;
    socket.on("message", (message: Buffer) => {
      packets += 1;
      payloadType = message[1]! & 0x7f;
    });
    try {
      const upstream = startColourUpstream({ url: `rtp://127.0.0.1:${socket.address().port}`, colour: "blue" });
      upstreams.push(upstream);
      await until("RTP packets", () => (packets > 20 ? true : undefined), 10_000);
      assert.equal(payloadType, 33, "RTP payload type 33 (MP2T)");
      await upstream.kill();
      assert.equal(upstream.running, false);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const afterKill = packets;
      await new Promise((resolve) => setTimeout(resolve, 700));
      assert.equal(packets, afterKill, "nothing arrives after kill()");
      const firstStart = upstream.startedAtMs;
      await upstream.restart();
      assert.ok(upstream.running && upstream.startedAtMs > firstStart);
      await until("RTP packets after restart", () => (packets > afterKill + 20 ? true : undefined), 10_000);
      await upstream.close();
      assert.equal(upstream.running, false);
      await assert.rejects(upstream.restart(), /after close/);
    } finally {
      socket.close();
    }
  });

  it("HlsRecorder follows a live playlist: copies every segment, decodes red → blue, reports a restarted sequence", async () => {
    const folder = path.join(dir, "live");
    const live = hlsArgs(folder, ["-hls_list_size", "3", "-hls_flags", "delete_segments"]);
    const upstream = startColourUpstream({ colour: "red", changes: [{ atS: 2, colour: "blue" }], durationS: 5, outputArgs: live });
    upstreams.push(upstream);
    const recorder = new HlsRecorder(path.join(folder, "index.m3u8"), { intervalMs: 100 });
    recorders.push(recorder);
    assert.equal(await upstream.exited(), 0, upstream.stderr());
    recorder.poll();
    assert.deepEqual(recorder.problems, []);
    const segments = recorder.segments();
    assert.deepEqual(
      segments.map((s) => s.msn),
      [0, 1, 2, 3, 4],
    );
    assert.ok(!existsSync(segments[0]!.file), "the live writer deleted the first segment; the recorder kept a copy");
    const frames = await recorder.decode();
    assert.equal(describeRuns(coloursOf(frames)), "red×50 blue×75");
    assert.deepEqual([frames[0]!.msn, frames.at(-1)!.msn], [0, 4]);
    const tail = await recorder.decode({ fromMsn: 3 });
    assert.equal(describeRuns(coloursOf(tail)), "blue×50");
    await recorder.waitForSteady("blue", { segments: 2, timeoutMs: 1_000 });
    await assert.rejects(recorder.waitForSteady("red", { segments: 2, timeoutMs: 500 }), /steady red \(last: blue×50\)/);

    // A writer that starts again from 0 is a restart, not a continuation.
    const again = startColourUpstream({ colour: "red", durationS: 2, outputArgs: live });
    upstreams.push(again);
    assert.equal(await again.exited(), 0, again.stderr());
    recorder.poll();
    assert.ok(recorder.problems.some((p) => /went back from \d+ to 0/.test(p) || /msn 0|number 0/.test(p)), recorder.problems.join("; "));
    const report = readMediaPlaylist(path.join(folder, "index.m3u8"));
    assert.equal(report.segments[0]!.msn, 0);
  });

  it("parses PROGRAM-DATE-TIME and numbering gaps from playlist text", () => {
    const text = [
      "#EXTM3U",
      "#EXT-X-VERSION:3",
      "#EXT-X-TARGETDURATION:1",
      "#EXT-X-MEDIA-SEQUENCE:41",
      "#EXT-X-PROGRAM-DATE-TIME:2026-11-25T07:00:00.000Z",
      "#EXTINF:1.000000,",
      "live_720p_00041.ts",
      "#EXTINF:1.000000,",
      "live_720p_00043.ts",
    ].join("\n");
    const report = parseMediaPlaylist(text, "/out");
    assert.equal(report.segments[0]!.programDateTimeMs, Date.parse("2026-11-25T07:00:00.000Z"));
    assert.equal(report.segments[0]!.file, "/out/live_720p_00041.ts");
    assert.deepEqual(
      report.segments.map((s) => [s.msn, s.fileNumber]),
      [
        [41, 41],
        [42, 43],
      ],
    );
    assert.equal(report.numberingGaps.length, 1);
  });
});
