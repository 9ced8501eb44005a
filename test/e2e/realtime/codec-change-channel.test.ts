// An upstream re-configured mid-run from H.264 to HEVC (same endpoint): the pipeline
// restarts its encoder for the new layout by itself and goes back on air with the new
// source; the output continues (new segments, a discontinuity), nothing else restarts.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { after, describe, it } from "node:test";
import { CreateInputCommand, DescribeChannelCommand, ListAlertsCommand } from "@aws-sdk/client-medialive";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { createChannelId, createIsgId, startChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { makeOutputDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";
import { rawRequest } from "../../helpers/signed-fetch.ts";


/** An encoder restart (new fill pictures, a new ffmpeg) takes longer than a plain wait. */
const WAIT_MS = 40_000;

function push(url: string, videoCodec: string[]): ChildProcess {
  return spawn("ffmpeg", ["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=sample_rate=48000", ...videoCodec, "-g", "25", "-c:a", "aac", "-f", "rtp_mpegts", url], { stdio: "ignore" });
}

describe("a source that changes codecs", { timeout: 180_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  const upstreams: ChildProcess[] = [];
  after(async () => {
    for (const upstream of upstreams) upstream.kill("SIGKILL");
    await openlive?.stop();
  });

  it("H.264 → HEVC on the same endpoint: the encoder restarts for the new layout and the channel is back on the new source", async () => {
    openlive = await startOpenlive({ ownPushPorts: true });
    const client = sdkClient(openlive);
    const input = await client.send(new CreateInputCommand({ Name: "changing", Type: "RTP_PUSH", InputSecurityGroups: [await createIsgId(client)] }));
    const work = makeOutputDir("openlive-codec-");
    const channel = smallChannel(input.Input!.Id!, `file://${work}/live`, { segmentLengthS: 1 });
    const channelId = await createChannelId(client, channel);
    const url = input.Input!.Destinations![0]!.Url!;
    upstreams.push(push(url, ["-c:v", "libx264", "-preset", "ultrafast"]));
    await startChannelAndWait(client, channelId);
    const codecOf = async (): Promise<string | undefined> => {
      const response = await rawRequest(openlive!, { method: "GET", path: `/prod/inputs/${input.Input!.Id}` });
      return (response.json as { detectedProperties?: { video: { codec: string }[] }[] }).detectedProperties?.[0]?.video[0]?.codec;
    };
    await until("H.264 detected", async () => ((await codecOf()) === "H264" ? true : undefined), WAIT_MS);

    upstreams[0]!.kill("SIGKILL");
    const switchedAtMs = Date.now();
    upstreams.push(push(url, ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error"]));
    await until("HEVC detected", async () => ((await codecOf()) === "H265" ? true : undefined), WAIT_MS);
    // Back on air with the new source: the input-loss alert set by the switch clears after it.
    await until("video detected again after the switch", async () => {
      const alerts = (await client.send(new ListAlertsCommand({ ChannelId: channelId }))).Alerts ?? [];
      return alerts.some((a) => a.AlertType === "Video Not Detected" && a.State === "CLEARED" && Date.parse(String(a.ClearedTimestamp)) > switchedAtMs) ? true : undefined;
    }, WAIT_MS);
    const described = await client.send(new DescribeChannelCommand({ ChannelId: channelId }));
    assert.equal(described.State, "RUNNING");
    // The new encoder's first segment is marked EXT-X-DISCONTINUITY, or, once it has left the
    // window, counted by EXT-X-DISCONTINUITY-SEQUENCE.
    const playlist = await until("segments of the new encoder", () => {
      const text = readFileSync(`${work}/live_720p.m3u8`, "utf8");
      return /^#EXT-X-DISCONTINUITY$/m.test(text) || /^#EXT-X-DISCONTINUITY-SEQUENCE:[1-9]/m.test(text) ? text : undefined;
    }, WAIT_MS);
    const numbers = playlist.split("\n").filter((l) => l.endsWith(".ts")).map((l) => Number(/_(\d+)\.ts$/.exec(l)?.[1]));
    for (let i = 1; i < numbers.length; i++) assert.equal(numbers[i], numbers[i - 1]! + 1, `segment numbers continue: ${numbers.join(",")}`);
  });
});
