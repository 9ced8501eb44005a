// End-to-end: the real aws CLI v1 against a real `./openlive serve` — input security
// groups (create/describe/list/update/delete, rule checks, IDLE ⇄ IN_USE from real
// input attachment, pagination), tags on ISGs and inputs, and SigV4 failures.
// The rules: docs/api.md, docs/configuration.md (SigV4). Inputs themselves: aws-cli-inputs.test.ts.

import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { CreateInputCommand, CreateInputSecurityGroupCommand } from "@aws-sdk/client-medialive";
import { awsCli, type AwsCliTarget } from "../helpers/aws-cli.ts";
import { createIsg, fails, ok } from "../helpers/cli-asserts.ts";
import { serveForCli } from "../helpers/cli-service.ts";
import { sdkClient } from "../helpers/sdk.ts";

// ---------------------------------------------------------------------------------------
// Helpers (local to this file; the shared ones are in test/helpers/aws-cli.ts, cli-asserts.ts).

const ACCOUNT_PREFIX = "arn:aws:medialive:us-east-1:000000000000:";
const ISG_ARN = /^arn:aws:medialive:us-east-1:000000000000:inputSecurityGroup:(\d{7})$/;
const ISG_STATES = ["IDLE", "IN_USE", "UPDATING", "DELETED"];

function describeCall(args: readonly string[]): string {
  return `aws medialive ${args.join(" ")}`;
}

/** An RTP_PUSH input in these groups, made with the SDK: the inputs a group's state follows (the CLI's create-input is tested in aws-cli-inputs.test.ts). */
async function createRtpInput(target: AwsCliTarget, name: string, ...isgIds: string[]): Promise<string> {
  const client = sdkClient(target);
  try {
    return (await client.send(new CreateInputCommand({ Type: "RTP_PUSH", Name: name, InputSecurityGroups: isgIds }))).Input!.Id!;
  } finally {
    client.destroy();
  }
}

// ---------------------------------------------------------------------------------------

