import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { srtTargets } from "../../../../src/output/srt/srt-targets.ts";
import { pushChannel } from "../push/push-fixtures.ts";

const secrets = (name: string): string | undefined => (name === "/srt/pass" ? "correct horse battery" : undefined);

describe("SRT targets", () => {
  it("copy the encoder's MPEG-TS byte for byte to srt://host:port as caller, passphrase and options in the preset file", () => {
    const [target] = srtTargets(pushChannel() as unknown as ChannelConfig, 0, secrets);
    assert.equal(target!.key, "contrib/ird");
    assert.equal(target!.peer, "srt://203.0.113.20:5000?mode=caller");
    const args = target!.args("/work/s.ffpreset");
    assert.deepEqual(args.slice(args.indexOf("-f")), ["-f", "u8", "-ar", "48000", "-ac", "1", "-i", "pipe:0", "-c", "copy", "-fpre", "/work/s.ffpreset", "-f", "u8", "srt://203.0.113.20:5000?mode=caller"]);
    assert.ok(!args.join(" ").includes("correct horse"), "the passphrase is not on the command line");
    assert.deepEqual(target!.presetLines(), [["latency", "500000"], ["streamid", "feed1"], ["passphrase", "correct horse battery"], ["pbkeylen", "32"]]);
    assert.equal(target!.alertType, "SRT Output Connection Failed");
  });

  it("a missing secret fails the run (its alert says why) rather than sending in clear", () => {
    const [target] = srtTargets(pushChannel() as unknown as ChannelConfig, 0, () => undefined);
    assert.throws(() => target!.presetLines(), /passphrase secret "\/srt\/pass" is not in openlive's secret store/);
  });

  it("LISTENER listens on listenerPort of the pipeline's push address only (loopback when none is given), never every interface", () => {
    const config = pushChannel();
    config.destinations[2].srtSettings[0] = { connectionMode: "LISTENER", listenerPort: 9000, encryptionPassphraseSecretArn: "/srt/pass" };
    const [loopback] = srtTargets(config as unknown as ChannelConfig, 0, secrets);
    assert.equal(loopback!.peer, "srt://127.0.0.1:9000?mode=listener");
    assert.deepEqual(loopback!.presetLines(), [["latency", "500000"], ["passphrase", "correct horse battery"], ["pbkeylen", "32"]]);
    assert.equal(srtTargets(config as unknown as ChannelConfig, 0, secrets, "192.0.2.7")[0]!.peer, "srt://192.0.2.7:9000?mode=listener");
    assert.equal(srtTargets(config as unknown as ChannelConfig, 0, secrets, "2001:db8::7")[0]!.peer, "srt://[2001:db8::7]:9000?mode=listener");
  });

  it("no passphrase (a caller): no encryption options", () => {
    const config = pushChannel();
    delete config.destinations[2].srtSettings[0].encryptionPassphraseSecretArn;
    const [target] = srtTargets(config as unknown as ChannelConfig, 0, secrets);
    assert.deepEqual(target!.presetLines(), [["latency", "500000"], ["streamid", "feed1"]]);
  });
});
