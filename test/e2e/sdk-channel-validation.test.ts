// End-to-end: the pinned @aws-sdk/client-medialive against a real `./openlive serve` —
// channel validation (the rules: docs/channels.md, docs/api.md). Every rule is
// one request that MediaLive would refuse with 422 UnprocessableEntityException, and the
// test checks the SDK's typed exception, its HTTP status and the exact element path(s) of
// ValidationErrors, written from the body root (as the wire carries them). Then the
// SDK's waiters and paginators for channels and schedules, CreateChannel idempotency, and
// "nothing is stored on a 422".

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import {
  BatchUpdateScheduleCommand,
  ConflictException,
  CreateChannelCommand,
  CreateInputSecurityGroupCommand,
  DeleteChannelCommand,
  DescribeChannelCommand,
  DescribeInputCommand,
  DescribeScheduleCommand,
  ListChannelsCommand,
  MediaLiveClient,
  NotFoundException,
  UnprocessableEntityException,
  UpdateChannelCommand,
  paginateDescribeSchedule,
  paginateListChannels,
  waitUntilChannelCreated,
  waitUntilChannelDeleted,
  waitUntilInputAttached,
  waitUntilInputDetached,
  type CreateChannelCommandInput,
  type CreateInputCommandInput,
  type ScheduleAction,
  type ValidationError,
} from "@aws-sdk/client-medialive";
import { startOpenlive, type OpenliveProcess } from "../helpers/openlive-process.ts";
import { sdkClient } from "../helpers/sdk.ts";
import { rawRequest } from "../helpers/signed-fetch.ts";
import { createChannel as sdkCreateChannel, createInput as sdkCreateInput, show } from "../helpers/sdk-asserts.ts";
import { exampleChannelOn, fileUrls } from "../helpers/channel-fixtures.ts";

const T = { timeout: 30_000 } as const;
const WAITER = { maxWaitTime: 30, minDelay: 1, maxDelay: 2 } as const;
const HLS_DEST_REF = "encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.destination.destinationRefId";
const AIF = "inputAttachments[0].automaticInputFailoverSettings";

/** Any object; requests are built by editing the example's JSON. */
type Json = any;

/** A fresh file:// destination folder, so no two channels ever publish to one place. */
const fileUrl = fileUrls("openlive-sdk-validation");

/** The README channel (examples/channel-hls.json: SINGLE_PIPELINE, one 720p H.264/AAC HLS output) on `inputId`. */
function exampleChannel(inputId: string): Json {
  return exampleChannelOn(inputId, [fileUrl()]);
}

/** The example as a STANDARD channel: two URLs per destination. */
function standardChannel(inputId: string): Json {
  const channel = exampleChannel(inputId);
  channel.ChannelClass = "STANDARD";
  channel.Destinations[0].Settings = [{ Url: fileUrl() }, { Url: fileUrl() }];
  return channel;
}

function attachment(inputId: string, name: string): Json {
  return { InputId: inputId, InputAttachmentName: name, InputSettings: { AudioSelectors: [{ Name: "default" }] } };
}

function elementPaths(errors: readonly ValidationError[] | undefined): string[] {
  return (errors ?? []).map((e) => e.ElementPath ?? "(no ElementPath)");
}

interface Expect422 {
  /** The element paths, exactly (any order). */
  readonly exactly?: readonly string[];
  /** Paths that must be among the element paths. */
  readonly includes?: readonly string[];
  /** Every entry whose path is listed here must match its pattern. */
  readonly messages?: Readonly<Record<string, RegExp>>;
}

