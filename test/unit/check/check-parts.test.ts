import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GopTracker } from "../../../src/check/gop-tracker.ts";
import { bitrateClassOf, fittingSpecification, parseInputSpec, resolutionClassOf } from "../../../src/check/input-specification.ts";
import { CheckUsageError, planCheck } from "../../../src/check/plan-check.ts";
import { parseCheckArgs } from "../../../src/check/check-command.ts";
import { addressToCidr, cidrsOf } from "../../../src/check/source-addresses.ts";
import { measureSyncOffset } from "../../../src/check/sync-offset.ts";
import { arrivals } from "./fixtures.ts";

describe("inputSpecification", () => {
  it("parses CODEC,RESOLUTION,MAX_BITRATE and refuses anything else", () => {
    assert.deepEqual(parseInputSpec("HEVC,UHD,MAX_50_MBPS"), { ok: true, spec: { codec: "HEVC", resolution: "UHD", maximumBitrate: "MAX_50_MBPS" } });
    for (const bad of ["AVC,HD", "H264,HD,MAX_10_MBPS", "AVC,4K,MAX_10_MBPS", "AVC,HD,MAX_30_MBPS"]) assert.equal(parseInputSpec(bad).ok, false, bad);
  });

  it("classes: SD below 720 lines, HD to 1080, UHD above; bitrate to the next class", () => {
    assert.deepEqual([576, 720, 1080, 2160].map(resolutionClassOf), ["SD", "HD", "HD", "UHD"]);
    assert.deepEqual([9e6, 10e6, 12e6, 50e6, 51e6].map(bitrateClassOf), ["MAX_10_MBPS", "MAX_10_MBPS", "MAX_20_MBPS", "MAX_50_MBPS", undefined]);
    assert.deepEqual(
      fittingSpecification([
        { codec: "AVC", resolution: "HD", maximumBitrate: "MAX_10_MBPS" },
        { codec: "AVC", resolution: "SD", maximumBitrate: "MAX_20_MBPS" },
      ]),
      { codec: "AVC", resolution: "HD", maximumBitrate: "MAX_20_MBPS" },
    );
    assert.equal(fittingSpecification([{ codec: "AVC", resolution: "HD" }]), undefined);
  });
});

describe("GopTracker", () => {
  it("measures keyframe spacing in pictures and seconds", () => {
    const gop = new GopTracker();
    for (let i = 0; i < 100; i++) gop.picture(i % 25 === 0, 126_000 + i * 3600);
    assert.deepEqual(gop.measurement(), { keyframes: 4, minFrames: 25, maxFrames: 25, meanSeconds: 1, maxSeconds: 1 });
    const none = new GopTracker();
    none.picture(false, 0);
    assert.deepEqual(none.measurement(), { keyframes: 0 });
  });
});

describe("measureSyncOffset", () => {
  it("takes the median arrival difference of the same PTS", () => {
    assert.deepEqual(measureSyncOffset(arrivals(), arrivals(1300)), { kind: "measured", offsetMs: 1300, matches: 250 });
    const jittery = arrivals(-200).map(([pts, at], i): [number, number] => [pts, i % 10 === 0 ? at + 500 : at]);
    assert.equal((measureSyncOffset(arrivals(), jittery) as { offsetMs: number }).offsetMs, -200);
    assert.deepEqual(measureSyncOffset(arrivals(), arrivals(0, 50_000_000)), { kind: "no-common-timestamps" });
    assert.deepEqual(measureSyncOffset(arrivals().slice(0, 2), arrivals()), { kind: "not-enough-data" });
  });
});

describe("source addresses", () => {
  it("become /32 and /128 CIDRs, IPv4-mapped IPv6 as IPv4", () => {
    assert.equal(addressToCidr("203.0.113.7"), "203.0.113.7/32");
    assert.equal(addressToCidr("::ffff:203.0.113.7"), "203.0.113.7/32");
    assert.equal(addressToCidr("2001:db8::1"), "2001:db8::1/128");
    assert.deepEqual(cidrsOf(["203.0.113.7", "::ffff:203.0.113.7", "nonsense", "198.51.100.1"]), ["203.0.113.7/32", "198.51.100.1/32"]);
  });
});

