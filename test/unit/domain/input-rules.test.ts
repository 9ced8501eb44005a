import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as rules from "../../../src/domain/input-rules.ts";
import { ApiError, type ErrorCode } from "../../../src/shared/errors.ts";

function throwsCode(fn: () => unknown, code: ErrorCode, message?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.code, code);
    if (message) assert.match(error.message, message);
    return true;
  });
}

describe("checkInputType", () => {
  it("accepts the supported push and pull types", () => {
    for (const type of ["RTP_PUSH", "RTMP_PUSH", "SRT_LISTENER", "RTMP_PULL", "URL_PULL", "SRT_CALLER", "MP4_FILE", "TS_FILE"]) assert.equal(rules.checkInputType(type), type);
  });
  it("tells UDP senders to send RTP", () => throwsCode(() => rules.checkInputType("UDP_PUSH"), "OL_INPUT_TYPE_UDP", /send MPEG-TS over RTP.*RTP_PUSH/));
  it("names the supported types for AWS-only types", () => {
    for (const type of ["MEDIACONNECT", "INPUT_DEVICE", "AWS_CDI", "SDI", "MULTICAST", "SMPTE_2110_RECEIVER_GROUP", "MEDIACONNECT_ROUTER"]) {
      throwsCode(() => rules.checkInputType(type), "OL_INPUT_TYPE_UNSUPPORTED", /supported types: RTP_PUSH, RTMP_PUSH, SRT_LISTENER, RTMP_PULL, URL_PULL, SRT_CALLER, MP4_FILE, TS_FILE/);
    }
  });
  it("requires a type", () => throwsCode(() => rules.checkInputType(undefined), "OL_INPUT_TYPE_REQUIRED"));
});

describe("checkMembersForType", () => {
  it("keeps ISGs to push inputs", () => throwsCode(() => rules.checkMembersForType("URL_PULL", { inputSecurityGroups: ["1234567"] }), "OL_INPUT_ISG_NOT_ALLOWED", /push inputs only/));
  it("refuses destinations on pull inputs and on RTP", () => {
    throwsCode(() => rules.checkMembersForType("URL_PULL", { destinations: [{ streamName: "a/b" }] }), "OL_INPUT_FIELD_NOT_ALLOWED");
    throwsCode(() => rules.checkMembersForType("RTP_PUSH", { destinations: [{ streamName: "a/b" }] }), "OL_INPUT_DESTINATIONS", /endpoints are generated/);
  });
  it("refuses members of features openlive does not offer", () => {
    throwsCode(() => rules.checkMembersForType("RTP_PUSH", { vpc: { subnetIds: [] } }), "OL_INPUT_FIELD_NOT_ALLOWED", /vpc/);
    throwsCode(() => rules.checkMembersForType("RTP_PUSH", { mediaConnectFlows: [{}] }), "OL_INPUT_FIELD_NOT_ALLOWED", /mediaConnectFlows/);
    throwsCode(() => rules.checkMembersForType("RTP_PUSH", { inputNetworkLocation: "ON_PREMISES" }), "OL_INPUT_FIELD_NOT_ALLOWED");
    rules.checkMembersForType("RTP_PUSH", { mediaConnectFlows: [], inputNetworkLocation: "AWS" });
  });
  it("refuses sources on push inputs", () => throwsCode(() => rules.checkMembersForType("RTMP_PUSH", { sources: [{ url: "rtmp://a/b/c" }] }), "OL_INPUT_FIELD_NOT_ALLOWED"));
});

describe("checkStreamNames", () => {
  it("takes one or two app/instance names", () => {
    assert.deepEqual(rules.checkStreamNames([{ streamName: "live/a" }, { streamName: "live/b" }]), ["live/a", "live/b"]);
    assert.deepEqual(rules.checkStreamNames([{ streamName: "live/curling" }]), ["live/curling"]);
  });
  it("refuses other shapes", () => {
    throwsCode(() => rules.checkStreamNames([]), "OL_INPUT_DESTINATIONS", /one or two destinations/);
    throwsCode(() => rules.checkStreamNames([{ streamName: "a/b" }, { streamName: "a/b" }, { streamName: "a/b" }]), "OL_INPUT_DESTINATIONS");
    for (const bad of ["nosslash", "a/b/c", "/b", "a/", "a b/c", ""]) throwsCode(() => rules.checkStreamNames([{ streamName: bad }]), "OL_INPUT_DESTINATIONS", /app\/instance/);
  });
});

