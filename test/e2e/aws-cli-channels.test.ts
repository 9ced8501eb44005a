// End-to-end: the real aws CLI v1 against a real `./openlive serve` — channels and their
// schedule (docs/api.md, docs/channels.md). The README's walk-through:
// the channel of examples/channel-hls.json created with --cli-input-json, described back
// member for member, listed as a summary, updated, re-classed, tagged, deleted and
// batch-deleted with its inputs and security group; the schedule stored and validated
// (422 with the element path of each problem); start/stop conflicts answered as MediaLive does.
// Every 422 is read back from the CLI's --debug log, which carries the response body.
// What a case only needs to exist (the inputs and security groups, the channels that the
// class-change and batch-delete cases act on) is made in-process with the SDK: a CLI call
// costs ~0.7 s of Python, and creating them with the CLI is what aws-cli-inputs.test.ts,
// aws-cli-isg.test.ts and this file's first case test.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateChannelCommand, CreateInputCommand, CreateInputSecurityGroupCommand, DeleteChannelCommand, type CreateInputCommandInput, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { medialive, type AwsCliResult, type Ml } from "../helpers/aws-cli.ts";
import { assertServerHealthy, ok, tail } from "../helpers/cli-asserts.ts";
import { EXAMPLE, isoIn } from "../helpers/channel-fixtures.ts";
import { makeOutputDir, startOpenlive, type OpenliveProcess } from "../helpers/openlive-process.ts";
import { sdkClient } from "../helpers/sdk.ts";

// ---------------------------------------------------------------------------------------
// Helpers (local to this file; the shared ones are in test/helpers/aws-cli.ts, cli-asserts.ts).

const CHANNEL_ARN = /^arn:aws:medialive:us-east-1:000000000000:channel:(\d{7})$/;
/** The members of the example file, in the CLI's (SDK's) PascalCase. */
const EXAMPLE_MEMBERS = ["Name", "ChannelClass", "RoleArn", "InputSpecification", "InputAttachments", "Destinations", "EncoderSettings"] as const;
const T = { timeout: 90_000 } as const;

/**
 * Asserts a failed CLI call carrying the MediaLive error shape `shape` and a message matching
 * `message` in the CLI's error line (stderr's last line). Local, unlike cli-asserts' `fails`:
 * a --debug stderr is the whole botocore log, so the shape, the message and the absence of a
 * server error are checked on that one line, not anywhere in stderr.
 */
function fails(result: AwsCliResult, shape: string, message: string | RegExp, what: string): void {
  assert.notEqual(result.exitCode, 0, `${what}: expected ${shape}, but it succeeded:\n${result.stdout}`);
  const last = result.stderr.trim().split("\n").pop() ?? "";
  assert.ok(last.includes(`(${shape})`), `${what}: expected (${shape}) in the CLI's error line, got:\n${last}\n${tail(result.stderr)}`);
  assert.doesNotMatch(last, /InternalServerError|\(500\)/, `${what}: server error:\n${last}`);
  if (typeof message === "string") assert.ok(last.includes(message), `${what}: expected the message to contain ${JSON.stringify(message)}, got:\n${last}`);
  else assert.match(last, message, `${what}: message does not match ${message}:\n${last}`);
}