describe("planCheck", () => {
  it("infers the input type from the URL", () => {
    const cases: [string[], boolean, string][] = [
      [["rtp://0.0.0.0:5000", "rtp://0.0.0.0:5002"], false, "RTP_PUSH"],
      [["udp://0.0.0.0:5000"], false, "RTP_PUSH"],
      [["rtmp://0.0.0.0:1935/live/a"], false, "RTMP_PUSH"],
      [["rtmp://origin.example/live/a"], true, "RTMP_PULL"],
      [["srt://upstream.example:9000"], true, "SRT_CALLER"],
      [["https://origin.example/live/a.m3u8"], false, "URL_PULL"],
      [["https://origin.example/vod/a.mp4"], false, "MP4_FILE"],
      [["/tmp/clip.ts"], false, "TS_FILE"],
    ];
    for (const [urls, pull, type] of cases) assert.equal(planCheck({ urls, pull }).options.inputType, type, urls.join(" "));
  });

  it("plans listeners on the given address and port, RTMP with its stream name", () => {
    const plan = planCheck({ urls: ["rtmp://127.0.0.1:1935/live/a"], seconds: 4, captionSelectors: ["embedded"], inputSpec: "AVC,HD,MAX_10_MBPS" });
    assert.deepEqual(plan.targets, [{ kind: "rtmp-push", shown: "rtmp://127.0.0.1:1935/live/a", address: "127.0.0.1", port: 1935, streamName: "live/a" }]);
    assert.deepEqual(plan.options, { inputType: "RTMP_PUSH", captionSelectors: ["embedded"], seconds: 4, inputSpec: { codec: "AVC", resolution: "HD", maximumBitrate: "MAX_10_MBPS" } });
  });

  it("moves credentials out of a pull URL and never shows the password", () => {
    const plan = planCheck({ urls: ["https://user:secret@origin.example/a.m3u8"] });
    assert.equal(plan.username, "user");
    assert.equal(plan.password, "secret");
    assert.deepEqual(plan.targets[0], { kind: "pull", shown: "https://origin.example/a.m3u8", url: "https://origin.example/a.m3u8" });
  });

  it("refuses usage mistakes with a reason", () => {
    const bad: [Parameters<typeof planCheck>[0], RegExp][] = [
      [{ urls: [] }, /one URL/],
      [{ urls: ["rtp://0.0.0.0:5000", "rtmp://0.0.0.0:1935/live/a"] }, /different input types/],
      [{ urls: ["rtp://encoder.example:5000"] }, /listen on an IP address/],
      [{ urls: ["rtp://0.0.0.0"] }, /give the port/],
      [{ urls: ["rtmp://0.0.0.0:1935/live"] }, /app\/instance/],
      [{ urls: ["srt://0.0.0.0:9000"] }, /--passphrase/],
      [{ urls: ["rtsp://camera/stream"] }, /not an input protocol/],
      [{ urls: ["rtp://0.0.0.0:5000"], inputType: "UDP_PUSH" }, /UDP is not supported/],
      [{ urls: ["rtp://0.0.0.0:5000"], inputType: "URL_PULL" }, /cannot be a URL_PULL source/],
      [{ urls: ["rtp://0.0.0.0:5000"], captionSelectors: ["webvtt"] }, /unknown --caption-selector/],
      [{ urls: ["rtp://0.0.0.0:5000"], seconds: 0 }, /--seconds/],
      [{ urls: ["rtp://0.0.0.0:5000"], inputSpec: "AVC" }, /--input-spec is CODEC,RESOLUTION,MAX_BITRATE/],
    ];
    for (const [request, message] of bad) assert.throws(() => planCheck(request), (error: unknown) => error instanceof CheckUsageError && message.test(error.message), JSON.stringify(request));
  });

  it("reads the command line (repeatable --caption-selector, password from the environment)", () => {
    const parsed = parseCheckArgs(["rtp://0.0.0.0:5000", "--seconds", "4", "--caption-selector", "embedded", "--caption-selector", "teletext", "--json"], { OPENLIVE_CHECK_PASSWORD: "pw" });
    assert.notEqual(parsed, "help");
    if (parsed === "help") return;
    assert.equal(parsed.json, true);
    assert.deepEqual(parsed.request, { urls: ["rtp://0.0.0.0:5000"], seconds: 4, captionSelectors: ["embedded", "teletext"], pull: false, password: "pw" });
    assert.throws(() => parseCheckArgs(["rtp://0.0.0.0:5000", "--seconds", "ten"], {}), CheckUsageError);
    assert.throws(() => parseCheckArgs(["rtp://0.0.0.0:5000", "--bogus"], {}), CheckUsageError);
  });
});

describe("rules", () => {
  it("every rule a verdict cites is a section of docs/upstream.md", async () => {
    const { readFileSync } = await import("node:fs");
    const { Rules } = await import("../../../src/check/rules.ts");
    const doc = readFileSync(new URL("../../../docs/upstream.md", import.meta.url), "utf8");
    for (const rule of Object.values(Rules)) {
      const anchor = rule.split("#")[1]!;
      assert.ok(doc.includes(`<a name="${anchor}"></a>`), `docs/upstream.md has no section #${anchor}`);
    }
  });
});
