// The S3 configuration file: a bucket's own entry wins over "*", addressing defaults follow
// the endpoint, and every mistake is a message naming the file and the entry.

import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { fileObjectStoreResolver, objectStoreFor } from "../../../src/config/object-stores.ts";

describe("objectStoreFor", () => {
  const config = {
    "live-bucket": { endpoint: "http://127.0.0.1:9000", accessKeyId: "AKIA", secretAccessKey: "shh" },
    "*": { region: "eu-west-1" },
  };

  it("takes the bucket's own entry, with path-style addressing for an endpoint", () => {
    assert.deepEqual(objectStoreFor(config, "live-bucket", "s3.json"), { ok: true, settings: { entry: "live-bucket", endpoint: "http://127.0.0.1:9000", region: "us-east-1", accessKeyId: "AKIA", secretAccessKey: "shh", forcePathStyle: true } });
  });

  it("falls back to '*': AWS S3 of the region, virtual-host addressing, the default credential chain", () => {
    assert.deepEqual(objectStoreFor(config, "other", "s3.json"), { ok: true, settings: { entry: "*", region: "eu-west-1", forcePathStyle: false } });
  });

  it("names the entry to add for an unmapped bucket, and each mistake", () => {
    for (const [value, bucket, message] of [
      [{ a: {} }, "live-bucket", /no S3 endpoint is configured for bucket "live-bucket": add an entry "live-bucket" or "\*" to s3.json/],
      [[], "b", /must hold a JSON object/],
      [{ b: { endpoint: "ftp://x" } }, "b", /entry "b": endpoint must be an http\(s\) URL/],
      [{ b: { accessKeyId: "x" } }, "b", /accessKeyId and secretAccessKey go together/],
      [{ b: { forcePathStyle: "yes" } }, "b", /forcePathStyle must be true or false/],
      [{ b: { secret: "x" } }, "b", /unknown member "secret"/],
      [{ b: { region: "US East" } }, "b", /region must look like us-east-1/],
    ] as const) {
      const found = objectStoreFor(value, bucket, "s3.json");
      assert.ok(!found.ok && message.test(found.message), JSON.stringify(found));
    }
  });

  it("reads the file at each lookup, so an edit applies without a restart", () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "openlive-s3-")), "s3.json");
    const resolve = fileObjectStoreResolver(file);
    const missing = resolve("b");
    assert.ok(!missing.ok && missing.message.includes(`create ${file}`));
    writeFileSync(file, "{");
    assert.ok(!resolve("b").ok);
    writeFileSync(file, JSON.stringify({ b: { endpoint: "https://store.example.com", forcePathStyle: false } }));
    const found = resolve("b");
    assert.ok(found.ok && found.settings.endpoint === "https://store.example.com" && found.settings.forcePathStyle === false);
  });
});
