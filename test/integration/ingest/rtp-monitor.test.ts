// Push ingest seen end to end below the pipeline: Debian ffmpeg pushes MPEG-TS over RTP
// to real endpoints; the source monitor reports what arrived and what the upstream must
// change (unsupported codecs, the two redundant sources not identical).

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { after, describe, it } from "node:test";
import { AllowList } from "../../../src/ingest/allow-list.ts";
import { compareRedundantSources } from "../../../src/ingest/monitor/source-checks.ts";
import { SourceMonitor } from "../../../src/ingest/monitor/source-monitor.ts";
import { RtpPushEndpoint } from "../../../src/ingest/rtp-push/rtp-push-endpoint.ts";
import { freeUdpPort, tsInto } from "../../helpers/media-fixtures.ts";

const children: ChildProcess[] = [];
after(() => children.forEach((child) => child.kill("SIGKILL")));

function push(port: number, seconds: number, codecArgs: readonly string[], size = "320x180"): Promise<number | null> {
  const child = spawn(
    "ffmpeg",
    ["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", `testsrc2=size=${size}:rate=25`, "-f", "lavfi", "-i", "sine", "-t", String(seconds), ...codecArgs, "-f", "rtp_mpegts", `rtp://127.0.0.1:${port}`],
    { stdio: "ignore" },
  );
  children.push(child);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** An RTP endpoint with its monitor; returns the snapshot after ffmpeg finished. */
async function ingest(codecArgs: readonly string[], size?: string) {
  const port = await freeUdpPort();
  const monitor = new SourceMonitor({ inputType: "RTP_PUSH", captionSelectors: [{ name: "cc", kind: "embeddedSourceSettings" }] });
  const endpoint = new RtpPushEndpoint({ address: "127.0.0.1", port, allowList: new AllowList(["127.0.0.1/32"]), onTs: tsInto(monitor) });
  await endpoint.start();
  try {
    assert.equal(await push(port, 2.5, codecArgs, size), 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { snapshot: monitor.snapshot(Date.now()), alerts: monitor.checkAlerts(Date.now()) };
  } finally {
    await endpoint.close();
  }
}

describe("RTP push ingest with the source monitor", { timeout: 90_000 }, () => {
  it("detects H.264 + AAC, and flags the missing captions the channel expects", async () => {
    const { snapshot, alerts } = await ingest(["-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac"]);
    assert.equal(snapshot.usable, true);
    assert.equal(snapshot.continuityErrors, 0);
    assert.deepEqual([snapshot.streamInfo.video[0]?.codec, snapshot.streamInfo.video[0]?.width, snapshot.streamInfo.video[0]?.height], ["H264", 320, 180]);
    assert.equal(snapshot.streamInfo.audio[0]?.codec, "AAC");
    assert.ok(snapshot.lastVideoMs !== undefined && snapshot.lastAudioMs !== undefined);
    assert.deepEqual(alerts.map((a) => `${a.state} ${a.alertType}`), ["SET Captions Missing"]);
  });

  it("takes HEVC + AC-3 and MPEG-2 video + MP2 over RTP", async () => {
    const hevc = await ingest(["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-c:a", "ac3"]);
    assert.equal(hevc.snapshot.usable, true);
    assert.deepEqual([hevc.snapshot.streamInfo.video[0]?.codec, hevc.snapshot.streamInfo.audio[0]?.codec], ["H265", "AC3"]);
    const mpeg2 = await ingest(["-c:v", "mpeg2video", "-c:a", "mp2"]);
    assert.equal(mpeg2.snapshot.usable, true);
    assert.deepEqual([mpeg2.snapshot.streamInfo.video[0]?.codec, mpeg2.snapshot.streamInfo.audio[0]?.codec], ["MPEG2_VIDEO", "MPEG_AUDIO"]);
  });

  it("refuses MPEG-4 part 2 video and Opus audio: an alert names them and the source counts as lost", async () => {
    const { snapshot, alerts } = await ingest(["-c:v", "mpeg4", "-c:a", "libopus"]);
    assert.equal(snapshot.usable, false);
    const unsupported = alerts.filter((a) => a.alertType === "Unsupported Codec").map((a) => a.message);
    assert.equal(unsupported.length, 2, unsupported.join("\n"));
    assert.ok(unsupported.every((m) => /not supported on RTP_PUSH inputs/.test(m)));
    assert.ok(unsupported.some((m) => m.startsWith("video codec MPEG-4 Part 2 video")), unsupported.join("\n"));
    assert.ok(unsupported.some((m) => m.startsWith("audio codec Opus")), unsupported.join("\n"));
  });

  it("compares the two sources of one input: 320x180 vs 640x360 is named", async () => {
    const [a, b] = await Promise.all([
      ingest(["-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac"], "320x180"),
      ingest(["-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac"], "640x360"),
    ]);
    const [finding] = compareRedundantSources(a.snapshot.streamInfo, b.snapshot.streamInfo);
    assert.match(finding!.message, /resolution 320x180 vs 640x360/);
  });
});
