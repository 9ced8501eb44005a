// End-to-end: the pinned @aws-sdk/client-medialive against a real `./openlive serve`.
// Every input security group, input and tag operation, the SDK's typed errors, its
// paginators and waiters, CreateInput idempotency and SigV4 failures, exactly as an
// application written for AWS Elemental MediaLive would exercise them.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { readFileSync } from "node:fs";
import {
  CreateChannelCommand,
  DeleteChannelCommand,
  BadRequestException,
  ConflictException,
  CreateInputCommand,
  CreateInputSecurityGroupCommand,
  CreateTagsCommand,
  DeleteInputCommand,
  DeleteInputSecurityGroupCommand,
  DeleteTagsCommand,
  DescribeInputCommand,
  DescribeInputSecurityGroupCommand,
  ForbiddenException,
  ListInputSecurityGroupsCommand,
  ListInputsCommand,
  ListTagsForResourceCommand,
  MediaLiveClient,
  NotFoundException,
  UpdateInputCommand,
  UpdateInputSecurityGroupCommand,
  paginateListInputSecurityGroups,
  paginateListInputs,
  waitUntilInputDeleted,
  waitUntilInputDetached,
  type CreateInputCommandInput,
  type Input,
  type InputSecurityGroup,
} from "@aws-sdk/client-medialive";
import { makeOutputDir, REPO_ROOT, startOpenlive, type OpenliveProcess } from "../helpers/openlive-process.ts";
import { sdkClient } from "../helpers/sdk.ts";
import { createInput as sdkCreateInput, createIsg as sdkCreateIsg, rejectsWith, strip } from "../helpers/sdk-asserts.ts";

const ACCOUNT = "000000000000";
const REGION = "us-east-1";
const ID_RE = /^\d{7}$/;
const PORT_RANGE = { first: 5000, last: 5999 };
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:srt-passphrase";
const WAITER = { maxWaitTime: 30, minDelay: 1, maxDelay: 2 } as const;
const T = { timeout: 30_000 } as const;

function inputArn(id: string): string {
  return `arn:aws:medialive:${REGION}:${ACCOUNT}:input:${id}`;
}

function isgArn(id: string): string {
  return `arn:aws:medialive:${REGION}:${ACCOUNT}:inputSecurityGroup:${id}`;
}

/** Push endpoints: count, address, string port in the range, URL built from them. */
function assertPushEndpoints(input: Input, scheme: "rtp" | "rtmp" | "srt", streamNames: readonly string[] = []): number[] {
  const destinations = input.Destinations ?? [];
  const expectedCount = scheme === "rtmp" ? streamNames.length : 2;
  assert.equal(destinations.length, expectedCount, `destinations of ${input.Type}: ${JSON.stringify(destinations)}`);
  const ports = destinations.map((destination, index) => {
    assert.equal(destination.Ip, "127.0.0.1");
    assert.equal(typeof destination.Port, "string", "Port is a string on the wire");
    assert.match(destination.Port!, /^\d+$/);
    const port = Number(destination.Port);
    assert.ok(port >= PORT_RANGE.first && port <= PORT_RANGE.last, `port ${port} in ${PORT_RANGE.first}-${PORT_RANGE.last}`);
    if (scheme === "rtp") assert.equal(port % 2, 0, `RTP port ${port} is even`);
    const suffix = scheme === "rtmp" ? `/${streamNames[index]}` : "";
    assert.equal(destination.Url, `${scheme}://127.0.0.1:${port}${suffix}`);
    return port;
  });
  assert.equal(new Set(ports).size, ports.length, "the two pipelines have different ports");
  return ports;
}

/** Every port each live input holds (RTP holds port..port+4 for FEC): no port may be held twice. */
async function assertNoSharedPorts(client: MediaLiveClient): Promise<void> {
  const holder = new Map<number, string>();
  for await (const page of paginateListInputs({ client, pageSize: 1000 }, {})) {
    for (const input of page.Inputs ?? []) {
      for (const destination of input.Destinations ?? []) {
        const first = Number(destination.Port);
        const span = input.Type === "RTP_PUSH" ? 5 : 1;
        for (let port = first; port < first + span; port++) {
          assert.ok(!holder.has(port), `port ${port} held by both ${holder.get(port)} and ${input.Id}`);
          holder.set(port, input.Id!);
        }
      }
    }
  }
}

