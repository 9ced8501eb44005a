// End-to-end: channels, schedules and attachments survive `kill -9` (the promise
// "restart keeps channels, schedules and attachments"; docs/api.md: every change is
// committed before the answer). Channels with several attachments, a failover pair,
// tags, an update, a class change and a delete; schedules with immediate, fixed and
// follow actions; then SIGKILL right after the last write returned, a restart on the same
// data dir, and every Describe/List answer must be identical. The restarted service keeps
// enforcing what the stored state implies (attached inputs, idempotency tokens, IDs).

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import {
  BatchUpdateScheduleCommand,
  CreateChannelCommand,
  CreateInputSecurityGroupCommand,
  CreateTagsCommand,
  DeleteChannelCommand,
  DescribeChannelCommand,
  DescribeInputCommand,
  DescribeInputSecurityGroupCommand,
  DescribeScheduleCommand,
  ListChannelsCommand,
  ListInputsCommand,
  ListTagsForResourceCommand,
  MediaLiveClient,
  UnprocessableEntityException,
  UpdateChannelClassCommand,
  UpdateChannelCommand,
  type CreateInputCommandInput,
  type ScheduleAction,
} from "@aws-sdk/client-medialive";
import { makeTempDir, startOpenlive, type OpenliveProcess } from "../helpers/openlive-process.ts";
import { sdkClient } from "../helpers/sdk.ts";
import { createChannel as sdkCreateChannel, createInput as sdkCreateInput, strip } from "../helpers/sdk-asserts.ts";
import { exampleChannelOn, fileUrls, isoIn } from "../helpers/channel-fixtures.ts";
import { makeTsFile, MediaFixtures } from "../helpers/media-fixtures.ts";

const T = { timeout: 60_000 } as const;

type Json = any;

const fileUrl = fileUrls("openlive-channel-restart");

function channelOn(inputId: string, name: string, attachmentName = "main"): Json {
  return exampleChannelOn(inputId, [fileUrl()], { name, attachmentName });
}

function attachment(inputId: string, name: string): Json {
  return { InputId: inputId, InputAttachmentName: name, InputSettings: { AudioSelectors: [{ Name: "default" }], SourceEndBehavior: "CONTINUE" } };
}

/** Everything a client can observe about channels, schedules, inputs and groups. */
interface Snapshot {
  channels: Record<string, unknown>;
  list: unknown;
  schedules: Record<string, unknown>;
  tags: Record<string, unknown>;
  inputs: Record<string, unknown>;
  inputList: unknown;
  group: unknown;
}

