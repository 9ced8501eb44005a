import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { adobeAuthResponse, adobeAuthResponseQuery, adobeAuthSecret, adobeAuthUserQuery, parseAdobeAuthReply } from "../../../../src/protocols/rtmp/rtmp-adobe-auth.ts";

const b64md5 = (text: string): string => createHash("md5").update(text, "utf8").digest("base64");

describe("authmod=adobe", () => {
  it("the stored secret matches the public worked example (FMS users.dat: user2020, salt 8wsAAA==, password 123456)", () => {
    // https://blog.csdn.net/ababab12345/article/details/108073421: `user2020:8wsAAA==:ICbruj1yNoAtrODdBhFTSQ==`
    assert.equal(adobeAuthSecret("user2020", "8wsAAA==", "123456", b64md5), "ICbruj1yNoAtrODdBhFTSQ==");
  });

  it("the response hashes the secret with the opaque value (or the challenge when there is none) and the client's challenge", () => {
    const secret = "ICbruj1yNoAtrODdBhFTSQ==";
    assert.equal(adobeAuthResponse({ salt: "8wsAAA==", challenge: "OzMAAA==", opaque: "5gUAAA==", clientChallenge: "KQAAAA==" }, "user2020", "123456", b64md5), b64md5(`${secret}5gUAAA==KQAAAA==`));
    assert.equal(adobeAuthResponse({ salt: "8wsAAA==", challenge: "OzMAAA==", opaque: "", clientChallenge: "KQAAAA==" }, "user2020", "123456", b64md5), b64md5(`${secret}OzMAAA==KQAAAA==`));
    assert.notEqual(adobeAuthResponse({ salt: "8wsAAA==", challenge: "OzMAAA==", opaque: "5gUAAA==", clientChallenge: "KQAAAA==" }, "user2020", "123457", b64md5), b64md5(`${secret}5gUAAA==KQAAAA==`));
  });

  it("reads the server's refusals: need auth, the challenge (base64 values raw: + and / kept), authfailed, anything else", () => {
    assert.deepEqual(parseAdobeAuthReply("[ AccessManager.Reject ] : [ code=403 need auth; authmod=adobe ] : "), { kind: "need-auth" });
    assert.deepEqual(parseAdobeAuthReply("[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=needauth&user=u&salt=a+b/Cw==&challenge=OzMAAA==&opaque=x+/AA=="), { kind: "challenge", salt: "a+b/Cw==", challenge: "OzMAAA==", opaque: "x+/AA==" });
    assert.deepEqual(parseAdobeAuthReply("[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=needauth&user=u&salt=8wsAAA=="), { kind: "challenge", salt: "8wsAAA==", challenge: "", opaque: "" });
    assert.deepEqual(parseAdobeAuthReply("[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=authfailed&opaque=x"), { kind: "auth-failed" });
    assert.deepEqual(parseAdobeAuthReply("[ AccessManager.Reject ] : [ code=403 need auth; authmod=llnw ] : "), { kind: "other" });
    assert.deepEqual(parseAdobeAuthReply("Connection refused"), { kind: "other" });
  });

  it("builds the connect queries: the user URL-encoded, the base64 values as the server wrote them", () => {
    assert.equal(adobeAuthUserQuery("enc 1&x"), "?authmod=adobe&user=enc%201%26x");
    assert.equal(adobeAuthResponseQuery({ user: "u", salt: "s", challenge: "c", opaque: "o+/=", clientChallenge: "KQAAAA==" }, "R+/="), "?authmod=adobe&user=u&challenge=KQAAAA==&response=R+/=&opaque=o+/=");
    assert.equal(adobeAuthResponseQuery({ user: "u", salt: "s", challenge: "c", opaque: "", clientChallenge: "KQAAAA==" }, "R"), "?authmod=adobe&user=u&challenge=KQAAAA==&response=R");
  });
});
