// HLS continuity across a pipeline restart: the pipeline process of a running channel is
// killed (SIGKILL); the runtime starts it again and its new encoder continues the published
// media playlist — media sequence strictly increasing, no segment name used twice, the first
// new segment preceded by EXT-X-DISCONTINUITY, EXT-X-DISCONTINUITY-SEQUENCE counting it once
// it leaves the window — while hls.js in Chromium keeps playing through the gap.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { after, describe, it } from "node:test";
import { CreateInputCommand } from "@aws-sdk/client-medialive";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { createChannelId, createIsgId, startChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { launchHlsPlayer, type HlsPlayer } from "../../helpers/hls-player.ts";
import { makeOutputDir, originUrlOf, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";
import { parseMediaPlaylist } from "../../../src/output/hls/iframe-playlist.ts";

const SEGMENT_S = 1;

function pipelinePids(channelId: string): number[] {
  return readdirSync("/proc").flatMap((entry) => {
    try {
      return /^\d+$/.test(entry) && readFileSync(`/proc/${entry}/cmdline`, "utf8").startsWith(`openlive-pipeline ${channelId} `) ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

const readPlaylist = (file: string): string | undefined => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
};

describe("HLS continuity after a pipeline restart", { timeout: 180_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  let player: HlsPlayer | undefined;
  let upstream: ChildProcess | undefined;
  after(async () => {
    upstream?.kill("SIGKILL");
    await player?.close();
    await openlive?.stop().catch(() => {});
  });

  it("continues the media sequence with a discontinuity and hls.js plays through", async () => {
    openlive = await startOpenlive({ ownPushPorts: true });
    const client = sdkClient(openlive);
    player = await launchHlsPlayer();
    const input = await client.send(new CreateInputCommand({ Name: "continuity", Type: "RTP_PUSH", InputSecurityGroups: [await createIsgId(client)] }));
    const work = makeOutputDir("openlive-continuity-");
    const channelId = await createChannelId(client, smallChannel(input.Input!.Id!, `file://${work}/live`, { segmentLengthS: SEGMENT_S }));
    upstream = spawn(
      "ffmpeg",
      ["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", "-f", "rtp_mpegts", input.Input!.Destinations![0]!.Url!],
      { stdio: "ignore" },
    );
    await startChannelAndWait(client, channelId);
    const playlistFile = `${work}/live_720p.m3u8`;
    await until("4 segments listed", () => ((parseMediaPlaylist(readPlaylist(playlistFile) ?? "").segments.length >= 4 ? true : undefined)));

    // Every version of the playlist from now on, as a player reloading it sees them.
    const versions: string[] = [];
    const watcher = setInterval(() => {
      const text = readPlaylist(playlistFile);
      if (text !== undefined && text !== versions.at(-1)) versions.push(text);
    }, 100);
    const playing = player.play(originUrlOf(openlive, work, "live.m3u8"), { watchMs: 30_000, untilPlayedSeconds: 16 });
    // Once hls.js has played a few seconds, the pipeline process dies.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const pids = pipelinePids(channelId);
    assert.equal(pids.length, 1, "one pipeline process");
    process.kill(pids[0]!, "SIGKILL");
    // The last segment the killed pipeline published, read once it is dead (its publisher and its
    // encoder, tied to it by the parent-death signal, write nothing more; the new one takes
    // seconds to start): read before the kill, a segment finished in between would be missed.
    const before = parseMediaPlaylist(readPlaylist(playlistFile)!);
    const lastBefore = before.mediaSequence + before.segments.length - 1;
    await until("a new pipeline process", () => (pipelinePids(channelId).some((pid) => pid !== pids[0]) ? true : undefined), 20_000);
    const report = await playing;
    // The discontinuity has left a 10-segment window only after 10 new segments.
    await until("the restart's discontinuity has left the window", () => (parseMediaPlaylist(readPlaylist(playlistFile) ?? "").discontinuitySequence >= 1 ? true : undefined), 40_000);
    clearInterval(watcher);
    versions.push(readPlaylist(playlistFile)!);

    // The media sequence never goes back; every segment keeps its number and name.
    const numberOf = new Map<string, number>();
    let sequence = 0;
    let discontinuities = 0;
    for (const text of versions) {
      const window = parseMediaPlaylist(text);
      assert.ok(window.mediaSequence >= sequence, `media sequence went back: ${sequence} → ${window.mediaSequence}`);
      sequence = window.mediaSequence;
      window.segments.forEach((segment, index) => {
        const number = window.mediaSequence + index;
        const known = numberOf.get(segment.uri);
        assert.ok(known === undefined || known === number, `${segment.uri} listed as ${known} and as ${number}`);
        numberOf.set(segment.uri, number);
        // Discontinuity sequence of this segment: the playlist's plus the tags up to it.
        if (segment.discontinuity) discontinuities = Math.max(discontinuities, window.discontinuitySequence + window.segments.slice(0, index + 1).filter((s) => s.discontinuity).length);
      });
    }
    const names = [...numberOf.keys()];
    assert.equal(new Set([...numberOf.values()]).size, names.length, "no number given to two names");
    const firstAfter = versions.map((text) => parseMediaPlaylist(text)).flatMap((window) => window.segments.map((segment, index) => ({ ...segment, number: window.mediaSequence + index }))).find((segment) => segment.number === lastBefore + 1 && segment.discontinuity);
    assert.ok(firstAfter, `the first segment after ${lastBefore} (the restart) is preceded by EXT-X-DISCONTINUITY`);
    assert.equal(discontinuities, 1, "exactly one discontinuity, the restart's");
    assert.equal(parseMediaPlaylist(versions.at(-1)!).discontinuitySequence, 1, "EXT-X-DISCONTINUITY-SEQUENCE counts it after it left");
    assert.equal(readdirSync(work).filter((name) => name.endsWith(".encoder")).length, 1, "the encoder's own playlist stays beside the published one");

    // hls.js played through the restart.
    assert.deepEqual(report.fatalErrors, [], JSON.stringify(report));
    assert.ok(report.playedSeconds >= 14, `played ${report.playedSeconds} s (${JSON.stringify(report.timeline.slice(-5))})`);
  });
});
