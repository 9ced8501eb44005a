import { describe, it } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { once } from "node:events";
import { SlaveSocket, type SlaveStreamSink } from "../../../../src/output/relay/slave-socket.ts";

function recordingSink(): SlaveStreamSink & { events: string[]; bytes: Buffer[] } {
  const events: string[] = [];
  const bytes: Buffer[] = [];
  return {
    events,
    bytes,
    streamStarted: () => events.push("start"),
    data: (chunk) => bytes.push(chunk),
    streamEnded: () => events.push("end"),
  };
}

async function writeRun(url: string, payload: Buffer): Promise<void> {
  const { port } = new URL(url);
  const client = net.connect({ host: "127.0.0.1", port: Number(port) });
  await once(client, "connect");
  client.end(payload);
  await once(client, "close");
}

describe("SlaveSocket", () => {
  it("hands each connection's bytes to the sink as one run, in order", async () => {
    const sink = recordingSink();
    const socket = await SlaveSocket.open(sink);
    assert.match(socket.url, /^tcp:\/\/127\.0\.0\.1:\d+$/);
    await writeRun(socket.url, Buffer.from("first run"));
    await writeRun(socket.url, Buffer.from("second"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(sink.events, ["start", "end", "start", "end"]);
    assert.equal(Buffer.concat(sink.bytes).toString(), "first runsecond");
    await socket.close();
    await socket.close();
  });

  it("drops a connected run and stops listening when closed", async () => {
    const sink = recordingSink();
    const socket = await SlaveSocket.open(sink);
    const { port } = new URL(socket.url);
    const client = net.connect({ host: "127.0.0.1", port: Number(port) });
    await once(client, "connect");
    const closed = once(client, "close");
    await socket.close();
    await closed;
    const refused = net.connect({ host: "127.0.0.1", port: Number(port) });
    const [error] = (await once(refused, "error")) as [NodeJS.ErrnoException];
    assert.equal(error.code, "ECONNREFUSED");
    assert.deepEqual(sink.events, ["start", "end"]);
  });
});
