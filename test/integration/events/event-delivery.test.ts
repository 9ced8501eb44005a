// The events of a real channel, end to end in one process: openlive (startService) with an
// events token and a webhook, an SSE client on /events, and a local receiver that answers
// the first delivery with 500. StartChannel on an RTP_PUSH input nobody pushes to gives a
// "MediaLive Channel State Change" and the "Video Not Detected" alert SET (the pipeline
// runs on fill); the receiver gets the same events, signed, including the one it refused.

import assert from "node:assert/strict";
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { CreateChannelCommand, CreateInputCommand, CreateInputSecurityGroupCommand, StartChannelCommand, StopChannelCommand, type MediaLiveClient } from "@aws-sdk/client-medialive";
import pino from "pino";
import { loadConfig } from "../../../src/config/config.ts";
import { startService, type RunningService } from "../../../src/main.ts";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { makeOutputDir, makeTempDir, TEST_OUTPUT_ROOT } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { SseClient } from "./sse-client.ts";

const SECRET = "webhook-secret";
const TOKEN = "events-token";

interface Delivery {
  readonly id: string;
  readonly event: { id: string; "detail-type": string; source: string; resources: string[]; detail: Record<string, unknown> };
  readonly signatureValid: boolean;
  readonly status: number;
}

/** A webhook receiver that checks signatures and answers 500 to the first delivery. */
async function startReceiver(): Promise<{ url: string; deliveries: Delivery[]; close(): Promise<void> }> {
  const deliveries: Delivery[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const expected = Buffer.from(`sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`);
      const given = Buffer.from(String(request.headers["x-openlive-signature"] ?? ""));
      const status = deliveries.length === 0 ? 500 : 204;
      deliveries.push({
        id: String(request.headers["x-openlive-event-id"]),
        event: JSON.parse(body.toString("utf8")) as Delivery["event"],
        signatureValid: given.length === expected.length && timingSafeEqual(given, expected),
        status,
      });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, deliveries, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("events of a running channel on /events and webhooks", { timeout: 90_000 }, () => {
  let service: RunningService;
  let client: MediaLiveClient;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let sse: SseClient;
  let channelId: string;

  before(async () => {
    receiver = await startReceiver();
    const dataDir = makeTempDir("openlive-events-");
    const first = 20_000 + 200 * Math.floor(Math.random() * 150);
    const config = loadConfig({
      flags: {
        "data-dir": dataDir, "api-port": "0", "origin-port": "0", "output-roots": TEST_OUTPUT_ROOT, "push-port-range": `${first}-${first + 199}`, "log-level": "error",
        "events-token": TOKEN, "webhook-urls": receiver.url, "webhook-secret": SECRET,
      },
      env: {},
    });
    const credentials = { accessKeyId: "AKIDEVENTS", secretAccessKey: "events-secret-key", origin: "environment", generated: false };
    service = await startService(config, credentials, pino({ level: "silent" }));
    client = sdkClient({ url: service.url, credentials });
    sse = await SseClient.connect(`${service.url}/events?token=${TOKEN}`);
    assert.equal(sse.response.statusCode, 200);
    const isg = await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "127.0.0.1/32" }] }));
    const input = await client.send(new CreateInputCommand({ Name: "events-in", Type: "RTP_PUSH", InputSecurityGroups: [isg.SecurityGroup!.Id!], InputClass: "SINGLE_PIPELINE" } as never));
    const channel = smallChannel(input.Input!.Id!, `file://${makeOutputDir("openlive-events-")}/live`);
    channelId = (await client.send(new CreateChannelCommand(channel))).Channel!.Id!;
  });

  after(async () => {
    sse?.close();
    await service?.close();
    await receiver?.close();
  });

  it("refuses /events without the token", async () => {
    const refused = await SseClient.connect(`${service.url}/events`);
    assert.equal(refused.response.statusCode, 401);
    refused.close();
  });

  it("streams the state change and the Video Not Detected alert of a started channel", async () => {
    await client.send(new StartChannelCommand({ ChannelId: channelId }));
    const arn = `arn:aws:medialive:us-east-1:000000000000:channel:${channelId}`;
    // The channel's creation was announced first (IDLE); the start follows.
    const starting = await sse.next("a MediaLive Channel State Change to STARTING or RUNNING", (m) => m.event === "MediaLive Channel State Change" && /"state":"(STARTING|RUNNING)"/.test(m.data));
    const stateEvent = JSON.parse(starting.data) as Delivery["event"];
    assert.equal(starting.id, stateEvent.id);
    assert.deepEqual(stateEvent.resources, [arn]);
    assert.equal(stateEvent.detail.channel_arn, arn);
    assert.ok(["STARTING", "RUNNING"].includes(String(stateEvent.detail.state)), String(stateEvent.detail.state));
    assert.equal(typeof stateEvent.detail.pipelines_running_count, "number");
    const alert = await sse.next("the Video Not Detected alert", (m) => m.event === "MediaLive Channel Alert" && m.data.includes('"alert_type":"Video Not Detected"'), 40_000);
    const alertEvent = JSON.parse(alert.data) as Delivery["event"];
    assert.equal(alertEvent.detail.alarm_state, "SET");
    assert.equal(alertEvent.detail.pipeline, "0");
    assert.equal(alertEvent.detail.channel_arn, arn);
    assert.equal(alertEvent.source, "aws.medialive");
  });

  it("POSTs the same events to the webhook, signed, retrying the one first refused with 500", async () => {
    const streamed = sse.messages.map((m) => m.id!);
    await until("every streamed event delivered", () => (streamed.every((id) => receiver.deliveries.some((d) => d.id === id && d.status === 204)) ? true : undefined));
    const [refused] = receiver.deliveries;
    assert.equal(refused!.status, 500);
    assert.equal(refused!.id, streamed[0]);
    const retried = receiver.deliveries.filter((d) => d.id === refused!.id);
    assert.deepEqual(retried.map((d) => d.status), [500, 204]);
    assert.ok(receiver.deliveries.every((d) => d.signatureValid && d.event.id === d.id));
    const delivered = receiver.deliveries.filter((d) => d.status === 204).map((d) => d.id);
    assert.deepEqual(delivered.slice(0, streamed.length), streamed, "in the order they happened");
    assert.ok(receiver.deliveries.some((d) => d.event["detail-type"] === "MediaLive Channel Alert" && d.event.detail.alert_type === "Video Not Detected"));
  });

  it("announces the stop: the alert CLEARED and the channel back to IDLE", async () => {
    await client.send(new StopChannelCommand({ ChannelId: channelId }));
    await sse.next("the alert CLEARED", (m) => m.event === "MediaLive Channel Alert" && m.data.includes('"alarm_state":"CLEARED"'), 30_000);
    await sse.next("IDLE", (m) => m.event === "MediaLive Channel State Change" && m.data.includes('"state":"IDLE"'), 30_000);
  });

  it("ends the stream when openlive closes", async () => {
    await service.close();
    await sse.until("the end of the stream", () => (sse.ended ? true : undefined), 10_000);
  });
});
