// End-to-end: the real aws CLI v1 against a real `./openlive serve` — inputs: every
// creating every supported type, endpoint allocation, type and URL rules, refused types.
// The rules: docs/api.md (Inputs).
// Idempotency, update, delete, port reuse: aws-cli-input-updates.test.ts.
// Input security groups, pagination, tags and signatures: aws-cli-isg.test.ts.

import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkInput, createIsg, fails, ok, SECRET_ARN, srtListener } from "../helpers/cli-asserts.ts";
import { serveForCli } from "../helpers/cli-service.ts";

// ---------------------------------------------------------------------------------------
// Helpers (local to this file; the shared ones are in test/helpers/aws-cli.ts, cli-asserts.ts).

const SUPPORTED_TYPES = ["RTP_PUSH", "RTMP_PUSH", "SRT_LISTENER", "RTMP_PULL", "URL_PULL", "SRT_CALLER", "MP4_FILE", "TS_FILE"];

/** Checks push endpoints: `count` of them, scheme://127.0.0.1:<port><suffix>, Port a numeric string. */
function checkEndpoints(input: any, scheme: string, suffixes: readonly string[], what: string): number[] {
  assert.equal(input.Destinations.length, suffixes.length, `${what}: ${suffixes.length} endpoints expected: ${JSON.stringify(input.Destinations)}`);
  return input.Destinations.map((destination: any, i: number) => {
    assert.equal(destination.Ip, "127.0.0.1", `${what}: endpoint ${i} Ip`);
    assert.equal(typeof destination.Port, "string", `${what}: endpoint ${i} Port is a string on the wire`);
    assert.match(destination.Port, /^\d+$/);
    const port = Number(destination.Port);
    assert.ok(port >= 5000 && port <= 5999, `${what}: port ${port} from the default range 5000-5999`);
    assert.equal(destination.Url, `${scheme}://127.0.0.1:${destination.Port}${suffixes[i]}`, `${what}: endpoint ${i} Url`);
    return port;
  });
}

// ---------------------------------------------------------------------------------------