describe("MediaLive SDK against openlive: channel validation, waiters, paginators", { timeout: 120_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let isg: string;
  // Inputs, by role. rtmp*: RTMP_PUSH with one stream name (SINGLE_PIPELINE); rtp*: RTP_PUSH (STANDARD).
  const inputs: Record<string, string> = {};
  let holderChannel = "";

  async function createInput(request: CreateInputCommandInput): Promise<string> {
    return (await sdkCreateInput(client, request)).Id!;
  }

  function rtmpInput(name: string): Promise<string> {
    return createInput({ Name: name, Type: "RTMP_PUSH", InputSecurityGroups: [isg], Destinations: [{ StreamName: `live/${name}` }] });
  }

  const createChannel = (request: CreateChannelCommandInput): Promise<Json> => sdkCreateChannel(client, request);

  async function deleteChannel(id: string): Promise<void> {
    await client.send(new DeleteChannelCommand({ ChannelId: id }));
  }

  /** Sends CreateChannel and asserts MediaLive's 422 with the expected ValidationErrors; returns them. */
  async function expect422(request: Json, expected: Expect422): Promise<ValidationError[]> {
    let errors: ValidationError[] = [];
    await assert.rejects(client.send(new CreateChannelCommand(request)), (error: unknown) => {
      assert.ok(
        error instanceof UnprocessableEntityException,
        `expected UnprocessableEntityException, got ${(error as Error)?.name}: ${(error as Error)?.message}\n${show((error as UnprocessableEntityException)?.ValidationErrors)}`,
      );
      assert.equal(error.$metadata.httpStatusCode, 422);
      assert.equal(error.name, "UnprocessableEntityException");
      assert.ok(error.message.length > 0, "the 422 has a message");
      assert.ok(Array.isArray(error.ValidationErrors) && error.ValidationErrors.length > 0, `ValidationErrors present: ${error.message}`);
      errors = error.ValidationErrors;
      return true;
    });
    for (const entry of errors) {
      assert.equal(typeof entry.ElementPath, "string", `every entry has an ElementPath: ${show(errors)}`);
      assert.ok(entry.ErrorMessage && entry.ErrorMessage.length > 0, `every entry has an ErrorMessage: ${show(errors)}`);
    }
    const got = elementPaths(errors);
    if (expected.exactly) assert.deepEqual([...got].sort(), [...expected.exactly].sort(), `element paths:\n${show(errors)}`);
    for (const wanted of expected.includes ?? []) assert.ok(got.includes(wanted), `expected an entry at ${wanted}; got:\n${show(errors)}`);
    for (const [at, pattern] of Object.entries(expected.messages ?? {})) {
      const entries = errors.filter((e) => e.ElementPath === at);
      assert.ok(entries.length > 0, `no entry at ${at}:\n${show(errors)}`);
      for (const entry of entries) assert.match(entry.ErrorMessage!, pattern, `message at ${at}`);
    }
    return errors;
  }

  before(async () => {
    openlive = await startOpenlive();
    client = sdkClient(openlive);
    isg = (await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "127.0.0.1/32" }] }))).SecurityGroup!.Id!;
    const names = ["rtmpA", "rtmpB", "rtmpC", "rtmpHeld", "rtmpFresh", "rtmpWait", "rtmpIdem", "rtmpSched"];
    const ids = await Promise.all(names.map((name) => rtmpInput(name)));
    names.forEach((name, i) => (inputs[name] = ids[i]!));
    const [rtpA, rtpB, pull, pull2] = await Promise.all([
      createInput({ Name: "rtpA", Type: "RTP_PUSH", InputSecurityGroups: [isg] }),
      createInput({ Name: "rtpB", Type: "RTP_PUSH", InputSecurityGroups: [isg] }),
      // Never contacted: every request using them is refused before pull sources are verified.
      createInput({ Name: "pull", Type: "URL_PULL", Sources: [{ Url: "http://127.0.0.1:9/never/a.m3u8" }] }),
      createInput({ Name: "pull2", Type: "URL_PULL", Sources: [{ Url: "http://127.0.0.1:9/never/b.m3u8" }] }),
    ]);
    Object.assign(inputs, { rtpA, rtpB, pull, pull2 });
    const holder = exampleChannel(inputs.rtmpHeld!);
    holder.Name = "holder";
    holderChannel = (await createChannel(holder)).Id;
  });

  after(async () => {
    client?.destroy();
    const code = await openlive?.stop();
    if (openlive) rmSync(openlive.dataDir, { recursive: true, force: true });
    assert.equal(code, 0, `openlive exited with ${code}:\n${openlive?.logs()}`);
  });

  it("control: the example channel itself is valid (201), on a push input and as STANDARD on an RTP input", T, async () => {
    const [single, standard] = await Promise.all([createChannel(exampleChannel(inputs.rtmpA!)), createChannel(standardChannel(inputs.rtpA!))]);
    assert.equal(single.ChannelClass, "SINGLE_PIPELINE");
    assert.equal(standard.ChannelClass, "STANDARD");
    await Promise.all([deleteChannel(single.Id), deleteChannel(standard.Id)]);
  });

  describe("required members", () => {
    it("no encoderSettings → 422 at encoderSettings", T, async () => {
      const request = exampleChannel(inputs.rtmpA!);
      delete request.EncoderSettings;
      await expect422(request, { exactly: ["encoderSettings"] });
    });

    it("encoderSettings without timecodeConfig / videoDescriptions / outputGroups → 422 at each (without audioDescriptions: a video-only channel, accepted as MediaLive does)", T, async () => {
      const without = (member: string): Json => {
        const request = exampleChannel(inputs.rtmpA!);
        delete request.EncoderSettings[member];
        if (member === "AudioDescriptions") delete request.EncoderSettings.OutputGroups[0].Outputs[0].AudioDescriptionNames;
        return request;
      };
      await Promise.all([
        expect422(without("TimecodeConfig"), { exactly: ["encoderSettings.timecodeConfig"] }),
        // Outputs still name the missing descriptions; those problems may be reported too.
        expect422(without("VideoDescriptions"), { includes: ["encoderSettings.videoDescriptions"] }),
        expect422(without("OutputGroups"), { includes: ["encoderSettings.outputGroups"] }),
      ]);
    });

    it("a video description without a name → 422 at its name", T, async () => {
      const noName = exampleChannel(inputs.rtmpA!);
      delete noName.EncoderSettings.VideoDescriptions[0].Name;
      await expect422(noName, { includes: ["encoderSettings.videoDescriptions[0].name"] });
    });

    it("no audioDescriptions, an audio description without a selector, or naming a selector the attachment lacks → 201, as MediaLive accepts them", T, async () => {
      const videoOnly = exampleChannel(await rtmpInput("audio-none"));
      delete videoOnly.EncoderSettings.AudioDescriptions;
      delete videoOnly.EncoderSettings.OutputGroups[0].Outputs[0].AudioDescriptionNames;
      const noSelector = exampleChannel(await rtmpInput("audio-default"));
      delete noSelector.EncoderSettings.AudioDescriptions[0].AudioSelectorName;
      const undefinedSelector = exampleChannel(await rtmpInput("audio-undefined"));
      undefinedSelector.EncoderSettings.AudioDescriptions[0].AudioSelectorName = "commentary";
      for (const request of [videoOnly, noSelector, undefinedSelector]) {
        const created = await createChannel(request);
        await deleteChannel(created.Id);
      }
    });
  });

  describe("destinations", () => {
    it("a destinationRefId that no destination defines → 422 'Object references undefined destination'", T, async () => {
      const request = exampleChannel(inputs.rtmpA!);
      request.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.Destination.DestinationRefId = "nowhere";
      await expect422(request, { exactly: [HLS_DEST_REF], messages: { [HLS_DEST_REF]: /Object references undefined destination "nowhere"/ } });
    });

    it("settings count: STANDARD needs 2 URLs per destination, SINGLE_PIPELINE exactly 1; a destination without settings → 422", T, async () => {
      const standardWithOne = standardChannel(inputs.rtpA!);
      standardWithOne.Destinations[0].Settings = [{ Url: fileUrl() }];
      const singleWithTwo = exampleChannel(inputs.rtmpA!);
      singleWithTwo.Destinations[0].Settings = [{ Url: fileUrl() }, { Url: fileUrl() }];
      const defaultClassWithOne = standardChannel(inputs.rtpA!);
      delete defaultClassWithOne.ChannelClass; // STANDARD is the default
      defaultClassWithOne.Destinations[0].Settings = [{ Url: fileUrl() }];
      const noSettings = exampleChannel(inputs.rtmpA!);
      noSettings.Destinations = [{ Id: "hls-dest" }];
      await Promise.all([
        // MediaLive: "Exactly one of settings, MediaPackage settings, or Multiplex settings is required for destination …".
        expect422(noSettings, { exactly: ["destinations[0]"], messages: { "destinations[0]": /Exactly one of settings/ } }),
        expect422(standardWithOne, { exactly: ["destinations[0].settings"], messages: { "destinations[0].settings": /2/ } }),
        expect422(singleWithTwo, { exactly: ["destinations[0].settings"], messages: { "destinations[0].settings": /1/ } }),
        expect422(defaultClassWithOne, { exactly: ["destinations[0].settings"] }),
      ]);
    });

    it("s3ssl:// and mediastoressl:// destinations → 201; mediastore:// (no TLS) and a bucket-less s3:// → 422", T, async () => {
      const s3 = exampleChannel(inputs.rtmpA!);
      s3.Destinations[0].Settings[0].Url = "s3ssl://my-bucket/live/index";
      s3.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.HlsCdnSettings = { HlsS3Settings: { CannedAcl: "BUCKET_OWNER_FULL_CONTROL" } };
      const mediastore = exampleChannel(inputs.rtmpB!);
      mediastore.Destinations[0].Settings[0].Url = "mediastoressl://abc123.data.mediastore.us-east-1.amazonaws.com/live/index";
      const [a, b] = await Promise.all([createChannel(s3), createChannel(mediastore)]);
      await Promise.all([deleteChannel(a.Id), deleteChannel(b.Id)]);
      const plain = exampleChannel(inputs.rtmpA!);
      plain.Destinations[0].Settings[0].Url = "mediastore://abc123.data.mediastore.us-east-1.amazonaws.com/live/index";
      const bucketless = exampleChannel(inputs.rtmpA!);
      bucketless.Destinations[0].Settings[0].Url = "s3://live/";
      await Promise.all([
        expect422(plain, { exactly: ["destinations[0].settings[0].url"], messages: { "destinations[0].settings[0].url": /not supported (by openlive )?yet/ } }),
        expect422(bucketless, { exactly: ["destinations[0].settings[0].url"] }),
      ]);
    });

    it("http(s):// destinations with hlsBasicPutSettings or hlsWebdavSettings → 201; without hlsCdnSettings → 422; file:// with a host → 422", T, async () => {
      const put = exampleChannel(inputs.rtmpA!);
      put.Destinations[0].Settings[0].Url = "http://127.0.0.1:9/ingest/live/index";
      put.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.HlsCdnSettings = { HlsBasicPutSettings: { NumRetries: 3, ConnectionRetryInterval: 1 } };
      const webdav = exampleChannel(inputs.rtmpB!);
      webdav.Destinations[0].Settings[0].Url = "https://cdn.example.com/dav/live/index";
      webdav.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.HlsCdnSettings = { HlsWebdavSettings: { NumRetries: 3 } };
      const [a, b] = await Promise.all([createChannel(put), createChannel(webdav)]);
      await Promise.all([deleteChannel(a.Id), deleteChannel(b.Id)]);

      const bare = exampleChannel(inputs.rtmpA!);
      bare.Destinations[0].Settings[0].Url = "http://127.0.0.1:9/ingest/live/index";
      const hosted = exampleChannel(inputs.rtmpA!);
      hosted.Destinations[0].Settings[0].Url = "file://somehost/tmp/live/index";
      const folderOnly = exampleChannel(inputs.rtmpA!);
      folderOnly.Destinations[0].Settings[0].Url = "file:///tmp/live/";
      await Promise.all([
        expect422(bare, { exactly: ["encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.hlsCdnSettings"] }),
        expect422(hosted, { exactly: ["destinations[0].settings[0].url"] }),
        expect422(folderOnly, { exactly: ["destinations[0].settings[0].url"] }),
      ]);
    });

    it("a destination another idle channel names → 201 (a standby channel, as MediaLive allows)", T, async () => {
      const [first, second] = await Promise.all([rtmpInput("clash-a"), rtmpInput("clash-b")]);
      const owner = await createChannel(exampleChannel(first));
      const standby = exampleChannel(second);
      standby.Destinations[0].Settings[0].Url = owner.Destinations[0].Settings[0].Url;
      const created = await createChannel(standby);
      await deleteChannel(created.Id);
      await deleteChannel(owner.Id);
    });

    it("a MediaPackage destination with a MediaPackage group → 201; an HLS group naming it → 422", T, async () => {
      const group = exampleChannel(inputs.rtmpA!);
      group.Destinations = [{ Id: "hls-dest", MediaPackageSettings: [{ ChannelId: "mp-channel" }] }];
      group.EncoderSettings.OutputGroups[0].OutputGroupSettings = { MediaPackageGroupSettings: { Destination: { DestinationRefId: "hls-dest" } } };
      group.EncoderSettings.OutputGroups[0].Outputs[0].OutputSettings = { MediaPackageOutputSettings: {} };
      const created = await createChannel(group);
      await deleteChannel(created.Id);
      const hlsToMediaPackage = exampleChannel(inputs.rtmpA!);
      hlsToMediaPackage.Destinations = [{ Id: "hls-dest", MediaPackageSettings: [{ ChannelId: "mp-channel" }] }];
      await expect422(hlsToMediaPackage, {
        exactly: ["encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.destination.destinationRefId"],
        messages: { "encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.destination.destinationRefId": /only a mediaPackageGroupSettings group/ },
      });
    });
  });

  describe("description names", () => {
    it("an output naming a video or audio description that does not exist → 422 at the reference", T, async () => {
      const video = exampleChannel(inputs.rtmpA!);
      video.EncoderSettings.OutputGroups[0].Outputs[0].VideoDescriptionName = "v1080";
      const audio = exampleChannel(inputs.rtmpA!);
      audio.EncoderSettings.OutputGroups[0].Outputs[0].AudioDescriptionNames = ["a_ac3"];
      const videoPath = "encoderSettings.outputGroups[0].outputs[0].videoDescriptionName";
      const audioPath = "encoderSettings.outputGroups[0].outputs[0].audioDescriptionNames[0]";
      await Promise.all([
        // The description nobody references now may be reported too (MediaLive does: "… is not referenced by any output").
        expect422(video, { includes: [videoPath], messages: { [videoPath]: /v1080/ } }),
        expect422(audio, { includes: [audioPath], messages: { [audioPath]: /a_ac3/ } }),
      ]);
    });

    it("two video descriptions, or two audio descriptions, of one name → 422 at the second name", T, async () => {
      const video = exampleChannel(inputs.rtmpA!);
      video.EncoderSettings.VideoDescriptions.push(structuredClone(video.EncoderSettings.VideoDescriptions[0]));
      const audio = exampleChannel(inputs.rtmpA!);
      audio.EncoderSettings.AudioDescriptions.push(structuredClone(audio.EncoderSettings.AudioDescriptions[0]));
      await Promise.all([
        expect422(video, { exactly: ["encoderSettings.videoDescriptions[1].name"], messages: { "encoderSettings.videoDescriptions[1].name": /v720/ } }),
        expect422(audio, { exactly: ["encoderSettings.audioDescriptions[1].name"], messages: { "encoderSettings.audioDescriptions[1].name": /a_aac/ } }),
      ]);
    });
  });

  describe("inputs", () => {
    it("a STANDARD channel with a SINGLE_PIPELINE input → 422 at the attachment's inputId", T, async () => {
      await expect422(standardChannel(inputs.rtmpA!), {
        exactly: ["inputAttachments[0].inputId"],
        messages: { "inputAttachments[0].inputId": new RegExp(`${inputs.rtmpA}.*SINGLE_PIPELINE|SINGLE_PIPELINE.*${inputs.rtmpA}`) },
      });
    });

    it("an input already attached to another channel → 422 naming that channel", T, async () => {
      await expect422(exampleChannel(inputs.rtmpHeld!), { exactly: ["inputAttachments[0].inputId"], messages: { "inputAttachments[0].inputId": new RegExp(holderChannel) } });
    });

    it("an input that does not exist → 422 at inputId", T, async () => {
      await expect422(exampleChannel("9999999"), { exactly: ["inputAttachments[0].inputId"], messages: { "inputAttachments[0].inputId": /9999999/ } });
    });

    it("three push inputs → 422 at the third (at most 2 push inputs per channel)", T, async () => {
      const request = exampleChannel(inputs.rtmpA!);
      request.InputAttachments = [attachment(inputs.rtmpA!, "a"), attachment(inputs.rtmpB!, "b"), attachment(inputs.rtmpC!, "c")];
      await expect422(request, { exactly: ["inputAttachments[2].inputId"] });
    });

    it("21 inputs → 422 at inputAttachments (at most 20 per channel)", T, async () => {
      const pulls = await Promise.all(
        Array.from({ length: 21 }, (_, i) => createInput({ Name: `many-${i}`, Type: "URL_PULL", Sources: [{ Url: `http://127.0.0.1:9/many/${i}.m3u8` }] })),
      );
      const request = exampleChannel(pulls[0]!);
      request.InputAttachments = pulls.map((id, i) => attachment(id, `pull-${i}`));
      await expect422(request, { exactly: ["inputAttachments"], messages: { inputAttachments: /20/ } });
    });

    it("two attachments of one name → 422 at the second inputAttachmentName", T, async () => {
      const request = exampleChannel(inputs.rtmpA!);
      request.InputAttachments = [attachment(inputs.rtmpA!, "main"), attachment(inputs.rtmpB!, "main")];
      await expect422(request, { exactly: ["inputAttachments[1].inputAttachmentName"], messages: { "inputAttachments[1].inputAttachmentName": /main/ } });
    });
  });

  describe("automatic input failover", () => {
    function failover(primary: string, secondary: string, attachSecondary = true, conditions?: Json[]): Json {
      const request = exampleChannel(primary);
      const first = attachment(primary, "primary");
      first.AutomaticInputFailoverSettings = {
        SecondaryInputId: secondary,
        InputPreference: "EQUAL_INPUT_PREFERENCE",
        ...(conditions ? { FailoverConditions: conditions } : {}),
      };
      request.InputAttachments = attachSecondary ? [first, attachment(secondary, "secondary")] : [first];
      return request;
    }

    it("control: a pair of RTMP push inputs with the minimum thresholds (100 ms loss, 1000 ms black and silence) → 201", T, async () => {
      const created = await createChannel(
        failover(inputs.rtmpA!, inputs.rtmpB!, true, [
          { FailoverConditionSettings: { InputLossSettings: { InputLossThresholdMsec: 100 } } },
          { FailoverConditionSettings: { VideoBlackSettings: { BlackDetectThreshold: 0.1, VideoBlackThresholdMsec: 1000 } } },
          { FailoverConditionSettings: { AudioSilenceSettings: { AudioSelectorName: "default", AudioSilenceThresholdMsec: 1000 } } },
        ]),
      );
      assert.equal(created.InputAttachments[0].AutomaticInputFailoverSettings.SecondaryInputId, inputs.rtmpB);
      await deleteChannel(created.Id);
    });

    it("the secondary input not attached → 422 at secondaryInputId", T, async () => {
      await expect422(failover(inputs.rtmpA!, inputs.rtmpB!, false), { exactly: [`${AIF}.secondaryInputId`], messages: { [`${AIF}.secondaryInputId`]: new RegExp(inputs.rtmpB!) } });
    });

    it("inputs of different types (RTMP_PUSH + RTP_PUSH) → 422 at secondaryInputId", T, async () => {
      await expect422(failover(inputs.rtmpA!, inputs.rtpA!), { exactly: [`${AIF}.secondaryInputId`], messages: { [`${AIF}.secondaryInputId`]: /RTMP_PUSH|RTP_PUSH|type/ } });
    });

    it("a pull input in the pair → 422 (failover pairs are push inputs)", T, async () => {
      await Promise.all([
        expect422(failover(inputs.rtmpA!, inputs.pull!), { exactly: [`${AIF}.secondaryInputId`], messages: { [`${AIF}.secondaryInputId`]: /push/ } }),
        expect422(failover(inputs.pull!, inputs.rtmpA!), { exactly: [AIF], messages: { [AIF]: /push/ } }),
        expect422(failover(inputs.pull!, inputs.pull2!), { exactly: [AIF, `${AIF}.secondaryInputId`] }),
      ]);
    });

    it("inputLossThresholdMsec 50 (< 100) → 422 at the threshold", T, async () => {
      const at = `${AIF}.failoverConditions[0].failoverConditionSettings.inputLossSettings.inputLossThresholdMsec`;
      await expect422(failover(inputs.rtmpA!, inputs.rtmpB!, true, [{ FailoverConditionSettings: { InputLossSettings: { InputLossThresholdMsec: 50 } } }]), { exactly: [at] });
    });

    it("videoBlackThresholdMsec 500 and audioSilenceThresholdMsec 500 (< 1000) → 422 at each threshold", T, async () => {
      const black = `${AIF}.failoverConditions[0].failoverConditionSettings.videoBlackSettings.videoBlackThresholdMsec`;
      const silence = `${AIF}.failoverConditions[1].failoverConditionSettings.audioSilenceSettings.audioSilenceThresholdMsec`;
      await expect422(
        failover(inputs.rtmpA!, inputs.rtmpB!, true, [
          { FailoverConditionSettings: { VideoBlackSettings: { BlackDetectThreshold: 0.1, VideoBlackThresholdMsec: 500 } } },
          { FailoverConditionSettings: { AudioSilenceSettings: { AudioSelectorName: "default", AudioSilenceThresholdMsec: 500 } } },
        ]),
        { exactly: [black, silence] },
      );
    });
  });

  describe("what openlive's encoder does not produce", () => {
    it("a setting openlive cannot reproduce (outputTimingSource SYSTEM_CLOCK) is created as sent and told in openliveNotHonoured", T, async () => {
      const request = exampleChannel(inputs.rtmpA!);
      request.EncoderSettings.GlobalConfiguration = { OutputTimingSource: "SYSTEM_CLOCK" };
      const created = await client.send(new CreateChannelCommand(request as CreateChannelCommandInput));
      const id = created.Channel!.Id!;
      try {
        assert.equal(created.Channel!.EncoderSettings?.GlobalConfiguration?.OutputTimingSource, "SYSTEM_CLOCK");
        // SDKs ignore members they do not know; the raw answer carries the extension member.
        const described = await rawRequest(openlive, { method: "GET", path: `/prod/channels/${id}` });
        assert.equal(described.status, 200, described.text);
        const told = (described.json as { openliveNotHonoured: { elementPath: string; reason: string }[] }).openliveNotHonoured;
        const timing = told.find((setting) => setting.elementPath === "encoderSettings.globalConfiguration.outputTimingSource");
        assert.ok(timing, JSON.stringify(told));
        assert.match(timing.reason, /honours only "INPUT_CLOCK"/);
      } finally {
        await client.send(new DeleteChannelCommand({ ChannelId: id }));
      }
    });

    it("multiplexGroupSettings output groups → 422 naming the group type; a UDP output naming a file:// destination → 422 asking udp:// or rtp://", T, async () => {
      const multiplex = exampleChannel(inputs.rtmpA!);
      multiplex.EncoderSettings.OutputGroups[0].OutputGroupSettings = { MultiplexGroupSettings: {} };
      multiplex.EncoderSettings.OutputGroups[0].Outputs[0].OutputSettings = { MultiplexOutputSettings: { Destination: { DestinationRefId: "hls-dest" } } };
      const udp = exampleChannel(inputs.rtmpA!);
      udp.EncoderSettings.OutputGroups[0].OutputGroupSettings = { UdpGroupSettings: {} };
      udp.EncoderSettings.OutputGroups[0].Outputs[0].OutputSettings = { UdpOutputSettings: { Destination: { DestinationRefId: "hls-dest" }, ContainerSettings: { M2tsSettings: {} } } };
      const group = "encoderSettings.outputGroups[0].outputGroupSettings";
      const udpRef = "encoderSettings.outputGroups[0].outputs[0].outputSettings.udpOutputSettings.destination.destinationRefId";
      await Promise.all([
        expect422(multiplex, { includes: [`${group}.multiplexGroupSettings`], messages: { [`${group}.multiplexGroupSettings`]: /openlive has no multiplexes/ } }),
        expect422(udp, {
          exactly: [`${udpRef}`],
          messages: { [udpRef]: /destination "hls-dest" must have udp:\/\/<host>:<port> or rtp:\/\/<host>:<port> URLs for a UDP output/ },
        }),
      ]);
    });

    it("a frame capture HLS output (frameCaptureHlsSettings) on an H.264 description with audio → 422 naming both", T, async () => {
      const request = exampleChannel(inputs.rtmpA!);
      request.EncoderSettings.OutputGroups[0].Outputs[0].OutputSettings.HlsOutputSettings.HlsSettings = { FrameCaptureHlsSettings: {} };
      const output = "encoderSettings.outputGroups[0].outputs[0]";
      await expect422(request, {
        // The channel's one audio description is then referenced by no output: refused too, as MediaLive does.
        exactly: [`${output}.videoDescriptionName`, `${output}.audioDescriptionNames`, "encoderSettings.audioDescriptions[0]"],
        messages: {
          [`${output}.videoDescriptionName`]: /does not encode JPEG frame captures; a frame capture HLS output \(frameCaptureHlsSettings\) needs a video description with codecSettings.frameCaptureSettings/,
          [`${output}.audioDescriptionNames`]: /must be empty: a frame capture HLS output \(frameCaptureHlsSettings\) carries JPEG pictures only/,
        },
      });
    });
  });

  describe("all problems at once", () => {
    it("a channel with five different mistakes gets all five ValidationErrors in one answer", T, async () => {
      const request = exampleChannel(inputs.rtmpA!);
      request.InputAttachments = [attachment(inputs.rtmpA!, "main"), attachment(inputs.rtmpB!, "main")]; // duplicate attachment name
      request.Destinations[0].Settings[0].Url = "mediastore://store.example/live/index"; // unsupported scheme (MediaStore without TLS)
      request.EncoderSettings.OutputGroups[0].Outputs[0].AudioDescriptionNames = ["a_aac", "a_missing"]; // unknown description
      request.EncoderSettings.OutputGroups.push({
        Name: "second",
        OutputGroupSettings: { HlsGroupSettings: { Destination: { DestinationRefId: "nowhere" } } }, // undefined destination
        // a frame capture HLS output on an H.264 description
        Outputs: [{ OutputName: "x", VideoDescriptionName: "v720", OutputSettings: { HlsOutputSettings: { NameModifier: "_x", HlsSettings: { FrameCaptureHlsSettings: {} } } } }],
      });
      const errors = await expect422(request, {
        includes: [
          "inputAttachments[1].inputAttachmentName",
          "destinations[0].settings[0].url",
          "encoderSettings.outputGroups[1].outputs[0].videoDescriptionName",
          "encoderSettings.outputGroups[0].outputs[0].audioDescriptionNames[1]",
          "encoderSettings.outputGroups[1].outputGroupSettings.hlsGroupSettings.destination.destinationRefId",
        ],
      });
      assert.ok(errors.length >= 5);
    });

    it("model-level mistakes (a missing required member, a threshold below its minimum) are reported together with the others", T, async () => {
      const request = exampleChannel(inputs.rtmpA!);
      delete request.EncoderSettings.TimecodeConfig; // required by the model
      const first = attachment(inputs.rtmpA!, "primary");
      first.AutomaticInputFailoverSettings = {
        SecondaryInputId: inputs.rtmpB,
        FailoverConditions: [{ FailoverConditionSettings: { InputLossSettings: { InputLossThresholdMsec: 50 } } }], // below the model's minimum
      };
      request.InputAttachments = [first, attachment(inputs.rtmpB!, "secondary")];
      request.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.Destination.DestinationRefId = "nowhere"; // undefined destination
      request.Destinations[0].Settings[0].Url = "mediastore://x.data.mediastore.us-east-1.amazonaws.com/live/index"; // unsupported scheme (no TLS)
      await expect422(request, {
        exactly: [
          "encoderSettings.timecodeConfig",
          `${AIF}.failoverConditions[0].failoverConditionSettings.inputLossSettings.inputLossThresholdMsec`,
          HLS_DEST_REF,
          "destinations[0].settings[0].url",
        ],
      });
    });
  });

  describe("nothing is stored on a 422", () => {
    it("ListChannels is unchanged and the inputs stay DETACHED after refused creates", T, async () => {
      const before = (await client.send(new ListChannelsCommand({}))).Channels!.map((c) => c.Id).sort();
      const broken = exampleChannel(inputs.rtmpFresh!);
      broken.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.Destination.DestinationRefId = "nowhere";
      const pair = exampleChannel(inputs.rtmpFresh!);
      pair.InputAttachments = [attachment(inputs.rtmpFresh!, "a"), attachment(inputs.rtpB!, "b"), attachment(inputs.rtmpC!, "c")]; // 3 push inputs
      await Promise.all([expect422(broken, { exactly: [HLS_DEST_REF] }), expect422(pair, { exactly: ["inputAttachments[2].inputId"] })]);
      const after = (await client.send(new ListChannelsCommand({}))).Channels!.map((c) => c.Id).sort();
      assert.deepEqual(after, before, "no channel was stored");
      for (const id of [inputs.rtmpFresh!, inputs.rtpB!, inputs.rtmpC!]) {
        const input = await client.send(new DescribeInputCommand({ InputId: id }));
        assert.equal(input.State, "DETACHED", `input ${id} stays DETACHED`);
        assert.deepEqual(input.AttachedChannels ?? [], []);
      }
    });
  });

  describe("attachments follow UpdateChannel", () => {
    it("replacing a channel's input detaches the old one and attaches the new one; an update taking a held input → 422", T, async () => {
      const [oldInput, newInput] = await Promise.all([rtmpInput("swap-old"), rtmpInput("swap-new")]);
      const created = await createChannel(exampleChannel(oldInput));
      const update = (inputId: string) =>
        client.send(new UpdateChannelCommand({ ChannelId: created.Id, RoleArn: created.RoleArn, InputAttachments: [{ ...created.InputAttachments[0], InputId: inputId }] }));
      await assert.rejects(update(inputs.rtmpHeld!), (error: unknown) => {
        assert.ok(error instanceof UnprocessableEntityException, `expected 422, got ${(error as Error)?.name}`);
        assert.match(error.message, /Failed to update channel/);
        assert.deepEqual(elementPaths(error.ValidationErrors), ["inputAttachments[0].inputId"]);
        return true;
      });
      const updated = await update(newInput);
      assert.equal(updated.Channel!.InputAttachments![0]!.InputId, newInput);
      const [oldNow, newNow] = await Promise.all([client.send(new DescribeInputCommand({ InputId: oldInput })), client.send(new DescribeInputCommand({ InputId: newInput }))]);
      assert.equal(oldNow.State, "DETACHED");
      assert.deepEqual(oldNow.AttachedChannels ?? [], []);
      assert.equal(newNow.State, "ATTACHED");
      assert.deepEqual(newNow.AttachedChannels, [created.Id]);
    });
  });

  describe("schedule validation", () => {
    let scheduled: Json;

    async function expectSchedule422(request: Json, exactly: readonly string[]): Promise<void> {
      await assert.rejects(client.send(new BatchUpdateScheduleCommand({ ChannelId: scheduled.Id, ...request })), (error: unknown) => {
        assert.ok(error instanceof UnprocessableEntityException, `expected 422, got ${(error as Error)?.name}: ${(error as Error)?.message}`);
        assert.equal(error.$metadata.httpStatusCode, 422);
        assert.deepEqual([...elementPaths(error.ValidationErrors)].sort(), [...exactly].sort(), show(error.ValidationErrors));
        return true;
      });
    }

    const immediate = { ImmediateModeScheduleActionStartSettings: {} };
    const switchTo = (name: string, attachmentName: string, start: Json = immediate, extra: Json = {}): ScheduleAction => ({
      ActionName: name,
      ScheduleActionStartSettings: start,
      ScheduleActionSettings: { InputSwitchSettings: { InputAttachmentNameReference: attachmentName, ...extra } },
    });

    it("deleting an action that does not exist, urlPath on a static input, a follow of an unknown action → 422 each; nothing stored", T, async () => {
      const [input] = await Promise.all([rtmpInput("sched-rules")]);
      scheduled = await createChannel(exampleChannel(input));
      await client.send(new BatchUpdateScheduleCommand({ ChannelId: scheduled.Id, Creates: { ScheduleActions: [switchTo("first", "main")] } }));
      await Promise.all([
        expectSchedule422({ Deletes: { ActionNames: ["ghost"] } }, ["deletes.actionNames[0]"]),
        expectSchedule422({ Creates: { ScheduleActions: [switchTo("with-path", "main", immediate, { UrlPath: ["a.mp4"] })] } }, [
          "creates.scheduleActions[0].scheduleActionSettings.inputSwitchSettings.urlPath",
        ]),
        expectSchedule422({ Creates: { ScheduleActions: [switchTo("follower", "main", { FollowModeScheduleActionStartSettings: { ReferenceActionName: "ghost", FollowPoint: "END" } })] } }, [
          "creates.scheduleActions[0].scheduleActionStartSettings.followModeScheduleActionStartSettings.referenceActionName",
        ]),
        expectSchedule422({ Creates: { ScheduleActions: [switchTo("first", "main"), switchTo("first", "main")] } }, ["creates.scheduleActions[0].actionName", "creates.scheduleActions[1].actionName"]),
      ]);
      const schedule = await client.send(new DescribeScheduleCommand({ ChannelId: scheduled.Id }));
      assert.deepEqual(schedule.ScheduleActions!.map((a) => a.ActionName), ["first"]);
    });

    it("a batch deleting an action and creating one that follows it → 422 (no orphans)", T, async () => {
      await expectSchedule422(
        { Deletes: { ActionNames: ["first"] }, Creates: { ScheduleActions: [switchTo("orphan", "main", { FollowModeScheduleActionStartSettings: { ReferenceActionName: "first", FollowPoint: "END" } })] } },
        ["creates.scheduleActions[0].scheduleActionStartSettings.followModeScheduleActionStartSettings.referenceActionName"],
      );
    });

    it("an action starting in less than 15 s can no longer be deleted → 422 at deletes.actionNames[0]", T, async () => {
      const startsAt = Date.now() + 17_000;
      await client.send(
        new BatchUpdateScheduleCommand({
          ChannelId: scheduled.Id,
          Creates: { ScheduleActions: [switchTo("imminent", "main", { FixedModeScheduleActionStartSettings: { Time: new Date(startsAt).toISOString() } })] },
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, startsAt - 14_000 - Date.now())));
      await expectSchedule422({ Deletes: { ActionNames: ["imminent"] } }, ["deletes.actionNames[0]"]);
    });

    it("input prepare: immediate and fixed prepares, and one without an attachment, are stored; a prepare of an unknown attachment or clipping a live input → 422", T, async () => {
      const prepare = (name: string, start: Json, settings: Json): ScheduleAction => ({ ActionName: name, ScheduleActionStartSettings: start, ScheduleActionSettings: { InputPrepareSettings: settings } });
      const actions = [
        prepare("prep-now", immediate, { InputAttachmentNameReference: "main" }),
        prepare("prep-later", { FixedModeScheduleActionStartSettings: { Time: new Date(Date.now() + 3_600_000).toISOString() } }, { InputAttachmentNameReference: "main" }),
        prepare("stop-preparing", { FollowModeScheduleActionStartSettings: { ReferenceActionName: "first", FollowPoint: "START" } }, {}),
      ];
      const result = await client.send(new BatchUpdateScheduleCommand({ ChannelId: scheduled.Id, Creates: { ScheduleActions: actions } }));
      assert.deepEqual(result.Creates!.ScheduleActions, actions);
      const clip = { InputClippingSettings: { InputTimecodeSource: "ZEROBASED", StartTimecode: { Timecode: "00:00:10:00" } } };
      await Promise.all([
        expectSchedule422({ Creates: { ScheduleActions: [prepare("prep-ghost", immediate, { InputAttachmentNameReference: "ghost" })] } }, [
          "creates.scheduleActions[0].scheduleActionSettings.inputPrepareSettings.inputAttachmentNameReference",
        ]),
        expectSchedule422({ Creates: { ScheduleActions: [switchTo("clip-live", "main", immediate, clip)] } }, ["creates.scheduleActions[0].scheduleActionSettings.inputSwitchSettings.inputClippingSettings"]),
        expectSchedule422({ Creates: { ScheduleActions: [prepare("prep-again", { FollowModeScheduleActionStartSettings: { ReferenceActionName: "first", FollowPoint: "START" } }, {})] } }, [
          "creates.scheduleActions[0].scheduleActionStartSettings.followModeScheduleActionStartSettings.referenceActionName",
        ]),
      ]);
      const schedule = await client.send(new DescribeScheduleCommand({ ChannelId: scheduled.Id }));
      assert.deepEqual(schedule.ScheduleActions!.map((a) => a.ActionName).filter((n) => n !== "imminent"), ["first", "prep-now", "prep-later", "stop-preparing"]);
    });

    it("automatic input failover: PRIMARY_INPUT_PREFERRED refuses a switch to the secondary (422 naming the preference); EQUAL_INPUT_PREFERENCE takes it", T, async () => {
      const [primaryId, secondaryId, primary2Id, secondary2Id] = await Promise.all(["aif-sched-p", "aif-sched-s", "aif-sched-p2", "aif-sched-s2"].map((name) => rtmpInput(name)));
      const pair = (primaryInput: string, secondaryInput: string, preference: string): Json => {
        const request = exampleChannel(primaryInput);
        const first = attachment(primaryInput, "primary");
        first.AutomaticInputFailoverSettings = { SecondaryInputId: secondaryInput, InputPreference: preference };
        request.InputAttachments = [first, attachment(secondaryInput, "secondary")];
        return request;
      };
      const [preferred, equal] = await Promise.all([createChannel(pair(primaryId!, secondaryId!, "PRIMARY_INPUT_PREFERRED")), createChannel(pair(primary2Id!, secondary2Id!, "EQUAL_INPUT_PREFERENCE"))]);
      const at = "creates.scheduleActions[0].scheduleActionSettings.inputSwitchSettings.inputAttachmentNameReference";
      await assert.rejects(client.send(new BatchUpdateScheduleCommand({ ChannelId: preferred.Id, Creates: { ScheduleActions: [switchTo("to-secondary", "secondary")] } })), (error: unknown) => {
        assert.ok(error instanceof UnprocessableEntityException, `expected 422, got ${(error as Error)?.name}: ${(error as Error)?.message}`);
        assert.deepEqual(elementPaths(error.ValidationErrors), [at]);
        assert.match(error.ValidationErrors![0]!.ErrorMessage!, /PRIMARY_INPUT_PREFERRED.*can't switch to the secondary input "secondary"/);
        return true;
      });
      await client.send(new BatchUpdateScheduleCommand({ ChannelId: preferred.Id, Creates: { ScheduleActions: [switchTo("to-primary", "primary")] } }));
      await client.send(new BatchUpdateScheduleCommand({ ChannelId: equal.Id, Creates: { ScheduleActions: [switchTo("to-secondary", "secondary"), switchTo("back", "primary")] } }));
      const schedules = await Promise.all([preferred, equal].map((channel) => client.send(new DescribeScheduleCommand({ ChannelId: channel.Id }))));
      assert.deepEqual(schedules.map((schedule) => schedule.ScheduleActions!.map((a) => a.ActionName)), [["to-primary"], ["to-secondary", "back"]]);
    });

    it("schedule operations on a channel that does not exist → NotFoundException", T, async () => {
      await assert.rejects(client.send(new DescribeScheduleCommand({ ChannelId: "9999999" })), (error: unknown) => {
        assert.ok(error instanceof NotFoundException, `expected NotFoundException, got ${(error as Error)?.name}`);
        assert.equal(error.$metadata.httpStatusCode, 404);
        return true;
      });
    });
  });

  describe("waiters", () => {
    it("ChannelCreated and InputAttached after CreateChannel; ChannelDeleted and InputDetached after DeleteChannel", T, async () => {
      const created = await createChannel(exampleChannel(inputs.rtmpWait!));
      const [channelReady, inputAttached] = await Promise.all([
        waitUntilChannelCreated({ client, ...WAITER }, { ChannelId: created.Id }),
        waitUntilInputAttached({ client, ...WAITER }, { InputId: inputs.rtmpWait }),
      ]);
      assert.equal(channelReady.state, "SUCCESS");
      assert.equal(inputAttached.state, "SUCCESS");
      assert.equal((await client.send(new DescribeChannelCommand({ ChannelId: created.Id }))).State, "IDLE");
      await deleteChannel(created.Id);
      const [channelGone, inputDetached] = await Promise.all([
        waitUntilChannelDeleted({ client, ...WAITER }, { ChannelId: created.Id }),
        waitUntilInputDetached({ client, ...WAITER }, { InputId: inputs.rtmpWait }),
      ]);
      assert.equal(channelGone.state, "SUCCESS");
      assert.equal(inputDetached.state, "SUCCESS");
    });
  });

  describe("paginators", () => {
    it("paginateListChannels with pageSize 2 visits every channel once, in pages of at most 2", T, async () => {
      const extra = await Promise.all(["p1", "p2", "p3", "p4"].map((name) => rtmpInput(`page-${name}`)));
      const created = await Promise.all(extra.map((id) => createChannel(exampleChannel(id))));
      const all = (await client.send(new ListChannelsCommand({ MaxResults: 1000 }))).Channels!.map((c) => c.Id);
      assert.ok(all.length >= 5, `at least 5 channels: ${all.length}`);
      const pages: string[][] = [];
      for await (const page of paginateListChannels({ client, pageSize: 2 }, {})) {
        pages.push((page.Channels ?? []).map((c) => c.Id!));
        for (const summary of page.Channels ?? []) assert.equal((summary as Json).EncoderSettings, undefined, "summaries carry no EncoderSettings");
      }
      assert.ok(pages.every((p) => p.length <= 2 && p.length > 0), `pages: ${JSON.stringify(pages)}`);
      assert.equal(pages.length, Math.ceil(all.length / 2));
      assert.deepEqual(pages.flat(), all, "every channel once, in list order");
      for (const channel of created) assert.ok(pages.flat().includes(channel.Id));
    });

    it("paginateDescribeSchedule with pageSize 2 returns every action in order", T, async () => {
      const created = await createChannel(exampleChannel(inputs.rtmpSched!));
      const base = Date.now() + 3_600_000;
      const actions: ScheduleAction[] = Array.from({ length: 5 }, (_, i) => ({
        ActionName: `switch-${i}`,
        ScheduleActionStartSettings: { FixedModeScheduleActionStartSettings: { Time: new Date(base + i * 60_000).toISOString() } },
        ScheduleActionSettings: { InputSwitchSettings: { InputAttachmentNameReference: "main" } },
      }));
      await client.send(new BatchUpdateScheduleCommand({ ChannelId: created.Id, Creates: { ScheduleActions: actions } }));
      const pages: string[][] = [];
      for await (const page of paginateDescribeSchedule({ client, pageSize: 2 }, { ChannelId: created.Id })) pages.push((page.ScheduleActions ?? []).map((a) => a.ActionName!));
      assert.deepEqual(pages, [["switch-0", "switch-1"], ["switch-2", "switch-3"], ["switch-4"]]);
    });
  });

  describe("concurrent creates", () => {
    it("six concurrent CreateChannel on one input → exactly one channel; the others refused (422 or 409)", T, async () => {
      const input = await rtmpInput("contested");
      const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => client.send(new CreateChannelCommand({ ...exampleChannel(input), Name: `racer-${i}` }))));
      const winners = results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<Json>).value.Channel.Id);
      assert.equal(winners.length, 1, `exactly one create wins: ${JSON.stringify(results.map((r) => r.status))}`);
      for (const result of results) {
        if (result.status === "fulfilled") continue;
        const error = result.reason as Json;
        assert.ok(error instanceof UnprocessableEntityException || error instanceof ConflictException, `a loser is refused with 422 or 409, got ${error?.name}: ${error?.message}`);
      }
      const described = await client.send(new DescribeInputCommand({ InputId: input }));
      assert.deepEqual(described.AttachedChannels, winners);
      const listed = (await client.send(new ListChannelsCommand({ MaxResults: 1000 }))).Channels!.filter((c) => c.InputAttachments?.some((a) => a.InputId === input));
      assert.deepEqual(listed.map((c) => c.Id), winners, "one channel holds the input");
    });

    it("four concurrent CreateChannel with one RequestId → one channel, every call answers it", T, async () => {
      const input = await rtmpInput("same-token");
      const request = { ...exampleChannel(input), RequestId: `concurrent-${process.pid}-${Date.now()}` };
      const results = await Promise.all(Array.from({ length: 4 }, () => client.send(new CreateChannelCommand(request))));
      const ids = new Set(results.map((r) => r.Channel!.Id));
      assert.equal(ids.size, 1, `one channel: ${[...ids].join(", ")}`);
      const listed = (await client.send(new ListChannelsCommand({ MaxResults: 1000 }))).Channels!.filter((c) => c.InputAttachments?.some((a) => a.InputId === input));
      assert.equal(listed.length, 1);
    });
  });

  describe("idempotency", () => {
    it("CreateChannel twice with one RequestId → the same channel, stored once; another body with it → ConflictException", T, async () => {
      const request = { ...exampleChannel(inputs.rtmpIdem!), RequestId: `idem-${process.pid}-${Date.now()}` };
      const first = await createChannel(request);
      const second = await createChannel(request);
      assert.equal(second.Id, first.Id, "the retry answers the channel the first call created");
      const listed = (await client.send(new ListChannelsCommand({}))).Channels!.filter((c) => c.Id === first.Id);
      assert.equal(listed.length, 1);
      await assert.rejects(client.send(new CreateChannelCommand({ ...request, Name: "another-body" })), (error: unknown) => {
        assert.ok(error instanceof ConflictException, `expected ConflictException, got ${(error as Error)?.name}: ${(error as Error)?.message}`);
        assert.equal(error.$metadata.httpStatusCode, 409);
        return true;
      });
      const described = await client.send(new DescribeInputCommand({ InputId: inputs.rtmpIdem }));
      assert.deepEqual(described.AttachedChannels, [first.Id]);
    });
  });
});
