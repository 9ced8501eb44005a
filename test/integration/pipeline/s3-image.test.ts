// Still images from an S3 bucket (s3://, s3ssl://) read with the S3 configuration the outputs
// use, against the S3-compatible server the output tests start: the object is downloaded
// into the pipeline's folder; a missing object, a bucket without configuration, an object
// over the cap, and s3ssl:// to a plain-http endpoint are refused with a message.

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
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
});