describe("checkPullSources", () => {
  it("checks the URL per type", () => {
    assert.equal(rules.checkPullSources("URL_PULL", [{ url: "https://origin.example/live/a.m3u8" }]).sources.length, 1);
    assert.equal(rules.checkPullSources("RTMP_PULL", [{ url: "rtmp://203.0.113.13:1935/live/curling" }, { url: "rtmp://203.0.113.14/live/curling" }]).sources.length, 2);
    assert.equal(rules.checkPullSources("MP4_FILE", [{ url: "file:///srv/media/a.mp4" }]).dynamic, false);
    assert.equal(rules.checkPullSources("TS_FILE", [{ url: "http://h/a.M2TS" }]).sources.length, 1);
    assert.equal(rules.checkPullSources("MP4_FILE", [{ url: "https://h/movies/$urlPath$" }]).dynamic, true);
    assert.equal(rules.checkPullSources("TS_FILE", [{ url: "$urlPath$" }]).dynamic, true);
  });
  it("explains what is wrong with a URL", () => {
    const bad: [Parameters<typeof rules.checkPullSources>[0], string, RegExp][] = [
      ["URL_PULL", "rtmp://h/a/b", /http:\/\/ or https:\/\//],
      ["URL_PULL", "s3ssl://bucket/a.m3u8", /not supported by openlive yet/],
      ["URL_PULL", "mediastoressl://x/a.m3u8", /not supported by openlive yet/],
      ["URL_PULL", "not a url", /not a URL/],
      ["URL_PULL", "https://h/$urlPath$", /only in MP4_FILE and TS_FILE/],
      ["RTMP_PULL", "http://h/live/a", /rtmp:\/\//],
      ["RTMP_PULL", "rtmp://h/live", /application and a stream name/],
      ["MP4_FILE", "https://h/a.ts", /\.mp4 file/],
      ["MP4_FILE", "ftp://h/a.mp4", /http:\/\/, https:\/\/ or file:\/\/\//],
      ["MP4_FILE", "file://host/a.mp4", /file:\/\/\/absolute/],
      ["TS_FILE", "https://h/a.mp4", /\.ts or \.m2ts/],
      // Credentials belong in username + passwordParam, never in the URL (argv, API answers).
      ["URL_PULL", "https://user:s3cret@h/a.m3u8", /must not carry credentials.*username and passwordParam/],
      ["RTMP_PULL", "rtmp://user:s3cret@h/live/a", /must not carry credentials/],
      ["MP4_FILE", "http://user@h/a.mp4", /must not carry credentials/],
    ];
    for (const [type, url, message] of bad) throwsCode(() => rules.checkPullSources(type, [{ url }]), "OL_INPUT_SOURCES", message);
    // The refusal does not repeat the password.
    throwsCode(() => rules.checkPullSources("URL_PULL", [{ url: "https://user:s3cret@h/a.m3u8" }]), "OL_INPUT_SOURCES", /^(?!.*s3cret).*https:\/\/user:\*\*\*@h\/a\.m3u8/);
  });
  it("takes one or two sources, all static or all dynamic", () => {
    throwsCode(() => rules.checkPullSources("URL_PULL", []), "OL_INPUT_SOURCES", /one or two sources/);
    throwsCode(() => rules.checkPullSources("URL_PULL", [{ url: "http://a/a.m3u8" }, { url: "http://a/a.m3u8" }, { url: "http://a/a.m3u8" }]), "OL_INPUT_SOURCES");
    throwsCode(() => rules.checkPullSources("URL_PULL", [{}]), "OL_INPUT_SOURCES", /url is required/);
    throwsCode(() => rules.checkPullSources("MP4_FILE", [{ url: "https://h/$urlPath$" }, { url: "https://h/a.mp4" }]), "OL_INPUT_SOURCES", /every source URL/);
  });
});

describe("SRT settings", () => {
  const decryption = { algorithm: "AES256", passphraseSecretArn: "arn:aws:secretsmanager:us-east-1:000000000000:secret:x" };
  it("requires encryption and a latency of 120–15000 ms on listeners", () => {
    assert.deepEqual(rules.checkSrtListener({ srtListenerSettings: { minimumLatency: 120, decryption } }), { minimumLatency: 120, decryption });
    throwsCode(() => rules.checkSrtListener({}), "OL_INPUT_SRT", /srtListenerSettings/);
    throwsCode(() => rules.checkSrtListener({ srtListenerSettings: { minimumLatency: 119, decryption } }), "OL_INPUT_SRT", /120–15000/);
    throwsCode(() => rules.checkSrtListener({ srtListenerSettings: { minimumLatency: 15001, decryption } }), "OL_INPUT_SRT", /120–15000/);
    throwsCode(() => rules.checkSrtListener({ srtListenerSettings: { minimumLatency: 200 } }), "OL_INPUT_SRT", /always encrypted/);
  });
  it("checks caller sources", () => {
    const sources = rules.checkSrtCallerSources({ srtCallerSources: [{ srtListenerAddress: "203.0.113.5", srtListenerPort: "9000", streamId: "a" }] });
    assert.deepEqual(sources, [{ srtListenerAddress: "203.0.113.5", srtListenerPort: "9000", streamId: "a" }]);
    throwsCode(() => rules.checkSrtCallerSources({ srtCallerSources: [{ srtListenerAddress: "h", srtListenerPort: "70000" }] }), "OL_INPUT_SRT", /1–65535/);
    throwsCode(() => rules.checkSrtCallerSources({ srtCallerSources: [{ srtListenerPort: "9000" }] }), "OL_INPUT_SRT", /srtListenerAddress/);
    throwsCode(() => rules.checkSrtCallerSources({ srtCallerSources: [] }), "OL_INPUT_SRT", /one or two/);
    throwsCode(() => rules.checkSrtCallerSources({ srtCallerSources: [{ srtListenerAddress: "h", srtListenerPort: "1", decryption: { algorithm: "AES128" } }] }), "OL_INPUT_SRT", /both algorithm and passphraseSecretArn/);
  });
});
