// Restart safety: a channel starts before its upstream pushes (fill,
// "Initial Probe" alert, RUNNING anyway); kill -9 of openlive takes its pipelines with it
// (no orphan), and the restarted openlive runs the channel again with the media sequence
// continuing and an EXT-X-DISCONTINUITY where the timeline broke. SINGLE_PIPELINE here.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { after, describe, it } from "node:test";
import {
  CreateChannelCommand,
  CreateInputCommand,
  CreateInputSecurityGroupCommand,
  DescribeChannelCommand,
  ListAlertsCommand,
  StartChannelCommand,
  waitUntilChannelRunning,
} from "@aws-sdk/client-medialive";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { makeOutputDir, makeTempDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";


function pipelineCount(channelId: string): number {
  return readdirSync("/proc").filter((entry) => {
    try {
      return /^\d+$/.test(entry) && readFileSync(`/proc/${entry}/cmdline`, "utf8").startsWith(`openlive-pipeline ${channelId} `);
    } catch {
      return false;
    }
  }).length;
}

function segmentNumbers(playlist: string): number[] {
  return playlist
    .split("\n")
    .filter((line) => line.endsWith(".ts"))
    .map((line) => Number(/_(\d+)\.ts$/.exec(line)?.[1]));
}

describe("channel restart safety", { timeout: 180_000 }, () => {
  const children: ChildProcess[] = [];
  const services: OpenliveProcess[] = [];
  after(async () => {
    for (const child of children) child.kill("SIGKILL");
    for (const service of services) await service.stop().catch(() => {});
  });

  // Known defect: after the restart the segment numbers run ahead of real time and the discontinuity scrolls out.
  it("starts before the upstream pushes, survives kill -9 of openlive, and continues the media sequence", async () => {
    const dataDir = makeTempDir();
    const first = await startOpenlive({ dataDir, ownPushPorts: true });
    services.push(first);
    const client = sdkClient(first);
    const isg = await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "127.0.0.1/32" }] }));
    const input = await client.send(new CreateInputCommand({ Name: "late", Type: "RTP_PUSH", InputSecurityGroups: [isg.SecurityGroup!.Id!], InputClass: "SINGLE_PIPELINE" } as never));
    const outDir = makeOutputDir("openlive-hls-");
    const channel = smallChannel(input.Input!.Id!, `file://${outDir}/live`, { segmentLengthS: 1 });
    const channelId = (await client.send(new CreateChannelCommand(channel))).Channel!.Id!;

    // Nothing pushes yet: the channel still reaches RUNNING, publishing fill.
    await client.send(new StartChannelCommand({ ChannelId: channelId }));
    await waitUntilChannelRunning({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { ChannelId: channelId });
    const playlistFile = `${outDir}/live_720p.m3u8`;
    await until("fill segments", () => (existsSync(playlistFile) && segmentNumbers(readFileSync(playlistFile, "utf8")).length >= 2 ? true : undefined));
    const alerts = await client.send(new ListAlertsCommand({ ChannelId: channelId }));
    assert.ok(alerts.Alerts?.some((a) => a.AlertType === "Initial Probe Taking Longer Than Expected" && a.State === "SET"), JSON.stringify(alerts.Alerts));

    // The upstream starts: the pipeline takes it without restarting anything.
    const url = input.Input!.Destinations![0]!.Url!;
    children.push(
      spawn("ffmpeg", ["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", "-f", "rtp_mpegts", url], { stdio: "ignore" }),
    );
    await until("the probe alert clears", async () => {
      const all = await client.send(new ListAlertsCommand({ ChannelId: channelId }));
      return all.Alerts?.some((a) => a.AlertType === "Initial Probe Taking Longer Than Expected" && a.State === "CLEARED") ? true : undefined;
    });
    const beforeKill = Math.max(...segmentNumbers(readFileSync(playlistFile, "utf8")));

    // kill -9 of the service: its pipeline process follows (IPC disconnect), no orphan stays.
    first.child.kill("SIGKILL");
    await until("the pipeline process exits with its parent", () => (pipelineCount(channelId) === 0 ? true : undefined), 10_000);

    const second = await startOpenlive({ dataDir, ownPushPorts: true });
    services.push(second);
    const again = sdkClient(second);
    await waitUntilChannelRunning({ client: again, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { ChannelId: channelId });
    assert.equal((await again.send(new DescribeChannelCommand({ ChannelId: channelId }))).State, "RUNNING");
    const playlist = await until("segments after the restart", () => {
      const text = readFileSync(playlistFile, "utf8");
      return Math.max(...segmentNumbers(text)) > beforeKill + 2 ? text : undefined;
    });
    const numbers = segmentNumbers(playlist);
    for (let i = 1; i < numbers.length; i++) assert.equal(numbers[i], numbers[i - 1]! + 1, `segment numbers continue: ${numbers.join(",")}`);
    const sequence = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(playlist)?.[1]);
    assert.equal(sequence, numbers[0], "EXT-X-MEDIA-SEQUENCE is the first listed segment's number");
    assert.match(playlist, /#EXT-X-DISCONTINUITY\n#EXTINF/, "the break is marked");
  });
});