/** Decodes a Python bytes literal body (b'…') as botocore's --debug log prints it. */
function decodePythonBytes(literal: string): string {
  const inner = literal.replace(/^b'/, "").replace(/'$/, "");
  const bytes: number[] = [];
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c !== "\\") {
      bytes.push(...Buffer.from(c, "utf8"));
      continue;
    }
    const next = inner[++i]!;
    if (next === "x") {
      bytes.push(parseInt(inner.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(({ n: 10, r: 13, t: 9 } as Record<string, number>)[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** The JSON body of the (last) response, from a `--debug` call's stderr. */
function debugResponseBody(result: AwsCliResult): any {
  const lines = result.stderr.split("\n");
  let body: string | undefined;
  lines.forEach((line, index) => {
    if (line.endsWith("Response body:") && lines[index + 1]?.startsWith("b'")) body = lines[index + 1];
  });
  assert.ok(body, `no response body in the --debug log:\n${tail(result.stderr)}`);
  return JSON.parse(decodePythonBytes(body));
}

/** A 422 UnprocessableEntityException; returns its validationErrors (read from the --debug log). */
function fails422(result: AwsCliResult, what: string): { elementPath: string; errorMessage: string }[] {
  fails(result, "UnprocessableEntityException", /./, what);
  const body = debugResponseBody(result);
  assert.ok(Array.isArray(body.validationErrors), `${what}: the 422 body carries validationErrors: ${JSON.stringify(body)}`);
  return body.validationErrors;
}

function paths(errors: readonly { elementPath: string }[]): string[] {
  return errors.map((e) => e.elementPath);
}

/** The example channel (PascalCase, CLI input JSON) with INPUT_ID replaced. */
function exampleChannel(inputId: string): any {
  return JSON.parse(EXAMPLE.replaceAll("INPUT_ID", inputId));
}

function switchAction(name: string, attachment: string, start: object): object {
  return { ActionName: name, ScheduleActionStartSettings: start, ScheduleActionSettings: { InputSwitchSettings: { InputAttachmentNameReference: attachment } } };
}

// ---------------------------------------------------------------------------------------

describe("aws CLI: channels and schedules (the README walk-through)", { timeout: 300_000 }, () => {
  let server: OpenliveProcess;
  let ml: Ml;
  let client: MediaLiveClient;
  let work: string;
  /** The channels' HLS folders, inside the service's output root. */
  let out: string;
  let isg: string;
  let rtmp: string; // RTMP_PUSH, one stream name: SINGLE_PIPELINE; the README's input
  let rtp: string; // RTP_PUSH: STANDARD
  let channel: any; // the README channel, as create-channel returned it
  let channelFile: string;

  /** Writes `json` into the work dir and returns a file:// URL the CLI reads. */
  function jsonFile(name: string, json: unknown): string {
    const file = path.join(work, name);
    writeFileSync(file, JSON.stringify(json, null, 2));
    return `file://${file}`;
  }

  async function createInput(input: CreateInputCommandInput): Promise<string> {
    return (await client.send(new CreateInputCommand(input))).Input!.Id!;
  }

  async function createIsg(cidrs: readonly string[], tags?: Record<string, string>): Promise<string> {
    return (await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: cidrs.map((Cidr) => ({ Cidr })), Tags: tags }))).SecurityGroup!.Id!;
  }

  /** CreateChannel with a body of the CLI's (the SDK's) shape; returns the channel as created. */
  async function createChannel(body: Record<string, unknown>): Promise<{ Id: string; Arn: string; ChannelClass?: string }> {
    const created = (await client.send(new CreateChannelCommand(body))).Channel!;
    return { Id: created.Id!, Arn: created.Arn!, ChannelClass: created.ChannelClass };
  }

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), "openlive-cli-channels-"));
    out = makeOutputDir("openlive-cli-channels-");
    server = await startOpenlive();
    ml = medialive(server);
    client = sdkClient(server);
    isg = await createIsg(["127.0.0.1/32", "192.0.2.0/24"], { env: "demo" });
    [rtmp, rtp] = await Promise.all([
      createInput({ Name: "studio-rtmp", Type: "RTMP_PUSH", InputSecurityGroups: [isg], Destinations: [{ StreamName: "live/main" }] }),
      createInput({ Name: "studio-rtp", Type: "RTP_PUSH", InputSecurityGroups: [isg] }),
    ]);
  });

  after(async () => {
    client?.destroy();
    if (server) {
      assertServerHealthy(server);
      const code = await server.stop();
      rmSync(server.dataDir, { recursive: true, force: true });
      assert.equal(code, 0, `openlive exited with ${code}`);
    }
    if (work) rmSync(work, { recursive: true, force: true });
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("create-channel --cli-input-json file://examples/channel-hls.json: 201, IDLE, channel ARN", T, async () => {
    const file = exampleChannel(rtmp);
    channelFile = jsonFile("channel.json", file);
    const created = ok(await ml("create-channel", "--cli-input-json", channelFile), "create-channel");
    channel = created.Channel;
    assert.ok(channel, `CreateChannel wraps the channel in Channel: ${JSON.stringify(created)}`);
    const match = CHANNEL_ARN.exec(channel.Arn);
    assert.ok(match, `Arn ${channel.Arn} must be arn:aws:medialive:us-east-1:000000000000:channel:<7 digits>`);
    assert.equal(channel.Id, match[1], "Id is the ARN's last segment");
    assert.ok(["CREATING", "IDLE"].includes(channel.State), `State right after create: ${channel.State}`);
    for (const member of EXAMPLE_MEMBERS) assert.deepEqual(channel[member], file[member], `create-channel echoes ${member}`);
  });

  it("describe-channel returns the file's configuration member for member, State IDLE, no pipelines running", T, async () => {
    const file = exampleChannel(rtmp);
    const described = ok(await ml("describe-channel", "--channel-id", channel.Id), "describe-channel");
    assert.equal(described.Channel, undefined, "DescribeChannel is flat (no Channel wrapper)");
    assert.equal(described.Id, channel.Id);
    assert.equal(described.Arn, channel.Arn);
    assert.equal(described.State, "IDLE");
    for (const member of EXAMPLE_MEMBERS) assert.deepEqual(described[member], file[member], `describe-channel ${member} equals the file's`);
    assert.equal(described.PipelinesRunningCount ?? 0, 0);
    assert.deepEqual(described.PipelineDetails ?? [], []);
    assert.deepEqual(described.Tags ?? {}, {});
  });

  it("the input becomes ATTACHED with AttachedChannels [channel]; its security group stays IN_USE", T, async () => {
    const [input, group] = await Promise.all([ml("describe-input", "--input-id", rtmp), ml("describe-input-security-group", "--input-security-group-id", isg)]);
    const described = ok(input, "describe-input");
    assert.equal(described.State, "ATTACHED");
    assert.deepEqual(described.AttachedChannels, [channel.Id]);
    const sg = ok(group, "describe-input-security-group");
    assert.equal(sg.State, "IN_USE");
    assert.deepEqual([...sg.Inputs].sort(), [rtmp, rtp].sort());
    // The other input is untouched.
    const other = ok(await ml("describe-input", "--input-id", rtp), "describe-input rtp");
    assert.equal(other.State, "DETACHED");
    assert.deepEqual(other.AttachedChannels ?? [], []);
  });

  it("list-channels: summaries without EncoderSettings and PipelineDetails", T, async () => {
    const listed = ok(await ml("list-channels"), "list-channels");
    assert.ok(Array.isArray(listed.Channels));
    const summary = listed.Channels.find((c: any) => c.Id === channel.Id);
    assert.ok(summary, `the channel is listed: ${JSON.stringify(listed)}`);
    assert.equal("EncoderSettings" in summary, false, "a ChannelSummary has no EncoderSettings");
    assert.equal("PipelineDetails" in summary, false, "a ChannelSummary has no PipelineDetails");
    const file = exampleChannel(rtmp);
    for (const member of ["Name", "ChannelClass", "RoleArn", "InputSpecification", "InputAttachments", "Destinations"] as const) {
      assert.deepEqual(summary[member], file[member], `summary ${member}`);
    }
    assert.equal(summary.Arn, channel.Arn);
    assert.equal(summary.State, "IDLE");
  });

  it("update-channel: a new name and another bitrate round-trip; omitting RoleArn removes the role", T, async () => {
    const file = exampleChannel(rtmp);
    const { ChannelClass: _class, ...rest } = file;
    const update = structuredClone({ ChannelId: channel.Id, ...rest });
    update.Name = "demo-hls-renamed";
    update.EncoderSettings.VideoDescriptions[0].CodecSettings.H264Settings.Bitrate = 2_000_000;
    const updated = ok(await ml("update-channel", "--cli-input-json", jsonFile("update.json", update)), "update-channel").Channel;
    assert.ok(updated, "UpdateChannel wraps the channel in Channel");
    assert.equal(updated.Id, channel.Id);
    assert.equal(updated.Name, "demo-hls-renamed");
    assert.equal(updated.EncoderSettings.VideoDescriptions[0].CodecSettings.H264Settings.Bitrate, 2_000_000);

    const described = ok(await ml("describe-channel", "--channel-id", channel.Id), "describe after update");
    assert.equal(described.State, "IDLE");
    assert.equal(described.Name, "demo-hls-renamed");
    assert.deepEqual(described.EncoderSettings, update.EncoderSettings, "EncoderSettings as updated");
    for (const member of ["ChannelClass", "RoleArn", "InputSpecification", "InputAttachments", "Destinations"] as const) {
      assert.deepEqual(described[member], file[member], `${member} unchanged by the update`);
    }

    // MediaLive's model: "If you do not specify [roleArn] on an update call but the role was
    // previously set that role will be removed." Everything else omitted stays.
    const renamed = ok(await ml("update-channel", "--channel-id", channel.Id, "--name", "demo-hls"), "update-channel --name").Channel;
    assert.equal(renamed.Name, "demo-hls");
    assert.equal(renamed.RoleArn, undefined, "RoleArn removed when an update omits it");
    assert.deepEqual(renamed.EncoderSettings, update.EncoderSettings, "EncoderSettings kept when an update omits them");
    assert.deepEqual(renamed.InputAttachments, file.InputAttachments);
    const input = ok(await ml("describe-input", "--input-id", rtmp), "describe-input after updates");
    assert.equal(input.State, "ATTACHED");
    assert.deepEqual(input.AttachedChannels, [channel.Id]);
  });

  it("update-channel with a broken configuration → 422 with the element path; the channel is unchanged", T, async () => {
    const before = ok(await ml("describe-channel", "--channel-id", channel.Id), "describe before");
    const bad = structuredClone(before.EncoderSettings);
    bad.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.Destination.DestinationRefId = "nowhere";
    const errors = fails422(await ml("update-channel", "--channel-id", channel.Id, "--encoder-settings", JSON.stringify(bad), "--debug"), "update-channel to an undefined destination");
    assert.deepEqual(paths(errors), ["encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.destination.destinationRefId"]);
    assert.match(errors[0]!.errorMessage, /nowhere/);
    const after = ok(await ml("describe-channel", "--channel-id", channel.Id), "describe after");
    assert.deepEqual(after, before, "a refused update changes nothing");
  });

  it("create-channel with the README's broken file → 422 naming destinationRefId; nothing stored", T, async () => {
    const broken = EXAMPLE.replaceAll("INPUT_ID", rtp).replace('"hls-dest" }', '"nowhere" }');
    assert.notEqual(broken, EXAMPLE.replaceAll("INPUT_ID", rtp), "the README's sed expression still matches the example");
    writeFileSync(path.join(work, "bad.json"), broken);
    const result = await ml("create-channel", "--cli-input-json", `file://${path.join(work, "bad.json")}`, "--debug");
    const errors = fails422(result, "create-channel bad.json");
    // The undefined destination. (The destination the README's first channel uses is no mistake: idle channels may share one.)
    assert.deepEqual(paths(errors), ["encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.destination.destinationRefId"]);
    assert.match(result.stderr.trim().split("\n").pop()!, /Failed to create channel/);
    const [channels, input] = await Promise.all([ml("list-channels"), ml("describe-input", "--input-id", rtp)]);
    assert.deepEqual(ok(channels, "list-channels").Channels.map((c: any) => c.Id), [channel.Id], "nothing stored on a 422");
    assert.equal(ok(input, "describe-input").State, "DETACHED");
  });

  it("tags on channels: create-tags, list-tags-for-resource, delete-tags", T, async () => {
    const arn = channel.Arn;
    ok(await ml("create-tags", "--resource-arn", arn, "--tags", "env=demo,team=video"), "create-tags");
    assert.deepEqual(ok(await ml("list-tags-for-resource", "--resource-arn", arn), "list-tags-for-resource").Tags, { env: "demo", team: "video" });
    ok(await ml("delete-tags", "--resource-arn", arn, "--tag-keys", "team"), "delete-tags");
    const [listed, described] = await Promise.all([ml("list-tags-for-resource", "--resource-arn", arn), ml("describe-channel", "--channel-id", channel.Id)]);
    assert.deepEqual(ok(listed, "list after delete").Tags, { env: "demo" });
    assert.deepEqual(ok(described, "describe-channel").Tags, { env: "demo" }, "describe-channel shows the tags");
  });

  it("list-alerts → empty Alerts; --state-filter BOGUS → 400; an unknown channel → 404", T, async () => {
    const [empty, bogus, unknown] = await Promise.all([
      ml("list-alerts", "--channel-id", channel.Id, "--state-filter", "ALL"),
      ml("list-alerts", "--channel-id", channel.Id, "--state-filter", "BOGUS"),
      ml("list-alerts", "--channel-id", "9999999"),
    ]);
    assert.deepEqual(ok(empty, "list-alerts").Alerts, []);
    fails(bogus, "BadRequestException", "BOGUS", "list-alerts --state-filter BOGUS");
    fails(unknown, "NotFoundException", "9999999", "list-alerts of an unknown channel");
  });

  describe("schedule", () => {
    const future = isoIn(3_600_000 * 24);
    const actions = [
      switchAction("go-main", "main", { ImmediateModeScheduleActionStartSettings: {} }),
      switchAction("back-to-main", "main", { FixedModeScheduleActionStartSettings: { Time: future } }),
    ];

    it("batch-update-schedule: an immediate switch and a fixed one in the future; describe-schedule lists them", T, async () => {
      const result = ok(await ml("batch-update-schedule", "--channel-id", channel.Id, "--creates", JSON.stringify({ ScheduleActions: actions })), "batch-update-schedule");
      assert.deepEqual(result.Creates.ScheduleActions, actions, "Creates echoes the actions");
      assert.deepEqual(result.Deletes?.ScheduleActions ?? [], []);
      const described = ok(await ml("describe-schedule", "--channel-id", channel.Id), "describe-schedule");
      assert.deepEqual(described.ScheduleActions, actions);
    });

    it("describe-schedule paginates: --max-results 1 gives one action and a NextToken; --next-token the rest; auto-pagination follows", T, async () => {
      // A user-given --max-results turns the CLI's auto-pagination off: the server's pages as they are.
      const page1 = ok(await ml("describe-schedule", "--channel-id", channel.Id, "--max-results", "1"), "describe-schedule --max-results 1");
      assert.deepEqual(page1.ScheduleActions, [actions[0]]);
      assert.ok(typeof page1.NextToken === "string" && page1.NextToken !== "", `a NextToken after the first page: ${JSON.stringify(page1)}`);
      const [second, everyPage] = await Promise.all([
        ml("describe-schedule", "--channel-id", channel.Id, "--max-results", "1", "--next-token", page1.NextToken),
        ml("describe-schedule", "--channel-id", channel.Id, "--page-size", "1", "--debug"),
      ]);
      const page2 = ok(second, "describe-schedule --next-token");
      assert.deepEqual(page2.ScheduleActions, [actions[1]]);
      assert.equal(page2.NextToken ?? undefined, undefined, "no NextToken after the last page");
      // --page-size 1: maxResults=1 on the wire, and the CLI follows the tokens to the end.
      const all = ok(everyPage, "auto-paginated describe-schedule");
      assert.deepEqual(all.ScheduleActions, actions);
      const requests = everyPage.stderr.split("\n").filter((line) => /Making request for OperationModel\(name=DescribeSchedule\)/.test(line));
      assert.ok(requests.length >= 2, `auto-pagination made ${requests.length} request(s)`);
      assert.match(everyPage.stderr, /'maxResults': 1\b|maxResults=1\b/, "maxResults=1 on the wire");
    });

    it("a duplicate action name → 422 at creates.scheduleActions[0].actionName; the schedule is unchanged", T, async () => {
      const duplicate = switchAction("go-main", "main", { FixedModeScheduleActionStartSettings: { Time: isoIn(3_600_000) } });
      const errors = fails422(await ml("batch-update-schedule", "--channel-id", channel.Id, "--creates", JSON.stringify({ ScheduleActions: [duplicate] }), "--debug"), "duplicate action name");
      assert.deepEqual(paths(errors), ["creates.scheduleActions[0].actionName"]);
      assert.match(errors[0]!.errorMessage, /go-main/);
    });

    it("a fixed start 5 s from now → 422 (must be ≥ 15 s ahead)", T, async () => {
      const soon = switchAction("too-soon", "main", { FixedModeScheduleActionStartSettings: { Time: isoIn(5_000) } });
      const errors = fails422(await ml("batch-update-schedule", "--channel-id", channel.Id, "--creates", JSON.stringify({ ScheduleActions: [soon] }), "--debug"), "fixed time 5 s ahead");
      assert.deepEqual(paths(errors), ["creates.scheduleActions[0].scheduleActionStartSettings.fixedModeScheduleActionStartSettings.time"]);
    });

    it("a switch to an unknown attachment → 422 naming inputAttachmentNameReference", T, async () => {
      const unknown = switchAction("to-nowhere", "no-such-attachment", { ImmediateModeScheduleActionStartSettings: {} });
      const errors = fails422(await ml("batch-update-schedule", "--channel-id", channel.Id, "--creates", JSON.stringify({ ScheduleActions: [unknown] }), "--debug"), "unknown attachment");
      assert.deepEqual(paths(errors), ["creates.scheduleActions[0].scheduleActionSettings.inputSwitchSettings.inputAttachmentNameReference"]);
      assert.match(errors[0]!.errorMessage, /no-such-attachment/);
    });

    it("a follow action after a switch to a live input → 422 (live inputs never end)", T, async () => {
      const follow = switchAction("after-main", "main", { FollowModeScheduleActionStartSettings: { ReferenceActionName: "go-main", FollowPoint: "END" } });
      const errors = fails422(await ml("batch-update-schedule", "--channel-id", channel.Id, "--creates", JSON.stringify({ ScheduleActions: [follow] }), "--debug"), "follow after live");
      assert.deepEqual(paths(errors), ["creates.scheduleActions[0].scheduleActionStartSettings.followModeScheduleActionStartSettings.referenceActionName"]);
    });

    it("a batch with one good and one bad action is refused whole; all problems reported at once", T, async () => {
      const good = switchAction("good-one", "main", { FixedModeScheduleActionStartSettings: { Time: isoIn(7_200_000) } });
      const bad1 = switchAction("go-main", "main", { ImmediateModeScheduleActionStartSettings: {} });
      const bad2 = switchAction("nowhere", "ghost", { ImmediateModeScheduleActionStartSettings: {} });
      const errors = fails422(await ml("batch-update-schedule", "--channel-id", channel.Id, "--creates", JSON.stringify({ ScheduleActions: [good, bad1, bad2] }), "--debug"), "mixed batch");
      assert.deepEqual(paths(errors).sort(), ["creates.scheduleActions[1].actionName", "creates.scheduleActions[2].scheduleActionSettings.inputSwitchSettings.inputAttachmentNameReference"].sort());
      const described = ok(await ml("describe-schedule", "--channel-id", channel.Id), "describe-schedule after refused batches");
      assert.deepEqual(described.ScheduleActions, actions, "refused batches stored nothing");
    });

    it("deletes then creates in one batch: a name can be reused", T, async () => {
      const replacement = switchAction("back-to-main", "main", { FixedModeScheduleActionStartSettings: { Time: isoIn(3_600_000 * 48) } });
      const result = ok(
        await ml("batch-update-schedule", "--channel-id", channel.Id, "--deletes", JSON.stringify({ ActionNames: ["back-to-main"] }), "--creates", JSON.stringify({ ScheduleActions: [replacement] })),
        "delete + create",
      );
      assert.deepEqual(result.Deletes.ScheduleActions, [actions[1]]);
      assert.deepEqual(result.Creates.ScheduleActions, [replacement]);
      assert.deepEqual(ok(await ml("describe-schedule", "--channel-id", channel.Id), "describe").ScheduleActions, [actions[0], replacement]);
    });

    it("delete-schedule empties it", T, async () => {
      const deleted = ok(await ml("delete-schedule", "--channel-id", channel.Id), "delete-schedule");
      assert.deepEqual(deleted ?? {}, {});
      assert.deepEqual(ok(await ml("describe-schedule", "--channel-id", channel.Id), "describe-schedule after delete").ScheduleActions, []);
    });
  });

  it("start-channel, stop-channel, restart-channel-pipelines, batch-stop: states and conflicts as MediaLive answers them", T, async () => {
    const [stopIdle, restartIdle] = await Promise.all([
      ml("stop-channel", "--channel-id", channel.Id),
      ml("restart-channel-pipelines", "--channel-id", channel.Id, "--pipeline-ids", "PIPELINE_0"),
    ]);
    fails(stopIdle, "ConflictException", `Cannot stop channel ${channel.Id} while it is IDLE`, "stop-channel on an idle channel");
    fails(restartIdle, "ConflictException", `Cannot restart the pipelines of channel ${channel.Id} while it is IDLE`, "restart-channel-pipelines on an idle channel");
    const started = ok(await ml("start-channel", "--channel-id", channel.Id), "start-channel");
    assert.equal(started.State, "STARTING");
    fails(await ml("start-channel", "--channel-id", channel.Id), "ConflictException", `Cannot start channel ${channel.Id} while it is`, "start-channel twice");
    const batch = ok(await ml("batch-stop", "--channel-ids", channel.Id, "9999999"), "batch-stop");
    assert.deepEqual(
      batch.Successful.map((s: { Id: string; State: string }) => [s.Id, s.State]),
      [[channel.Id, "STOPPING"]],
    );
    assert.deepEqual(
      batch.Failed.map((f: { Id: string; Code: string }) => [f.Id, f.Code]),
      [["9999999", "NotFoundException"]],
    );
    const deadline = Date.now() + 30_000;
    let state = "";
    while (Date.now() < deadline && state !== "IDLE") {
      state = ok(await ml("describe-channel", "--channel-id", channel.Id), "describe").State;
      if (state !== "IDLE") await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.equal(state, "IDLE", "the channel stops");
  });

  it("update-channel-class SINGLE_PIPELINE → STANDARD needs two destination URLs (422 without), works with them", T, async () => {
    const file = exampleChannel(rtp);
    file.Name = "class-change";
    file.InputAttachments[0].InputAttachmentName = "rtp";
    file.Destinations = [{ Id: "hls-dest", Settings: [{ Url: `file://${out}/class/a/index` }] }];
    const created = await createChannel(file);
    assert.equal(created.ChannelClass, "SINGLE_PIPELINE");

    const oneUrl = [{ Id: "hls-dest", Settings: [{ Url: `file://${out}/class/a/index` }] }];
    const twoUrls = [{ Id: "hls-dest", Settings: [{ Url: `file://${out}/class/a/index` }, { Url: `file://${out}/class/b/index` }] }];
    const [withoutDestinations, withOne] = await Promise.all([
      ml("update-channel-class", "--channel-id", created.Id, "--channel-class", "STANDARD", "--debug"),
      ml("update-channel-class", "--channel-id", created.Id, "--channel-class", "STANDARD", "--destinations", JSON.stringify(oneUrl), "--debug"),
    ]);
    for (const [result, what] of [[withoutDestinations, "no --destinations"], [withOne, "one URL"]] as const) {
      const errors = fails422(result, `update-channel-class STANDARD, ${what}`);
      assert.deepEqual(paths(errors), ["destinations[0].settings"], what);
      assert.match(errors[0]!.errorMessage, /2 destination URLs/);
    }
    assert.equal(ok(await ml("describe-channel", "--channel-id", created.Id), "describe").ChannelClass, "SINGLE_PIPELINE", "a refused class change changes nothing");

    const changed = ok(await ml("update-channel-class", "--channel-id", created.Id, "--channel-class", "STANDARD", "--destinations", JSON.stringify(twoUrls)), "update-channel-class STANDARD").Channel;
    assert.ok(changed, "UpdateChannelClass wraps the channel in Channel");
    assert.equal(changed.ChannelClass, "STANDARD");
    const described = ok(await ml("describe-channel", "--channel-id", created.Id), "describe after class change");
    assert.equal(described.ChannelClass, "STANDARD");
    assert.equal(described.State, "IDLE");
    assert.deepEqual(described.Destinations, twoUrls);
    assert.deepEqual(described.EncoderSettings, file.EncoderSettings, "the class change keeps the encoder settings");

    // And back: SINGLE_PIPELINE with the two URLs is refused, with one it works.
    const back = await ml("update-channel-class", "--channel-id", created.Id, "--channel-class", "SINGLE_PIPELINE", "--debug");
    assert.deepEqual(paths(fails422(back, "SINGLE_PIPELINE with 2 URLs")), ["destinations[0].settings"]);
    ok(await ml("update-channel-class", "--channel-id", created.Id, "--channel-class", "SINGLE_PIPELINE", "--destinations", JSON.stringify(oneUrl)), "back to SINGLE_PIPELINE");
    await client.send(new DeleteChannelCommand({ ChannelId: created.Id }));
  });

  it("update-channel-class on a channel with a SINGLE_PIPELINE input → 422 naming the input", T, async () => {
    const file = exampleChannel(rtmp);
    // rtmp is attached to the README channel: change that channel's class.
    const errors = fails422(
      await ml(
        "update-channel-class",
        "--channel-id",
        channel.Id,
        "--channel-class",
        "STANDARD",
        "--destinations",
        JSON.stringify([{ Id: "hls-dest", Settings: [{ Url: file.Destinations[0].Settings[0].Url }, { Url: `file://${out}/std-b/index` }] }]),
        "--debug",
      ),
      "STANDARD with a SINGLE_PIPELINE input",
    );
    assert.deepEqual(paths(errors), ["inputAttachments[0].inputId"]);
    assert.match(errors[0]!.errorMessage, new RegExp(rtmp));
  });

  it("delete-channel → DELETED; the input goes back to DETACHED; describe still answers DELETED; list hides it", T, async () => {
    const deleted = ok(await ml("delete-channel", "--channel-id", channel.Id), "delete-channel");
    assert.equal(deleted.Channel, undefined, "DeleteChannel is flat");
    assert.equal(deleted.Id, channel.Id);
    assert.ok(["DELETING", "DELETED"].includes(deleted.State), `delete-channel State ${deleted.State}`);
    const [described, input, listed, group] = await Promise.all([
      ml("describe-channel", "--channel-id", channel.Id),
      ml("describe-input", "--input-id", rtmp),
      ml("list-channels"),
      ml("describe-input-security-group", "--input-security-group-id", isg),
    ]);
    assert.equal(ok(described, "describe deleted channel").State, "DELETED");
    const detached = ok(input, "describe-input");
    assert.equal(detached.State, "DETACHED");
    assert.deepEqual(detached.AttachedChannels ?? [], []);
    assert.equal(ok(listed, "list-channels").Channels.some((c: any) => c.Id === channel.Id), false, "list-channels hides a deleted channel");
    assert.equal(ok(group, "describe ISG").State, "IN_USE", "the inputs still use the group");
  });

  it("batch-delete: a channel, its inputs and their security group in one call → all Successful", T, async () => {
    const group = await createIsg(["198.51.100.0/24"]);
    const [a, b] = await Promise.all([
      createInput({ Name: "batch-a", Type: "RTMP_PUSH", InputSecurityGroups: [group], Destinations: [{ StreamName: "live/a" }] }),
      createInput({ Name: "batch-b", Type: "RTMP_PUSH", InputSecurityGroups: [group], Destinations: [{ StreamName: "live/b" }] }),
    ]);
    const file = exampleChannel(a);
    file.Name = "batch";
    file.InputAttachments.push({ InputId: b, InputAttachmentName: "backup", InputSettings: { AudioSelectors: [{ Name: "default" }] } });
    file.Destinations = [{ Id: "hls-dest", Settings: [{ Url: `file://${out}/batch/index` }] }];
    const created = await createChannel(file);

    const result = ok(
      await ml("batch-delete", "--channel-ids", created.Id, "--input-ids", a, b, "--input-security-group-ids", group),
      "batch-delete",
    );
    assert.deepEqual(result.Failed ?? [], [], `nothing failed: ${JSON.stringify(result.Failed)}`);
    const successful = [...result.Successful].sort((x: any, y: any) => x.Id.localeCompare(y.Id));
    const expected = [
      { Id: created.Id, Arn: created.Arn },
      { Id: a, Arn: `arn:aws:medialive:us-east-1:000000000000:input:${a}` },
      { Id: b, Arn: `arn:aws:medialive:us-east-1:000000000000:input:${b}` },
      { Id: group, Arn: `arn:aws:medialive:us-east-1:000000000000:inputSecurityGroup:${group}` },
    ].sort((x, y) => x.Id.localeCompare(y.Id));
    assert.deepEqual(
      successful.map((s: any) => ({ Id: s.Id, Arn: s.Arn })),
      expected,
    );
    for (const entry of successful) assert.ok(["DELETING", "DELETED"].includes(entry.State), `state of ${entry.Id}: ${entry.State}`);
    const [channelNow, bNow, groupNow] = await Promise.all([
      ml("describe-channel", "--channel-id", created.Id),
      ml("describe-input", "--input-id", b),
      ml("describe-input-security-group", "--input-security-group-id", group),
    ]);
    assert.equal(ok(channelNow, "describe batch channel").State, "DELETED");
    assert.equal(ok(bNow, "describe input b").State, "DELETED");
    assert.equal(ok(groupNow, "describe ISG 2").State, "DELETED");
  });

  it("batch-delete of an input still attached (its channel not in the batch) → that one in Failed, the rest Successful", T, async () => {
    const file = exampleChannel(rtp);
    file.Name = "holder";
    file.InputAttachments[0].InputAttachmentName = "rtp";
    file.Destinations = [{ Id: "hls-dest", Settings: [{ Url: `file://${out}/holder/index` }] }];
    const [holder, spare] = await Promise.all([
      createChannel(file),
      createInput({ Name: "spare", Type: "RTMP_PUSH", InputSecurityGroups: [isg], Destinations: [{ StreamName: "live/spare" }] }),
    ]);
    const result = ok(await ml("batch-delete", "--input-ids", rtp, spare), "batch-delete");
    assert.deepEqual(result.Successful.map((s: any) => s.Id), [spare]);
    assert.deepEqual(result.Failed.map((f: any) => f.Id), [rtp]);
    assert.ok(typeof result.Failed[0].Code === "string" && result.Failed[0].Code !== "", `Failed entry has a Code: ${JSON.stringify(result.Failed[0])}`);
    assert.match(result.Failed[0].Message ?? "", new RegExp(holder.Id), `the message names the channel holding the input: ${JSON.stringify(result.Failed[0])}`);
    assert.equal(ok(await ml("describe-input", "--input-id", rtp), "describe rtp").State, "ATTACHED");
    await client.send(new DeleteChannelCommand({ ChannelId: holder.Id }));
  });
});
