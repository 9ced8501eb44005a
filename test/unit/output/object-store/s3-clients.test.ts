// Which client a bucket gets: one per store setting, reused; s3ssl:// refuses a plain-http
// endpoint; a lookup that failed passes its message on. MediaLive's cannedAcl names map to
// S3's x-amz-acl values.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { objectStoreFor } from "../../../../src/config/object-stores.ts";
import { S3Clients } from "../../../../src/output/object-store/s3-clients.ts";
import { s3Acl } from "../../../../src/output/object-store/s3-object-writer.ts";

describe("S3Clients", () => {
  const config = { plain: { endpoint: "http://127.0.0.1:9000" }, secure: { endpoint: "https://s3.example.com", accessKeyId: "a", secretAccessKey: "b" } };

  it("reuses one client per store setting", () => {
    const clients = new S3Clients();
    const first = clients.clientFor(objectStoreFor(config, "plain", "s3.json"), "plain", false);
    const again = clients.clientFor(objectStoreFor(config, "plain", "s3.json"), "plain", false);
    const other = clients.clientFor(objectStoreFor(config, "secure", "s3.json"), "secure", true);
    assert.ok(first.ok && again.ok && other.ok);
    assert.equal(first.client, again.client);
    assert.notEqual(first.client, other.client);
    clients.close();
  });

  it("refuses TLS destinations on a plain-http endpoint, and passes a failed lookup on", () => {
    const clients = new S3Clients();
    const plain = clients.clientFor(objectStoreFor(config, "plain", "s3.json"), "plain", true);
    assert.ok(!plain.ok && /s3ssl:\/\/plain asks for TLS, but the S3 configuration's entry "plain" has the plain-http endpoint http:\/\/127\.0\.0\.1:9000/.test(plain.message));
    const missing = clients.clientFor(objectStoreFor(config, "nowhere", "s3.json"), "nowhere", false);
    assert.ok(!missing.ok && /no S3 endpoint is configured for bucket "nowhere"/.test(missing.message));
  });

  it("maps cannedAcl to x-amz-acl", () => {
    assert.equal(s3Acl("BUCKET_OWNER_FULL_CONTROL"), "bucket-owner-full-control");
    assert.equal(s3Acl("AUTHENTICATED_READ"), "authenticated-read");
    assert.equal(s3Acl(undefined), undefined);
  });
});