describe("MediaLive SDK against openlive: input security groups, inputs, tags", () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;

  before(async () => {
    openlive = await startOpenlive({ inputRoots: ["/var/media"] });
    client = sdkClient(openlive);
  });

  after(async () => {
    client?.destroy();
    const code = await openlive?.stop();
    assert.equal(code, 0, `openlive exited with ${code}:\n${openlive?.logs()}`);
  });

  const createIsg = (cidrs: readonly string[], tags?: Record<string, string>): Promise<InputSecurityGroup> => sdkCreateIsg(client, cidrs, tags);
  const createInput = (request: CreateInputCommandInput): Promise<Input> => sdkCreateInput(client, request);

  async function describeInput(id: string): Promise<Input> {
    return strip(await client.send(new DescribeInputCommand({ InputId: id }))) as Input;
  }

  async function describeIsg(id: string): Promise<InputSecurityGroup> {
    return strip(await client.send(new DescribeInputSecurityGroupCommand({ InputSecurityGroupId: id }))) as InputSecurityGroup;
  }

  describe("input security groups", () => {
    test("create, describe, list, update and delete an ISG with IPv4 and IPv6 rules and tags", T, async () => {
      const created = await client.send(
        new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "203.0.113.0/24" }, { Cidr: "2001:db8::/32" }], Tags: { env: "dev", team: "video" } }),
      );
      assert.equal(created.$metadata.httpStatusCode, 200, "CreateInputSecurityGroup answers 200, not 201");
      assert.ok(created.$metadata.requestId, "x-amzn-RequestId reaches the SDK");
      const isg = created.SecurityGroup!;
      assert.match(isg.Id!, ID_RE);
      assert.equal(isg.Arn, isgArn(isg.Id!));
      assert.equal(isg.State, "IDLE");
      assert.deepEqual(isg.WhitelistRules, [{ Cidr: "203.0.113.0/24" }, { Cidr: "2001:db8::/32" }]);
      assert.deepEqual(isg.Tags, { env: "dev", team: "video" });
      assert.deepEqual(isg.Inputs ?? [], []);

      assert.deepEqual(await describeIsg(isg.Id!), isg, "DescribeInputSecurityGroup shows what Create returned");

      const listed = await client.send(new ListInputSecurityGroupsCommand({}));
      assert.deepEqual(
        listed.InputSecurityGroups?.find((g) => g.Id === isg.Id),
        isg,
      );

      const updated = await client.send(
        new UpdateInputSecurityGroupCommand({ InputSecurityGroupId: isg.Id!, WhitelistRules: [{ Cidr: "198.51.100.7/32" }] }),
      );
      assert.equal(updated.$metadata.httpStatusCode, 200);
      assert.deepEqual(updated.SecurityGroup?.WhitelistRules, [{ Cidr: "198.51.100.7/32" }], "the rule list is replaced");
      assert.deepEqual(updated.SecurityGroup?.Tags, { env: "dev", team: "video" }, "an update without tags keeps them");
      assert.equal(updated.SecurityGroup?.Id, isg.Id);
      assert.deepEqual((await describeIsg(isg.Id!)).WhitelistRules, [{ Cidr: "198.51.100.7/32" }]);

      const deleted = await client.send(new DeleteInputSecurityGroupCommand({ InputSecurityGroupId: isg.Id! }));
      assert.equal(deleted.$metadata.httpStatusCode, 200);
      assert.deepEqual(strip(deleted), {});
      const afterDelete = await describeIsg(isg.Id!);
      assert.equal(afterDelete.State, "DELETED", "a deleted ISG stays visible as DELETED");
      await rejectsWith(
        client.send(new UpdateInputSecurityGroupCommand({ InputSecurityGroupId: isg.Id!, WhitelistRules: [{ Cidr: "10.0.0.0/8" }] })),
        NotFoundException,
        404,
        new RegExp(isg.Id!),
      );
    });

    test("bad rule lists are refused with BadRequestException naming the problem", T, async () => {
      await rejectsWith(client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [] })), BadRequestException, 400, /at least one/i);
      await rejectsWith(client.send(new CreateInputSecurityGroupCommand({})), BadRequestException, 400, /at least one/i);
      const eleven = Array.from({ length: 11 }, (_, i) => ({ Cidr: `10.0.${i}.0/24` }));
      await rejectsWith(client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: eleven })), BadRequestException, 400, /10/);
      await rejectsWith(client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "10.0.0.1" }] })), BadRequestException, 400, /10\.0\.0\.1/);
      await rejectsWith(client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "10.0.0.0/8" }, { Cidr: "300.1.2.3/8" }] })), BadRequestException, 400, /300\.1\.2\.3/);
      await rejectsWith(client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "10.0.0.0/33" }] })), BadRequestException, 400, /10\.0\.0\.0\/33|33/);
      await rejectsWith(client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "2001:db8::/129" }] })), BadRequestException, 400, /129/);
      const exactlyTen = Array.from({ length: 10 }, (_, i) => ({ Cidr: `10.1.${i}.0/24` }));
      const ten = await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: exactlyTen }));
      assert.equal(ten.SecurityGroup?.WhitelistRules?.length, 10, "ten rules are allowed");
      const isg = ten.SecurityGroup!;
      await rejectsWith(
        client.send(new UpdateInputSecurityGroupCommand({ InputSecurityGroupId: isg.Id!, WhitelistRules: [] })),
        BadRequestException,
        400,
        /at least one/i,
      );
      assert.equal((await describeIsg(isg.Id!)).WhitelistRules?.length, 10, "a refused update changes nothing");
      await client.send(new DeleteInputSecurityGroupCommand({ InputSecurityGroupId: isg.Id! }));
    });

    test("unknown ISG IDs answer NotFoundException", T, async () => {
      await rejectsWith(client.send(new DescribeInputSecurityGroupCommand({ InputSecurityGroupId: "0000001" })), NotFoundException, 404, /0000001/);
      await rejectsWith(
        client.send(new UpdateInputSecurityGroupCommand({ InputSecurityGroupId: "0000001", WhitelistRules: [{ Cidr: "10.0.0.0/8" }] })),
        NotFoundException,
        404,
        /0000001/,
      );
      await rejectsWith(client.send(new DeleteInputSecurityGroupCommand({ InputSecurityGroupId: "0000001" })), NotFoundException, 404, /0000001/);
    });

    test("state follows attachment: IDLE → IN_USE (inputs listed) → delete refused → IDLE after the input goes", T, async () => {
      const isg = await createIsg(["192.0.2.0/24"]);
      const input = await createInput({ Name: "isg-user", Type: "RTP_PUSH", InputSecurityGroups: [isg.Id!] });
      const inUse = await describeIsg(isg.Id!);
      assert.equal(inUse.State, "IN_USE");
      assert.deepEqual(inUse.Inputs, [input.Id]);

      await rejectsWith(client.send(new DeleteInputSecurityGroupCommand({ InputSecurityGroupId: isg.Id! })), BadRequestException, 400, new RegExp(input.Id!));
      assert.equal((await describeIsg(isg.Id!)).State, "IN_USE", "a refused delete changes nothing");

      await client.send(new DeleteInputCommand({ InputId: input.Id! }));
      const idle = await describeIsg(isg.Id!);
      assert.equal(idle.State, "IDLE");
      assert.deepEqual(idle.Inputs ?? [], []);
      await client.send(new DeleteInputSecurityGroupCommand({ InputSecurityGroupId: isg.Id! }));
      assert.equal((await describeIsg(isg.Id!)).State, "DELETED");
    });
  });

  describe("inputs", () => {
    let isgA: InputSecurityGroup;
    let isgB: InputSecurityGroup;

    before(async () => {
      isgA = await createIsg(["10.0.0.0/8"], { role: "a" });
      isgB = await createIsg(["172.16.0.0/12", "fd00::/8"], { role: "b" });
    });

    test("RTP_PUSH: two even-port rtp:// endpoints, STANDARD, ISG attached; Describe and List agree", T, async () => {
      const input = await createInput({ Name: "studio-rtp", Type: "RTP_PUSH", InputSecurityGroups: [isgA.Id!], Tags: { show: "news" } });
      assert.match(input.Id!, ID_RE);
      assert.equal(input.Arn, inputArn(input.Id!));
      assert.equal(input.Name, "studio-rtp");
      assert.equal(input.Type, "RTP_PUSH");
      assert.equal(input.InputClass, "STANDARD");
      assert.equal(input.InputSourceType, "STATIC");
      assert.ok(input.State === "CREATING" || input.State === "DETACHED", `state ${input.State}`);
      assert.deepEqual(input.SecurityGroups, [isgA.Id]);
      assert.deepEqual(input.AttachedChannels ?? [], []);
      assert.deepEqual(input.Sources ?? [], []);
      assert.deepEqual(input.Tags, { show: "news" });
      const ports = assertPushEndpoints(input, "rtp");
      assert.ok(Math.abs(ports[0]! - ports[1]!) >= 5, `RTP endpoints keep 5 ports each for FEC: ${ports}`);

      const described = await describeInput(input.Id!);
      assert.equal(described.State, "DETACHED");
      assert.deepEqual({ ...described, State: undefined }, { ...input, State: undefined }, "DescribeInput shows what Create returned");

      const listed = await client.send(new ListInputsCommand({}));
      assert.deepEqual(listed.Inputs?.find((i) => i.Id === input.Id), described);
      assert.ok((await describeIsg(isgA.Id!)).Inputs?.includes(input.Id!));
    });

    test("RTMP_PUSH: one or two app/instance destinations → rtmp:// URLs, class follows the count", T, async () => {
      const two = await createInput({
        Name: "rtmp-2",
        Type: "RTMP_PUSH",
        InputSecurityGroups: [isgA.Id!, isgB.Id!],
        Destinations: [{ StreamName: "live/a" }, { StreamName: "live/b" }],
      });
      assert.equal(two.InputClass, "STANDARD");
      assert.deepEqual(two.SecurityGroups, [isgA.Id, isgB.Id]);
      assertPushEndpoints(two, "rtmp", ["live/a", "live/b"]);

      const one = await createInput({ Name: "rtmp-1", Type: "RTMP_PUSH", InputSecurityGroups: [isgB.Id!], Destinations: [{ StreamName: "app/cam1" }] });
      assert.equal(one.InputClass, "SINGLE_PIPELINE");
      assertPushEndpoints(one, "rtmp", ["app/cam1"]);

      await rejectsWith(
        client.send(new CreateInputCommand({ Type: "RTMP_PUSH", InputSecurityGroups: [isgA.Id!], Destinations: [{ StreamName: "a/1" }, { StreamName: "a/2" }, { StreamName: "a/3" }] })),
        BadRequestException,
        400,
        /destination/i,
      );
      await rejectsWith(
        client.send(new CreateInputCommand({ Type: "RTMP_PUSH", InputSecurityGroups: [isgA.Id!], Destinations: [{ StreamName: "noslash" }] })),
        BadRequestException,
        400,
        /noslash/,
      );
      await rejectsWith(
        client.send(new CreateInputCommand({ Type: "RTMP_PUSH", InputSecurityGroups: [isgA.Id!] })),
        BadRequestException,
        400,
        /destination/i,
      );
    });

    test("SRT_LISTENER: two srt:// endpoints, listener settings echoed; latency 120–15000 enforced", T, async () => {
      const settings = { MinimumLatency: 250, StreamId: "cam-1", Decryption: { Algorithm: "AES256" as const, PassphraseSecretArn: SECRET_ARN } };
      const input = await createInput({ Name: "srt-in", Type: "SRT_LISTENER", InputSecurityGroups: [isgB.Id!], SrtSettings: { SrtListenerSettings: settings } });
      assert.equal(input.Type, "SRT_LISTENER");
      assert.equal(input.InputClass, "STANDARD");
      assertPushEndpoints(input, "srt");
      assert.deepEqual(input.SrtSettings?.SrtListenerSettings, settings);

      for (const latency of [119, 15001]) {
        await rejectsWith(
          client.send(
            new CreateInputCommand({ Type: "SRT_LISTENER", InputSecurityGroups: [isgB.Id!], SrtSettings: { SrtListenerSettings: { ...settings, MinimumLatency: latency } } }),
          ),
          BadRequestException,
          400,
          new RegExp(`minimumLatency.*${latency}|${latency}`),
        );
      }
      for (const latency of [120, 15000]) {
        const ok = await createInput({ Type: "SRT_LISTENER", InputSecurityGroups: [isgB.Id!], SrtSettings: { SrtListenerSettings: { ...settings, MinimumLatency: latency } } });
        assert.equal(ok.SrtSettings?.SrtListenerSettings?.MinimumLatency, latency);
      }
    });

    test("pull inputs: URL_PULL, RTMP_PULL, MP4_FILE (dynamic), TS_FILE, SRT_CALLER; no endpoints, no ISGs", T, async () => {
      const hls = await createInput({
        Name: "hls",
        Type: "URL_PULL",
        Sources: [{ Url: "https://203.0.113.13/sports/curling.m3u8", Username: "examplecorp", PasswordParam: "/medialive/examplecorp1" }],
      });
      assert.equal(hls.InputClass, "SINGLE_PIPELINE");
      assert.deepEqual(hls.Destinations ?? [], []);
      assert.deepEqual(hls.SecurityGroups ?? [], []);
      assert.deepEqual(hls.Sources, [{ Url: "https://203.0.113.13/sports/curling.m3u8", Username: "examplecorp", PasswordParam: "/medialive/examplecorp1" }]);
      assert.equal(hls.InputSourceType, "STATIC");

      const hls2 = await createInput({ Type: "URL_PULL", Sources: [{ Url: "http://203.0.113.13/a.m3u8" }, { Url: "http://203.0.113.14/b.m3u8" }] });
      assert.equal(hls2.InputClass, "STANDARD");

      const rtmpPull = await createInput({ Type: "RTMP_PULL", Sources: [{ Url: "rtmp://203.0.113.13:1935/live/curling" }] });
      assert.equal(rtmpPull.Type, "RTMP_PULL");
      assert.equal(rtmpPull.InputClass, "SINGLE_PIPELINE");

      const mp4 = await createInput({ Type: "MP4_FILE", Sources: [{ Url: "https://203.0.113.13/vod/$urlPath$" }] });
      assert.equal(mp4.InputSourceType, "DYNAMIC");
      const mp4Static = await createInput({ Type: "MP4_FILE", Sources: [{ Url: "file:///var/media/clip.mp4" }] });
      assert.equal(mp4Static.InputSourceType, "STATIC");

      const ts = await createInput({ Type: "TS_FILE", Sources: [{ Url: "https://203.0.113.13/a.ts" }, { Url: "https://203.0.113.13/b.m2ts" }] });
      assert.equal(ts.InputClass, "STANDARD");

      const caller = await createInput({
        Type: "SRT_CALLER",
        SrtSettings: { SrtCallerSources: [{ SrtListenerAddress: "203.0.113.5", SrtListenerPort: "7000", StreamId: "s1", MinimumLatency: 200 }] },
      });
      assert.equal(caller.InputClass, "SINGLE_PIPELINE");
      assert.deepEqual(caller.SrtSettings?.SrtCallerSources, [{ SrtListenerAddress: "203.0.113.5", SrtListenerPort: "7000", StreamId: "s1", MinimumLatency: 200 }]);
      assert.deepEqual(caller.Destinations ?? [], []);

      for (const input of [hls, hls2, rtmpPull, mp4, mp4Static, ts, caller]) {
        assert.equal((await describeInput(input.Id!)).State, "DETACHED");
      }
    });

    test("pull URLs are checked per type", T, async () => {
      const cases: [CreateInputCommandInput, RegExp][] = [
        [{ Type: "URL_PULL", Sources: [{ Url: "rtmp://203.0.113.13/live/x" }] }, /rtmp:\/\/203\.0\.113\.13\/live\/x/],
        [{ Type: "RTMP_PULL", Sources: [{ Url: "https://203.0.113.13/a.m3u8" }] }, /https:\/\/203\.0\.113\.13\/a\.m3u8/],
        [{ Type: "MP4_FILE", Sources: [{ Url: "https://203.0.113.13/a.ts" }] }, /\.mp4/],
        [{ Type: "TS_FILE", Sources: [{ Url: "https://203.0.113.13/a.mp4" }] }, /\.ts/],
        [{ Type: "URL_PULL", Sources: [{ Url: "https://203.0.113.13/a.m3u8" }, { Url: "not a url" }] }, /sources\[1\]/],
        [{ Type: "URL_PULL", Sources: [{ Url: "https://a/1.m3u8" }, { Url: "https://a/2.m3u8" }, { Url: "https://a/3.m3u8" }] }, /one or two/i],
        [{ Type: "URL_PULL" }, /source/i],
        [{ Type: "SRT_CALLER", SrtSettings: { SrtCallerSources: [{ SrtListenerAddress: "203.0.113.5", SrtListenerPort: "70000" }] } }, /70000/],
      ];
      for (const [request, message] of cases) {
        await rejectsWith(client.send(new CreateInputCommand(request)), BadRequestException, 400, message);
      }
    });

    test("type and ISG rules: UDP_PUSH, unsupported types, missing/unknown ISGs, ISGs on pull inputs", T, async () => {
      const before = (await client.send(new ListInputsCommand({}))).Inputs?.length;
      await rejectsWith(client.send(new CreateInputCommand({ Type: "UDP_PUSH", InputSecurityGroups: [isgA.Id!] })), BadRequestException, 400, /UDP[\s\S]*RTP_PUSH/);
      for (const type of ["MEDIACONNECT", "INPUT_DEVICE", "AWS_CDI", "SDI", "MULTICAST", "SMPTE_2110_RECEIVER_GROUP", "MEDIACONNECT_ROUTER"] as const) {
        await rejectsWith(client.send(new CreateInputCommand({ Type: type })), BadRequestException, 400, new RegExp(`${type}[\\s\\S]*RTP_PUSH[\\s\\S]*SRT_LISTENER|RTP_PUSH[\\s\\S]*${type}`));
      }
      for (const type of ["RTP_PUSH", "SRT_LISTENER"] as const) {
        await rejectsWith(client.send(new CreateInputCommand({ Type: type })), BadRequestException, 400, /security group/i);
        await rejectsWith(client.send(new CreateInputCommand({ Type: type, InputSecurityGroups: [] })), BadRequestException, 400, /security group/i);
      }
      await rejectsWith(
        client.send(new CreateInputCommand({ Type: "RTMP_PUSH", Destinations: [{ StreamName: "live/a" }] })),
        BadRequestException,
        400,
        /security group/i,
      );
      await rejectsWith(client.send(new CreateInputCommand({ Type: "RTP_PUSH", InputSecurityGroups: ["0000001"] })), BadRequestException, 400, /0000001/);
      await rejectsWith(
        client.send(new CreateInputCommand({ Type: "URL_PULL", InputSecurityGroups: [isgA.Id!], Sources: [{ Url: "https://203.0.113.13/a.m3u8" }] })),
        BadRequestException,
        400,
        /push inputs only/i,
      );
      const deletedIsg = await createIsg(["198.51.100.0/24"]);
      await client.send(new DeleteInputSecurityGroupCommand({ InputSecurityGroupId: deletedIsg.Id! }));
      await rejectsWith(client.send(new CreateInputCommand({ Type: "RTP_PUSH", InputSecurityGroups: [deletedIsg.Id!] })), BadRequestException, 400, new RegExp(deletedIsg.Id!));
      assert.equal((await client.send(new ListInputsCommand({}))).Inputs?.length, before, "no refused create left an input behind");
    });

    test("UpdateInput: name, stream names and ISGs change; type and endpoints stay", T, async () => {
      const input = await createInput({ Name: "before", Type: "RTMP_PUSH", InputSecurityGroups: [isgA.Id!], Destinations: [{ StreamName: "live/a" }, { StreamName: "live/b" }] });
      const ports = input.Destinations!.map((d) => d.Port);
      const out = await client.send(
        new UpdateInputCommand({ InputId: input.Id!, Name: "after", InputSecurityGroups: [isgB.Id!], Destinations: [{ StreamName: "show/main" }, { StreamName: "show/backup" }] }),
      );
      assert.equal(out.$metadata.httpStatusCode, 200);
      const updated = out.Input!;
      assert.equal(updated.Id, input.Id);
      assert.equal(updated.Name, "after");
      assert.equal(updated.Type, "RTMP_PUSH");
      assert.deepEqual(updated.SecurityGroups, [isgB.Id]);
      assert.deepEqual(updated.Destinations!.map((d) => d.Port), ports, "endpoints stay for the input's life");
      assertPushEndpoints(updated, "rtmp", ["show/main", "show/backup"]);
      const described = await describeInput(input.Id!);
      assert.deepEqual(described.Destinations, updated.Destinations);
      assert.equal(described.Name, "after");
      assert.ok(!(await describeIsg(isgA.Id!)).Inputs?.includes(input.Id!), "the old ISG no longer lists the input");
      assert.ok((await describeIsg(isgB.Id!)).Inputs?.includes(input.Id!), "the new ISG lists it");

      await rejectsWith(
        client.send(new UpdateInputCommand({ InputId: input.Id!, Destinations: [{ StreamName: "only/one" }] })),
        BadRequestException,
        400,
        /destination/i,
      );
      await rejectsWith(client.send(new UpdateInputCommand({ InputId: input.Id!, InputSecurityGroups: [] })), BadRequestException, 400, /security group/i);
      assert.deepEqual(await describeInput(input.Id!), described, "refused updates change nothing");

      const rtp = await createInput({ Type: "RTP_PUSH", InputSecurityGroups: [isgA.Id!] });
      const renamed = (await client.send(new UpdateInputCommand({ InputId: rtp.Id!, Name: "renamed" }))).Input!;
      assert.deepEqual(renamed.Destinations, rtp.Destinations);
      assert.equal(renamed.Type, "RTP_PUSH");

      const pull = await createInput({ Type: "URL_PULL", Sources: [{ Url: "https://203.0.113.13/a.m3u8" }] });
      const twoSources = (
        await client.send(new UpdateInputCommand({ InputId: pull.Id!, Sources: [{ Url: "https://203.0.113.13/a.m3u8" }, { Url: "https://203.0.113.14/a.m3u8" }] }))
      ).Input!;
      assert.equal(twoSources.InputClass, "STANDARD");
      assert.equal(twoSources.Sources?.length, 2);
      await rejectsWith(
        client.send(new UpdateInputCommand({ InputId: pull.Id!, InputSecurityGroups: [isgA.Id!] })),
        BadRequestException,
        400,
        /push inputs only/i,
      );

      await rejectsWith(client.send(new UpdateInputCommand({ InputId: "0000001", Name: "x" })), NotFoundException, 404, /0000001/);
    });

    test("DescribeInput/DeleteInput of unknown IDs answer NotFoundException", T, async () => {
      await rejectsWith(client.send(new DescribeInputCommand({ InputId: "0000001" })), NotFoundException, 404, /0000001/);
      await rejectsWith(client.send(new DeleteInputCommand({ InputId: "0000001" })), NotFoundException, 404, /0000001/);
      await rejectsWith(client.send(new DescribeInputCommand({ InputId: "not-a-number" })), NotFoundException, 404, /not-a-number/);
    });

    test("waiters: InputDetached after CreateInput, InputDeleted after DeleteInput (State DELETED)", T, async () => {
      const input = await createInput({ Name: "waited", Type: "RTP_PUSH", InputSecurityGroups: [isgA.Id!] });
      const detached = await waitUntilInputDetached({ client, ...WAITER }, { InputId: input.Id! });
      assert.equal(detached.state, "SUCCESS");
      assert.equal((await describeInput(input.Id!)).State, "DETACHED");

      const deleted = await client.send(new DeleteInputCommand({ InputId: input.Id! }));
      assert.equal(deleted.$metadata.httpStatusCode, 200);
      assert.deepEqual(strip(deleted), {});
      const gone = await waitUntilInputDeleted({ client, ...WAITER }, { InputId: input.Id! });
      assert.equal(gone.state, "SUCCESS");
      const described = await describeInput(input.Id!);
      assert.equal(described.State, "DELETED");
      assert.equal(described.Id, input.Id);
      assert.ok(!(await client.send(new ListInputsCommand({}))).Inputs?.some((i) => i.Id === input.Id), "ListInputs leaves deleted inputs out");
      assert.ok(!(await describeIsg(isgA.Id!)).Inputs?.includes(input.Id!), "a deleted input no longer holds its ISG");
    });

    test("idempotency: the same RequestId returns the same input; omitted RequestIds create two", T, async () => {
      const countBefore = (await client.send(new ListInputsCommand({}))).Inputs!.length;
      const requestId = "5f0e6a66-2d3c-4b6e-9c7a-0d2f7f3b8a11";
      const request: CreateInputCommandInput = { Name: "retry-me", Type: "RTP_PUSH", InputSecurityGroups: [isgA.Id!], RequestId: requestId };
      const first = await createInput(request);
      const second = await createInput(request);
      assert.equal(second.Id, first.Id, "a retried create returns the same input");
      assert.deepEqual(second.Destinations, first.Destinations, "and the same endpoints");
      assert.equal((await client.send(new ListInputsCommand({}))).Inputs!.length, countBefore + 1);

      await rejectsWith(
        client.send(new CreateInputCommand({ ...request, Name: "something else" })),
        BadRequestException,
        400,
        new RegExp(requestId),
      );

      const plain: CreateInputCommandInput = { Name: "no-token", Type: "URL_PULL", Sources: [{ Url: "https://203.0.113.13/a.m3u8" }] };
      const a = await createInput(plain);
      const b = await createInput(plain);
      assert.notEqual(a.Id, b.Id, "the SDK fills a fresh RequestId per call, so these are two inputs");
      assert.equal((await client.send(new ListInputsCommand({}))).Inputs!.length, countBefore + 3);
    });

    test("delete while attached to a channel → ConflictException 409", T, async () => {
      const input = await createInput({ Name: "attached", Type: "RTP_PUSH", InputSecurityGroups: [isgA.Id!] });
      // The README's example channel (CLI JSON uses the SDK's member names), on this input and its own folder.
      const example = readFileSync(path.join(REPO_ROOT, "examples/channel-hls.json"), "utf8")
        .replaceAll("INPUT_ID", input.Id!)
        .replace("file://OUTPUT_ROOT/live/index", `file://${makeOutputDir("openlive-sdk-inputs-")}/live/index`);
      const channel = (await client.send(new CreateChannelCommand(JSON.parse(example)))).Channel!;
      const attached = await describeInput(input.Id!);
      assert.equal(attached.State, "ATTACHED");
      assert.deepEqual(attached.AttachedChannels, [channel.Id]);
      await rejectsWith(client.send(new DeleteInputCommand({ InputId: input.Id! })), ConflictException, 409, new RegExp(channel.Id!));
      assert.equal((await describeInput(input.Id!)).State, "ATTACHED", "a refused delete changes nothing");
      await client.send(new DeleteChannelCommand({ ChannelId: channel.Id! }));
      assert.equal((await describeInput(input.Id!)).State, "DETACHED");
      await client.send(new DeleteInputCommand({ InputId: input.Id! }));
      assert.equal((await describeInput(input.Id!)).State, "DELETED");
    });

    test("no two live inputs share a port", T, async () => {
      await assertNoSharedPorts(client);
    });
  });

  describe("tags", () => {
    test("CreateTags, ListTagsForResource and DeleteTags on an input and on an ISG", T, async () => {
      const isg = await createIsg(["10.0.0.0/8"], { env: "dev" });
      const input = await createInput({ Type: "RTP_PUSH", InputSecurityGroups: [isg.Id!], Tags: { owner: "ops" } });
      for (const [arn, initial, describe] of [
        [isg.Arn!, { env: "dev" }, async () => (await describeIsg(isg.Id!)).Tags],
        [input.Arn!, { owner: "ops" }, async () => (await describeInput(input.Id!)).Tags],
      ] as const) {
        const listed = await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
        assert.equal(listed.$metadata.httpStatusCode, 200);
        assert.deepEqual(listed.Tags, initial);

        const created = await client.send(new CreateTagsCommand({ ResourceArn: arn, Tags: { a: "1", b: "2", "with space/and:colon": "x y" } }));
        assert.equal(created.$metadata.httpStatusCode, 204);
        const merged = { ...initial, a: "1", b: "2", "with space/and:colon": "x y" };
        assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, merged);
        assert.deepEqual(await describe(), merged, "Describe shows the same tags");

        await client.send(new CreateTagsCommand({ ResourceArn: arn, Tags: { a: "changed" } }));
        assert.equal((await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags?.a, "changed", "CreateTags overwrites a key");

        const removed = await client.send(new DeleteTagsCommand({ ResourceArn: arn, TagKeys: ["a", "with space/and:colon", "never-there"] }));
        assert.equal(removed.$metadata.httpStatusCode, 204);
        assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, { ...initial, b: "2" });
      }
    });

    test("tag errors: unknown, foreign and malformed ARNs → NotFoundException; bad tags → BadRequestException", T, async () => {
      for (const arn of [inputArn("0000001"), isgArn("0000001"), `arn:aws:medialive:eu-west-1:${ACCOUNT}:input:1234567`, "arn:aws:medialive:us-east-1:111122223333:input:1234567", "not-an-arn"]) {
        await rejectsWith(client.send(new ListTagsForResourceCommand({ ResourceArn: arn })), NotFoundException, 404, /./);
        await rejectsWith(client.send(new CreateTagsCommand({ ResourceArn: arn, Tags: { a: "b" } })), NotFoundException, 404, /./);
        await rejectsWith(client.send(new DeleteTagsCommand({ ResourceArn: arn, TagKeys: ["a"] })), NotFoundException, 404, /./);
      }
      const isg = await createIsg(["10.0.0.0/8"]);
      await rejectsWith(client.send(new CreateTagsCommand({ ResourceArn: isg.Arn!, Tags: { "aws:reserved": "x" } })), BadRequestException, 400, /aws:/);
      await rejectsWith(client.send(new CreateTagsCommand({ ResourceArn: isg.Arn!, Tags: { ["k".repeat(129)]: "x" } })), BadRequestException, 400, /128/);
      const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
      await rejectsWith(client.send(new CreateTagsCommand({ ResourceArn: isg.Arn!, Tags: tooMany })), BadRequestException, 400, /50/);
      assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceArn: isg.Arn! }))).Tags, {}, "refused tag changes leave nothing behind");

      await client.send(new DeleteInputSecurityGroupCommand({ InputSecurityGroupId: isg.Id! }));
      await rejectsWith(client.send(new ListTagsForResourceCommand({ ResourceArn: isg.Arn! })), NotFoundException, 404, /./);
    });
  });

  describe("SigV4 failures", () => {
    function clientWith(overrides: { accessKeyId?: string; secretAccessKey?: string; systemClockOffset?: number }): MediaLiveClient {
      return new MediaLiveClient({
        region: REGION,
        endpoint: openlive.url,
        maxAttempts: 1,
        credentials: {
          accessKeyId: overrides.accessKeyId ?? openlive.credentials.accessKeyId,
          secretAccessKey: overrides.secretAccessKey ?? openlive.credentials.secretAccessKey,
        },
        ...(overrides.systemClockOffset !== undefined ? { systemClockOffset: overrides.systemClockOffset } : {}),
      });
    }

    test("wrong secret → ForbiddenException 403", T, async () => {
      const bad = clientWith({ secretAccessKey: `${openlive.credentials.secretAccessKey}x` });
      try {
        await rejectsWith(bad.send(new ListInputsCommand({})), ForbiddenException, 403, /signature/i);
        await rejectsWith(bad.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "10.0.0.0/8" }] })), ForbiddenException, 403, /signature/i);
      } finally {
        bad.destroy();
      }
    });

    test("unknown access key → ForbiddenException 403", T, async () => {
      const bad = clientWith({ accessKeyId: "AKIAUNKNOWNKEY000000" });
      try {
        await rejectsWith(bad.send(new ListInputSecurityGroupsCommand({})), ForbiddenException, 403, /security token|access key|invalid/i);
      } finally {
        bad.destroy();
      }
    });

    test("a clock 20 minutes off → 403 about the request time; 10 minutes off still works", T, async () => {
      for (const offset of [20 * 60_000, -20 * 60_000]) {
        const skewed = clientWith({ systemClockOffset: offset });
        try {
          await rejectsWith(skewed.send(new ListInputsCommand({})), ForbiddenException, 403, /expired|time|clock|skew/i);
        } finally {
          skewed.destroy();
        }
      }
      for (const offset of [10 * 60_000, -10 * 60_000]) {
        const close = clientWith({ systemClockOffset: offset });
        try {
          const out = await close.send(new ListInputsCommand({}));
          assert.equal(out.$metadata.httpStatusCode, 200);
        } finally {
          close.destroy();
        }
      }
    });
  });
});

