// End-to-end: the pinned @aws-sdk/client-medialive against a real `./openlive serve` —
// every string a request carries is stored and echoed, so each has a maximum length
// (docs/errors.md, "Limits"). Over it: input and tag operations answer 400 naming the
// member and the limit; channel and schedule operations answer 422 with a validation
// error at the member. Nothing is stored; a string at its limit is accepted.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import {
  BadRequestException,
  BatchUpdateScheduleCommand,
  CreateChannelCommand,
  CreateInputCommand,
  CreateInputSecurityGroupCommand,
  CreateTagsCommand,
  DescribeChannelCommand,
  DescribeInputCommand,
  DescribeScheduleCommand,
  ListChannelsCommand,
  ListInputsCommand,
  ListTagsForResourceCommand,
  MediaLiveClient,
  UnprocessableEntityException,
  UpdateChannelCommand,
  UpdateInputCommand,
} from "@aws-sdk/client-medialive";
import { startOpenlive, type OpenliveProcess } from "../helpers/openlive-process.ts";
import { sdkClient } from "../helpers/sdk.ts";
import { createChannel, createInput, rejectsWith, show } from "../helpers/sdk-asserts.ts";
import { exampleChannelOn, fileUrls } from "../helpers/channel-fixtures.ts";

const T = { timeout: 30_000 } as const;
const NAME_LIMIT = 256;

/** Any object; channel requests are built by editing the example's JSON. */
type Json = any;

const fileUrl = fileUrls("openlive-sdk-limits");

/** The README channel on `inputId`, to a fresh folder. */
function exampleChannel(inputId: string): Json {
  return exampleChannelOn(inputId, [fileUrl()]);
}

/** Asserts a 422 whose validation errors are exactly these paths, each saying the limit. */
async function rejects422(promise: Promise<unknown>, exactly: Readonly<Record<string, RegExp>>): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof UnprocessableEntityException, `expected UnprocessableEntityException, got ${(error as Error)?.name}: ${(error as Error)?.message}`);
    assert.equal(error.$metadata.httpStatusCode, 422);
    const errors = error.ValidationErrors ?? [];
    assert.deepEqual(errors.map((e) => e.ElementPath).sort(), Object.keys(exactly).sort(), show(errors));
    for (const entry of errors) assert.match(entry.ErrorMessage!, exactly[entry.ElementPath!]!, show(errors));
    assert.match(error.message, new RegExp(Object.keys(exactly)[0]!.replace(/[.[\]()]/g, "\\$&")), "the message names the member (the aws CLI prints only the message)");
    return true;
  });
}

