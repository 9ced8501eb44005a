import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { MediaLiveEvent } from "../../../src/events/medialive-event.ts";
import { WebhookDispatcher, type Schedule, type WebhookPost } from "../../../src/events/webhook-dispatcher.ts";

/** Timers that run only when the test advances the clock. */
class FakeClock {
  nowMs = 0;
  readonly timers: { at: number; callback: () => void; cancelled: boolean }[] = [];
  readonly schedule: Schedule = (callback, ms) => {
    const timer = { at: this.nowMs + ms, callback, cancelled: false };
    this.timers.push(timer);
    return () => (timer.cancelled = true);
  };

  get waiting(): number[] {
    return this.timers.filter((t) => !t.cancelled).map((t) => t.at - this.nowMs);
  }

  async advance(ms: number): Promise<void> {
    this.nowMs += ms;
    for (const timer of this.timers.splice(0)) {
      if (timer.cancelled) continue;
      if (timer.at <= this.nowMs) timer.callback();
      else this.timers.push(timer);
    }
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

function event(id: string): MediaLiveEvent {
  return { version: "0", id, "detail-type": "MediaLive Channel State Change", source: "aws.medialive", account: "000000000000", time: "2026-11-25T07:30:53Z", region: "us-east-1", resources: [], detail: { channel_arn: "a", state: "RUNNING", message: "m", pipelines_running_count: 1 } };
}

function recorder(statuses: (number | Error)[]) {
  const calls: { url: string; id: string; headers: Record<string, string> }[] = [];
  const post: WebhookPost = async (url, body, headers) => {
    calls.push({ url, id: (JSON.parse(body) as { id: string }).id, headers });
    const next = statuses.shift() ?? 200;
    if (next instanceof Error) throw next;
    return next;
  };
  return { calls, post };
}

describe("WebhookDispatcher", () => {
  it("retries after 0.5 s, 1 s, 2 s and keeps later events behind the one retried", async () => {
    const clock = new FakeClock();
    const { calls, post } = recorder([500, new Error("ECONNREFUSED"), 200]);
    const warnings: string[] = [];
    const dispatcher = new WebhookDispatcher({ urls: ["http://a/hook"], secret: "k", logger: { warn: ((_: unknown, m: string) => warnings.push(m)) as never }, post, schedule: clock.schedule });
    dispatcher.send(event("e1"));
    dispatcher.send(event("e2"));
    await flush();
    assert.deepEqual(calls.map((c) => c.id), ["e1"]);
    assert.deepEqual(clock.waiting, [500]);
    await clock.advance(500);
    assert.deepEqual(calls.map((c) => c.id), ["e1", "e1"]);
    assert.deepEqual(clock.waiting, [1000]);
    await clock.advance(999);
    assert.equal(calls.length, 2);
    await clock.advance(1);
    assert.deepEqual(calls.map((c) => c.id), ["e1", "e1", "e1", "e2"]);
    assert.match(calls[0]!.headers["x-openlive-signature"]!, /^sha256=[0-9a-f]{64}$/);
    assert.equal(calls[3]!.headers["x-openlive-event-id"], "e2");
    assert.deepEqual(warnings, []);
  });

  it("drops an event after five tries, or at once on a 4xx, with a warning", async () => {
    const clock = new FakeClock();
    const { calls, post } = recorder([503, 503, 503, 503, 503, 404]);
    const warnings: string[] = [];
    const dispatcher = new WebhookDispatcher({ urls: ["http://a/hook"], secret: "", logger: { warn: ((_: unknown, m: string) => warnings.push(m)) as never }, post, schedule: clock.schedule });
    dispatcher.send(event("e1"));
    dispatcher.send(event("e2"));
    dispatcher.send(event("e3"));
    await flush();
    for (const ms of [500, 1000, 2000, 4000]) await clock.advance(ms);
    assert.deepEqual(calls.map((c) => c.id), ["e1", "e1", "e1", "e1", "e1", "e2", "e3"]);
    assert.deepEqual(warnings, ["webhook delivery failed; event dropped", "webhook delivery failed; event dropped"]);
    assert.equal(calls[0]!.headers["x-openlive-signature"], undefined);
  });

  it("delivers to each URL on its own: a failing receiver does not hold up another", async () => {
    const clock = new FakeClock();
    const calls: string[] = [];
    const post: WebhookPost = async (url, body) => {
      calls.push(`${url} ${(JSON.parse(body) as { id: string }).id}`);
      return url.includes("down") ? 500 : 204;
    };
    const dispatcher = new WebhookDispatcher({ urls: ["http://down/", "http://up/"], secret: "k", logger: { warn: () => {} }, post, schedule: clock.schedule });
    dispatcher.send(event("e1"));
    dispatcher.send(event("e2"));
    await flush();
    assert.deepEqual(calls, ["http://down/ e1", "http://up/ e1", "http://up/ e2"]);
    assert.equal(dispatcher.pendingCount("http://down/"), 1);
    dispatcher.close();
  });

  it("keeps at most maxQueue pending events per URL, dropping the oldest", async () => {
    const clock = new FakeClock();
    const { calls, post } = recorder([500]);
    const warnings: string[] = [];
    const dispatcher = new WebhookDispatcher({ urls: ["http://a/"], secret: "k", logger: { warn: ((_: unknown, m: string) => warnings.push(m)) as never }, post, schedule: clock.schedule, maxQueue: 3 });
    for (let i = 1; i <= 6; i += 1) dispatcher.send(event(`e${i}`));
    await flush();
    assert.equal(dispatcher.pendingCount("http://a/"), 3);
    assert.deepEqual(warnings, ["webhook queue full; oldest event dropped", "webhook queue full; oldest event dropped"]);
    await clock.advance(500);
    assert.deepEqual(calls.map((c) => c.id), ["e1", "e1", "e4", "e5", "e6"]);
  });

  it("close() cancels the retry timer, drops what is pending and aborts requests in flight", async () => {
    const clock = new FakeClock();
    let signal: AbortSignal | undefined;
    let calls = 0;
    const post: WebhookPost = async (_url, _body, _headers, s) => {
      calls += 1;
      signal = s;
      return 500;
    };
    const dispatcher = new WebhookDispatcher({ urls: ["http://a/"], secret: "k", logger: { warn: () => {} }, post, schedule: clock.schedule });
    dispatcher.send(event("e1"));
    dispatcher.send(event("e2"));
    await flush();
    assert.deepEqual(clock.waiting, [500]);
    dispatcher.close();
    assert.deepEqual(clock.waiting, []);
    assert.equal(signal?.aborted, true);
    assert.equal(dispatcher.pendingCount("http://a/"), 0);
    await clock.advance(10_000);
    dispatcher.send(event("e3"));
    await flush();
    assert.equal(calls, 1);
  });
});