describe("aws CLI: push inputs (RTP_PUSH, RTMP_PUSH, SRT_LISTENER) and refused types", () => {
  const service = serveForCli();
  const { ml } = service;
  let isg: string;
  let created = 0;

  before(async () => {
    isg = await createIsg(service.server, "203.0.113.0/24", "198.51.100.7/32");
  });

  it("RTP_PUSH: two rtp:// endpoints, STANDARD, DETACHED, STATIC, SecurityGroups; describe and list agree", async () => {
    const input = checkInput(await ml("create-input", "--type", "RTP_PUSH", "--name", "rtp-a", "--input-security-groups", isg), "create RTP_PUSH", {
      type: "RTP_PUSH",
      name: "rtp-a",
      inputClass: "STANDARD",
    });
    created++;
    const ports = checkEndpoints(input, "rtp", ["", ""], "RTP_PUSH");
    assert.notEqual(ports[0], ports[1], "the two endpoints of one input differ");
    assert.equal(input.State, "DETACHED");
    assert.equal(input.InputSourceType, "STATIC");
    assert.deepEqual(input.SecurityGroups, [isg]);
    assert.deepEqual(input.Sources ?? [], []);

    const [described, listed] = await Promise.all([ml("describe-input", "--input-id", input.Id), ml("list-inputs")]);
    const flat = ok(described, "describe-input");
    assert.equal(flat.Input, undefined, "DescribeInput is flat (no Input wrapper)");
    assert.deepEqual(flat, input, "describe-input returns what create-input returned");
    assert.deepEqual(
      ok(listed, "list-inputs").Inputs.find((i: any) => i.Id === input.Id),
      input,
      "list-inputs shows the input as create-input returned it",
    );
  });

  it("RTMP_PUSH: two stream names → two rtmp://…/app/instance endpoints (STANDARD); one → SINGLE_PIPELINE", async () => {
    const [two, one] = await Promise.all([
      ml("create-input", "--type", "RTMP_PUSH", "--name", "rtmp-two", "--input-security-groups", isg, "--destinations", "StreamName=live/a", "StreamName=live/b"),
      ml("create-input", "--type", "RTMP_PUSH", "--name", "rtmp-one", "--input-security-groups", isg, "--destinations", "StreamName=live/solo"),
    ]);
    const standard = checkInput(two, "RTMP_PUSH ×2", { type: "RTMP_PUSH", name: "rtmp-two", inputClass: "STANDARD" });
    const single = checkInput(one, "RTMP_PUSH ×1", { type: "RTMP_PUSH", name: "rtmp-one", inputClass: "SINGLE_PIPELINE" });
    created += 2;
    const ports = checkEndpoints(standard, "rtmp", ["/live/a", "/live/b"], "RTMP_PUSH ×2");
    assert.notEqual(ports[0], ports[1]);
    checkEndpoints(single, "rtmp", ["/live/solo"], "RTMP_PUSH ×1");
    for (const input of [standard, single]) {
      assert.equal(input.State, "DETACHED");
      assert.deepEqual(input.SecurityGroups, [isg]);
      assert.equal(input.InputSourceType, "STATIC");
    }
  });

  it("RTMP_PUSH: stream names not of the form app/instance, none or three → BadRequestException", async () => {
    const rtmp = (...destinations: string[]) =>
      ml("create-input", "--type", "RTMP_PUSH", "--name", "rtmp-bad", "--input-security-groups", isg, ...(destinations.length ? ["--destinations", ...destinations] : []));
    const [noSlash, tooDeep, empty, none, three] = await Promise.all([
      rtmp("StreamName=nosslash"),
      rtmp("StreamName=live/a", "StreamName=a/b/c"),
      rtmp("StreamName=live/a", "StreamName=/b"),
      rtmp(),
      rtmp("StreamName=live/a", "StreamName=live/b", "StreamName=live/c"),
    ]);
    fails(noSlash, "BadRequestException", "nosslash", "streamName without a /");
    fails(tooDeep, "BadRequestException", "a/b/c", "streamName with two /");
    fails(empty, "BadRequestException", /streamName/, "streamName /b");
    fails(none, "BadRequestException", /destination/i, "RTMP_PUSH without destinations");
    fails(three, "BadRequestException", /destination/i, "RTMP_PUSH with three destinations");
  });

  it("update-input --name of 100,000 characters → BadRequestException naming name and its limit (256); a 256-character name is accepted", async () => {
    const input = checkInput(await ml("create-input", "--type", "RTMP_PUSH", "--name", "rtmp-limit", "--input-security-groups", isg, "--destinations", "StreamName=live/limit"), "create RTMP_PUSH", {
      type: "RTMP_PUSH",
      name: "rtmp-limit",
      inputClass: "SINGLE_PIPELINE",
    });
    created++;
    fails(await ml("update-input", "--input-id", input.Id, "--name", "n".repeat(100_000)), "BadRequestException", "name is 100000 characters long; at most 256 are accepted", "a 100,000-character name");
    assert.equal(ok(await ml("update-input", "--input-id", input.Id, "--name", "n".repeat(256)), "a 256-character name").Input.Name, "n".repeat(256));
  });

  it("SRT_LISTENER: two srt:// endpoints with SrtSettings echoed; latency outside 120–15000 → BadRequestException", async () => {
    // (Decryption is required by the model, so the CLI itself refuses a request without it.)
    const [good, low, lowest, high, highest] = await Promise.all([
      ml("create-input", "--type", "SRT_LISTENER", "--name", "srt-l", "--input-security-groups", isg, "--srt-settings", srtListener(200)),
      ml("create-input", "--type", "SRT_LISTENER", "--name", "srt-100", "--input-security-groups", isg, "--srt-settings", srtListener(100)),
      ml("create-input", "--type", "SRT_LISTENER", "--name", "srt-120", "--input-security-groups", isg, "--srt-settings", srtListener(120)),
      ml("create-input", "--type", "SRT_LISTENER", "--name", "srt-20000", "--input-security-groups", isg, "--srt-settings", srtListener(20000)),
      ml("create-input", "--type", "SRT_LISTENER", "--name", "srt-15000", "--input-security-groups", isg, "--srt-settings", srtListener(15000)),
    ]);
    const input = checkInput(good, "SRT_LISTENER", { type: "SRT_LISTENER", name: "srt-l", inputClass: "STANDARD" });
    const ports = checkEndpoints(input, "srt", ["", ""], "SRT_LISTENER");
    assert.notEqual(ports[0], ports[1]);
    assert.deepEqual(input.SecurityGroups, [isg]);
    assert.equal(input.SrtSettings.SrtListenerSettings.MinimumLatency, 200);
    assert.deepEqual(input.SrtSettings.SrtListenerSettings.Decryption, { Algorithm: "AES128", PassphraseSecretArn: SECRET_ARN });
    checkInput(lowest, "SRT_LISTENER latency 120", { type: "SRT_LISTENER", name: "srt-120", inputClass: "STANDARD" });
    checkInput(highest, "SRT_LISTENER latency 15000", { type: "SRT_LISTENER", name: "srt-15000", inputClass: "STANDARD" });
    created += 3;
    fails(low, "BadRequestException", /minimumLatency/i, "latency 100");
    fails(low, "BadRequestException", "100", "latency 100 (names the value)");
    fails(high, "BadRequestException", /minimumLatency/i, "latency 20000");
    fails(high, "BadRequestException", "20000", "latency 20000 (names the value)");
  });

  it("push inputs need an existing input security group", async () => {
    const deletedIsg = await createIsg(service.server, "192.0.2.0/24");
    ok(await ml("delete-input-security-group", "--input-security-group-id", deletedIsg), "delete ISG");
    const [none, unknown, oneUnknown, rtmpNone, srtNone, deleted] = await Promise.all([
      ml("create-input", "--type", "RTP_PUSH", "--name", "no-isg"),
      ml("create-input", "--type", "RTP_PUSH", "--name", "unknown-isg", "--input-security-groups", "9999999"),
      ml("create-input", "--type", "RTP_PUSH", "--name", "one-unknown-isg", "--input-security-groups", isg, "8888888"),
      ml("create-input", "--type", "RTMP_PUSH", "--name", "no-isg", "--destinations", "StreamName=live/a"),
      ml("create-input", "--type", "SRT_LISTENER", "--name", "no-isg", "--srt-settings", srtListener(200)),
      ml("create-input", "--type", "RTP_PUSH", "--name", "deleted-isg", "--input-security-groups", deletedIsg),
    ]);
    fails(none, "BadRequestException", /security group/i, "RTP_PUSH without ISG");
    fails(unknown, "BadRequestException", "9999999", "RTP_PUSH with an unknown ISG");
    fails(oneUnknown, "BadRequestException", "8888888", "RTP_PUSH with one known and one unknown ISG");
    fails(rtmpNone, "BadRequestException", /security group/i, "RTMP_PUSH without ISG");
    fails(srtNone, "BadRequestException", /security group/i, "SRT_LISTENER without ISG");
    fails(deleted, "BadRequestException", deletedIsg, "RTP_PUSH with a deleted ISG");
  });

  it("UDP_PUSH → BadRequestException pointing to RTP_PUSH; other MediaLive types → naming the supported types", async () => {
    const refusedTypes = ["MEDIACONNECT", "INPUT_DEVICE", "AWS_CDI", "MULTICAST", "SDI", "SMPTE_2110_RECEIVER_GROUP", "MEDIACONNECT_ROUTER"];
    const [udp, ...others] = await Promise.all([
      ml("create-input", "--type", "UDP_PUSH", "--name", "udp", "--input-security-groups", isg),
      ...refusedTypes.map((type) => ml("create-input", "--type", type, "--name", `t-${type}`)),
    ]);
    fails(udp!, "BadRequestException", /UDP is not supported/i, "UDP_PUSH");
    fails(udp!, "BadRequestException", "RTP_PUSH", "UDP_PUSH (points to RTP_PUSH)");
    fails(udp!, "BadRequestException", /RTP/, "UDP_PUSH (says to send RTP)");
    refusedTypes.forEach((type, i) => {
      fails(others[i]!, "BadRequestException", type, `${type} (names the type)`);
      for (const supported of SUPPORTED_TYPES) fails(others[i]!, "BadRequestException", supported, `${type} (lists ${supported})`);
    });
  });

  it("an input type the model does not know fails cleanly (client- or server-side), never hangs", async () => {
    const started = Date.now();
    const result = await ml("create-input", "--type", "FOO", "--name", "foo", "--input-security-groups", isg);
    assert.ok(Date.now() - started < 50_000, "answered promptly");
    assert.notEqual(result.exitCode, 0, `--type FOO must fail: ${result.stdout}`);
    assert.match(result.stderr, /FOO/, `the failure names FOO: ${result.stderr}`);
    assert.doesNotMatch(result.stderr, /InternalServerError|\(500\)/);
  });

  it("members that do not belong to the type are refused: destinations on RTP_PUSH/SRT_LISTENER, sources on push inputs", async () => {
    const [rtpDest, srtDest, rtpSources] = await Promise.all([
      ml("create-input", "--type", "RTP_PUSH", "--name", "x", "--input-security-groups", isg, "--destinations", "StreamName=live/a"),
      ml("create-input", "--type", "SRT_LISTENER", "--name", "x", "--input-security-groups", isg, "--srt-settings", srtListener(200), "--destinations", "StreamName=live/a"),
      ml("create-input", "--type", "RTP_PUSH", "--name", "x", "--input-security-groups", isg, "--sources", "Url=https://h/a.m3u8"),
    ]);
    fails(rtpDest, "BadRequestException", /destinations/, "RTP_PUSH with destinations");
    fails(srtDest, "BadRequestException", /destinations/, "SRT_LISTENER with destinations");
    fails(rtpSources, "BadRequestException", /sources/, "RTP_PUSH with sources");
  });

  it("no two endpoints of any inputs share a port, and refused creates left nothing behind", async () => {
    const inputs = ok(await ml("list-inputs"), "list-inputs").Inputs;
    assert.equal(inputs.length, created, `only the ${created} successful creates exist: ${inputs.map((i: any) => i.Name).join(", ")}`);
    const ports = inputs.flatMap((input: any) => input.Destinations.map((d: any) => Number(d.Port)));
    assert.equal(ports.length, 2 + 2 + 1 + 1 + 2 * 3, "RTP 2 + RTMP 2 + RTMP 1 + RTMP 1 (name limit) + SRT 3×2 endpoints");
    assert.equal(new Set(ports).size, ports.length, `duplicate ports: ${ports.join(", ")}`);
    // RTP endpoints keep port+2 and port+4 for the FEC streams, as MediaLive does.
    const rtpPorts = inputs.filter((i: any) => i.Type === "RTP_PUSH").flatMap((i: any) => i.Destinations.map((d: any) => Number(d.Port)));
    for (const rtp of rtpPorts) {
      for (const fec of [rtp + 2, rtp + 4]) assert.ok(!ports.includes(fec), `FEC port ${fec} of RTP endpoint ${rtp} was given to another endpoint`);
    }
  });
});

