// Connection exhaustion on the API listener, with real sockets on 127.0.0.x (the whole of
// 127/8 is loopback on Linux, so each 127.0.0.N is another client address) and small caps:
// /events subscribers past their caps are refused (503 in total, 429 per address) while
// /healthz and a signed call still answer; one address cannot take every connection; a
// half-sent request is closed after the headers timeout, while an event stream outlives the
// request timeout.

import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { after, before, describe, it } from "node:test";
import pino from "pino";
import { buildApiServer } from "../../../src/api/server.ts";
import { loadConfig } from "../../../src/config/config.ts";
import { EventHub } from "../../../src/events/event-hub.ts";
import { registerEventStream } from "../../../src/events/sse-endpoint.ts";
import { startService, type RunningService } from "../../../src/main.ts";
import { makeTempDir } from "../../helpers/openlive-process.ts";
import { openliveTokens } from "../../helpers/openlive-tokens.ts";
import { rawRequest } from "../../helpers/signed-fetch.ts";

const credentials = { accessKeyId: "AKIDLIMITS", secretAccessKey: "limits-secret-key" };

interface Stream {
  readonly status: number;
  readonly body: () => string;
  readonly closed: () => boolean;
  close(): void;
}

/** GET `path` from `localAddress`; resolves at the response headers, keeps reading the body. */
function openStream(url: string, path: string, localAddress: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = http.get({ host: target.hostname, port: Number(target.port), path, localAddress, agent: false }, (response) => {
      let text = "";
      let ended = false;
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("close", () => (ended = true));
      response.on("error", () => (ended = true));
      resolve({ status: response.statusCode ?? 0, body: () => text, closed: () => ended, close: () => request.destroy() });
    });
    request.on("error", reject);
    request.setTimeout(5000, () => request.destroy(new Error(`${path} from ${localAddress}: no answer`)));
  });
}

function connect(port: number, localAddress: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port, localAddress }, () => resolve(socket));
    socket.on("error", reject);
  });
}

