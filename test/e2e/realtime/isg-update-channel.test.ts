// Input security groups on a running channel (docs/api.md, Input security groups): the pipeline's endpoint drops an
// encoder whose address the ISG does not allow; UpdateInputSecurityGroup reaches the running
// pipeline process within seconds, without a restart, and the same stream is taken.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { after, describe, it } from "node:test";
import { type ChannelAlert, CreateInputCommand, ListAlertsCommand, UpdateInputSecurityGroupCommand } from "@aws-sdk/client-medialive";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { createChannelId, createIsgId, startChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { makeOutputDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { rawRequest } from "../../helpers/signed-fetch.ts";

/** The pid of pipeline 0 of a channel, found by its process title. */
function pipelinePid(channelId: string): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").startsWith(`openlive-pipeline ${channelId} 0`)) return Number(entry);
    } catch {
      // gone
    }
  }
  return undefined;
}

describe("an ISG edit on a running channel", { timeout: 120_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  let upstream: ChildProcess | undefined;
  after(async () => {
    upstream?.kill("SIGKILL");
    await openlive?.stop();
  });

  it("drops the disallowed encoder, then takes it once the ISG allows it, without restarting the pipeline", async () => {
    openlive = await startOpenlive({ ownPushPorts: true });
    const client = sdkClient(openlive);
    const isgId = await createIsgId(client, "10.99.0.0/16");
    const input = await client.send(new CreateInputCommand({ Name: "guarded", Type: "RTP_PUSH", InputSecurityGroups: [isgId] }));
    const channel = smallChannel(input.Input!.Id!, `file://${makeOutputDir("openlive-isg-")}/live`);
    const channelId = await createChannelId(client, channel);
    await startChannelAndWait(client, channelId);

    upstream = spawn("ffmpeg", ["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-f", "rtp_mpegts", input.Input!.Destinations![0]!.Url!], { stdio: "ignore" });
    const detected = async (): Promise<unknown> => (await rawRequest(openlive!, { method: "GET", path: `/prod/inputs/${input.Input!.Id}` })).json.detectedProperties;
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    assert.equal(await detected(), undefined, "nothing from 127.0.0.1 reaches the pipeline while the ISG allows 10.99.0.0/16 only");
    const pipelinePidBefore = pipelinePid(channelId);
    assert.ok(pipelinePidBefore !== undefined, "the pipeline process runs");

    await client.send(new UpdateInputSecurityGroupCommand({ InputSecurityGroupId: isgId, WhitelistRules: [{ Cidr: "127.0.0.1/32" }] }));
    const editedAt = Date.now();
    for (;;) {
      if (await detected()) break;
      assert.ok(Date.now() - editedAt < 20_000, "the edit reaches the running pipeline within seconds");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // On air at the stream's next keyframe.
    let alerts: ChannelAlert[] = [];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 250))) {
      alerts = (await client.send(new ListAlertsCommand({ ChannelId: channelId }))).Alerts ?? [];
      if (alerts.some((a) => a.AlertType === "Video Not Detected" && a.State === "CLEARED")) break;
    }
    assert.ok(alerts?.some((a) => a.AlertType === "Video Not Detected" && a.State === "CLEARED"), JSON.stringify(alerts));
    assert.equal(pipelinePid(channelId), pipelinePidBefore, "the same pipeline process took the stream: it was not restarted");
  });
});
