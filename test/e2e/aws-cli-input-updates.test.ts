// End-to-end: the real aws CLI v1 against a real `./openlive serve` — the life of an
// input after create: idempotent create (requestId), update-input (endpoints stay, stream
// names, security groups, sources, SRT settings), delete-input and port reuse.
// The rules: docs/api.md (Inputs, UpdateInput). Creating each type: aws-cli-inputs.test.ts.

import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkInput, createIsg, fails, ok, SECRET_ARN, srtListener } from "../helpers/cli-asserts.ts";
import { serveForCli } from "../helpers/cli-service.ts";

// Helpers: test/helpers/aws-cli.ts, cli-asserts.ts.

// ---------------------------------------------------------------------------------------
describe("aws CLI: idempotent create, update-input, delete-input", () => {
  const service = serveForCli();
  const { ml } = service;
  let isgA: string;
  let isgB: string;

  before(async () => {
    [isgA, isgB] = await Promise.all([createIsg(service.server, "203.0.113.0/24"), createIsg(service.server, "198.51.100.0/24")]);
  });

  it("create-input with the same --request-id and body returns the same input; a different body is refused", async () => {
    const args = ["create-input", "--type", "RTMP_PUSH", "--name", "idem", "--input-security-groups", isgA, "--destinations", "StreamName=live/a", "--request-id", "req-0001"];
    const first = checkInput(await ml(...args), "first create", { type: "RTMP_PUSH", name: "idem", inputClass: "SINGLE_PIPELINE" });
    const second = checkInput(await ml(...args), "retried create", { type: "RTMP_PUSH", name: "idem", inputClass: "SINGLE_PIPELINE" });
    assert.equal(second.Id, first.Id, "a retry with the same requestId returns the same input");
    assert.deepEqual(second.Destinations, first.Destinations, "…with the same endpoints");

    const concurrentArgs = ["create-input", "--type", "RTP_PUSH", "--name", "idem-concurrent", "--input-security-groups", isgA, "--request-id", "req-0002"];
    const [c1, c2] = await Promise.all([ml(...concurrentArgs), ml(...concurrentArgs)]);
    assert.equal(ok(c1, "concurrent 1").Input.Id, ok(c2, "concurrent 2").Input.Id, "concurrent retries return the same input");

    const different = await ml("create-input", "--type", "RTMP_PUSH", "--name", "other-name", "--input-security-groups", isgA, "--destinations", "StreamName=live/a", "--request-id", "req-0001");
    fails(different, "BadRequestException", /req-0001|requestId/i, "same requestId, different body");

    // Without --request-id the CLI fills in a fresh token each time: two inputs.
    const noToken = ["create-input", "--type", "URL_PULL", "--name", "twice", "--sources", "Url=https://203.0.113.3/a.m3u8"];
    const t1 = ok(await ml(...noToken), "first create without token").Input.Id;
    const t2 = ok(await ml(...noToken), "second create without token").Input.Id;
    assert.notEqual(t1, t2, "identical bodies with different (auto-filled) requestIds are two inputs");

    const inputs = ok(await ml("list-inputs"), "list-inputs").Inputs;
    assert.equal(inputs.filter((i: any) => i.Name === "idem").length, 1, "only one input for req-0001");
    assert.equal(inputs.filter((i: any) => i.Name === "idem-concurrent").length, 1, "only one input for req-0002");
    assert.equal(inputs.filter((i: any) => i.Name === "other-name").length, 0, "the refused body created nothing");
  });

  it("update-input: rename and new stream names keep the endpoints; a different count is refused", async () => {
    const created = checkInput(
      await ml("create-input", "--type", "RTMP_PUSH", "--name", "studio", "--input-security-groups", isgA, "--destinations", "StreamName=live/a", "StreamName=live/b"),
      "create",
      { type: "RTMP_PUSH", name: "studio", inputClass: "STANDARD" },
    );
    const endpoints = created.Destinations.map((d: any) => ({ Ip: d.Ip, Port: d.Port }));

    const renamed = checkInput(await ml("update-input", "--input-id", created.Id, "--name", "studio-renamed"), "rename", {
      type: "RTMP_PUSH",
      name: "studio-renamed",
      inputClass: "STANDARD",
    });
    assert.equal(renamed.Id, created.Id);
    assert.equal(renamed.Arn, created.Arn);
    assert.deepEqual(renamed.Destinations, created.Destinations, "a rename changes no endpoint");
    assert.deepEqual(renamed.SecurityGroups, [isgA], "a rename keeps the security groups");

    const restreamed = checkInput(
      await ml("update-input", "--input-id", created.Id, "--destinations", "StreamName=show/main", "StreamName=show/backup"),
      "new stream names",
      { type: "RTMP_PUSH", name: "studio-renamed", inputClass: "STANDARD" },
    );
    assert.deepEqual(restreamed.Destinations.map((d: any) => ({ Ip: d.Ip, Port: d.Port })), endpoints, "Ip and Port stay");
    assert.deepEqual(
      restreamed.Destinations.map((d: any) => d.Url),
      endpoints.map((e: any, i: number) => `rtmp://${e.Ip}:${e.Port}/show/${i === 0 ? "main" : "backup"}`),
    );

    const [fewer, badName] = await Promise.all([
      ml("update-input", "--input-id", created.Id, "--destinations", "StreamName=show/only"),
      ml("update-input", "--input-id", created.Id, "--destinations", "StreamName=show/main", "StreamName=nosslash"),
    ]);
    fails(fewer, "BadRequestException", /destination/i, "update with one stream name instead of two");
    fails(badName, "BadRequestException", "nosslash", "update with a bad stream name");

    const described = ok(await ml("describe-input", "--input-id", created.Id), "describe");
    assert.equal(described.Name, "studio-renamed");
    assert.deepEqual(described.Destinations, restreamed.Destinations, "refused updates change nothing");
    assert.equal(described.InputClass, "STANDARD");
  });

  it("update-input: security groups move the IN_USE state; unknown or no groups are refused", async () => {
    const created = checkInput(await ml("create-input", "--type", "RTP_PUSH", "--name", "rtp-move", "--input-security-groups", isgA), "create", {
      type: "RTP_PUSH",
      name: "rtp-move",
      inputClass: "STANDARD",
    });
    const moved = checkInput(await ml("update-input", "--input-id", created.Id, "--input-security-groups", isgB), "move to ISG B", {
      type: "RTP_PUSH",
      name: "rtp-move",
      inputClass: "STANDARD",
    });
    assert.deepEqual(moved.SecurityGroups, [isgB]);
    assert.deepEqual(moved.Destinations, created.Destinations, "endpoints never change on update");

    const [a, b] = await Promise.all([
      ml("describe-input-security-group", "--input-security-group-id", isgA),
      ml("describe-input-security-group", "--input-security-group-id", isgB),
    ]);
    assert.ok(!ok(a, "describe A").Inputs.includes(created.Id), "ISG A no longer lists the input");
    assert.equal(ok(b, "describe B").State, "IN_USE");
    assert.ok(b.json.Inputs.includes(created.Id), "ISG B lists the input");

    const [unknown, none, pullOnly] = await Promise.all([
      ml("update-input", "--input-id", created.Id, "--input-security-groups", "9999999"),
      ml("update-input", "--input-id", created.Id, "--input-security-groups", "[]"),
      ml("update-input", "--input-id", created.Id, "--sources", "Url=https://h/a.m3u8"),
    ]);
    fails(unknown, "BadRequestException", "9999999", "update with an unknown ISG");
    fails(none, "BadRequestException", /security group/i, "update of a push input to no ISG");
    fails(pullOnly, "BadRequestException", /sources/i, "sources on a push input");
    assert.deepEqual(ok(await ml("describe-input", "--input-id", created.Id), "describe").SecurityGroups, [isgB], "refused updates change nothing");
  });

  it("update-input: pull sources are replaced; bad URLs refused; unknown input → NotFoundException", async () => {
    const created = checkInput(await ml("create-input", "--type", "URL_PULL", "--name", "hls", "--sources", "Url=https://203.0.113.1/a.m3u8,Username=u1,PasswordParam=/p/1"), "create", {
      type: "URL_PULL",
      name: "hls",
      inputClass: "SINGLE_PIPELINE",
    });
    const updated = checkInput(await ml("update-input", "--input-id", created.Id, "--sources", "Url=https://203.0.113.2/b.m3u8,Username=u2,PasswordParam=/p/2"), "replace sources", {
      type: "URL_PULL",
      name: "hls",
      inputClass: "SINGLE_PIPELINE",
    });
    assert.deepEqual(updated.Sources, [{ Url: "https://203.0.113.2/b.m3u8", Username: "u2", PasswordParam: "/p/2" }], "sources are replaced");
    assert.deepEqual(updated.Destinations, []);

    const [badUrl, withIsg, unknown, unknownDescribe] = await Promise.all([
      ml("update-input", "--input-id", created.Id, "--sources", "Url=rtmp://203.0.113.2/live/x"),
      ml("update-input", "--input-id", created.Id, "--input-security-groups", isgA),
      ml("update-input", "--input-id", "9999999", "--name", "ghost"),
      ml("describe-input", "--input-id", "9999999"),
    ]);
    fails(badUrl, "BadRequestException", "rtmp://203.0.113.2/live/x", "update with a bad URL");
    fails(withIsg, "BadRequestException", /push inputs only/i, "update of a pull input with an ISG");
    fails(unknown, "NotFoundException", "9999999", "update of an unknown input");
    fails(unknownDescribe, "NotFoundException", "9999999", "describe of an unknown input");
    assert.deepEqual(ok(await ml("describe-input", "--input-id", created.Id), "describe").Sources, updated.Sources, "refused updates change nothing");
  });

  it("update-input: SRT_LISTENER settings are replaced and checked; endpoints stay; destinations refused", async () => {
    const created = checkInput(
      await ml("create-input", "--type", "SRT_LISTENER", "--name", "srt", "--input-security-groups", isgA, "--srt-settings", srtListener(200)),
      "create",
      { type: "SRT_LISTENER", name: "srt", inputClass: "STANDARD" },
    );
    const settings = { SrtListenerSettings: { MinimumLatency: 300, StreamId: "feed", Decryption: { Algorithm: "AES256", PassphraseSecretArn: `${SECRET_ARN}2` } } };
    const updated = checkInput(await ml("update-input", "--input-id", created.Id, "--srt-settings", JSON.stringify(settings)), "new SRT settings", {
      type: "SRT_LISTENER",
      name: "srt",
      inputClass: "STANDARD",
    });
    assert.deepEqual(updated.SrtSettings, settings);
    assert.deepEqual(updated.Destinations, created.Destinations, "endpoints never change on update");

    const [low, dest] = await Promise.all([
      ml("update-input", "--input-id", created.Id, "--srt-settings", srtListener(100)),
      ml("update-input", "--input-id", created.Id, "--destinations", "StreamName=live/a"),
    ]);
    fails(low, "BadRequestException", /minimumLatency.*100|100.*minimumLatency/i, "update with latency 100");
    fails(dest, "BadRequestException", /destinations/, "destinations on an SRT_LISTENER update");
    assert.deepEqual(ok(await ml("describe-input", "--input-id", created.Id), "describe").SrtSettings, settings, "refused updates change nothing");
  });

  it("delete-input: waiters, {} then DELETED, gone from the list; a second delete, update or tagging → NotFoundException", async () => {
    const created = checkInput(await ml("create-input", "--type", "RTP_PUSH", "--name", "doomed", "--input-security-groups", isgB), "create", {
      type: "RTP_PUSH",
      name: "doomed",
      inputClass: "STANDARD",
    });
    const [detached, unknownWait] = await Promise.all([
      ml("wait", "input-detached", "--input-id", created.Id),
      ml("wait", "input-detached", "--input-id", "9999999"),
    ]);
    ok(detached, "aws medialive wait input-detached (a new input is DETACHED)");
    assert.notEqual(unknownWait.exitCode, 0, "waiting on an unknown input fails");
    assert.match(unknownWait.stderr, /NotFoundException|9999999/, `the waiter reports the missing input: ${unknownWait.stderr}`);
    const deleted = await ml("delete-input", "--input-id", created.Id);
    ok(deleted, "delete-input");
    assert.ok(deleted.stdout.trim() === "" || deleted.stdout.trim() === "{}", `DeleteInput returns {}: ${deleted.stdout}`);
    const [described, listed, again] = await Promise.all([
      ml("describe-input", "--input-id", created.Id),
      ml("list-inputs"),
      ml("delete-input", "--input-id", created.Id),
    ]);
    assert.equal(ok(described, "describe after delete").State, "DELETED");
    ok(await ml("wait", "input-deleted", "--input-id", created.Id), "aws medialive wait input-deleted");
    assert.ok(!ok(listed, "list").Inputs.some((i: any) => i.Id === created.Id), "list-inputs no longer shows it");
    fails(again, "NotFoundException", created.Id, "second delete");
    const [update, tags] = await Promise.all([
      ml("update-input", "--input-id", created.Id, "--name", "zombie"),
      ml("create-tags", "--resource-arn", created.Arn, "--tags", "a=1"),
    ]);
    fails(update, "NotFoundException", created.Id, "update of a deleted input");
    fails(tags, "NotFoundException", created.Id, "tags on a deleted input");
    const isg = ok(await ml("describe-input-security-group", "--input-security-group-id", isgB), "describe ISG B");
    assert.ok(!isg.Inputs.includes(created.Id), "the deleted input is no longer listed by its ISG");
  });
});