describe("aws CLI: input security groups", () => {
  const service = serveForCli();
  const { ml } = service;

  it("create-input-security-group returns the group; describe and list show the same", async () => {
    const args = ["create-input-security-group", "--whitelist-rules", "Cidr=203.0.113.0/24", "Cidr=192.0.2.111/32", "--tags", "env=dev,team=video"];
    const created = ok(await ml(...args), describeCall(args));
    const group = created.SecurityGroup;
    assert.ok(group, `response must be wrapped in SecurityGroup: ${JSON.stringify(created)}`);
    const match = ISG_ARN.exec(group.Arn);
    assert.ok(match, `Arn ${group.Arn} must be ${ACCOUNT_PREFIX}inputSecurityGroup:<7 digits>`);
    assert.equal(group.Id, match[1]);
    assert.equal(group.State, "IDLE");
    assert.deepEqual(group.Inputs, []);
    assert.deepEqual(group.WhitelistRules, [{ Cidr: "203.0.113.0/24" }, { Cidr: "192.0.2.111/32" }]);
    assert.deepEqual(group.Tags, { env: "dev", team: "video" });

    const [described, listed] = await Promise.all([ml("describe-input-security-group", "--input-security-group-id", group.Id), ml("list-input-security-groups")]);
    const flat = ok(described, "describe-input-security-group");
    assert.equal(flat.SecurityGroup, undefined, "DescribeInputSecurityGroup is flat (no SecurityGroup wrapper)");
    assert.deepEqual(flat, group, "describe must return what create returned");
    const inList = ok(listed, "list-input-security-groups").InputSecurityGroups.find((g: any) => g.Id === group.Id);
    assert.deepEqual(inList, group, "list must show the group as create returned it");
  });

  it("accepts 1 and 10 rules, IPv6 CIDRs (openlive extension) and mixed families", async () => {
    const ten = Array.from({ length: 10 }, (_, i) => `10.${i}.0.0/16`);
    const [one, tenRules, v6, mixed] = await Promise.all([
      ml("create-input-security-group", "--whitelist-rules", "Cidr=0.0.0.0/0"),
      ml("create-input-security-group", "--whitelist-rules", JSON.stringify(ten.map((Cidr) => ({ Cidr })))),
      ml("create-input-security-group", "--whitelist-rules", JSON.stringify([{ Cidr: "2001:db8::/32" }])),
      ml("create-input-security-group", "--whitelist-rules", JSON.stringify([{ Cidr: "198.51.100.7/32" }, { Cidr: "2001:db8:1::/48" }])),
    ]);
    assert.deepEqual(ok(one, "1 rule").SecurityGroup.WhitelistRules, [{ Cidr: "0.0.0.0/0" }]);
    assert.deepEqual(ok(tenRules, "10 rules").SecurityGroup.WhitelistRules.map((r: any) => r.Cidr), ten);
    assert.deepEqual(ok(v6, "IPv6 rule").SecurityGroup.WhitelistRules, [{ Cidr: "2001:db8::/32" }]);
    assert.deepEqual(ok(mixed, "mixed rules").SecurityGroup.WhitelistRules, [{ Cidr: "198.51.100.7/32" }, { Cidr: "2001:db8:1::/48" }]);
    for (const result of [one, tenRules, v6, mixed]) assert.equal(result.json.SecurityGroup.State, "IDLE");
  });

  it("refuses empty, missing and more than 10 rules, and every bad CIDR, naming the value", async () => {
    const before = ok(await ml("list-input-security-groups"), "list").InputSecurityGroups.length;
    const eleven = JSON.stringify(Array.from({ length: 11 }, (_, i) => ({ Cidr: `10.${i}.0.0/16` })));
    const badCidrs = ["10.0.0.0", "10.0.0.300/8", "10.0.0.0/33", "hello/8", "2001:db8::/129", "10.0.0.0/-1", " "];
    const [empty, missing, tooMany, ...bad] = await Promise.all([
      ml("create-input-security-group", "--whitelist-rules", "[]"),
      ml("create-input-security-group"),
      ml("create-input-security-group", "--whitelist-rules", eleven),
      ...badCidrs.map((cidr) => ml("create-input-security-group", "--whitelist-rules", JSON.stringify([{ Cidr: "192.0.2.0/24" }, { Cidr: cidr }]))),
    ]);
    fails(empty!, "BadRequestException", /at least one/i, "empty rule list");
    fails(missing!, "BadRequestException", /at least one/i, "no whitelist-rules at all");
    fails(tooMany!, "BadRequestException", /10/, "11 rules");
    fails(tooMany!, "BadRequestException", /11/, "11 rules (the message gives the count)");
    badCidrs.forEach((cidr, i) => {
      const shown = cidr.trim() === "" ? /whitelistRules\[1\]/ : cidr;
      fails(bad[i]!, "BadRequestException", shown, `bad CIDR ${JSON.stringify(cidr)}`);
    });
    const afterCount = ok(await ml("list-input-security-groups"), "list").InputSecurityGroups.length;
    assert.equal(afterCount, before, "a refused create must not leave a group behind");
  });

  it("update-input-security-group replaces the rules, keeps tags unless given, and refuses bad rules without change", async () => {
    const created = ok(await ml("create-input-security-group", "--whitelist-rules", "Cidr=10.1.0.0/16", "Cidr=10.2.0.0/16", "--tags", "k=v"), "create");
    const id = created.SecurityGroup.Id;

    const updated = ok(await ml("update-input-security-group", "--input-security-group-id", id, "--whitelist-rules", "Cidr=172.16.0.0/12"), "update rules");
    assert.ok(updated.SecurityGroup, "UpdateInputSecurityGroup wraps the group in SecurityGroup");
    assert.equal(updated.SecurityGroup.Id, id);
    assert.equal(updated.SecurityGroup.Arn, created.SecurityGroup.Arn);
    assert.deepEqual(updated.SecurityGroup.WhitelistRules, [{ Cidr: "172.16.0.0/12" }], "the rule list is replaced, not merged");
    assert.deepEqual(updated.SecurityGroup.Tags, { k: "v" }, "tags stay when the update gives none");

    const withTags = ok(await ml("update-input-security-group", "--input-security-group-id", id, "--whitelist-rules", "Cidr=172.16.0.0/12", "Cidr=2001:db8::/32", "--tags", "owner=ops"), "update with tags");
    assert.equal(withTags.SecurityGroup.Tags.owner, "ops", "tags given on update are applied");
    assert.deepEqual(withTags.SecurityGroup.WhitelistRules, [{ Cidr: "172.16.0.0/12" }, { Cidr: "2001:db8::/32" }]);

    const [emptyRules, badRule, tooMany, unknown] = await Promise.all([
      ml("update-input-security-group", "--input-security-group-id", id, "--whitelist-rules", "[]"),
      ml("update-input-security-group", "--input-security-group-id", id, "--whitelist-rules", "Cidr=192.0.2.0/24", "Cidr=10.0.0.300/8"),
      ml("update-input-security-group", "--input-security-group-id", id, "--whitelist-rules", JSON.stringify(Array.from({ length: 11 }, (_, i) => ({ Cidr: `10.${i}.0.0/16` })))),
      ml("update-input-security-group", "--input-security-group-id", "9999999", "--whitelist-rules", "Cidr=10.0.0.0/8"),
    ]);
    fails(emptyRules!, "BadRequestException", /at least one/i, "update with an empty rule list");
    fails(badRule!, "BadRequestException", "10.0.0.300/8", "update with a bad CIDR");
    fails(tooMany!, "BadRequestException", /11/, "update with 11 rules");
    fails(unknown!, "NotFoundException", "9999999", "update of an unknown group");

    const described = ok(await ml("describe-input-security-group", "--input-security-group-id", id), "describe");
    assert.deepEqual(described.WhitelistRules, [{ Cidr: "172.16.0.0/12" }, { Cidr: "2001:db8::/32" }], "refused updates change nothing");
    assert.equal(described.Tags.owner, "ops");
  });

  it("delete-input-security-group: then DELETED; again and unknown ids → NotFoundException", async () => {
    const id = await createIsg(service.server, "198.51.100.0/24");
    const deleted = await ml("delete-input-security-group", "--input-security-group-id", id);
    ok(deleted, "delete-input-security-group");
    assert.ok(deleted.stdout.trim() === "" || deleted.stdout.trim() === "{}", `DeleteInputSecurityGroup returns {}: ${deleted.stdout}`);

    const [described, again, unknownDescribe, unknownDelete] = await Promise.all([
      ml("describe-input-security-group", "--input-security-group-id", id),
      ml("delete-input-security-group", "--input-security-group-id", id),
      ml("describe-input-security-group", "--input-security-group-id", "9999999"),
      ml("delete-input-security-group", "--input-security-group-id", "9999999"),
    ]);
    assert.equal(ok(described, "describe after delete").State, "DELETED");
    fails(again!, "NotFoundException", id, "second delete");
    fails(unknownDescribe!, "NotFoundException", "9999999", "describe of an unknown id");
    fails(unknownDelete!, "NotFoundException", "9999999", "delete of an unknown id");
  });

  it("goes IN_USE with the inputs that use it, refuses delete naming them, and returns to IDLE", async () => {
    const isg = await createIsg(service.server, "203.0.113.0/24");
    const [a, b] = await Promise.all([createRtpInput(service.server, "isg-user-a", isg), createRtpInput(service.server, "isg-user-b", isg)]);

    const inUse = ok(await ml("describe-input-security-group", "--input-security-group-id", isg), "describe in use");
    assert.equal(inUse.State, "IN_USE");
    assert.deepEqual([...inUse.Inputs].sort(), [a, b].sort(), "Inputs lists the IDs of the inputs using the group");
    const listed = ok(await ml("list-input-security-groups"), "list").InputSecurityGroups.find((g: any) => g.Id === isg);
    assert.equal(listed.State, "IN_USE", "list shows the same state");

    const refused = await ml("delete-input-security-group", "--input-security-group-id", isg);
    fails(refused, "BadRequestException", a, "delete while in use (names input a)");
    fails(refused, "BadRequestException", b, "delete while in use (names input b)");
    const still = ok(await ml("describe-input-security-group", "--input-security-group-id", isg), "describe after refused delete");
    assert.equal(still.State, "IN_USE", "a refused delete leaves the group in use");

    ok(await ml("delete-input", "--input-id", a), "delete input a");
    const half = ok(await ml("describe-input-security-group", "--input-security-group-id", isg), "describe after one delete");
    assert.equal(half.State, "IN_USE");
    assert.deepEqual(half.Inputs, [b], "a deleted input is no longer listed");

    ok(await ml("delete-input", "--input-id", b), "delete input b");
    const idle = ok(await ml("describe-input-security-group", "--input-security-group-id", isg), "describe after both deletes");
    assert.equal(idle.State, "IDLE");
    assert.deepEqual(idle.Inputs, []);
    ok(await ml("delete-input-security-group", "--input-security-group-id", isg), "delete once idle");
  });

  it("an ISG update while in use keeps the group in use and attached", async () => {
    const isg = await createIsg(service.server, "203.0.113.0/24");
    const input = await createRtpInput(service.server, "isg-update-in-use", isg);
    const updated = ok(await ml("update-input-security-group", "--input-security-group-id", isg, "--whitelist-rules", "Cidr=198.51.100.0/24"), "update in use");
    assert.ok(ISG_STATES.includes(updated.SecurityGroup.State));
    assert.notEqual(updated.SecurityGroup.State, "IDLE", "still used by an input");
    assert.deepEqual(updated.SecurityGroup.Inputs, [input]);
    const described = ok(await ml("describe-input-security-group", "--input-security-group-id", isg), "describe");
    assert.equal(described.State, "IN_USE");
    assert.deepEqual(described.WhitelistRules, [{ Cidr: "198.51.100.0/24" }]);
    assert.deepEqual(ok(await ml("describe-input", "--input-id", input), "describe input").SecurityGroups, [isg]);
  });
});