describe("aws CLI: pull inputs (URL_PULL, RTMP_PULL, MP4_FILE, TS_FILE, SRT_CALLER)", () => {
  const service = serveForCli({ inputRoots: ["/srv"] });
  const { ml } = service;
  let isg: string;

  before(async () => {
    isg = await createIsg(service.server, "203.0.113.0/24");
  });

  const pull = (type: string, name: string, ...sources: string[]) => ["create-input", "--type", type, "--name", name, "--sources", ...sources];

  it("URL_PULL: one source → SINGLE_PIPELINE with Sources echoed (Username, PasswordParam), two → STANDARD; unreachable hosts are not contacted", async () => {
    // The hosts are unroutable (TEST-NET); a create that tried to reach them would outlast the
    // CLI's 10 s read timeout and fail, so plain success shows they were not contacted.
    const [one, two, plainHttp] = await Promise.all([
      ml(...pull("URL_PULL", "hls-1", "Url=https://203.0.113.13/live/a.m3u8,Username=examplecorp,PasswordParam=/medialive/examplecorp1")),
      ml(...pull("URL_PULL", "hls-2", "Url=https://example.com/live/a.m3u8", "Url=https://203.0.113.14/live/b.m3u8")),
      ml(...pull("URL_PULL", "hls-http", "Url=http://203.0.113.15:8080/x/index.m3u8")),
    ]);
    const single = checkInput(one, "URL_PULL ×1", { type: "URL_PULL", name: "hls-1", inputClass: "SINGLE_PIPELINE" });
    assert.deepEqual(single.Sources, [{ Url: "https://203.0.113.13/live/a.m3u8", Username: "examplecorp", PasswordParam: "/medialive/examplecorp1" }]);
    assert.deepEqual(single.Destinations, []);
    assert.deepEqual(single.SecurityGroups ?? [], []);
    assert.equal(single.State, "DETACHED");
    assert.equal(single.InputSourceType, "STATIC");
    const standard = checkInput(two, "URL_PULL ×2", { type: "URL_PULL", name: "hls-2", inputClass: "STANDARD" });
    assert.deepEqual(standard.Sources, [{ Url: "https://example.com/live/a.m3u8" }, { Url: "https://203.0.113.14/live/b.m3u8" }]);
    assert.deepEqual(standard.Destinations, []);
    checkInput(plainHttp, "URL_PULL http://", { type: "URL_PULL", name: "hls-http", inputClass: "SINGLE_PIPELINE" });
    assert.deepEqual(ok(await ml("describe-input", "--input-id", single.Id), "describe").Sources, single.Sources, "describe echoes the sources too");
  });

  it("URL_PULL refuses non-HTTP URLs, zero or three sources, naming the URL", async () => {
    const [rtmp, s3, three, none, notUrl, noHost] = await Promise.all([
      ml(...pull("URL_PULL", "bad", "Url=rtmp://203.0.113.13:1935/live/x")),
      ml(...pull("URL_PULL", "bad", "Url=s3ssl://bucket/path/x.m3u8")),
      ml(...pull("URL_PULL", "bad", "Url=https://h/a.m3u8", "Url=https://h/b.m3u8", "Url=https://h/c.m3u8")),
      ml("create-input", "--type", "URL_PULL", "--name", "bad"),
      ml(...pull("URL_PULL", "bad", "Url=not a url")),
      ml(...pull("URL_PULL", "bad", "Url=https://")),
    ]);
    fails(rtmp, "BadRequestException", "rtmp://203.0.113.13:1935/live/x", "URL_PULL with rtmp://");
    fails(s3, "BadRequestException", "s3ssl://bucket/path/x.m3u8", "URL_PULL with s3ssl://");
    fails(three, "BadRequestException", /source/i, "URL_PULL with three sources");
    fails(none, "BadRequestException", /source/i, "URL_PULL without sources");
    fails(notUrl, "BadRequestException", "not a url", "URL_PULL with a non-URL");
    fails(noHost, "BadRequestException", "(https://)", "URL_PULL with a URL without host");
  });

  it("RTMP_PULL needs rtmp://", async () => {
    const [good, bad] = await Promise.all([
      ml(...pull("RTMP_PULL", "rtmp-pull", "Url=rtmp://203.0.113.13:1935/live/curling")),
      ml(...pull("RTMP_PULL", "rtmp-bad", "Url=http://203.0.113.13/live/curling")),
    ]);
    const input = checkInput(good, "RTMP_PULL", { type: "RTMP_PULL", name: "rtmp-pull", inputClass: "SINGLE_PIPELINE" });
    assert.deepEqual(input.Sources, [{ Url: "rtmp://203.0.113.13:1935/live/curling" }]);
    assert.deepEqual(input.Destinations, []);
    fails(bad, "BadRequestException", "http://203.0.113.13/live/curling", "RTMP_PULL with http://");
  });

  it("MP4_FILE: http(s) or file URLs to .mp4; $urlPath$ → DYNAMIC; other extensions refused", async () => {
    const [https, file, dynamic, ts, two] = await Promise.all([
      ml(...pull("MP4_FILE", "mp4", "Url=https://h/x.mp4")),
      ml(...pull("MP4_FILE", "mp4-file", "Url=file:///srv/a.mp4")),
      ml(...pull("MP4_FILE", "mp4-dyn", "Url=https://h/movies/$urlPath$")),
      ml(...pull("MP4_FILE", "mp4-ts", "Url=https://h/x.ts")),
      ml(...pull("MP4_FILE", "mp4-2", "Url=https://h/a.mp4", "Url=https://h/b.mp4")),
    ]);
    assert.equal(checkInput(https, "MP4_FILE https", { type: "MP4_FILE", name: "mp4", inputClass: "SINGLE_PIPELINE" }).InputSourceType, "STATIC");
    assert.deepEqual(checkInput(file, "MP4_FILE file://", { type: "MP4_FILE", name: "mp4-file", inputClass: "SINGLE_PIPELINE" }).Sources, [{ Url: "file:///srv/a.mp4" }]);
    const dyn = checkInput(dynamic, "MP4_FILE $urlPath$", { type: "MP4_FILE", name: "mp4-dyn", inputClass: "SINGLE_PIPELINE" });
    assert.equal(dyn.InputSourceType, "DYNAMIC");
    assert.deepEqual(dyn.Sources, [{ Url: "https://h/movies/$urlPath$" }]);
    checkInput(two, "MP4_FILE ×2", { type: "MP4_FILE", name: "mp4-2", inputClass: "STANDARD" });
    fails(ts, "BadRequestException", "https://h/x.ts", "MP4_FILE with .ts");
  });

  it("TS_FILE: .ts and .m2ts accepted, $urlPath$ → DYNAMIC, .mp4 refused", async () => {
    const [ts, m2ts, dynamic, mp4] = await Promise.all([
      ml(...pull("TS_FILE", "ts", "Url=https://h/x.ts")),
      ml(...pull("TS_FILE", "m2ts", "Url=https://h/x.m2ts")),
      ml(...pull("TS_FILE", "ts-dyn", "Url=https://h/clips/$urlPath$")),
      ml(...pull("TS_FILE", "ts-mp4", "Url=https://h/x.mp4")),
    ]);
    assert.equal(checkInput(ts, "TS_FILE .ts", { type: "TS_FILE", name: "ts", inputClass: "SINGLE_PIPELINE" }).InputSourceType, "STATIC");
    checkInput(m2ts, "TS_FILE .m2ts", { type: "TS_FILE", name: "m2ts", inputClass: "SINGLE_PIPELINE" });
    assert.equal(checkInput(dynamic, "TS_FILE $urlPath$", { type: "TS_FILE", name: "ts-dyn", inputClass: "SINGLE_PIPELINE" }).InputSourceType, "DYNAMIC");
    fails(mp4, "BadRequestException", "https://h/x.mp4", "TS_FILE with .mp4");
  });

  it("SRT_CALLER: SrtCallerSources echoed, no destinations", async () => {
    const source = { SrtListenerAddress: "203.0.113.5", SrtListenerPort: "9000", StreamId: "a", MinimumLatency: 200 };
    const result = await ml("create-input", "--type", "SRT_CALLER", "--name", "srt-caller", "--srt-settings", JSON.stringify({ SrtCallerSources: [source] }));
    const input = checkInput(result, "SRT_CALLER", { type: "SRT_CALLER", name: "srt-caller", inputClass: "SINGLE_PIPELINE" });
    assert.deepEqual(input.SrtSettings.SrtCallerSources, [source]);
    assert.deepEqual(input.Destinations, []);
    assert.deepEqual(input.SecurityGroups ?? [], []);
  });

  it("SRT_CALLER: two sources → STANDARD; bad port, missing address or no sources → BadRequestException", async () => {
    const srt = (...sources: object[]) => ml("create-input", "--type", "SRT_CALLER", "--name", "srt-c", "--srt-settings", JSON.stringify({ SrtCallerSources: sources }));
    const [two, badPort, wordPort, noAddress, none] = await Promise.all([
      srt({ SrtListenerAddress: "203.0.113.5", SrtListenerPort: "9000" }, { SrtListenerAddress: "203.0.113.6", SrtListenerPort: "9001" }),
      srt({ SrtListenerAddress: "203.0.113.5", SrtListenerPort: "99999" }),
      srt({ SrtListenerAddress: "203.0.113.5", SrtListenerPort: "abc" }),
      srt({ SrtListenerPort: "9000" }),
      srt(),
    ]);
    checkInput(two, "SRT_CALLER ×2", { type: "SRT_CALLER", name: "srt-c", inputClass: "STANDARD" });
    fails(badPort, "BadRequestException", "99999", "SRT_CALLER port 99999");
    fails(wordPort, "BadRequestException", "abc", "SRT_CALLER port abc");
    fails(noAddress, "BadRequestException", /srtListenerAddress/, "SRT_CALLER without an address");
    fails(none, "BadRequestException", /srtCallerSources/, "SRT_CALLER without sources");
  });

  it("pull inputs with input security groups → BadRequestException: ISGs apply to push inputs only", async () => {
    const [urlPull, srtCaller] = await Promise.all([
      ml(...pull("URL_PULL", "isg", "Url=https://h/a.m3u8"), "--input-security-groups", isg),
      ml("create-input", "--type", "SRT_CALLER", "--name", "isg", "--input-security-groups", isg, "--srt-settings", JSON.stringify({ SrtCallerSources: [{ SrtListenerAddress: "203.0.113.5", SrtListenerPort: "9000" }] })),
    ]);
    fails(urlPull, "BadRequestException", /push inputs only/i, "URL_PULL with an ISG");
    fails(srtCaller, "BadRequestException", /push inputs only/i, "SRT_CALLER with an ISG");
    const group = ok(await ml("describe-input-security-group", "--input-security-group-id", isg), "describe ISG");
    assert.equal(group.State, "IDLE", "a refused input does not take the group into use");
  });
});
