// The SigV4 cases of the security review that concern the Host header and the path, as raw
// signed requests on a socket to a real service (startService): the Host the signature covers
// must name this API, and the path that is verified must be the path that is routed, so raw
// paths with empty, "." or ".." segments (plain or percent-encoded) are refused before the
// signature is checked, on the fast path (no %) and through fastify (with %) alike.

import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, it } from "node:test";
import pino from "pino";
import { SignatureV4 } from "@smithy/signature-v4";
import { loadConfig } from "../../../src/config/config.ts";
import { startService, type RunningService } from "../../../src/main.ts";
import { makeTempDir } from "../../helpers/openlive-process.ts";
import { NodeSha256 } from "../../helpers/signed-fetch.ts";

const CREDENTIALS = { accessKeyId: "AKIDHOSTPATH", secretAccessKey: "host-and-path-secret" };

/** The headers that sign `method path` for `host` (as botocore and the SDK sign: path as given, encoded once more). */
async function signFor(host: string, method: string, path: string, body = ""): Promise<Record<string, string>> {
  const [hostname, port] = host.startsWith("[") ? [host.slice(0, host.indexOf("]") + 1), host.slice(host.indexOf("]") + 2)] : host.split(":");
  const signer = new SignatureV4({ credentials: CREDENTIALS, region: "us-east-1", service: "medialive", sha256: NodeSha256, uriEscapePath: true, applyChecksum: false });
  const headers: Record<string, string> = { host };
  if (body !== "") headers["content-type"] = "application/json";
  const signed = await signer.sign({ method, protocol: "http:", hostname: hostname!, ...(port ? { port: Number(port) } : {}), path, query: {}, headers, body }, { signingDate: new Date() });
  return Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
}

interface RawAnswer {
  readonly status: number;
  readonly errorType: string | undefined;
  readonly message: string;
}

/** Sends exactly these header lines and this path on a new socket; parses the answer. */
function send(port: number, method: string, path: string, headerLines: readonly string[], body = ""): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let received = "";
    const socket = net.connect({ host: "127.0.0.1", port }, () => {
      const length = body === "" ? [] : [`content-length: ${Buffer.byteLength(body)}`];
      socket.write(`${method} ${path} HTTP/1.1\r\n${[...headerLines, ...length, "connection: close"].join("\r\n")}\r\n\r\n${body}`);
    });
    socket.on("data", (chunk: Buffer) => (received += chunk.toString()));
    socket.on("error", reject);
    socket.on("close", () => {
      const [head = "", text = ""] = received.split("\r\n\r\n");
      const status = Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0);
      const errorType = /\r\nx-amzn-errortype: ([^\r]+)/i.exec(head)?.[1];
      let message = "";
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? "";
      } catch {
        message = text;
      }
      resolve({ status, errorType, message });
    });
  });
}

const lines = (headers: Record<string, string>): string[] => Object.entries(headers).map(([name, value]) => `${name}: ${value}`);

describe("SigV4: the signed Host and the path", { timeout: 30_000 }, () => {
  let service: RunningService;
  let port: number;
  let host: string;

  before(async () => {
    const config = loadConfig({ flags: { "data-dir": makeTempDir("openlive-hostpath-"), "api-port": "0", "log-level": "silent" }, env: {} });
    service = await startService(config, { ...CREDENTIALS, origin: "environment", generated: false }, pino({ level: "silent" }));
    port = Number(new URL(service.url).port);
    host = `127.0.0.1:${port}`;
  });

  after(async () => {
    await service?.close();
  });

  it("answers a request signed for this API's address, or for localhost, with the port", async () => {
    for (const name of [host, `localhost:${port}`]) {
      const answer = await send(port, "GET", "/prod/channels", lines(await signFor(name, "GET", "/prod/channels")));
      assert.equal(answer.status, 200, `${name}: ${answer.message}`);
    }
  });

  it("refuses a request signed for evil.example:443 and sent that way: 403 ForbiddenException naming the host", async () => {
    for (const evil of ["evil.example:443", "evil.example", `127.0.0.1:${port + 1}`, "127.0.0.1"]) {
      const answer = await send(port, "GET", "/prod/channels", lines(await signFor(evil, "GET", "/prod/channels")));
      assert.equal(answer.status, 403, evil);
      assert.equal(answer.errorType, "ForbiddenException");
      assert.match(answer.message, new RegExp(`signed for host "${evil.replace(/\./g, "\\.")}", which is not a name of this API`));
    }
  });

  it("checks the signed (first) Host when a second Host header follows", async () => {
    const headers = await signFor(host, "GET", "/prod/channels");
    const answer = await send(port, "GET", "/prod/channels", [...lines(headers), "host: evil.example"]);
    // Node keeps the first Host, the one the signature covers and the check reads.
    assert.equal(answer.status, 200, answer.message);
  });

  it("applies the Host check to openlive's own signed routes (/openlive/check)", async () => {
    const body = JSON.stringify({ inputId: "1" });
    const answer = await send(port, "POST", "/openlive/check", lines(await signFor("evil.example:443", "POST", "/openlive/check", body)), body);
    assert.equal(answer.status, 403);
    assert.match(answer.message, /not a name of this API/);
  });

  it("refuses, before verifying, a ListChannels signature sent to paths with empty, \".\" or \"..\" segments: 400, never routed", async () => {
    const headers = lines(await signFor(host, "GET", "/prod/channels"));
    const paths = [
      "/prod//channels", "/prod/./channels", "/prod/inputs/../channels", "/prod/channels/x/..", "/prod/channels/.", "/prod/channels/",
      // percent-encoded dots take fastify's route instead of the fast path: same rule
      "/prod/channels/%2e", "/prod/channels/%2E%2e", "/prod/%2e/channels", "/prod/inputs/%2e%2E/channels", "/prod/channels/.%2e",
    ];
    for (const path of paths) {
      const answer = await send(port, "GET", path, headers);
      assert.equal(answer.status, 400, `${path}: ${answer.status} ${answer.message}`);
      assert.equal(answer.errorType, "BadRequestException", path);
      assert.match(answer.message, /has an empty, "\." or "\.\." segment/, path);
      assert.doesNotMatch(answer.message, /does not exist/, path);
    }
    // Unsigned, the same paths get the same 400: nothing is verified or routed.
    assert.equal((await send(port, "GET", "/prod/channels/.", [`host: ${host}`])).status, 400);
  });

  it("still refuses a signature for another spelling of the path (/prod/%63hannels) as a bad signature", async () => {
    const answer = await send(port, "GET", "/prod/%63hannels", lines(await signFor(host, "GET", "/prod/channels")));
    assert.equal(answer.status, 403);
    assert.match(answer.message, /signature we calculated does not match/);
  });
});