describe("aws CLI: pagination of list-input-security-groups and list-inputs", () => {
  const service = serveForCli();
  const { ml } = service;
  let ids: string[];

  // The groups and inputs listed are set up with the SDK (no Python start-up per call): what
  // this suite drives through the aws CLI is the listing and its pagination.
  before(async () => {
    const client = sdkClient(service.server);
    ids = [];
    for (let i = 0; i < 5; i++) ids.push((await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: `10.${i}.0.0/16` }] }))).SecurityGroup!.Id!);
  });

  it("--max-results 2 returns one page with NextToken; --next-token walks every group exactly once", async () => {
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const args = ["list-input-security-groups", "--max-results", "2", ...(token ? ["--next-token", token] : [])];
      const json = ok(await ml(...args), describeCall(args));
      pageSizes.push(json.InputSecurityGroups.length);
      seen.push(...json.InputSecurityGroups.map((g: any) => g.Id));
      token = json.NextToken || undefined;
      if (!token) break;
    }
    assert.deepEqual(pageSizes, [2, 2, 1]);
    assert.deepEqual([...seen].sort(), [...ids].sort(), "every group exactly once");
  });

  it("the CLI paginator: --page-size 2 returns all; --max-items 3 returns 3 and a token to resume", async () => {
    const [all, paged, firstThree] = await Promise.all([
      ml("list-input-security-groups"),
      ml("list-input-security-groups", "--page-size", "2"),
      ml("list-input-security-groups", "--max-items", "3"),
    ]);
    assert.deepEqual(ok(all, "list").InputSecurityGroups.map((g: any) => g.Id).sort(), [...ids].sort());
    const pagedJson = ok(paged, "--page-size 2");
    assert.deepEqual(pagedJson.InputSecurityGroups.map((g: any) => g.Id).sort(), [...ids].sort());
    assert.equal(pagedJson.NextToken, undefined, "auto-pagination ends without a token");
    const three = ok(firstThree, "--max-items 3");
    assert.equal(three.InputSecurityGroups.length, 3);
    assert.ok(three.NextToken, "--max-items leaves a token");
    const rest = ok(await ml("list-input-security-groups", "--max-items", "3", "--starting-token", three.NextToken), "--starting-token");
    assert.deepEqual(
      [...three.InputSecurityGroups, ...rest.InputSecurityGroups].map((g: any) => g.Id).sort(),
      [...ids].sort(),
    );
  });

  it("maxResults outside 1–1000 and a forged nextToken → BadRequestException", async () => {
    const [zero, tooBig, max, forged] = await Promise.all([
      ml("list-input-security-groups", "--max-results", "0"),
      ml("list-input-security-groups", "--max-results", "1001"),
      ml("list-input-security-groups", "--max-results", "1000"),
      ml("list-input-security-groups", "--max-results", "2", "--next-token", "not-a-real-token"),
    ]);
    fails(zero, "BadRequestException", /maxResults/i, "--max-results 0");
    fails(tooBig, "BadRequestException", /maxResults/i, "--max-results 1001");
    assert.equal(ok(max, "--max-results 1000").InputSecurityGroups.length, 5);
    fails(forged, "BadRequestException", /nextToken|token/i, "forged --next-token");
  });

  it("list-inputs paginates the same way", async () => {
    const created = await Promise.all(
      ["a", "b", "c"].map(async (n) => (await sdkClient(service.server).send(new CreateInputCommand({ Type: "URL_PULL", Name: `page-${n}`, Sources: [{ Url: `https://203.0.113.20/${n}.m3u8` }] }))).Input!.Id!),
    );
    const [page1, all, byOne] = await Promise.all([
      ml("list-inputs", "--max-results", "2"),
      ml("list-inputs"),
      ml("list-inputs", "--page-size", "1"),
    ]);
    const first = ok(page1, "list-inputs --max-results 2");
    assert.equal(first.Inputs.length, 2);
    assert.ok(first.NextToken, "a second page exists");
    const second = ok(await ml("list-inputs", "--max-results", "2", "--next-token", first.NextToken), "list-inputs page 2");
    assert.equal(second.Inputs.length, 1);
    assert.ok(!second.NextToken, "the last page has no token");
    assert.deepEqual([...first.Inputs, ...second.Inputs].map((i: any) => i.Id).sort(), [...created].sort());
    assert.deepEqual(ok(all, "list-inputs").Inputs.map((i: any) => i.Id).sort(), [...created].sort());
    assert.deepEqual(ok(byOne, "list-inputs --page-size 1").Inputs.map((i: any) => i.Id).sort(), [...created].sort());
  });
});

