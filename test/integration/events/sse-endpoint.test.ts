// GET /events on a bare fastify with a hub the test publishes to: auth by Bearer header or
// ?token=, the channelId filter, heartbeats, Last-Event-ID replay, a reader that stalls
// being dropped, and close() ending every stream.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import Fastify, { type FastifyInstance } from "fastify";
import pino from "pino";
import { EventHub } from "../../../src/events/event-hub.ts";
import { alertEvent, stateChangeEvent } from "../../../src/events/event-mapper.ts";
import { registerEventStream, type EventStream } from "../../../src/events/sse-endpoint.ts";
import { SseClient } from "./sse-client.ts";

const scope = { region: "us-east-1", accountId: "000000000000" };
const state = (id: string, channelId: string, value = "RUNNING") => stateChangeEvent(scope, id, 0, { channelId, state: value, pipelinesRunningCount: 1 });

describe("GET /events", () => {
  let app: FastifyInstance;
  let hub: EventHub;
  let stream: EventStream;
  let base: string;
  const clients: SseClient[] = [];
  const open = async (query = "", headers: Record<string, string> = {}): Promise<SseClient> => {
    const client = await SseClient.connect(`${base}/events${query}`, headers);
    clients.push(client);
    return client;
  };

  before(async () => {
    app = Fastify();
    hub = new EventHub();
    stream = registerEventStream(app, { hub, token: "t0ken", maxClients: 100, maxClientsPerAddress: 100, logger: pino({ level: "silent" }), heartbeatMs: 100, maxBufferedBytes: 256 * 1024 });
    base = await app.listen({ host: "127.0.0.1", port: 0 });
  });

  after(async () => {
    for (const client of clients) client.close();
    stream.close();
    await app.close();
  });

  it("refuses a client without the token, takes it as a Bearer header or ?token=", async () => {
    for (const [query, headers] of [["", {}], ["?token=wrong", {}], ["", { authorization: "Bearer wrong" }]] as const) {
      const client = await open(query, headers);
      assert.equal(client.response.statusCode, 401);
      assert.equal(client.response.headers["www-authenticate"], 'Bearer realm="openlive events"');
    }
    const byHeader = await open("", { authorization: "Bearer t0ken" });
    const byQuery = await open("?token=t0ken");
    for (const client of [byHeader, byQuery]) {
      assert.equal(client.response.statusCode, 200);
      assert.match(String(client.response.headers["content-type"]), /^text\/event-stream/);
    }
    hub.publish(state("auth-1", "1"));
    for (const client of [byHeader, byQuery]) {
      const message = await client.next("the state change", (m) => m.id === "auth-1");
      assert.equal(message.event, "MediaLive Channel State Change");
      assert.equal((JSON.parse(message.data) as { detail: { state: string } }).detail.state, "RUNNING");
    }
  });

  it("sends a heartbeat comment while idle", async () => {
    const client = await open("?token=t0ken");
    await client.until("two heartbeats", () => (client.comments.filter((c) => c === "heartbeat").length >= 2 ? true : undefined), 5_000);
  });

  it("keeps one channel's events with ?channelId=", async () => {
    const client = await open("?token=t0ken&channelId=2");
    hub.publish(state("filter-1", "1"));
    hub.publish(alertEvent(scope, "filter-2", { channelId: "2", alert: { id: "x", alertType: "Video Not Detected", message: "m", pipelineId: "0", state: "SET", setAtMs: 0 } }));
    const message = await client.next("channel 2's alert", (m) => m.id === "filter-2");
    assert.equal(message.event, "MediaLive Channel Alert");
    assert.equal(client.messages.some((m) => m.id === "filter-1"), false);
  });

  it("replays what followed Last-Event-ID", async () => {
    hub.publish(state("replay-1", "3", "STARTING"));
    hub.publish(state("replay-2", "3", "RUNNING"));
    hub.publish(state("replay-3", "3", "STOPPING"));
    const client = await open("?token=t0ken&channelId=3", { "last-event-id": "replay-1" });
    await client.next("the replayed STOPPING", (m) => m.id === "replay-3");
    assert.deepEqual(client.messages.map((m) => m.id), ["replay-2", "replay-3"]);
  });

  it("drops a client that stops reading instead of buffering for it", async () => {
    const before = stream.clientCount;
    const slow = await open("?token=t0ken&channelId=slow");
    slow.response.pause();
    assert.equal(stream.clientCount, before + 1);
    const big = "x".repeat(64 * 1024);
    for (let i = 0; i < 400 && stream.clientCount > before; i += 1) {
      hub.publish(alertEvent(scope, `slow-${i}`, { channelId: "slow", alert: { id: "x", alertType: "Video Not Detected", message: big, pipelineId: "0", state: "SET", setAtMs: 0 } }));
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(stream.clientCount, before);
  });

  it("close() ends every stream and refuses new ones", async () => {
    const client = await open("?token=t0ken");
    stream.close();
    await client.until("the end of the stream", () => (client.ended ? true : undefined), 5_000);
    assert.equal(stream.clientCount, 0);
    const late = await open("?token=t0ken");
    assert.equal(late.response.statusCode, 503);
  });
});
