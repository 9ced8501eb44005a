import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ffprobeNetworkTimeoutMs, srtConnectTimeoutMs, rtmpProbeArgs, rtmpProbeSpec, srtProbeSpec, type ProbeSpecResult } from "../../../../src/ingest/pull-check/ffprobe-args.ts";
import { srtPassphraseProblem } from "../../../../src/ingest/source-access/srt-passphrase.ts";

function spec(result: ProbeSpecResult): { args: readonly string[]; stdinText: string; secrets: readonly string[] } {
  assert.ok(result.ok);
  return result;
}

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

describe("rtmpProbeSpec", () => {
  it("puts the user name and password into the URL only when a user name is set, and that URL only on stdin", () => {
    assert.equal(spec(rtmpProbeSpec("rtmp://h/live/a", undefined, undefined, 5000)).args.at(-1), "rtmp://h/live/a");
    assert.equal(spec(rtmpProbeSpec("rtmp://h/live/a", "", "x", 5000)).stdinText, "");
    const withPassword = spec(rtmpProbeSpec("rtmp://h:1935/live/a", "bob", "p@ss$word", 5000));
    assert.ok(!withPassword.args.some((arg) => arg.includes("rtmp://") || arg.includes("p@ss")));
    assert.deepEqual(withPassword.args.slice(withPassword.args.indexOf("-protocol_whitelist")), ["-protocol_whitelist", "pipe,rtmp,tcp", "-f", "concat", "-safe", "0", "-i", "pipe:0"]);
    assert.equal(
      withPassword.stdinText,
      "ffconcat version 1.0\nfile 'rtmp://bob:p%40ss$word@h:1935/live/a'\noption rw_timeout '4000000'\noption analyzeduration '0'\noption probesize '32'\n",
    );
    assert.ok(withPassword.secrets.includes("p%40ss$word") && withPassword.secrets.includes("p@ss$word"));
  });
});

describe("srtProbeSpec", () => {
  it("calls the listener with timeouts in libsrt's units; an encrypted probe has every option on stdin, none on the command line", () => {
    const encrypted = spec(srtProbeSpec({ address: "203.0.113.5", port: "5000", streamId: "live/a?x=1&y", minimumLatencyMs: 200, encryption: { algorithm: "AES256", passphrase: "correct horse battery" } }, 5000));
    assert.equal(encrypted.args.includes("-passphrase"), false);
    assert.ok(!encrypted.args.some((arg) => arg.includes("correct horse")));
    assert.equal(encrypted.args.at(-1), "pipe:0");
    assert.equal(
      encrypted.stdinText,
      "ffconcat version 1.0\nfile 'srt://203.0.113.5:5000?mode=caller'\noption connect_timeout '3000'\noption timeout '4000000'\noption streamid 'live/a?x=1&y'\noption latency '200000'\noption passphrase 'correct horse battery'\noption pbkeylen '32'\noption analyzeduration '0'\noption probesize '32'\n",
    );
    assert.deepEqual(encrypted.secrets, ["correct horse battery"]);
    const clear = spec(srtProbeSpec({ address: "203.0.113.5", port: "5000", streamId: "live/a?x=1&y", minimumLatencyMs: 200 }, 5000)).args;
    assert.equal(clear.at(-1), "srt://203.0.113.5:5000?mode=caller");
    assert.equal(optionValue(clear, "-connect_timeout"), "3000");
    assert.equal(optionValue(clear, "-timeout"), "4000000");
    assert.equal(optionValue(clear, "-streamid"), "live/a?x=1&y");
    assert.equal(optionValue(clear, "-latency"), "200000");
  });
  it("brackets IPv6 listeners and leaves out what is not set", () => {
    const args = spec(srtProbeSpec({ address: "2001:db8::1", port: "9000" }, 2000)).args;
    assert.equal(args.at(-1), "srt://[2001:db8::1]:9000?mode=caller");
    for (const option of ["-streamid", "-passphrase", "-pbkeylen", "-latency"]) assert.equal(args.includes(option), false, option);
    assert.match(spec(srtProbeSpec({ address: "h", port: "1", encryption: { algorithm: "AES128", passphrase: "0123456789" } }, 2000)).stdinText, /option pbkeylen '16'/);
  });
  it("refuses a passphrase with a line break (it would end the script's line)", () => {
    const result = srtProbeSpec({ address: "h", port: "1", encryption: { algorithm: "AES128", passphrase: "0123456789\nfile 'x'" } }, 2000);
    assert.equal(result.ok, false);
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
