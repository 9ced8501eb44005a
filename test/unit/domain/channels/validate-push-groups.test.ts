import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { notHonouredSettings } from "../../../../src/domain/channels/not-honoured.ts";
import { validateChannelConfig } from "../../../../src/domain/channels/validate-channel.ts";
import { pushChannel } from "../../output/push/push-fixtures.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const problems = (config: Json) => validateChannelConfig(config as unknown as ChannelConfig, { inputs: new Map() }).filter((p) => !p.elementPath.startsWith("inputAttachments"));
const RTMP_OUT = "encoderSettings.outputGroups[1].outputs[0]";

describe("validateChannelConfig: RTMP and SRT output groups", () => {
  it("accepts an RTMP group to rtmp://host/app + streamName and an SRT group to srtSettings", () => {
    assert.deepEqual(problems(pushChannel()), []);
  });

  for (const [what, mutate, elementPath, message] of [
    ["an RTMP output naming a file:// destination", (c: Json) => (c.encoderSettings.outputGroups[1].outputs[0].outputSettings.rtmpOutputSettings.destination.destinationRefId = c.destinations[0].id), `${RTMP_OUT}.outputSettings.rtmpOutputSettings.destination.destinationRefId`, /is not an RTMP destination: use rtmp:\/\//],
    ["an RTMP destination without a stream key", (c: Json) => delete c.destinations[1].settings[0].streamName, "destinations[1].settings[0].streamName", /is required for an RTMP destination: the stream key/],
    ["credentials in an RTMP URL", (c: Json) => (c.destinations[1].settings[0].url = "rtmp://user:pw@host/live"), "destinations[1].settings[0].url", /must not carry credentials/],
    ["an RTMP URL without an application", (c: Json) => (c.destinations[1].settings[0].url = "rtmp://host"), "destinations[1].settings[0].url", /must name the application/],
    ["two audio descriptions in FLV", (c: Json) => c.encoderSettings.outputGroups[1].outputs[0].audioDescriptionNames.push("x"), `${RTMP_OUT}.audioDescriptionNames`, /carries one audio stream/],
    ["an HLS group naming an RTMP destination", (c: Json) => (c.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.destination.destinationRefId = "yt"), "encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.destination.destinationRefId", /is an RTMP destination; an HLS group publishes to file:\/\/ or http\(s\):\/\//],
    ["an SRT URL with a query", (c: Json) => (c.destinations[2].srtSettings[0].url = "srt://host:5000?passphrase=x"), "destinations[2].srtSettings[0].url", /must be srt:\/\/<host>:<port> only/],
    ["an SRT listener without a port", (c: Json) => (c.destinations[2].srtSettings[0] = { connectionMode: "LISTENER" }), "destinations[2].srtSettings[0].listenerPort", /is required when connectionMode is LISTENER/],
    ["an SRT listener without a passphrase", (c: Json) => (c.destinations[2].srtSettings[0] = { connectionMode: "LISTENER", listenerPort: 5000 }), "destinations[2].srtSettings[0].encryptionPassphraseSecretArn", /is required when connectionMode is LISTENER: SRT outputs are encrypted/],
    ["an srt:// URL in settings", (c: Json) => (c.destinations[1].settings[0].url = "srt://host:5000"), "destinations[1].settings[0].url", /SRT destinations are given in the destination's srtSettings/],
  ] as const) {
    it(`refuses ${what}`, () => {
      const config = pushChannel();
      mutate(config);
      const found = problems(config);
      assert.ok(found.some((p) => p.elementPath === elementPath && message.test(p.errorMessage)), JSON.stringify(found, null, 1));
    });
  }

  it("refuses an H.265 video in an RTMP output (FLV carries H.264)", () => {
    const config = pushChannel();
    const video = config.encoderSettings.videoDescriptions[0];
    video.codecSettings = { h265Settings: { framerateNumerator: 30, framerateDenominator: 1, rateControlMode: "CBR", bitrate: 1_000_000 } };
    config.encoderSettings.outputGroups[0].outputs[0].videoDescriptionName = video.name;
    assert.ok(problems(config).some((p) => p.elementPath === `${RTMP_OUT}.videoDescriptionName` && /is not H\.264/.test(p.errorMessage)));
  });

  it("honours RTMP credentials (the adobe challenge, COMMON and AKAMAI), tells a password without a user and the settings ffmpeg's FLV muxer cannot write", () => {
    const config = pushChannel();
    Object.assign(config.destinations[1].settings[0], { username: "akamai", passwordParam: "/rtmp/pw" });
    Object.assign(config.encoderSettings.outputGroups[1].outputGroupSettings.rtmpGroupSettings, { captionData: "ALL", authenticationScheme: "AKAMAI" });
    const told = notHonouredSettings(config as unknown as ChannelConfig).map((setting) => setting.elementPath);
    assert.ok(told.includes("encoderSettings.outputGroups[1].outputGroupSettings.rtmpGroupSettings.captionData"), told.join(", "));
    assert.deepEqual(told.filter((path) => /username|passwordParam|authenticationScheme/.test(path)), []);
    assert.deepEqual(problems(config), []);

    const passwordOnly = pushChannel();
    Object.assign(passwordOnly.destinations[1].settings[0], { passwordParam: "/rtmp/pw" });
    const withoutUser = notHonouredSettings(passwordOnly as unknown as ChannelConfig);
    assert.ok(withoutUser.some((setting) => setting.elementPath === "destinations[1].settings[0].passwordParam" && /set username too/.test(setting.reason)));
  });
});
