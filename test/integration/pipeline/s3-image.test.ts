// Still images from an S3 bucket (s3://, s3ssl://) read with the S3 configuration the outputs
// use, against the S3-compatible server the output tests start: the object is downloaded
// into the pipeline's folder; a missing object, a bucket without configuration, an object
// over the cap, and s3ssl:// to a plain-http endpoint are refused with a message. A hostile
// endpoint (a loopback server posing as S3 that answers at once, then sends the body a byte a
// second) is cut off at the read's deadline.

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { objectStoreFor, type ObjectStoreResolver } from "../../../src/config/object-stores.ts";
import { readS3Image, s3ObjectOf } from "../../../src/pipeline/worker/s3-image.ts";
import { loadSlate } from "../../../src/pipeline/worker/slate.ts";
import { startS3Server, type S3Server } from "../../helpers/s3-server.ts";

const IMAGE = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");

describe("s3:// images", () => {
  const work = mkdtempSync(path.join(tmpdir(), "openlive-s3-image-"));
  let server: S3Server;
  let stores: ObjectStoreResolver;
  before(async () => {
    server = await startS3Server();
    await server.client.send(new CreateBucketCommand({ Bucket: "graphics" }));
    await server.client.send(new PutObjectCommand({ Bucket: "graphics", Key: "logos/blue logo.png", Body: IMAGE }));
    await server.client.send(new PutObjectCommand({ Bucket: "graphics", Key: "big.png", Body: Buffer.alloc(4096) }));
    const config = { graphics: { endpoint: server.endpoint, region: server.region, accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey } };
    stores = (bucket) => objectStoreFor(config, bucket, "s3.json");
  });
  after(() => server?.stop());

  it("names the bucket and key of an s3:// or s3ssl:// URL", () => {
    assert.deepEqual(s3ObjectOf("s3ssl://graphics/logos/blue%20logo.png"), { bucket: "graphics", key: "logos/blue logo.png", tls: true });
    assert.deepEqual(s3ObjectOf("s3://b/k.png"), { bucket: "b", key: "k.png", tls: false });
    assert.equal(s3ObjectOf("s3://bucket-only"), undefined);
    assert.equal(s3ObjectOf("https://b/k.png"), undefined);
  });

  it("downloads the object into the pipeline's folder, as an http(s) image is", async () => {
    const file = await loadSlate({ uri: "s3://graphics/logos/blue%20logo.png" }, work, () => undefined, [], "overlay", stores);
    assert.equal(path.dirname(file), work);
    assert.equal(path.extname(file), ".png");
    assert.deepEqual(readFileSync(file), IMAGE);
  });

  it("refuses a missing object, an unconfigured bucket, an object over the cap and s3ssl:// over plain http", async () => {
    await assert.rejects(loadSlate({ uri: "s3://graphics/none.png" }, work, () => undefined, [], "x", stores), /s3:\/\/graphics\/none\.png: .*(NoSuchKey|does not exist|not exist)/i);
    await assert.rejects(loadSlate({ uri: "s3://other/a.png" }, work, () => undefined, [], "x", stores), /no S3 endpoint is configured for bucket "other"/);
    await assert.rejects(readS3Image("s3://graphics/big.png", stores, 1024, 5_000), /4096 bytes, over the 1024/);
    await assert.rejects(loadSlate({ uri: "s3ssl://graphics/big.png" }, work, () => undefined, [], "x", stores), /asks for TLS.*plain-http endpoint/);
    await assert.rejects(loadSlate({ uri: "s3://graphics/big.png" }, work, () => undefined, [], "x"), /no S3 configuration/);
  });

  it("cuts off a body sent slowly at the deadline (the request's), with a clear error, and closes the connection", async () => {
    const responses: ServerResponse[] = [];
    const closed: boolean[] = [];
    const trickle = createServer((_request, response) => {
      responses.push(response);
      response.writeHead(200, { "content-type": "image/png", "content-length": "64" });
      const timer = setInterval(() => response.write(Buffer.from([0x89])), 1_000);
      response.on("close", () => {
        clearInterval(timer);
        closed.push(true);
      });
    });
    await new Promise<void>((resolve) => trickle.listen(0, "127.0.0.1", resolve));
    try {
      const config = { slow: { endpoint: `http://127.0.0.1:${(trickle.address() as AddressInfo).port}`, region: "us-east-1", accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } };
      const slowStores: ObjectStoreResolver = (bucket) => objectStoreFor(config, bucket, "s3.json");
      const startedMs = Date.now();
      await assert.rejects(readS3Image("s3://slow/logo.png", slowStores, 1024, 1_500), /s3:\/\/slow\/logo\.png: not read within 1500 ms \([0-2] bytes came\)/);
      const tookMs = Date.now() - startedMs;
      // Without the deadline on the body the read would last the 64 s the server takes (or the client's 30 s socket timeout).
      assert.ok(tookMs < 10_000, `the read ended ${tookMs} ms after it began`);
      assert.equal(responses.length, 1, "the server was asked once");
      await new Promise<void>((resolve, reject) => {
        const check = setInterval(() => {
          if (closed.length === 1) resolve(void clearInterval(check));
        }, 20);
        setTimeout(() => reject(new Error("the connection to the slow server stayed open")), 5_000).unref();
      });
    } finally {
      trickle.closeAllConnections();
      trickle.close();
    }
  });
});