describe("channels, schedules and attachments survive kill -9", { timeout: 150_000 }, () => {
  const dataDir = makeTempDir("openlive-channel-restart-");
  const started: OpenliveProcess[] = [];
  const clients: MediaLiveClient[] = [];
  let media: MediaFixtures;
  let first: OpenliveProcess;
  let client: MediaLiveClient;

  let isg = "";
  const inputs: Record<string, string> = {};
  const channels: Record<string, Json> = {};
  const requestIds: Record<string, string> = {};
  let saved: Snapshot;

  async function start(): Promise<OpenliveProcess> {
    const process = await startOpenlive({ dataDir, inputRoots: [media.path()] });
    started.push(process);
    return process;
  }

  function clientFor(target: OpenliveProcess): MediaLiveClient {
    const made = sdkClient(target);
    clients.push(made);
    return made;
  }

  async function createInput(request: CreateInputCommandInput): Promise<string> {
    return (await sdkCreateInput(client, request)).Id!;
  }

  const createChannel = (request: Json): Promise<Json> => sdkCreateChannel(client, request);

  /** The failover pair plus the file input, tagged: built the same way before and after the restart. */
  function failoverChannel(): Json {
    const failover = channelOn(inputs.primary!, "failover", "primary");
    failover.InputAttachments[0].AutomaticInputFailoverSettings = {
      SecondaryInputId: inputs.secondary,
      InputPreference: "PRIMARY_INPUT_PREFERRED",
      ErrorClearTimeMsec: 2000,
      FailoverConditions: [{ FailoverConditionSettings: { InputLossSettings: { InputLossThresholdMsec: 500 } } }],
    };
    failover.InputAttachments.push(attachment(inputs.secondary!, "secondary"), attachment(inputs.tsInput!, "clip"));
    failover.Tags = { env: "prod", team: "live" };
    return failover;
  }

  async function snapshot(c: MediaLiveClient): Promise<Snapshot> {
    const ids = Object.values(channels).map((ch) => ch.Id as string);
    const inputIds = Object.values(inputs);
    const [described, list, schedules, tags, inputDescriptions, inputList, group] = await Promise.all([
      Promise.all(ids.map(async (id) => [id, strip(await c.send(new DescribeChannelCommand({ ChannelId: id })))] as const)),
      c.send(new ListChannelsCommand({})).then(strip),
      Promise.all(
        ids
          .filter((id) => id !== channels.deleted?.Id)
          .map(async (id) => [id, strip(await c.send(new DescribeScheduleCommand({ ChannelId: id })))] as const),
      ),
      Promise.all(ids.filter((id) => id !== channels.deleted?.Id).map(async (id) => [id, strip(await c.send(new ListTagsForResourceCommand({ ResourceArn: channels[Object.keys(channels).find((k) => channels[k].Id === id)!].Arn })))] as const)),
      Promise.all(inputIds.map(async (id) => [id, strip(await c.send(new DescribeInputCommand({ InputId: id })))] as const)),
      c.send(new ListInputsCommand({})).then(strip),
      c.send(new DescribeInputSecurityGroupCommand({ InputSecurityGroupId: isg })).then(strip),
    ]);
    return {
      channels: Object.fromEntries(described),
      list,
      schedules: Object.fromEntries(schedules),
      tags: Object.fromEntries(tags),
      inputs: Object.fromEntries(inputDescriptions),
      inputList,
      group,
    };
  }

  before(async () => {
    media = new MediaFixtures("openlive-channel-restart-media-");
    const [server, tsFile] = await Promise.all([start(), makeTsFile(media.path("clip.ts"))]);
    first = server;
    client = clientFor(first);
    isg = (await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "127.0.0.1/32" }] }))).SecurityGroup!.Id!;
    const push = (name: string, streams: string[]) => createInput({ Name: name, Type: "RTMP_PUSH", InputSecurityGroups: [isg], Destinations: streams.map((s) => ({ StreamName: s })) });
    const [primary, secondary, rtp, classy, spare, gone, renamed, tsInput] = await Promise.all([
      push("primary", ["live/primary"]),
      push("secondary", ["live/secondary"]),
      createInput({ Name: "studio-rtp", Type: "RTP_PUSH", InputSecurityGroups: [isg] }),
      push("classy", ["live/c0", "live/c1"]),
      push("spare", ["live/spare"]),
      push("gone", ["live/gone"]),
      push("renamed", ["live/renamed"]),
      createInput({ Name: "clip", Type: "TS_FILE", Sources: [{ Url: pathToFileURL(tsFile).href }] }),
    ]);
    Object.assign(inputs, { primary, secondary, rtp, classy, spare, gone, renamed, tsInput });
  });

  after(async () => {
    for (const c of clients) c.destroy();
    await Promise.all(started.map((p) => p.stop("SIGKILL")));
    await media?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("builds channels (attachments, failover, tags, update, class change, delete) and schedules, then kill -9 right after the last write", T, async () => {
    // 1. A failover pair plus a file input, with tags given at create and an idempotency token.
    const failover = failoverChannel();
    requestIds.failover = `restart-${process.pid}-failover`;
    failover.RequestId = requestIds.failover;
    // 2. A STANDARD channel on the RTP input.
    const standard = channelOn(inputs.rtp!, "standard", "rtp");
    standard.ChannelClass = "STANDARD";
    standard.Destinations[0].Settings = [{ Url: fileUrl() }, { Url: fileUrl() }];
    const [c1, c2, c3, c4, c5] = await Promise.all([
      createChannel(failover),
      createChannel(standard),
      createChannel(channelOn(inputs.classy!, "to-standard")),
      createChannel(channelOn(inputs.gone!, "deleted")),
      createChannel(channelOn(inputs.renamed!, "before-rename")),
    ]);
    Object.assign(channels, { failover: c1, standard: c2, classy: c3, deleted: c4, renamed: c5 });

    // 3. Changes after create: an update, a class change, a delete, tags.
    await Promise.all([
      client.send(
        new UpdateChannelCommand({
          ChannelId: c5.Id,
          Name: "after-rename",
          RoleArn: c5.RoleArn,
          EncoderSettings: { ...c5.EncoderSettings, VideoDescriptions: [{ ...c5.EncoderSettings.VideoDescriptions[0], CodecSettings: { H264Settings: { ...c5.EncoderSettings.VideoDescriptions[0].CodecSettings.H264Settings, Bitrate: 1_500_000 } } }] },
        }),
      ),
      client.send(new UpdateChannelClassCommand({ ChannelId: c3.Id, ChannelClass: "STANDARD", Destinations: [{ Id: "hls-dest", Settings: [{ Url: fileUrl() }, { Url: fileUrl() }] }] })),
      client.send(new DeleteChannelCommand({ ChannelId: c4.Id })),
      client.send(new CreateTagsCommand({ ResourceArn: c2.Arn, Tags: { owner: "ops" } })),
    ]);

    // 4. Schedules: immediate, fixed, and a follow after the file input; then a batch delete + create.
    const far = Date.now() + 6 * 3_600_000;
    const failoverActions: ScheduleAction[] = [
      { ActionName: "to-clip", ScheduleActionStartSettings: { FixedModeScheduleActionStartSettings: { Time: new Date(far).toISOString() } }, ScheduleActionSettings: { InputSwitchSettings: { InputAttachmentNameReference: "clip" } } },
      { ActionName: "after-clip", ScheduleActionStartSettings: { FollowModeScheduleActionStartSettings: { ReferenceActionName: "to-clip", FollowPoint: "END" } }, ScheduleActionSettings: { InputSwitchSettings: { InputAttachmentNameReference: "primary" } } },
      { ActionName: "now-primary", ScheduleActionStartSettings: { ImmediateModeScheduleActionStartSettings: {} }, ScheduleActionSettings: { InputSwitchSettings: { InputAttachmentNameReference: "primary" } } },
    ];
    await Promise.all([
      client.send(new BatchUpdateScheduleCommand({ ChannelId: c1.Id, Creates: { ScheduleActions: failoverActions } })),
      client.send(
        new BatchUpdateScheduleCommand({
          ChannelId: c2.Id,
          Creates: { ScheduleActions: [{ ActionName: "old", ScheduleActionStartSettings: { FixedModeScheduleActionStartSettings: { Time: isoIn(3_600_000) } }, ScheduleActionSettings: { InputSwitchSettings: { InputAttachmentNameReference: "rtp" } } }] },
        }),
      ),
    ]);
    await client.send(
      new BatchUpdateScheduleCommand({
        ChannelId: c2.Id,
        Deletes: { ActionNames: ["old"] },
        Creates: { ScheduleActions: [{ ActionName: "new", ScheduleActionStartSettings: { FixedModeScheduleActionStartSettings: { Time: isoIn(7_200_000) } }, ScheduleActionSettings: { InputSwitchSettings: { InputAttachmentNameReference: "rtp" } } }] },
      }),
    );

    saved = await snapshot(client);
    // Sanity of what we are about to compare.
    assert.equal((saved.channels[c4.Id] as Json).State, "DELETED");
    assert.equal((saved.channels[c3.Id] as Json).ChannelClass, "STANDARD");
    assert.equal((saved.channels[c5.Id] as Json).Name, "after-rename");
    assert.deepEqual((saved.schedules[c1.Id] as Json).ScheduleActions.map((a: Json) => a.ActionName), ["to-clip", "after-clip", "now-primary"]);
    assert.deepEqual((saved.schedules[c2.Id] as Json).ScheduleActions.map((a: Json) => a.ActionName), ["new"]);
    assert.deepEqual((saved.inputs[inputs.secondary!] as Json).AttachedChannels, [c1.Id]);
    assert.equal((saved.inputs[inputs.gone!] as Json).State, "DETACHED");

    // The last write, then SIGKILL as soon as its answer is in.
    await client.send(new CreateTagsCommand({ ResourceArn: c1.Arn, Tags: { last: "write" } }));
    saved.tags[c1.Id] = { Tags: { env: "prod", team: "live", last: "write" } };
    (saved.channels[c1.Id] as Json).Tags = { env: "prod", team: "live", last: "write" };
    for (const summary of (saved.list as Json).Channels) if (summary.Id === c1.Id) summary.Tags = { env: "prod", team: "live", last: "write" };
    first.child.kill("SIGKILL");
    await new Promise<void>((resolve) => (first.child.exitCode !== null || first.child.signalCode !== null ? resolve() : first.child.once("exit", () => resolve())));
    assert.equal(first.child.signalCode, "SIGKILL");
  });

  describe("after a restart on the same data dir", () => {
    let second: OpenliveProcess;
    let again: MediaLiveClient;

    before(async () => {
      second = await start();
      again = clientFor(second);
    });

    it("every channel, schedule, tag set, input (state, AttachedChannels) and the security group is identical", T, async () => {
      const now = await snapshot(again);
      for (const id of Object.keys(saved.channels)) assert.deepEqual(now.channels[id], saved.channels[id], `DescribeChannel ${id}`);
      assert.deepEqual(now.list, saved.list, "ListChannels");
      for (const id of Object.keys(saved.schedules)) assert.deepEqual(now.schedules[id], saved.schedules[id], `DescribeSchedule ${id}`);
      for (const id of Object.keys(saved.tags)) assert.deepEqual(now.tags[id], saved.tags[id], `ListTagsForResource ${id}`);
      for (const id of Object.keys(saved.inputs)) assert.deepEqual(now.inputs[id], saved.inputs[id], `DescribeInput ${id}`);
      assert.deepEqual(now.inputList, saved.inputList, "ListInputs");
      assert.deepEqual(now.group, saved.group, "DescribeInputSecurityGroup");
      for (const name of ["primary", "secondary", "tsInput", "rtp", "classy", "renamed"]) {
        assert.equal((now.inputs[inputs[name]!] as Json).State, "ATTACHED", `${name} still ATTACHED`);
      }
      assert.equal((now.inputs[inputs.spare!] as Json).State, "DETACHED");
    });

    it("the restarted service still enforces the stored attachments and schedule names", T, async () => {
      // An input attached before the crash cannot be taken by another channel.
      await assert.rejects(again.send(new CreateChannelCommand(channelOn(inputs.secondary!, "thief"))), (error: unknown) => {
        assert.ok(error instanceof UnprocessableEntityException, `expected 422, got ${(error as Error)?.name}`);
        assert.deepEqual(error.ValidationErrors?.map((e) => e.ElementPath), ["inputAttachments[0].inputId"]);
        assert.match(error.ValidationErrors![0]!.ErrorMessage!, new RegExp(channels.failover.Id));
        return true;
      });
      // A stored action name stays taken.
      await assert.rejects(
        again.send(
          new BatchUpdateScheduleCommand({
            ChannelId: channels.failover.Id,
            Creates: { ScheduleActions: [{ ActionName: "to-clip", ScheduleActionStartSettings: { ImmediateModeScheduleActionStartSettings: {} }, ScheduleActionSettings: { InputSwitchSettings: { InputAttachmentNameReference: "primary" } } }] },
          }),
        ),
        (error: unknown) => {
          assert.ok(error instanceof UnprocessableEntityException);
          assert.deepEqual(error.ValidationErrors?.map((e) => e.ElementPath), ["creates.scheduleActions[0].actionName"]);
          return true;
        },
      );
    });

    it("the same RequestId after the restart answers the channel created before it; new IDs do not collide", T, async () => {
      const failover = failoverChannel();
      // The destination URL is part of the body: reuse the stored one.
      failover.Destinations = channels.failover.Destinations;
      failover.RequestId = requestIds.failover;
      const retried = (await again.send(new CreateChannelCommand(failover))).Channel!;
      assert.equal(retried.Id, channels.failover.Id);

      const fresh = (await again.send(new CreateChannelCommand(channelOn(inputs.spare!, "fresh")))).Channel!;
      const known = new Set([...Object.values(channels).map((c) => c.Id), ...Object.values(inputs), isg]);
      assert.ok(!known.has(fresh.Id), `new channel ID ${fresh.Id} collides with an existing resource`);
      assert.equal((await again.send(new DescribeInputCommand({ InputId: inputs.spare }))).State, "ATTACHED");
    });

    it("a deleted channel's input is free after the restart", T, async () => {
      const reuse = (await again.send(new CreateChannelCommand(channelOn(inputs.gone!, "reuse")))).Channel!;
      assert.equal(reuse.InputAttachments![0]!.InputId, inputs.gone);
      assert.equal((await again.send(new DescribeChannelCommand({ ChannelId: channels.deleted.Id }))).State, "DELETED");
    });

    it("SIGTERM ends the restarted service cleanly", T, async () => {
      assert.equal(await second.stop("SIGTERM"), 0);
    });
  });
});
