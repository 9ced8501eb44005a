import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ffprobeNetworkTimeoutMs, srtConnectTimeoutMs, rtmpProbeArgs, rtmpUrlWithCredentials, srtPassphraseProblem, srtProbeArgs } from "../../../../src/ingest/pull-check/ffprobe-args.ts";

function optionValue(args: readonly string[], option: string): string | undefined {
  const index = args.indexOf(option);
  return index >= 0 ? args[index + 1] : undefined;
}

describe("ffprobeNetworkTimeoutMs", () => {
  it("leaves room for ffprobe to start before the hard deadline", () => {
    assert.equal(ffprobeNetworkTimeoutMs(5000), 4000);
    assert.equal(ffprobeNetworkTimeoutMs(3000), 2000);
    assert.equal(ffprobeNetworkTimeoutMs(1000), 500);
  });
});

describe("srtConnectTimeoutMs", () => {
  it("bounds the handshake by libsrt's 3 s default and leaves 1.5 s of the budget", () => {
    assert.equal(srtConnectTimeoutMs(5000), 3000);
    assert.equal(srtConnectTimeoutMs(3000), 1500);
    assert.equal(srtConnectTimeoutMs(2000), 1000);
    assert.equal(srtConnectTimeoutMs(1000), 500);
  });
});

describe("rtmpProbeArgs", () => {
  it("bounds reads with -rw_timeout in µs (never -timeout, which makes rtmp:// listen) and reads one packet", () => {
    const args = rtmpProbeArgs("rtmp://203.0.113.13:1935/live/curling", 5000);
    assert.equal(optionValue(args, "-rw_timeout"), "4000000");
    assert.equal(args.includes("-timeout"), false);
    assert.equal(optionValue(args, "-read_intervals"), "%+#1");
    assert.equal(optionValue(args, "-of"), "json");
    assert.equal(args.at(-1), "rtmp://203.0.113.13:1935/live/curling");
  });
});

describe("rtmpUrlWithCredentials", () => {
  it("puts the user name and password into the URL only when a user name is set", () => {
    assert.equal(rtmpUrlWithCredentials("rtmp://h/live/a", undefined, undefined), "rtmp://h/live/a");
    assert.equal(rtmpUrlWithCredentials("rtmp://h/live/a", "", "x"), "rtmp://h/live/a");
    assert.equal(rtmpUrlWithCredentials("rtmp://h:1935/live/a", "bob", "pw"), "rtmp://bob:pw@h:1935/live/a");
  });
});

describe("srtProbeArgs", () => {
  it("calls the listener with timeouts in libsrt's units and no secrets in the URL", () => {
    const args = srtProbeArgs({ address: "203.0.113.5", port: "5000", streamId: "live/a?x=1&y", minimumLatencyMs: 200, encryption: { algorithm: "AES256", passphrase: "correct horse battery" } }, 5000);
    assert.equal(args.at(-1), "srt://203.0.113.5:5000?mode=caller");
    assert.equal(optionValue(args, "-connect_timeout"), "3000");
    assert.equal(optionValue(args, "-timeout"), "4000000");
    assert.equal(optionValue(args, "-streamid"), "live/a?x=1&y");
    assert.equal(optionValue(args, "-latency"), "200000");
    assert.equal(optionValue(args, "-passphrase"), "correct horse battery");
    assert.equal(optionValue(args, "-pbkeylen"), "32");
  });
  it("brackets IPv6 listeners and leaves out what is not set", () => {
    const args = srtProbeArgs({ address: "2001:db8::1", port: "9000" }, 2000);
    assert.equal(args.at(-1), "srt://[2001:db8::1]:9000?mode=caller");
    for (const option of ["-streamid", "-passphrase", "-pbkeylen", "-latency"]) assert.equal(args.includes(option), false, option);
    assert.equal(optionValue(srtProbeArgs({ address: "h", port: "1", encryption: { algorithm: "AES128", passphrase: "0123456789" } }, 2000), "-pbkeylen"), "16");
  });
});

describe("srtPassphraseProblem", () => {
  it("accepts 10–79 characters, as libsrt does", () => {
    assert.equal(srtPassphraseProblem("0123456789"), undefined);
    assert.equal(srtPassphraseProblem("x".repeat(79)), undefined);
    assert.match(srtPassphraseProblem("short") ?? "", /10–79 characters \(the secret holds 5\)/);
    assert.match(srtPassphraseProblem("x".repeat(80)) ?? "", /holds 80/);
  });
});
