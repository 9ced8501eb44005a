// /metrics of a real service running a channel (docs/metrics.md): an ffmpeg upstream pushes
// RTP to a SINGLE_PIPELINE channel; two scrapes a few seconds apart show what moves while
// media flows (bytes, packets, frames, encoded frames, published segments), the pipeline's
// state and active input, ISG refusals from a source the allow-list does not name, and
// input-loss time once the upstream stops. The scrape token is enforced.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import dgram from "node:dgram";
import { after, before, describe, it } from "node:test";
import { CreateInputCommand, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { createChannelId, createIsgId, startChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { makeOutputDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { parsePromText, valueOf, type PromText } from "../../helpers/prometheus-text.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

const TOKEN = "scrape-s3cret";

describe("GET /metrics of a running channel", { timeout: 120_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let channelId: string;
  let endpoint: URL;
  let upstream: ChildProcess | undefined;

  const scrape = async (): Promise<PromText> => {
    const response = await fetch(`${openlive.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    return parsePromText(await response.text());
  };

  before(async () => {
    openlive = await startOpenlive({ ownPushPorts: true, extraArgs: ["--metrics-token", TOKEN] });
    client = sdkClient(openlive);
    const input = await client.send(new CreateInputCommand({ Name: "metrics-in", Type: "RTP_PUSH", InputSecurityGroups: [await createIsgId(client)], InputClass: "SINGLE_PIPELINE" } as never));
    endpoint = new URL(input.Input!.Destinations![0]!.Url!);
    const channel = smallChannel(input.Input!.Id!, `file://${makeOutputDir("openlive-hls-")}/live`, { segmentLengthS: 1 });
    channel.EncoderSettings.GlobalConfiguration = { InputLossBehavior: { RepeatFrameMsec: 500, BlackFrameMsec: 1000, InputLossImageType: "COLOR", InputLossImageColor: "336699" } };
    channelId = await createChannelId(client, channel);
    upstream = spawn(
      "ffmpeg",
      ["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", "-f", "rtp_mpegts", endpoint.href],
      { stdio: "ignore" },
    );
    await startChannelAndWait(client, channelId);
  });

  after(async () => {
    upstream?.kill("SIGKILL");
    await openlive?.stop();
  });

  it("wants the bearer token: 401 without it or with another, 200 with it", async () => {
    const bare = await fetch(`${openlive.url}/metrics`);
    assert.equal(bare.status, 401);
    assert.match(bare.headers.get("www-authenticate") ?? "", /^Bearer/);
    await bare.arrayBuffer();
    const wrong = await fetch(`${openlive.url}/metrics`, { headers: { authorization: "Bearer nope" } });
    assert.equal(wrong.status, 401);
    await wrong.arrayBuffer();
    await scrape();
  });

  it("shows values that move while media flows, the pipeline running and the input on air", async () => {
    const ch = { channel_id: channelId, pipeline: "0" };
    const src = { ...ch, attachment: "main" };
    const first = await until("a pipeline report with encoded frames and a published segment", async () => {
      const text = await scrape();
      return (valueOf(text, "openlive_pipeline_encoder_frames_total", ch) ?? 0) > 0 && (valueOf(text, "openlive_pipeline_segments_published_total", ch) ?? 0) > 0 && (valueOf(text, "openlive_input_frames_total", { ...src, stream: "video" }) ?? 0) > 0 ? text : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    const second = await scrape();
    const moved = (name: string, labels: Record<string, string>): void => {
      const before = valueOf(first, name, labels);
      const now = valueOf(second, name, labels);
      assert.ok(before !== undefined && now !== undefined && now > before, `${name}${JSON.stringify(labels)} moved: ${before} → ${now}`);
    };
    for (const name of ["openlive_input_bytes_total", "openlive_input_packets_total", "openlive_input_rtp_packets_total"]) moved(name, src);
    moved("openlive_input_frames_total", { ...src, stream: "video" });
    moved("openlive_input_frames_total", { ...src, stream: "audio" });
    moved("openlive_pipeline_encoder_frames_total", ch);
    moved("openlive_pipeline_segments_published_total", ch);
    assert.equal(second.types.get("openlive_input_bytes_total"), "counter");
    assert.equal(valueOf(second, "openlive_input_rtp_lost_packets_total", src), 0, "no loss on loopback");
    assert.equal(valueOf(second, "openlive_pipeline_running", ch), 1);
    assert.equal(valueOf(second, "openlive_pipeline_active_input", { ...ch, attachment: "main" }), 1);
    assert.equal(valueOf(second, "openlive_input_receiving", src), 1);
    assert.ok((valueOf(second, "openlive_input_bitrate_bps", src) ?? 0) > 50_000, "a bitrate is detected");
    assert.ok((valueOf(second, "openlive_pipeline_encoder_speed", ch) ?? 0) > 0, "the encoder reports its speed");
    assert.equal(valueOf(second, "openlive_pipeline_restarts_total", ch), 0);
    assert.equal(valueOf(second, "openlive_channel_failovers_total", ch), 0);
    assert.ok((valueOf(second, "process_resident_memory_bytes") ?? 0) > 0);
    assert.notEqual(valueOf(second, "nodejs_eventloop_lag_seconds"), undefined);
  });

  it("counts datagrams the input security group refuses", async () => {
    // 127.0.0.2 is loopback too, but outside the ISG's 127.0.0.1/32.
    const socket = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.2", resolve));
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => socket.send(Buffer.alloc(200), Number(endpoint.port), "127.0.0.1", () => resolve()));
    socket.close();
    await until("5 refusals counted", async () => ((valueOf(await scrape(), "openlive_input_disallowed_total", { channel_id: channelId, attachment: "main" }) ?? 0) >= 5 ? true : undefined), 10_000);
  });

  it("accumulates input-loss time and stops receiving when the upstream stops", async () => {
    const ch = { channel_id: channelId, pipeline: "0" };
    const live = await scrape();
    assert.equal(valueOf(live, "openlive_input_receiving", { ...ch, attachment: "main" }), 1);
    // Fill shown while the pipeline waited for the upstream's first keyframe may already count.
    const lossBefore = valueOf(live, "openlive_channel_input_loss_seconds_total", ch) ?? 0;
    upstream?.kill("SIGKILL");
    upstream = undefined;
    const text = await until("1.5 s more of input loss", async () => {
      const scraped = await scrape();
      return (valueOf(scraped, "openlive_channel_input_loss_seconds_total", ch) ?? 0) > lossBefore + 1.5 ? scraped : undefined;
    }, 15_000);
    assert.equal(valueOf(text, "openlive_input_receiving", { ...ch, attachment: "main" }), 0);
    assert.equal(valueOf(text, "openlive_pipeline_running", ch), 1, "the encoder keeps publishing fill");
  });
});
