import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { rtmpTargets } from "../../../../src/output/rtmp/rtmp-targets.ts";
import { pushChannel } from "../push/push-fixtures.ts";

describe("RTMP targets", () => {
  it("push FLV to rtmp://host/app with the stream key in the preset file, retried per the output's settings", () => {
    const [target, ...rest] = rtmpTargets(pushChannel() as unknown as ChannelConfig, 0);
    assert.equal(rest.length, 0);
    assert.equal(target!.key, "social/youtube");
    assert.equal(target!.peer, "rtmp://a.rtmp.youtube.com/live2");
    const args = target!.args("/work/p.ffpreset");
    assert.deepEqual(args.slice(args.indexOf("-i")), ["-i", "pipe:0", "-map", "0:v:0?", "-map", "0:a:0?", "-c", "copy", "-flvflags", "no_duration_filesize", "-fpre", "/work/p.ffpreset", "-f", "flv", "rtmp://a.rtmp.youtube.com/live2"]);
    assert.ok(!args.join(" ").includes("abcd-efgh"), "the stream key is not on the command line");
    assert.deepEqual(target!.presetLines(), [["rtmp_app", "live2"], ["rtmp_live", "live"], ["rtmp_playpath", "abcd-efgh"]]);
    assert.deepEqual(target!.retry, { retryIntervalMs: 4000, numRetries: 6, restartDelayMs: 3000 });
    assert.deepEqual(target!.cache, { cacheLengthMs: 60_000, behavior: "DISCONNECT_IMMEDIATELY", maxBytes: 32 * 1024 * 1024 });
    assert.equal(target!.alertType, "RTMP Output Connection Failed");
  });

  it("rtmps: certificateMode decides tls_verify (VERIFY_AUTHENTICITY by default)", () => {
    const config = pushChannel();
    config.destinations[1].settings[0].url = "rtmps://live-api-s.facebook.com:443/rtmp";
    const verify = rtmpTargets(config as unknown as ChannelConfig, 0)[0]!;
    assert.equal(verify.peer, "rtmps://live-api-s.facebook.com:443/rtmp");
    assert.deepEqual(verify.presetLines().at(-1), ["tls_verify", "1"]);
    config.encoderSettings.outputGroups[1].outputs[0].outputSettings.rtmpOutputSettings.certificateMode = "SELF_SIGNED";
    assert.deepEqual(rtmpTargets(config as unknown as ChannelConfig, 0)[0]!.presetLines().at(-1), ["tls_verify", "0"]);
  });

  it("uses MediaLive's defaults when the settings are absent, and each pipeline's own URL", () => {
    const config = pushChannel();
    config.encoderSettings.outputGroups[1].outputGroupSettings.rtmpGroupSettings = {};
    config.encoderSettings.outputGroups[1].outputs[0].outputSettings.rtmpOutputSettings = { destination: { destinationRefId: "yt" } };
    config.destinations[1].settings.push({ url: "rtmp://b.rtmp.youtube.com/live2?backup=1", streamName: "abcd-efgh" });
    const target = rtmpTargets(config as unknown as ChannelConfig, 1)[0]!;
    assert.equal(target.peer, "rtmp://b.rtmp.youtube.com/live2?backup=1", "YouTube's backup ingest: the query is part of the application");
    assert.deepEqual(target.presetLines()[0], ["rtmp_app", "live2?backup=1"]);
    assert.deepEqual(target.retry, { retryIntervalMs: 2000, numRetries: 10, restartDelayMs: 5000 });
    assert.equal(target.cache.cacheLengthMs, 300_000);
  });
});