describe("MediaLive SDK paginators against openlive", () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  const isgIds: string[] = [];
  const inputIds: string[] = [];

  before(async () => {
    openlive = await startOpenlive();
    client = sdkClient(openlive);
    for (let i = 0; i < 5; i++) {
      const out = await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: `10.${i}.0.0/16` }] }));
      isgIds.push(out.SecurityGroup!.Id!);
    }
    for (let i = 0; i < 5; i++) {
      const out = await client.send(
        new CreateInputCommand({ Name: `page-${i}`, Type: i % 2 ? "URL_PULL" : "RTP_PUSH", ...(i % 2 ? { Sources: [{ Url: `https://203.0.113.${i}/a.m3u8` }] } : { InputSecurityGroups: [isgIds[i]!] }) }),
      );
      inputIds.push(out.Input!.Id!);
    }
  });

  after(async () => {
    client?.destroy();
    await openlive?.stop();
  });

  test("paginateListInputs with pageSize 2: every input once, in creation order", T, async () => {
    const pages: string[][] = [];
    for await (const page of paginateListInputs({ client, pageSize: 2 }, {})) {
      assert.ok((page.Inputs?.length ?? 0) <= 2, "a page holds at most maxResults items");
      pages.push((page.Inputs ?? []).map((i) => i.Id!));
    }
    assert.deepEqual(pages.flat(), inputIds);
    assert.deepEqual(pages.map((p) => p.length), [2, 2, 1]);
  });

  test("paginateListInputSecurityGroups with pageSize 2: every ISG once, in creation order", T, async () => {
    const pages: string[][] = [];
    for await (const page of paginateListInputSecurityGroups({ client, pageSize: 2 }, {})) {
      assert.ok((page.InputSecurityGroups?.length ?? 0) <= 2);
      pages.push((page.InputSecurityGroups ?? []).map((g) => g.Id!));
    }
    assert.deepEqual(pages.flat(), isgIds);
    assert.deepEqual(pages.map((p) => p.length), [2, 2, 1]);
  });

  test("the last page carries no NextToken; a page size equal to the count needs no second page", T, async () => {
    const exact = await client.send(new ListInputsCommand({ MaxResults: 5 }));
    assert.deepEqual(exact.Inputs?.map((i) => i.Id), inputIds);
    assert.equal(exact.NextToken ?? "", "", "no NextToken when nothing follows");
    const firstPage = await client.send(new ListInputSecurityGroupsCommand({ MaxResults: 3 }));
    assert.ok(firstPage.NextToken, "a NextToken when more follows");
    const secondPage = await client.send(new ListInputSecurityGroupsCommand({ MaxResults: 3, NextToken: firstPage.NextToken }));
    assert.deepEqual([...firstPage.InputSecurityGroups!, ...secondPage.InputSecurityGroups!].map((g) => g.Id), isgIds);
    assert.equal(secondPage.NextToken ?? "", "");
  });

  test("deleting an item between pages neither repeats nor skips the others", T, async () => {
    const first = await client.send(new ListInputsCommand({ MaxResults: 2 }));
    assert.deepEqual(first.Inputs?.map((i) => i.Id), inputIds.slice(0, 2));
    await client.send(new DeleteInputCommand({ InputId: inputIds[2]! }));
    const rest: string[] = [];
    let token = first.NextToken;
    while (token) {
      const page = await client.send(new ListInputsCommand({ MaxResults: 2, NextToken: token }));
      rest.push(...(page.Inputs ?? []).map((i) => i.Id!));
      token = page.NextToken;
    }
    assert.deepEqual(rest, inputIds.slice(3));
  });

  test("a token from ListInputs is refused by ListInputSecurityGroups", T, async () => {
    const first = await client.send(new ListInputsCommand({ MaxResults: 1 }));
    assert.ok(first.NextToken);
    await rejectsWith(client.send(new ListInputSecurityGroupsCommand({ NextToken: first.NextToken })), BadRequestException, 400, /nextToken/i);
  });
});

