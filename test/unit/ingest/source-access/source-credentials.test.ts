import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { basicAuthorization } from "../../../../src/ingest/source-access/basic-authorization.ts";
import { sourceCredentials } from "../../../../src/ingest/source-access/source-credentials.ts";

const secrets: Record<string, string> = { "/origin/password": "pa:ss wörd" };
const resolve = (name: string): string | undefined => secrets[name];

describe("sourceCredentials", () => {
  it("has none without a user name or password parameter", () => assert.deepEqual(sourceCredentials({ url: "https://h/a.m3u8" }, resolve), { ok: true }));
  it("resolves the password parameter through the secret store", () => {
    assert.deepEqual(sourceCredentials({ url: "u", username: "bob", passwordParam: "/origin/password" }, resolve), { ok: true, username: "bob", password: "pa:ss wörd" });
    assert.deepEqual(sourceCredentials({ url: "u", username: "bob" }, resolve), { ok: true, username: "bob", password: "" });
  });
  it("fails with the secret's name when it does not resolve, or the resolver throws", () => {
    assert.deepEqual(sourceCredentials({ url: "u", username: "bob", passwordParam: "/missing" }, resolve), { ok: false, reason: "secret /missing not found" });
    assert.deepEqual(
      sourceCredentials({ url: "u", username: "bob", passwordParam: "/x" }, () => {
        throw new Error("store down");
      }),
      { ok: false, reason: "secret /x not found" },
    );
  });
});

describe("basicAuthorization", () => {
  it("encodes user:password as UTF-8 base64 (RFC 7617)", () => {
    assert.equal(basicAuthorization("Aladdin", "open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    assert.equal(Buffer.from(basicAuthorization("bob", "pa:ss wörd").slice(6), "base64").toString("utf8"), "bob:pa:ss wörd");
  });
});