/** Sends `text` on a new socket and collects everything until the server closes it. */
function exchange(port: number, localAddress: string, text: string): Promise<{ received: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let received = "";
    const socket = net.connect({ host: "127.0.0.1", port, localAddress }, () => socket.write(text));
    socket.on("data", (chunk: Buffer) => (received += chunk.toString()));
    socket.on("error", () => {});
    socket.on("close", () => resolve({ received, closedAfterMs: Date.now() - started }));
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the socket open for 10 s; received: ${received}`));
    }, 10_000).unref();
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("a service with small connection caps", { timeout: 60_000 }, () => {
  let service: RunningService;
  let port: number;
  let eventsToken: string;
  const held: { close(): void }[] = [];

  before(async () => {
    const dataDir = makeTempDir("openlive-limits-");
    const config = loadConfig({
      flags: { "data-dir": dataDir, "api-port": "0", "log-level": "silent", "max-http-connections": "40", "max-http-connections-per-address": "8", "max-event-clients": "4" },
      env: {},
    });
    service = await startService(config, { ...credentials, origin: "environment", generated: false }, pino({ level: "silent" }));
    port = Number(new URL(service.url).port);
    eventsToken = openliveTokens(dataDir).eventsToken;
  });

  after(async () => {
    for (const item of held) item.close();
    await service?.close();
  });

  it("refuses /events subscribers past the per-address cap (429) and the total cap (503), naming them, while the API answers", async () => {
    const path = `/events?token=${eventsToken}`;
    // maxEventClients 4: one stream per address (a tenth of it, at least one).
    const first = await openStream(service.url, path, "127.0.0.2");
    held.push(first);
    assert.equal(first.status, 200);
    const second = await openStream(service.url, path, "127.0.0.2");
    held.push(second);
    assert.equal(second.status, 429);
    await sleep(50);
    assert.match(second.body(), /at most 1 event streams/);
    for (const address of ["127.0.0.3", "127.0.0.4", "127.0.0.5"]) {
      const stream = await openStream(service.url, path, address);
      held.push(stream);
      assert.equal(stream.status, 200, address);
    }
    const fifth = await openStream(service.url, path, "127.0.0.6");
    held.push(fifth);
    assert.equal(fifth.status, 503);
    await sleep(50);
    assert.match(fifth.body(), /at most 4 event streams at once \(maxEventClients\)/);

    assert.equal((await fetch(`${service.url}/healthz`)).status, 200);
    const signed = await rawRequest({ url: service.url, credentials }, { method: "GET", path: "/prod/inputs" });
    assert.equal(signed.status, 200, signed.text);

    // A stream that ends frees its slot.
    first.close();
    await sleep(200);
    const again = await openStream(service.url, path, "127.0.0.6");
    held.push(again);
    assert.equal(again.status, 200);
  });

  it("keeps one address from taking every connection: past maxHttpConnectionsPerAddress it gets a 429 and the socket closes", async () => {
    const sockets: net.Socket[] = [];
    for (let i = 0; i < 8; i++) sockets.push(await connect(port, "127.0.0.7"));
    held.push({ close: () => sockets.forEach((socket) => socket.destroy()) });
    const refused = await exchange(port, "127.0.0.7", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assert.match(refused.received, /^HTTP\/1\.1 429 /);
    assert.match(refused.received, /maxHttpConnectionsPerAddress/);
    assert.doesNotMatch(refused.received, /"status":"ok"/, "the refused socket's request never ran");
    // Other addresses are still served.
    const other = await exchange(port, "127.0.0.8", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assert.match(other.received, /^HTTP\/1\.1 200 /);
    assert.equal((await fetch(`${service.url}/healthz`)).status, 200);
    // Closing the address's sockets gives it its connections back.
    for (const socket of sockets) socket.destroy();
    await sleep(200);
    const back = await exchange(port, "127.0.0.7", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assert.match(back.received, /^HTTP\/1\.1 200 /);
  });
});

describe("the API listener's HTTP timeouts and total cap", { timeout: 30_000 }, () => {
  let app: ReturnType<typeof buildApiServer>;
  let port: number;
  let closeStream: () => void;
  const TOKEN = "timeouts-token";

  before(async () => {
    const logger = pino({ level: "silent" });
    app = buildApiServer({
      context: {} as never, logger, lookupSecret: () => undefined, region: "us-east-1", clockSkewMs: 900_000, maxBodyBytes: 1024,
      nowMs: Date.now, strictResponses: false,
      timeouts: { headersTimeoutMs: 400, requestTimeoutMs: 800, keepAliveTimeoutMs: 300 },
      connectionLimits: { maxConnections: 6, maxPerAddress: 100 },
    });
    const stream = registerEventStream(app, { hub: new EventHub(), token: TOKEN, maxClients: 10, logger, heartbeatMs: 200 });
    closeStream = () => stream.close();
    await app.listen({ host: "127.0.0.1", port: 0 });
    port = (app.server.address() as net.AddressInfo).port;
  });

  after(async () => {
    closeStream?.();
    await app?.close();
  });

  it("answers a half-sent request 408 and closes it after the headers timeout", async () => {
    const { received, closedAfterMs } = await exchange(port, "127.0.0.1", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    assert.match(received, /^HTTP\/1\.1 408 /);
    assert.ok(closedAfterMs >= 350 && closedAfterMs < 3000, `closed after ${closedAfterMs} ms`);
  });

  it("closes an idle keep-alive connection after the keep-alive timeout", async () => {
    const { received, closedAfterMs } = await exchange(port, "127.0.0.1", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assert.match(received, /^HTTP\/1\.1 200 /);
    assert.ok(closedAfterMs >= 250 && closedAfterMs < 3000, `closed after ${closedAfterMs} ms`);
  });

  it("lets an event stream outlive the request timeout", async () => {
    const stream = await openStream(`http://127.0.0.1:${port}`, `/events?token=${TOKEN}`, "127.0.0.1");
    try {
      assert.equal(stream.status, 200);
      await sleep(2000);
      assert.equal(stream.closed(), false, "the stream was cut");
      assert.ok(stream.body().split("heartbeat").length > 3, stream.body());
    } finally {
      stream.close();
    }
  });

  it("holds at most maxConnections connections", async () => {
    const sockets: net.Socket[] = [];
    try {
      for (let i = 0; i < 6; i++) sockets.push(await connect(port, "127.0.0.1"));
      await sleep(100);
      const refused = await exchange(port, "127.0.0.1", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assert.equal(refused.received, "", "closed without an answer");
    } finally {
      for (const socket of sockets) socket.destroy();
    }
    await sleep(100);
    assert.match((await exchange(port, "127.0.0.1", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")).received, /^HTTP\/1\.1 200 /);
  });
});