describe("aws CLI: tags and signatures", () => {
  const service = serveForCli();
  const { ml } = service;

  async function exerciseTags(arn: string, initial: Record<string, string>): Promise<void> {
    assert.deepEqual(ok(await ml("list-tags-for-resource", "--resource-arn", arn), "list-tags").Tags, initial, "tags given at create");
    const created = await ml("create-tags", "--resource-arn", arn, "--tags", "a=1,b=2,c=3");
    ok(created, "create-tags");
    assert.equal(created.stdout.trim(), "", "CreateTags answers 204 with no body");
    assert.deepEqual(ok(await ml("list-tags-for-resource", "--resource-arn", arn), "list-tags").Tags, { ...initial, a: "1", b: "2", c: "3" });
    ok(await ml("create-tags", "--resource-arn", arn, "--tags", "a=changed"), "overwrite a tag");
    const deleted = await ml("delete-tags", "--resource-arn", arn, "--tag-keys", "b", "c");
    ok(deleted, "delete-tags");
    assert.equal(deleted.stdout.trim(), "", "DeleteTags answers 204 with no body");
    assert.deepEqual(ok(await ml("list-tags-for-resource", "--resource-arn", arn), "list-tags").Tags, { ...initial, a: "changed" });
  }

  it("create-tags / list-tags-for-resource / delete-tags on an input security group ARN", async () => {
    const created = ok(await ml("create-input-security-group", "--whitelist-rules", "Cidr=10.0.0.0/8", "--tags", "env=prod"), "create ISG");
    const { Arn: arn, Id: id } = created.SecurityGroup;
    await exerciseTags(arn, { env: "prod" });
    assert.deepEqual(ok(await ml("describe-input-security-group", "--input-security-group-id", id), "describe").Tags, { env: "prod", a: "changed" }, "describe shows the tags");
  });

  it("create-tags / list-tags-for-resource / delete-tags on an input ARN", async () => {
    const created = ok(await ml("create-input", "--type", "URL_PULL", "--name", "tagged", "--sources", "Url=https://203.0.113.9/a.m3u8", "--tags", "env=stage,cost=42"), "create input");
    assert.deepEqual(created.Input.Tags, { env: "stage", cost: "42" }, "tags given at create are returned");
    await exerciseTags(created.Input.Arn, { env: "stage", cost: "42" });
    assert.deepEqual(ok(await ml("describe-input", "--input-id", created.Input.Id), "describe").Tags, { env: "stage", cost: "42", a: "changed" });
  });

  it("a bad or unknown ARN → NotFoundException for every tag operation", async () => {
    const existing = ok(await ml("create-input-security-group", "--whitelist-rules", "Cidr=10.0.0.0/8"), "create ISG").SecurityGroup.Id;
    const unknownInput = `${ACCOUNT_PREFIX}input:9999999`;
    const unknownIsg = `${ACCOUNT_PREFIX}inputSecurityGroup:9999999`;
    const otherRegion = `arn:aws:medialive:eu-west-1:000000000000:inputSecurityGroup:${existing}`;
    const otherAccount = `arn:aws:medialive:us-east-1:111122223333:inputSecurityGroup:${existing}`;
    const results = await Promise.all([
      ml("list-tags-for-resource", "--resource-arn", "not-an-arn"),
      ml("list-tags-for-resource", "--resource-arn", unknownInput),
      ml("create-tags", "--resource-arn", unknownIsg, "--tags", "a=1"),
      ml("delete-tags", "--resource-arn", unknownInput, "--tag-keys", "a"),
      ml("list-tags-for-resource", "--resource-arn", otherRegion),
      ml("create-tags", "--resource-arn", otherAccount, "--tags", "a=1"),
    ]);
    const names = ["not-an-arn", "9999999", "9999999", "9999999", otherRegion, otherAccount];
    results.forEach((result, i) => fails(result, "NotFoundException", names[i]!, `tags on ${names[i]}`));
    assert.deepEqual(ok(await ml("list-tags-for-resource", "--resource-arn", `${ACCOUNT_PREFIX}inputSecurityGroup:${existing}`), "list").Tags, {}, "nothing was written");
  });

  it("a wrong secret or an unknown access key → ForbiddenException; the right key still works", async () => {
    const wrongSecret = { url: service.server.url, credentials: { accessKeyId: service.server.credentials.accessKeyId, secretAccessKey: `${service.server.credentials.secretAccessKey}x` } };
    const unknownKey = { url: service.server.url, credentials: { accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: service.server.credentials.secretAccessKey } };
    const countBefore = ok(await ml("list-input-security-groups"), "list").InputSecurityGroups.length;
    const [badSig, badSigPost, badKey, good] = await Promise.all([
      awsCli(wrongSecret, ["medialive", "list-inputs"]),
      awsCli(wrongSecret, ["medialive", "create-input-security-group", "--whitelist-rules", "Cidr=10.0.0.0/8"]),
      awsCli(unknownKey, ["medialive", "list-input-security-groups"]),
      ml("list-input-security-groups"),
    ]);
    fails(badSig, "ForbiddenException", /signature/i, "wrong secret (GET)");
    fails(badSigPost, "ForbiddenException", /signature/i, "wrong secret (POST)");
    fails(badKey, "ForbiddenException", /security token|access key/i, "unknown access key");
    const wrongRegion = await awsCli(service.server, ["medialive", "list-inputs"], { region: "eu-west-1" });
    fails(wrongRegion, "ForbiddenException", /region/i, "request signed for eu-west-1 at a us-east-1 openlive");
    ok(good, "right credentials");
    const countAfter = ok(await ml("list-input-security-groups"), "list").InputSecurityGroups.length;
    assert.equal(countAfter, countBefore, "the refused create wrote nothing");
  });
});
