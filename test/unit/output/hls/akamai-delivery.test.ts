// The requests an HLS group with hlsAkamaiSettings sends, against a real HTTP receiver on
// 127.0.0.1 that records each request's method, headers and body: CHUNKED sends bodies with
// Transfer-Encoding: chunked and no Content-Length, NON_CHUNKED with a Content-Length; basic
// authentication on every request; numRetries/connectionRetryInterval give the attempts.

import assert from "node:assert/strict";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { cdnDelivery } from "../../../../src/output/hls/cdn-delivery.ts";
import { FolderMirror } from "../../../../src/output/hls/folder-mirror.ts";
import { HttpTransport } from "../../../../src/output/hls/http-mirror.ts";
import { until } from "../../../helpers/until.ts";

interface Received {
  readonly method: string;
  readonly name: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly status: number;
}

/** An ingest that answers 503 while `refuse(name, n)` says so for the n-th request (1-based) of a name, else 201. */
async function startIngest(refuse: (name: string, count: number) => boolean = () => false): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const name = path.posix.basename(new URL(request.url ?? "/", "http://ingest").pathname);
      const count = (seen.get(name) ?? 0) + 1;
      seen.set(name, count);
      const status = refuse(name, count) ? 503 : 201;
      received.push({ method: request.method ?? "", name, headers: request.headers, body: Buffer.concat(chunks), status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/50002/curling/`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("Akamai HLS ingest delivery", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  const segment = Buffer.alloc(200_000, 0x47);

  it("CHUNKED: PUT with Transfer-Encoding: chunked, no Content-Length, the body intact, basic auth", async () => {
    const ingest = await startIngest();
    cleanups.push(() => ingest.close());
    const { chunked } = cdnDelivery({ hlsAkamaiSettings: { httpTransferMode: "CHUNKED" } });
    assert.equal(chunked, true);
    assert.equal(cdnDelivery({ hlsWebdavSettings: { httpTransferMode: "CHUNKED" } }).chunked, true, "WebDAV's CHUNKED too");
    assert.equal(cdnDelivery({ hlsBasicPutSettings: {} }).chunked, false);
    const transport = new HttpTransport({ url: ingest.url, username: "examplecorp", password: "secret", chunked });
    await transport.put("index_1_00001.ts", segment);
    await transport.delete("index_1_00001.ts");
    const [put, del] = ingest.received;
    assert.equal(put?.method, "PUT");
    assert.equal(put?.headers["transfer-encoding"], "chunked");
    assert.equal(put?.headers["content-length"], undefined);
    assert.equal(put?.headers["content-type"], "video/mp2t");
    assert.equal(put?.headers.authorization, `Basic ${Buffer.from("examplecorp:secret").toString("base64")}`);
    assert.deepEqual(put?.body, segment);
    assert.equal(del?.method, "DELETE");
    assert.equal(del?.headers.authorization, put?.headers.authorization);
  });

  it("NON_CHUNKED (and no httpTransferMode): PUT with a Content-Length", async () => {
    const ingest = await startIngest();
    cleanups.push(() => ingest.close());
    for (const settings of [{ httpTransferMode: "NON_CHUNKED" as const }, {}]) {
      const { chunked } = cdnDelivery({ hlsAkamaiSettings: settings });
      assert.equal(chunked, false);
      await new HttpTransport({ url: ingest.url, chunked }).put("index.m3u8", Buffer.from("#EXTM3U\n"));
    }
    assert.equal(ingest.received.length, 2);
    for (const put of ingest.received) {
      assert.equal(put.headers["transfer-encoding"], undefined);
      assert.equal(put.headers["content-length"], "8");
      assert.equal(put.headers.authorization, undefined);
      assert.equal(put.body.toString(), "#EXTM3U\n");
    }
  });

  it("numRetries and connectionRetryInterval: a refused file is sent 1 + numRetries times, then given up with an alert, cleared when a file is taken again; restartDelay in ms", async () => {
    const delivery = cdnDelivery({ hlsAkamaiSettings: { numRetries: 2, connectionRetryInterval: 0, restartDelay: 3, httpTransferMode: "CHUNKED" } });
    assert.deepEqual(delivery.retry, { numRetries: 2, retryIntervalMs: 0, restartDelayMs: 3000 });
    for (const [refuseFirst, expectFailure] of [[2, false], [3, true]] as const) {
      // The first file is refused `refuseFirst` times; the next one twice.
      const ingest = await startIngest((name, count) => count <= (name === "index_1_00001.ts" ? refuseFirst : 2));
      cleanups.push(() => ingest.close());
      const folder = mkdtempSync(path.join(os.tmpdir(), "openlive-akamai-"));
      cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
      const failures: string[] = [];
      let recovered = 0;
      const mirror = new FolderMirror({
        folder,
        transport: new HttpTransport({ url: ingest.url, chunked: delivery.chunked }),
        ...delivery.retry,
        restartDelayMs: 0,
        onFailure: (message) => failures.push(message),
        onRecovered: () => (recovered += 1),
      });
      cleanups.push(() => mirror.close());
      mirror.start();
      writeFileSync(path.join(folder, "index_1_00001.ts.tmp"), segment);
      renameSync(path.join(folder, "index_1_00001.ts.tmp"), path.join(folder, "index_1_00001.ts"));
      await until("three attempts", () => (ingest.received.length >= 3 && (!expectFailure || failures.length === 1) ? true : undefined), 5000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(ingest.received.map((each) => each.status), expectFailure ? [503, 503, 503] : [503, 503, 201]);
      assert.ok(ingest.received.every((each) => each.headers["transfer-encoding"] === "chunked" && each.body.equals(segment)));
      assert.equal(failures.length, expectFailure ? 1 : 0, failures.join("; "));
      assert.equal(recovered, 0);
      if (!expectFailure) continue;
      assert.match(failures[0]!, /PUT http:\/\/127\.0\.0\.1:\d+\/50002\/curling\/index_1_00001\.ts/);
      // The ingest takes the next file at its third attempt: the alert clears.
      writeFileSync(path.join(folder, "index_1_00002.ts.tmp"), segment);
      renameSync(path.join(folder, "index_1_00002.ts.tmp"), path.join(folder, "index_1_00002.ts"));
      await until("the recovery", () => (recovered === 1 ? true : undefined), 5000);
      assert.deepEqual(ingest.received.slice(3).map((each) => [each.name, each.status]), [["index_1_00002.ts", 503], ["index_1_00002.ts", 503], ["index_1_00002.ts", 201]]);
      assert.equal(failures.length, 1);
    }
  });
});