describe("MediaLive SDK: deleted resources stay visible for the retention period only", () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;

  before(async () => {
    openlive = await startOpenlive({ extraArgs: ["--deleted-retention-ms", "1500"] });
    client = sdkClient(openlive);
  });

  after(async () => {
    client?.destroy();
    await openlive?.stop();
  });

  test("Describe shows DELETED right after DeleteInput/DeleteInputSecurityGroup, then NotFoundException", T, async () => {
    const isg = (await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "10.0.0.0/8" }] }))).SecurityGroup!;
    const input = (await client.send(new CreateInputCommand({ Type: "RTP_PUSH", InputSecurityGroups: [isg.Id!] }))).Input!;
    await client.send(new DeleteInputCommand({ InputId: input.Id! }));
    await client.send(new DeleteInputSecurityGroupCommand({ InputSecurityGroupId: isg.Id! }));
    assert.equal((await client.send(new DescribeInputCommand({ InputId: input.Id! }))).State, "DELETED");
    assert.equal((await client.send(new DescribeInputSecurityGroupCommand({ InputSecurityGroupId: isg.Id! }))).State, "DELETED");
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await rejectsWith(client.send(new DescribeInputCommand({ InputId: input.Id! })), NotFoundException, 404, new RegExp(input.Id!));
    await rejectsWith(client.send(new DescribeInputSecurityGroupCommand({ InputSecurityGroupId: isg.Id! })), NotFoundException, 404, new RegExp(isg.Id!));
  });
});