describe("MediaLive SDK against openlive: every stored string has a limit", { timeout: 120_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let isg: string;

  before(async () => {
    openlive = await startOpenlive();
    client = sdkClient(openlive);
    isg = (await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "127.0.0.1/32" }] }))).SecurityGroup!.Id!;
  });

  after(async () => {
    client?.destroy();
    const code = await openlive?.stop();
    if (openlive) rmSync(openlive.dataDir, { recursive: true, force: true });
    assert.equal(code, 0, `openlive exited with ${code}:\n${openlive?.logs()}`);
  });

  describe("inputs and tags: 400 BadRequestException naming the member", () => {
    it("UpdateInput with a 100,000-character name → 400 naming name and 256; the input keeps its name", T, async () => {
      const input = await createInput(client, { Name: "before", Type: "RTMP_PUSH", InputSecurityGroups: [isg], Destinations: [{ StreamName: "live/limits" }] });
      await rejectsWith(
        client.send(new UpdateInputCommand({ InputId: input.Id!, Name: "n".repeat(100_000) })),
        BadRequestException,
        400,
        /^name is 100000 characters long; at most 256 are accepted$/,
      );
      assert.equal((await client.send(new DescribeInputCommand({ InputId: input.Id! }))).Name, "before");
    });

    it("a name of exactly 256 characters is accepted by CreateInput and UpdateInput, and echoed whole", T, async () => {
      const created = await createInput(client, { Name: "c".repeat(NAME_LIMIT), Type: "URL_PULL", Sources: [{ Url: "http://127.0.0.1:9/limits/a.m3u8" }] });
      assert.equal(created.Name, "c".repeat(NAME_LIMIT));
      const updated = await client.send(new UpdateInputCommand({ InputId: created.Id!, Name: "u".repeat(NAME_LIMIT) }));
      assert.equal(updated.Input?.Name, "u".repeat(NAME_LIMIT));
    });

    it("CreateInput with an oversize name, stream name, source URL, username or SRT stream ID → 400 naming it; nothing is created", T, async () => {
      const before = (await client.send(new ListInputsCommand({}))).Inputs?.length;
      await rejectsWith(
        client.send(new CreateInputCommand({ Name: "x".repeat(NAME_LIMIT + 1), Type: "URL_PULL", Sources: [{ Url: "http://127.0.0.1:9/limits/b.m3u8" }] })),
        BadRequestException,
        400,
        /^name is 257 characters long; at most 256/,
      );
      await rejectsWith(
        client.send(new CreateInputCommand({ Name: "rtmp", Type: "RTMP_PUSH", InputSecurityGroups: [isg], Destinations: [{ StreamName: `live/${"s".repeat(300)}` }] })),
        BadRequestException,
        400,
        /^destinations\[0\]\.streamName is 305 characters long; at most 256/,
      );
      await rejectsWith(
        client.send(new CreateInputCommand({ Name: "pull", Type: "URL_PULL", Sources: [{ Url: `http://127.0.0.1:9/${"p".repeat(3000)}.m3u8`, Username: "u".repeat(257), PasswordParam: "secret" }] })),
        BadRequestException,
        400,
        /^sources\[0\]\.url is 3024 characters long; at most 2048 are accepted; also too long: sources\[0\]\.username \(257 > 256\)$/,
      );
      await rejectsWith(
        client.send(new CreateInputCommand({
          Name: "srt",
          Type: "SRT_CALLER",
          SrtSettings: { SrtCallerSources: [{ SrtListenerAddress: "127.0.0.1", SrtListenerPort: "9000", StreamId: "i".repeat(513) }] },
        })),
        BadRequestException,
        400,
        /^srtSettings\.srtCallerSources\[0\]\.streamId is 513 characters long; at most 512/,
      );
      assert.equal((await client.send(new ListInputsCommand({}))).Inputs?.length, before, "nothing was created");
    });

    it("CreateTags with an oversize key or value → 400 naming tags and the limit; the tags stay as they were", T, async () => {
      const input = await createInput(client, { Name: "tagged", Type: "URL_PULL", Sources: [{ Url: "http://127.0.0.1:9/limits/c.m3u8" }], Tags: { kept: "yes" } });
      await rejectsWith(client.send(new CreateTagsCommand({ ResourceArn: input.Arn!, Tags: { ["k".repeat(129)]: "x" } })), BadRequestException, 400, /^tags\.\(key k+…\(129 characters\)\) is 129 characters long; at most 128/);
      await rejectsWith(client.send(new CreateTagsCommand({ ResourceArn: input.Arn!, Tags: { big: "v".repeat(100_000) } })), BadRequestException, 400, /^tags\.big is 100000 characters long; at most 256/);
      await client.send(new CreateTagsCommand({ ResourceArn: input.Arn!, Tags: { ["k".repeat(128)]: "v".repeat(256) } }));
      const tags = (await client.send(new ListTagsForResourceCommand({ ResourceArn: input.Arn! }))).Tags;
      assert.deepEqual(tags, { kept: "yes", ["k".repeat(128)]: "v".repeat(256) });
    });
  });

  describe("channels and schedules: 422 with a validation error at the member", () => {
    let inputId = "";
    let channelId = "";

    before(async () => {
      inputId = (await createInput(client, { Name: "for-channels", Type: "RTMP_PUSH", InputSecurityGroups: [isg], Destinations: [{ StreamName: "live/channels" }] })).Id!;
      const request = exampleChannel(inputId);
      request.Name = "c".repeat(NAME_LIMIT);
      const channel = await createChannel(client, request);
      assert.equal(channel.Name, "c".repeat(NAME_LIMIT), "a channel name of 256 characters is accepted");
      channelId = channel.Id;
    });

    it("CreateChannel with an oversize name, destination URL or string deep in encoderSettings → 422 at each; nothing is created", T, async () => {
      const before = (await client.send(new ListChannelsCommand({}))).Channels?.length;
      const request = exampleChannel(inputId);
      request.Name = "n".repeat(100_000);
      request.Destinations[0].Settings[0].Url = `${fileUrl()}${"u".repeat(3000)}`;
      request.EncoderSettings.OutputGroups[0].Name = "g".repeat(33);
      request.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.BaseUrlContent = "b".repeat(5000);
      await rejects422(client.send(new CreateChannelCommand(request)), {
        name: /^is 100000 characters long; at most 256 are accepted$/,
        "destinations[0].settings[0].url": /at most 2048/,
        // MediaLive's own maximum for an output group's name (the model's OutputGroup.name).
        "encoderSettings.outputGroups[0].name": /^is 33 characters long; at most 32/,
        "encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.baseUrlContent": /at most 4096/,
      });
      assert.equal((await client.send(new ListChannelsCommand({}))).Channels?.length, before, "nothing was created");
    });

    it("UpdateChannel with an oversize name or input attachment name → 422; the channel is unchanged", T, async () => {
      await rejects422(client.send(new UpdateChannelCommand({ ChannelId: channelId, Name: "n".repeat(257) })), { name: /^is 257 characters long; at most 256/ });
      const request = exampleChannel(inputId);
      request.InputAttachments[0].InputAttachmentName = "a".repeat(1000);
      await rejects422(client.send(new UpdateChannelCommand({ ChannelId: channelId, InputAttachments: request.InputAttachments })), {
        "inputAttachments[0].inputAttachmentName": /^is 1000 characters long; at most 256/,
      });
      const described = await client.send(new DescribeChannelCommand({ ChannelId: channelId }));
      assert.equal(described.Name, "c".repeat(NAME_LIMIT));
    });

    it("BatchUpdateSchedule with an oversize action name → 422 at it; the schedule stays empty", T, async () => {
      const attachmentName = exampleChannel(inputId).InputAttachments[0].InputAttachmentName;
      const action = (name: string) => ({
        ActionName: name,
        ScheduleActionStartSettings: { ImmediateModeScheduleActionStartSettings: {} },
        ScheduleActionSettings: { InputSwitchSettings: { InputAttachmentNameReference: attachmentName } },
      });
      await rejects422(client.send(new BatchUpdateScheduleCommand({ ChannelId: channelId, Creates: { ScheduleActions: [action("a".repeat(257))] } })), {
        "creates.scheduleActions[0].actionName": /^is 257 characters long; at most 256/,
      });
      assert.deepEqual((await client.send(new DescribeScheduleCommand({ ChannelId: channelId }))).ScheduleActions ?? [], []);
      await client.send(new BatchUpdateScheduleCommand({ ChannelId: channelId, Creates: { ScheduleActions: [action("a".repeat(NAME_LIMIT))] } }));
      const names = ((await client.send(new DescribeScheduleCommand({ ChannelId: channelId }))).ScheduleActions ?? []).map((a) => a.ActionName);
      assert.deepEqual(names, ["a".repeat(NAME_LIMIT)]);
    });
  });
});
