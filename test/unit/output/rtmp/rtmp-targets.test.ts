import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { rtmpTargets } from "../../../../src/output/rtmp/rtmp-targets.ts";
import { pushChannel } from "../push/push-fixtures.ts";

describe("RTMP targets", () => {
  it("publish to rtmp://host/app (port 1935) with the stream key kept out of the peer, retried per the output's settings", () => {
    const [target, ...rest] = rtmpTargets(pushChannel() as unknown as ChannelConfig, 0);
    assert.equal(rest.length, 0);
    assert.equal(target!.key, "social/youtube");
    assert.equal(target!.peer, "rtmp://a.rtmp.youtube.com/live2");
    assert.deepEqual(target!.endpoint, { tls: false, host: "a.rtmp.youtube.com", port: 1935, serverName: "a.rtmp.youtube.com", verifyCertificate: true, app: "live2", tcUrl: "rtmp://a.rtmp.youtube.com/live2", streamName: "abcd-efgh" });
    assert.deepEqual(target!.retry, { retryIntervalMs: 4000, numRetries: 6, restartDelayMs: 3000 });
    assert.deepEqual(target!.cache, { cacheLengthMs: 60_000, behavior: "DISCONNECT_IMMEDIATELY", maxBytes: 32 * 1024 * 1024 });
    assert.equal(target!.alertType, "RTMP Output Connection Failed");
  });

  it("rtmps: TLS with the host as server name (none for an IP address); certificateMode decides the check", () => {
    const config = pushChannel();
    config.destinations[1].settings[0].url = "rtmps://live-api-s.facebook.com:443/rtmp";
    const verify = rtmpTargets(config as unknown as ChannelConfig, 0)[0]!;
    assert.equal(verify.peer, "rtmps://live-api-s.facebook.com:443/rtmp");
    assert.deepEqual([verify.endpoint.tls, verify.endpoint.port, verify.endpoint.serverName, verify.endpoint.verifyCertificate], [true, 443, "live-api-s.facebook.com", true]);
    config.encoderSettings.outputGroups[1].outputs[0].outputSettings.rtmpOutputSettings.certificateMode = "SELF_SIGNED";
    config.destinations[1].settings[0].url = "rtmps://[::1]/app";
    const selfSigned = rtmpTargets(config as unknown as ChannelConfig, 0)[0]!;
    assert.deepEqual([selfSigned.endpoint.host, selfSigned.endpoint.port, selfSigned.endpoint.serverName, selfSigned.endpoint.verifyCertificate], ["::1", 443, undefined, false]);
    assert.equal(selfSigned.peer, "rtmps://[::1]/app");
  });

  it("uses MediaLive's defaults when the settings are absent, and each pipeline's own URL", () => {
    const config = pushChannel();
    config.encoderSettings.outputGroups[1].outputGroupSettings.rtmpGroupSettings = { cacheFullBehavior: "WAIT_FOR_SERVER" };
    config.encoderSettings.outputGroups[1].outputs[0].outputSettings.rtmpOutputSettings = { destination: { destinationRefId: "yt" } };
    config.destinations[1].settings.push({ url: "rtmp://b.rtmp.youtube.com/live2?backup=1", streamName: "abcd-efgh" });
    const target = rtmpTargets(config as unknown as ChannelConfig, 1)[0]!;
    assert.equal(target.peer, "rtmp://b.rtmp.youtube.com/live2?backup=1", "YouTube's backup ingest: the query is part of the application");
    assert.equal(target.endpoint.app, "live2?backup=1");
    assert.deepEqual(target.retry, { retryIntervalMs: 2000, numRetries: 10, restartDelayMs: 5000 });
    assert.equal(target.cache.cacheLengthMs, 300_000);
    assert.equal(target.cache.behavior, "WAIT_FOR_SERVER");
  });

  it("a destination's username and passwordParam become credentials whose password is read from the secret store at each use", () => {
    assert.equal(rtmpTargets(pushChannel() as unknown as ChannelConfig, 0)[0]!.credentials, undefined);
    const config = pushChannel();
    Object.assign(config.destinations[1].settings[0], { username: "123456", passwordParam: "akamai-pw" });
    const store: Record<string, string> = {};
    const credentials = rtmpTargets(config as unknown as ChannelConfig, 0, (name) => store[name])[0]!.credentials!;
    assert.deepEqual([credentials.user, credentials.passwordParam, credentials.password()], ["123456", "akamai-pw", undefined]);
    store["akamai-pw"] = "s3cret";
    assert.equal(credentials.password(), "s3cret");
    assert.doesNotMatch(JSON.stringify(rtmpTargets(config as unknown as ChannelConfig, 0, (name) => store[name])[0]), /s3cret/);
  });
});
