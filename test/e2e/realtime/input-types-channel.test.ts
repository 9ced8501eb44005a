// Every other input type through a running channel, each against a real local source:
// RTMP_PUSH and SRT_LISTENER (ffmpeg pushes to openlive's endpoints, which listen only
// while the channel runs), and RTMP_PULL, SRT_CALLER, TS_FILE and MP4_FILE (openlive pulls).
// A case passes when the pipeline detects the source's own 320x180 video (DescribeInput
// detectedProperties is reported only while media arrives) and HLS segments are published.

import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import {
  CreateChannelCommand,
  CreateInputCommand,
  CreateInputSecurityGroupCommand,
  StartChannelCommand,
  StopChannelCommand,
  type CreateInputCommandInput,
  type MediaLiveClient,
} from "@aws-sdk/client-medialive";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { waitForChannelRunning, waitForChannelStopped } from "../../helpers/channel-lifecycle.ts";
import { freeTcpPort, freeUdpPort } from "../../helpers/media-fixtures.ts";
import { makeOutputDir, makeTempDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";
import { rawRequest } from "../../helpers/signed-fetch.ts";

const SOURCE = ["-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=sample_rate=48000", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac"];
const PASSPHRASE = "openlive-e2e-passphrase";
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:e2e-srt";


/** An ffmpeg run again whenever it exits (a one-connection server after each client, a pusher until the endpoint listens). */
function looping(args: readonly string[]): ChildProcess {
  const command = `while true; do ffmpeg -hide_banner -loglevel quiet ${args.map((a) => `'${a}'`).join(" ")}; sleep 0.2; done`;
  return spawn("sh", ["-c", command], { stdio: "ignore", detached: true });
}

describe("channels on every input type", { timeout: 300_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let work: string;
  /** The channels' HLS, inside the test output root. */
  let out: string;
  let isgId: string;
  const loops: ChildProcess[] = [];

  before(async () => {
    work = makeTempDir("openlive-types-");
    out = makeOutputDir("openlive-types-");
    const dataDir = makeTempDir();
    writeFileSync(path.join(dataDir, "secrets.json"), JSON.stringify({ [SECRET_ARN]: PASSPHRASE }));
    openlive = await startOpenlive({ dataDir, ownPushPorts: true, inputRoots: [work] });
    client = sdkClient(openlive);
    isgId = (await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "127.0.0.1/32" }] }))).SecurityGroup!.Id!;
    const ts = path.join(work, "source.ts");
    const mp4 = path.join(work, "source.mp4");
    for (const file of [ts, mp4]) {
      const made = spawnSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", ...SOURCE.slice(1), "-t", "4", file], { encoding: "utf8" });
      assert.equal(made.status, 0, made.stderr);
    }
  });

  after(async () => {
    for (const loop of loops) {
      try {
        process.kill(-loop.pid!, "SIGKILL");
      } catch {
        // gone
      }
    }
    await openlive?.stop();
  });

  /** Creates the channel, starts it, lets `source` feed it, and checks what the pipeline sees and publishes. */
  async function runCase(name: string, input: CreateInputCommandInput, source: (created: { destinations: string[] }) => Promise<void> | void, inputSettings: Record<string, unknown> = {}): Promise<void> {
    const created = await client.send(new CreateInputCommand({ Name: name, ...input }));
    const channel = smallChannel(created.Input!.Id!, `file://${out}/${name}/live`, { segmentLengthS: 1 });
    channel.Name = name;
    channel.InputAttachments[0].InputSettings = { ...channel.InputAttachments[0].InputSettings, ...inputSettings };
    // Pull sources are contacted at creation, so they run before it.
    if (input.Type?.endsWith("_PULL") || input.Type === "SRT_CALLER" || input.Type?.endsWith("_FILE")) await source({ destinations: [] });
    const channelId = (await client.send(new CreateChannelCommand(channel))).Channel!.Id!;
    await client.send(new StartChannelCommand({ ChannelId: channelId }));
    if (input.Type?.endsWith("_PUSH") || input.Type === "SRT_LISTENER") await source({ destinations: created.Input!.Destinations!.map((d) => d.Url!) });
    await waitForChannelRunning(client, channelId);
    const detected = await until(`${name}: the pipeline detects the source`, async () => {
      const response = await rawRequest(openlive, { method: "GET", path: `/prod/inputs/${created.Input!.Id}` });
      const entries = (response.json as { detectedProperties?: { pipelineId: string; video: { codec: string; width?: number; height?: number }[] }[] }).detectedProperties;
      const video = entries?.find((entry) => entry.pipelineId === "0")?.video[0];
      return video?.width === 320 ? video : undefined;
    });
    assert.deepEqual([detected.codec, detected.width, detected.height], ["H264", 320, 180]);
    const playlist = `${out}/${name}/live_720p.m3u8`;
    await until(`${name}: segments`, () => (existsSync(playlist) && readFileSync(playlist, "utf8").split("\n").filter((l) => l.endsWith(".ts")).length >= 2 ? true : undefined));
    await client.send(new StopChannelCommand({ ChannelId: channelId }));
    await waitForChannelStopped(client, channelId);
  }

  it("RTMP_PUSH: ffmpeg publishes to the app/instance of the endpoint", async () => {
    await runCase("rtmp-push", { Type: "RTMP_PUSH", InputSecurityGroups: [isgId], Destinations: [{ StreamName: "live/a" }, { StreamName: "live/b" }] }, ({ destinations }) => {
      loops.push(looping([...SOURCE, "-f", "flv", destinations[0]!]));
    });
  });

  it("SRT_LISTENER: ffmpeg calls the endpoint with the passphrase from the secret store", async () => {
    await runCase(
      "srt-listener",
      { Type: "SRT_LISTENER", InputSecurityGroups: [isgId], SrtSettings: { SrtListenerSettings: { MinimumLatency: 200, Decryption: { Algorithm: "AES128", PassphraseSecretArn: SECRET_ARN } } } },
      ({ destinations }) => {
        const url = new URL(destinations[0]!);
        loops.push(looping([...SOURCE, "-f", "mpegts", `srt://${url.hostname}:${url.port}?mode=caller&passphrase=${PASSPHRASE}&pbkeylen=16&latency=200000`]));
      },
    );
  });

  it("RTMP_PULL: openlive plays from an RTMP server", async () => {
    const port = await freeTcpPort();
    await runCase("rtmp-pull", { Type: "RTMP_PULL", Sources: [{ Url: `rtmp://127.0.0.1:${port}/live/src` }] }, async () => {
      loops.push(looping([...SOURCE, "-f", "flv", "-listen", "1", `rtmp://127.0.0.1:${port}/live/src`]));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    });
  });

  it("SRT_CALLER: openlive calls an SRT listener", async () => {
    const port = await freeUdpPort();
    await runCase("srt-caller", { Type: "SRT_CALLER", SrtSettings: { SrtCallerSources: [{ SrtListenerAddress: "127.0.0.1", SrtListenerPort: String(port) }] } }, async () => {
      loops.push(looping([...SOURCE, "-f", "mpegts", `srt://127.0.0.1:${port}?mode=listener`]));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    });
  });

  it("TS_FILE and MP4_FILE: openlive plays local files in a loop", async () => {
    const settings = { SourceEndBehavior: "LOOP" };
    await runCase("ts-file", { Type: "TS_FILE", Sources: [{ Url: pathToFileURL(path.join(work, "source.ts")).href }] }, () => {}, settings);
    await runCase("mp4-file", { Type: "MP4_FILE", Sources: [{ Url: pathToFileURL(path.join(work, "source.mp4")).href }] }, () => {}, settings);
  });
});
