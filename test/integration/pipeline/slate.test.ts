// The input-loss slate: a file:// slate only inside the input roots, an http(s) one
// downloaded with the pull client's byte cap and refused schemes, against a real HTTP server.

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { loadSlate, MAX_SLATE_BYTES } from "../../../src/pipeline/worker/slate.ts";

const IMAGE = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");

describe("loadSlate", () => {
  const work = mkdtempSync(path.join(tmpdir(), "openlive-slate-"));
  const root = mkdtempSync(path.join(tmpdir(), "openlive-slate-root-"));
  let server: http.Server;
  let base = "";
  const auths: (string | undefined)[] = [];
  before(async () => {
    server = http.createServer((request, response) => {
      auths.push(request.headers.authorization);
      if (request.url === "/slate.png") return void response.end(IMAGE);
      // An image that never ends: the cap stops it.
      if (request.url === "/endless.png") {
        response.writeHead(200, { "content-type": "image/png" });
        const chunk = Buffer.alloc(1024 * 1024);
        const pump = (): void => {
          while (response.write(chunk)) if (response.writableLength > 8 * 1024 * 1024) break;
        };
        response.on("drain", pump);
        response.on("error", () => undefined);
        pump();
        return;
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it("downloads an http image with basic auth into the pipeline's folder", async () => {
    const file = await loadSlate({ uri: `${base}/slate.png`, username: "u", passwordParam: "p" }, work, () => "secret", [root]);
    assert.equal(file, path.join(work, "slate.png"));
    assert.deepEqual(readFileSync(file), IMAGE);
    assert.equal(auths.at(-1), `Basic ${Buffer.from("u:secret").toString("base64")}`);
  });

  it("stops an endless image at the cap", { timeout: 30_000 }, async () => {
    await assert.rejects(loadSlate({ uri: `${base}/endless.png` }, work, () => undefined, [root]), new RegExp(`slate image larger than ${MAX_SLATE_BYTES} bytes; download stopped`));
  });

  it("reads local files only inside the input roots, never through a link out of them, and no other scheme", async () => {
    writeFileSync(path.join(root, "slate.png"), IMAGE);
    assert.equal(await loadSlate({ uri: pathToFileURL(path.join(root, "slate.png")).href }, work, () => undefined, [root]), path.join(root, "slate.png"));
    symlinkSync("/etc/passwd", path.join(root, "link.png"));
    await assert.rejects(loadSlate({ uri: pathToFileURL(path.join(root, "link.png")).href }, work, () => undefined, [root]), /outside the input roots/);
    await assert.rejects(loadSlate({ uri: "file:///etc/passwd" }, work, () => undefined, [root]), /outside the input roots/);
    await assert.rejects(loadSlate({ uri: "ftp://h/slate.png" }, work, () => undefined, [root]), /unsupported URL scheme ftp/);
  });
});
