import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { RELAY_FOLDER, SlaveSocket, type SlaveStreamSink } from "../../../../src/output/relay/slave-socket.ts";

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

const socketPath = (url: string): string => url.slice("unix:".length);

async function writeRun(url: string, payload: Buffer): Promise<void> {
  const client = net.connect({ path: socketPath(url) });
  await once(client, "connect");
  client.end(payload);
  await once(client, "close");
}

const workDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "slave-socket-"));

describe("SlaveSocket", () => {
  it("listens on a Unix socket in the pipeline's 0700 relay folder and hands each connection's bytes to the sink as one run", async () => {
    const sink = recordingSink();
    const dir = workDir();
    const socket = await SlaveSocket.open(sink, dir);
    assert.equal(path.dirname(socketPath(socket.url)), path.join(dir, RELAY_FOLDER));
    assert.match(socket.url, /^unix:\/.+\.sock$/);
    assert.equal(fs.statSync(path.join(dir, RELAY_FOLDER)).mode & 0o777, 0o700, "only openlive's user may reach the socket");
    assert.ok(fs.statSync(socketPath(socket.url)).isSocket());
    await writeRun(socket.url, Buffer.from("first run"));
    await writeRun(socket.url, Buffer.from("second"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(sink.events, ["start", "end", "start", "end"]);
    assert.equal(Buffer.concat(sink.bytes).toString(), "first runsecond");
    await socket.close();
    await socket.close();
    assert.equal(fs.existsSync(socketPath(socket.url)), false, "the socket file goes with the socket");
  });

  it("makes an existing relay folder private again, and gives each socket its own path", async () => {
    const dir = workDir();
    fs.mkdirSync(path.join(dir, RELAY_FOLDER), { mode: 0o755 });
    fs.chmodSync(path.join(dir, RELAY_FOLDER), 0o755);
    const [a, b] = [await SlaveSocket.open(recordingSink(), dir), await SlaveSocket.open(recordingSink(), dir)];
    assert.equal(fs.statSync(path.join(dir, RELAY_FOLDER)).mode & 0o777, 0o700);
    assert.notEqual(a.url, b.url);
    await Promise.all([a.close(), b.close()]);
  });

  it("refuses a relay folder that is a link planted in its place", async () => {
    const dir = workDir();
    fs.symlinkSync(os.tmpdir(), path.join(dir, RELAY_FOLDER));
    await assert.rejects(SlaveSocket.open(recordingSink(), dir), /is not a folder of openlive's own/);
  });

  it("a pipeline folder too deep for a socket path: a private folder of the temporary folder, removed on close", async () => {
    const deep = path.join(workDir(), "x".repeat(120));
    fs.mkdirSync(deep);
    const socket = await SlaveSocket.open(recordingSink(), deep);
    const folder = path.dirname(socketPath(socket.url));
    assert.ok(Buffer.byteLength(socketPath(socket.url)) <= 107);
    assert.equal(fs.statSync(folder).mode & 0o777, 0o700);
    await writeRun(socket.url, Buffer.from("x"));
    await socket.close();
    assert.equal(fs.existsSync(folder), false);
  });

  it("drops a connected run and stops listening when closed", async () => {
    const sink = recordingSink();
    const socket = await SlaveSocket.open(sink, workDir());
    const client = net.connect({ path: socketPath(socket.url) });
    await once(client, "connect");
    const closed = once(client, "close");
    await socket.close();
    await closed;
    const refused = net.connect({ path: socketPath(socket.url) });
    const [error] = (await once(refused, "error")) as [NodeJS.ErrnoException];
    assert.equal(error.code, "ENOENT");
    assert.deepEqual(sink.events, ["start", "end"]);
  });
});