describe("aws CLI: endpoint ports are freed by delete-input", () => {
  // The smallest range openlive accepts (12 ports): one RTP_PUSH input (two endpoints,
  // each keeping port+2/+4 free for FEC) fills it.
  const service = serveForCli({ extraArgs: ["--push-port-range", "47100-47111"] });
  const { ml } = service;
  let isg: string;

  before(async () => {
    isg = await createIsg(service.server, "203.0.113.0/24");
  });

  it("a full range refuses a new input; after delete-input a new input gets the freed ports", async () => {
    const create = (name: string) => ml("create-input", "--type", "RTP_PUSH", "--name", name, "--input-security-groups", isg);
    const first = ok(await create("first"), "first create").Input;
    const ports = first.Destinations.map((d: any) => Number(d.Port)).sort();
    assert.equal(ports.length, 2);
    for (const port of ports) assert.ok(port >= 47100 && port <= 47111, `port ${port} from --push-port-range 47100-47111`);

    fails(await create("second"), "BadRequestException", /port/i, "create with the range full");
    ok(await ml("delete-input", "--input-id", first.Id), "delete first");

    const third = ok(await create("third"), "create after delete").Input;
    assert.deepEqual(third.Destinations.map((d: any) => Number(d.Port)).sort(), ports, "the freed ports are reused");
    assert.notEqual(third.Id, first.Id);
    assert.deepEqual(ok(await ml("list-inputs"), "list").Inputs.map((i: any) => i.Name), ["third"]);
  });
});
