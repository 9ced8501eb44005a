// End-to-end: pull inputs are verified at CreateChannel and UpdateChannel against REAL
// sources on loopback (docs/api.md, Channels; docs/channels.md): a node:http
// origin serving an HLS playlist and segments made by Debian ffmpeg at test time, Debian
// ffmpeg as an RTMP server and as an SRT listener, MPEG-TS and MP4 files on disk, closed
// ports and a server that never answers. A source that is not ready is a 422 naming the
// attachment, the URL and the reason, at inputAttachments[i].inputId; nothing is stored.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  BatchUpdateScheduleCommand,
  CreateChannelCommand,
  DescribeChannelCommand,
  DescribeInputCommand,
  DescribeScheduleCommand,
  ListChannelsCommand,
  MediaLiveClient,
  UnprocessableEntityException,
  UpdateChannelCommand,
  type CreateInputCommandInput,
  type ValidationError,
} from "@aws-sdk/client-medialive";
import { startOpenlive, type OpenliveProcess } from "../helpers/openlive-process.ts";
import { sdkClient } from "../helpers/sdk.ts";
import { createChannel, createInput as sdkCreateInput, show } from "../helpers/sdk-asserts.ts";
import { exampleChannelOn, fileUrls } from "../helpers/channel-fixtures.ts";
import { freeTcpPort, freeUdpPort, makeHls, makeMp4File, makeTsFile, MediaFixtures, type HttpOrigin } from "../helpers/media-fixtures.ts";

const T = { timeout: 30_000 } as const;
/** Each source has at most 5 s (docs/api.md); a little headroom for the API round trip and a loaded machine. */
const CHECK_BUDGET_MS = 5000;
const BUDGET_SLACK_MS = 2500;

type Json = any;

const fileUrl = fileUrls("openlive-pull-verification");

/** The README channel on one pull input, attachment "src"; STANDARD gets two destination URLs. */
function channelOn(inputId: string, channelClass: "SINGLE_PIPELINE" | "STANDARD" = "SINGLE_PIPELINE", attachmentName = "src"): Json {
  return exampleChannelOn(inputId, channelClass === "STANDARD" ? [fileUrl(), fileUrl()] : [fileUrl()], { name: `pull-${inputId}`, channelClass, attachmentName });
}

describe("pull inputs verified at CreateChannel / UpdateChannel against real sources", { timeout: 150_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let media: MediaFixtures;
  let origin: HttpOrigin; // serves media.dir: /live/index.m3u8, /live/index_000.ts …
  let tsFile = "";
  let mp4File = "";

  async function createInput(request: CreateInputCommandInput): Promise<string> {
    return (await sdkCreateInput(client, request)).Id!;
  }

  const create = (request: Json): Promise<Json> => createChannel(client, request);

  /** CreateChannel (or another call) must fail with 422; returns the ValidationErrors and how long the answer took. */
  async function expect422(send: () => Promise<unknown>): Promise<{ errors: ValidationError[]; elapsedMs: number }> {
    const started = performance.now();
    let errors: ValidationError[] = [];
    await assert.rejects(send(), (error: unknown) => {
      assert.ok(error instanceof UnprocessableEntityException, `expected UnprocessableEntityException, got ${(error as Error)?.name}: ${(error as Error)?.message}`);
      assert.equal(error.$metadata.httpStatusCode, 422);
      errors = error.ValidationErrors ?? [];
      return true;
    });
    return { errors, elapsedMs: performance.now() - started };
  }

  /** One not-ready entry: at inputAttachments[index].inputId, naming the attachment, the input, the URL and the reason. */
  function assertNotReady(entry: ValidationError | undefined, expected: { index?: number; attachment: string; inputId: string; url: string; reason: RegExp }): void {
    assert.ok(entry, "a validation error");
    assert.equal(entry.ElementPath, `inputAttachments[${expected.index ?? 0}].inputId`);
    const message = entry.ErrorMessage ?? "";
    assert.ok(message.includes(expected.url), `the message names the URL ${expected.url}: ${message}`);
    assert.ok(message.includes(expected.attachment), `the message names the attachment "${expected.attachment}": ${message}`);
    assert.ok(message.includes(expected.inputId), `the message names input ${expected.inputId}: ${message}`);
    assert.match(message, expected.reason, "the reason");
  }

  async function assertDetached(...ids: string[]): Promise<void> {
    for (const id of ids) {
      const input = await client.send(new DescribeInputCommand({ InputId: id }));
      assert.equal(input.State, "DETACHED", `input ${id} stays DETACHED`);
      assert.deepEqual(input.AttachedChannels ?? [], []);
    }
  }

  async function channelIds(): Promise<string[]> {
    return ((await client.send(new ListChannelsCommand({}))).Channels ?? []).map((c) => c.Id!).sort();
  }

  before(async () => {
    media = new MediaFixtures("openlive-pull-e2e-");
    const [server] = await Promise.all([
      startOpenlive({ inputRoots: [media.path()] }),
      makeHls(media.path("live")),
      makeTsFile(media.path("files", "clip.ts")).then((file) => (tsFile = file)),
      makeMp4File(media.path("files", "clip.mp4")).then((file) => (mp4File = file)),
    ]);
    openlive = server;
    client = sdkClient(openlive);
    origin = await media.serveHttp();
  });

  after(async () => {
    client?.destroy();
    await media?.close();
    const code = await openlive?.stop();
    if (openlive) rmSync(openlive.dataDir, { recursive: true, force: true });
    assert.equal(code, 0, `openlive exited with ${code}:\n${openlive?.logs()}`);
  });

  describe("URL_PULL (HLS)", () => {
    it("origin down (closed port) → 422 'connection refused', nothing stored; origin up → the same request → 201", T, async () => {
      const port = await freeTcpPort();
      const url = `http://127.0.0.1:${port}/live/index.m3u8`;
      const input = await createInput({ Name: "hls-late", Type: "URL_PULL", Sources: [{ Url: url }] });
      const request = { ...channelOn(input), RequestId: `late-origin-${process.pid}` };
      const before = await channelIds();

      const { errors } = await expect422(() => client.send(new CreateChannelCommand(request)));
      assert.equal(errors.length, 1, show(errors));
      assertNotReady(errors[0], { attachment: "src", inputId: input, url, reason: /connection refused/ });
      assert.deepEqual(await channelIds(), before, "nothing stored on a 422");
      await assertDetached(input);

      const late = await media.serveHttp(port);
      try {
        const channel = await create(request);
        assert.equal(channel.InputAttachments[0].InputId, input);
        assert.ok(late.requests.includes("/live/index.m3u8"), `openlive fetched the playlist: ${late.requests.join(", ")}`);
        const attached = await client.send(new DescribeInputCommand({ InputId: input }));
        assert.equal(attached.State, "ATTACHED");
        assert.deepEqual(attached.AttachedChannels, [channel.Id]);
      } finally {
        await late.close();
      }
    });

    it("a playlist path that answers 404 → 422 mentioning HTTP 404", T, async () => {
      const url = `${origin.url}/live/missing.m3u8`;
      const input = await createInput({ Name: "hls-404", Type: "URL_PULL", Sources: [{ Url: url }] });
      const { errors } = await expect422(() => client.send(new CreateChannelCommand(channelOn(input))));
      assert.equal(errors.length, 1, show(errors));
      assertNotReady(errors[0], { attachment: "src", inputId: input, url, reason: /404/ });
      await assertDetached(input);
    });

    it("a URL that is not an HLS playlist (a segment) → 422 'not an HLS playlist'", T, async () => {
      const url = `${origin.url}/live/index_000.ts`;
      const input = await createInput({ Name: "hls-segment", Type: "URL_PULL", Sources: [{ Url: url }] });
      const { errors } = await expect422(() => client.send(new CreateChannelCommand(channelOn(input))));
      assert.equal(errors.length, 1, show(errors));
      assertNotReady(errors[0], { attachment: "src", inputId: input, url, reason: /not an HLS playlist/ });
    });

    it("two sources (STANDARD) where only the second is dead → exactly one ValidationError, naming the second URL", T, async () => {
      const alive = `${origin.url}/live/index.m3u8`;
      const dead = `http://127.0.0.1:${await freeTcpPort()}/live/b.m3u8`;
      const input = await createInput({ Name: "hls-pair", Type: "URL_PULL", Sources: [{ Url: alive }, { Url: dead }] });
      const { errors } = await expect422(() => client.send(new CreateChannelCommand(channelOn(input, "STANDARD", "pair"))));
      assert.equal(errors.length, 1, `one problem, for the dead source only:\n${show(errors)}`);
      assertNotReady(errors[0], { attachment: "pair", inputId: input, url: dead, reason: /connection refused/ });
      assert.ok(!errors[0]!.ErrorMessage!.includes(alive), "the live source is not blamed");
      await assertDetached(input);
    });

    it("two silent sources (accept, never answer) → both time out, checked in parallel within the 5 s budget", T, async () => {
      const [a, b] = await Promise.all([media.silentTcpServer(), media.silentTcpServer()]);
      const urls = [`http://127.0.0.1:${a.port}/live/a.m3u8`, `http://127.0.0.1:${b.port}/live/b.m3u8`];
      const input = await createInput({ Name: "hls-silent", Type: "URL_PULL", Sources: urls.map((Url) => ({ Url })) });
      const { errors, elapsedMs } = await expect422(() => client.send(new CreateChannelCommand(channelOn(input, "STANDARD", "silent"))));
      assert.equal(errors.length, 2, show(errors));
      errors.forEach((entry, i) => assertNotReady(entry, { attachment: "silent", inputId: input, url: urls[i]!, reason: /timeout after 5000 ms/ }));
      assert.ok(elapsedMs < CHECK_BUDGET_MS + BUDGET_SLACK_MS, `both sources checked at once: answered in ${Math.round(elapsedMs)} ms (budget ${CHECK_BUDGET_MS} ms per source)`);
      assert.ok(elapsedMs >= CHECK_BUDGET_MS - 200, `the check waited for the source up to its budget: ${Math.round(elapsedMs)} ms`);
      await Promise.all([a.close(), b.close()]);
    });

    it("credentials: username + passwordParam (a secret in <dataDir>/secrets.json) log in to a Basic-auth origin; without them → 422 HTTP 401", T, async () => {
      const password = "origin-s3cret-pw";
      writeFileSync(path.join(openlive.dataDir, "secrets.json"), JSON.stringify({ "/openlive/origin-password": password }));
      const secure = await media.serveHttp(0, media.dir, { auth: { pathPrefix: "/live/", username: "bob", password } });
      try {
        const url = `${secure.url}/live/index.m3u8`;
        const [withCredentials, anonymous, unknownSecret] = await Promise.all([
          createInput({ Name: "hls-auth", Type: "URL_PULL", Sources: [{ Url: url, Username: "bob", PasswordParam: "/openlive/origin-password" }] }),
          createInput({ Name: "hls-anon", Type: "URL_PULL", Sources: [{ Url: url }] }),
          createInput({ Name: "hls-nosecret", Type: "URL_PULL", Sources: [{ Url: url, Username: "bob", PasswordParam: "/openlive/no-such-secret" }] }),
        ]);
        const [created, refused, missing] = await Promise.all([
          create(channelOn(withCredentials, "SINGLE_PIPELINE", "auth")),
          expect422(() => client.send(new CreateChannelCommand(channelOn(anonymous, "SINGLE_PIPELINE", "anon")))),
          expect422(() => client.send(new CreateChannelCommand(channelOn(unknownSecret, "SINGLE_PIPELINE", "nosecret")))),
        ]);
        assert.equal(created.InputAttachments[0].InputId, withCredentials);
        assertNotReady(refused.errors[0], { attachment: "anon", inputId: anonymous, url, reason: /401/ });
        assertNotReady(missing.errors[0], { attachment: "nosecret", inputId: unknownSecret, url, reason: /no-such-secret/ });
        assert.ok(!openlive.logs().includes(password), "the password never reaches the logs");
      } finally {
        await secure.close();
      }
    });

    it("UpdateChannel that adds a dead pull input → 422 and the channel unchanged; adding a live one works", T, async () => {
      const good = await createInput({ Name: "hls-good", Type: "URL_PULL", Sources: [{ Url: `${origin.url}/live/index.m3u8` }] });
      const deadUrl = `http://127.0.0.1:${await freeTcpPort()}/live/dead.m3u8`;
      const [dead, second] = await Promise.all([
        createInput({ Name: "hls-dead", Type: "URL_PULL", Sources: [{ Url: deadUrl }] }),
        createInput({ Name: "hls-second", Type: "URL_PULL", Sources: [{ Url: `${origin.url}/live/index.m3u8` }] }),
      ]);
      const channel = await create(channelOn(good, "SINGLE_PIPELINE", "first"));
      const before = await client.send(new DescribeChannelCommand({ ChannelId: channel.Id }));
      const attachments = [...channel.InputAttachments];
      const withDead = [...attachments, { InputId: dead, InputAttachmentName: "dead", InputSettings: { AudioSelectors: [{ Name: "default" }] } }];

      const { errors } = await expect422(() =>
        client.send(new UpdateChannelCommand({ ChannelId: channel.Id, Name: "renamed", RoleArn: channel.RoleArn, InputAttachments: withDead })),
      );
      assert.equal(errors.length, 1, show(errors));
      assertNotReady(errors[0], { index: 1, attachment: "dead", inputId: dead, url: deadUrl, reason: /connection refused/ });
      const after = await client.send(new DescribeChannelCommand({ ChannelId: channel.Id }));
      assert.deepEqual({ ...after, $metadata: undefined }, { ...before, $metadata: undefined }, "the channel is unchanged");
      await assertDetached(dead);

      const withLive = [...attachments, { InputId: second, InputAttachmentName: "second", InputSettings: { AudioSelectors: [{ Name: "default" }] } }];
      const updated = await client.send(new UpdateChannelCommand({ ChannelId: channel.Id, RoleArn: channel.RoleArn, InputAttachments: withLive }));
      assert.deepEqual(updated.Channel!.InputAttachments!.map((a) => a.InputId), [good, second]);
      assert.equal((await client.send(new DescribeInputCommand({ InputId: second }))).State, "ATTACHED");
    });
  });

  describe("RTMP_PULL", () => {
    it("Debian ffmpeg as an RTMP server → 201; nothing listening → 422 'connection refused'", T, async () => {
      const rtmp = await media.startRtmpServer("live/a");
      const deadUrl = `rtmp://127.0.0.1:${await freeTcpPort()}/live/a`;
      const [live, dead] = await Promise.all([
        createInput({ Name: "rtmp-live", Type: "RTMP_PULL", Sources: [{ Url: rtmp.url }] }),
        createInput({ Name: "rtmp-dead", Type: "RTMP_PULL", Sources: [{ Url: deadUrl }] }),
      ]);
      const [created, refused] = await Promise.all([
        create(channelOn(live, "SINGLE_PIPELINE", "rtmp")),
        expect422(() => client.send(new CreateChannelCommand(channelOn(dead, "SINGLE_PIPELINE", "rtmp")))),
      ]);
      assert.equal(created.InputAttachments[0].InputId, live);
      assert.equal(refused.errors.length, 1, show(refused.errors));
      assertNotReady(refused.errors[0], { attachment: "rtmp", inputId: dead, url: deadUrl, reason: /connection refused/ });
      await assertDetached(dead);

      // Input prepare is not allowed in a channel with an RTMP pull input; switches are (docs/channels.md).
      const prepare = { ActionName: "prep", ScheduleActionStartSettings: { ImmediateModeScheduleActionStartSettings: {} }, ScheduleActionSettings: { InputPrepareSettings: { InputAttachmentNameReference: "rtmp" } } };
      const { errors } = await expect422(() => client.send(new BatchUpdateScheduleCommand({ ChannelId: created.Id, Creates: { ScheduleActions: [prepare] } })));
      assert.deepEqual(errors.map((e) => e.ElementPath), ["creates.scheduleActions[0].scheduleActionSettings.inputPrepareSettings"], show(errors));
      assert.match(errors[0]!.ErrorMessage ?? "", /RTMP_PULL/);
      const toRtmp = { ActionName: "to-rtmp", ScheduleActionStartSettings: { ImmediateModeScheduleActionStartSettings: {} }, ScheduleActionSettings: { InputSwitchSettings: { InputAttachmentNameReference: "rtmp" } } };
      await client.send(new BatchUpdateScheduleCommand({ ChannelId: created.Id, Creates: { ScheduleActions: [toRtmp] } }));
    });
  });

  describe("SRT_CALLER", () => {
    it("Debian ffmpeg as an SRT listener → 201; nothing listening → 422", T, async () => {
      const srt = await media.startSrtListener();
      const deadPort = await freeUdpPort();
      const [live, dead] = await Promise.all([
        createInput({ Name: "srt-live", Type: "SRT_CALLER", SrtSettings: { SrtCallerSources: [{ SrtListenerAddress: "127.0.0.1", SrtListenerPort: String(srt.port) }] } }),
        createInput({ Name: "srt-dead", Type: "SRT_CALLER", SrtSettings: { SrtCallerSources: [{ SrtListenerAddress: "127.0.0.1", SrtListenerPort: String(deadPort) }] } }),
      ]);
      const [created, refused] = await Promise.all([
        create(channelOn(live, "SINGLE_PIPELINE", "srt")),
        expect422(() => client.send(new CreateChannelCommand(channelOn(dead, "SINGLE_PIPELINE", "srt")))),
      ]);
      assert.equal(created.InputAttachments[0].InputId, live);
      assert.equal(refused.errors.length, 1, show(refused.errors));
      assertNotReady(refused.errors[0], { attachment: "srt", inputId: dead, url: `127.0.0.1:${deadPort}`, reason: /SRT handshake failed|connection refused|timeout/ });
      assert.ok(refused.elapsedMs < CHECK_BUDGET_MS + BUDGET_SLACK_MS, `answered within the budget: ${Math.round(refused.elapsedMs)} ms`);
      await assertDetached(dead);
    });
  });

  describe("MP4_FILE / TS_FILE", () => {
    it("file:/// paths to files made by ffmpeg → 201; a missing file → 422 'file not found'; the wrong container → 422", T, async () => {
      const tsUrl = pathToFileURL(tsFile).href;
      const mp4Url = pathToFileURL(mp4File).href;
      const missingUrl = pathToFileURL(media.path("files", "missing.ts")).href;
      writeFileSync(media.path("files", "notes.mp4"), "not a movie\n".repeat(200));
      writeFileSync(media.path("files", "really-mp4.ts"), readFileSync(mp4File)); // MP4 bytes under a .ts name
      const fakeTsUrl = pathToFileURL(media.path("files", "really-mp4.ts")).href;
      const textUrl = pathToFileURL(media.path("files", "notes.mp4")).href;
      const [ts, mp4, missing, mp4AsTs, text] = await Promise.all([
        createInput({ Name: "ts-file", Type: "TS_FILE", Sources: [{ Url: tsUrl }] }),
        createInput({ Name: "mp4-file", Type: "MP4_FILE", Sources: [{ Url: mp4Url }] }),
        createInput({ Name: "ts-missing", Type: "TS_FILE", Sources: [{ Url: missingUrl }] }),
        createInput({ Name: "mp4-as-ts", Type: "TS_FILE", Sources: [{ Url: fakeTsUrl }] }),
        createInput({ Name: "text-as-mp4", Type: "MP4_FILE", Sources: [{ Url: textUrl }] }),
      ]);
      const [tsChannel, mp4Channel, missingResult, wrongResult, textResult] = await Promise.all([
        create(channelOn(ts, "SINGLE_PIPELINE", "ts")),
        create(channelOn(mp4, "SINGLE_PIPELINE", "mp4")),
        expect422(() => client.send(new CreateChannelCommand(channelOn(missing, "SINGLE_PIPELINE", "ts")))),
        expect422(() => client.send(new CreateChannelCommand(channelOn(mp4AsTs, "SINGLE_PIPELINE", "ts")))),
        expect422(() => client.send(new CreateChannelCommand(channelOn(text, "SINGLE_PIPELINE", "mp4")))),
      ]);
      assert.equal(tsChannel.InputAttachments[0].InputId, ts);
      assert.equal(mp4Channel.InputAttachments[0].InputId, mp4);
      assert.equal(missingResult.errors.length, 1, show(missingResult.errors));
      assertNotReady(missingResult.errors[0], { attachment: "ts", inputId: missing, url: missingUrl, reason: /file not found/ });
      assertNotReady(wrongResult.errors[0], { attachment: "ts", inputId: mp4AsTs, url: fakeTsUrl, reason: /not an MPEG-TS file/ });
      assertNotReady(textResult.errors[0], { attachment: "mp4", inputId: text, url: textUrl, reason: /not an MP4 file/ });
      await assertDetached(missing, mp4AsTs, text);
    });
  });

  describe("schedule clipping of file inputs", () => {
    it("ZEROBASED clips of an MP4 input on a switch and a prepare → 200, echoed by DescribeSchedule; EMBEDDED, a malformed timecode, a stop before the start → 422 each", T, async () => {
      const input = await createInput({ Name: "mp4-clips", Type: "MP4_FILE", Sources: [{ Url: pathToFileURL(mp4File).href }] });
      const channel = await create(channelOn(input, "SINGLE_PIPELINE", "movie"));
      const clipping = (start: string | undefined, stop: string | undefined, source = "ZEROBASED"): Json => ({
        InputTimecodeSource: source,
        ...(start ? { StartTimecode: { Timecode: start } } : {}),
        ...(stop ? { StopTimecode: { Timecode: stop, LastFrameClippingBehavior: "INCLUDE_LAST_FRAME" } } : {}),
      });
      const action = (name: string, type: "InputSwitchSettings" | "InputPrepareSettings", clip: Json, start: Json = { ImmediateModeScheduleActionStartSettings: {} }): Json => ({
        ActionName: name,
        ScheduleActionStartSettings: start,
        ScheduleActionSettings: { [type]: { InputAttachmentNameReference: "movie", InputClippingSettings: clip } },
      });
      const good = [
        action("play-part", "InputSwitchSettings", clipping("00:00:00:05", "00:00:00:20")),
        action("prep-part", "InputPrepareSettings", clipping("00:00:00:10", undefined), { FixedModeScheduleActionStartSettings: { Time: new Date(Date.now() + 3_600_000).toISOString() } }),
      ];
      await client.send(new BatchUpdateScheduleCommand({ ChannelId: channel.Id, Creates: { ScheduleActions: good } }));
      assert.deepEqual((await client.send(new DescribeScheduleCommand({ ChannelId: channel.Id }))).ScheduleActions, good);
      const clip = "creates.scheduleActions[0].scheduleActionSettings.inputSwitchSettings.inputClippingSettings";
      const cases: [Json, string, RegExp][] = [
        [clipping("00:00:00:05", undefined, "EMBEDDED"), `${clip}.inputTimecodeSource`, /EMBEDDED timecodes are not supported by openlive yet/],
        [clipping("00:00:00:05", "00:00:00:5"), `${clip}.stopTimecode.timecode`, /not a timecode HH:MM:SS:FF/],
        [clipping("00:00:00:20", "00:00:00:05"), `${clip}.stopTimecode.timecode`, /must come after the start/],
      ];
      await Promise.all(
        cases.map(async ([bad, at, message], i) => {
          const { errors } = await expect422(() => client.send(new BatchUpdateScheduleCommand({ ChannelId: channel.Id, Creates: { ScheduleActions: [action(`bad-${i}`, "InputSwitchSettings", bad)] } })));
          assert.deepEqual(errors.map((e) => e.ElementPath), [at], show(errors));
          assert.match(errors[0]!.ErrorMessage ?? "", message);
        }),
      );
    });
  });

  describe("dynamic file inputs ($urlPath$)", () => {
    it("not checked at CreateChannel; checked when a schedule switch names them: a missing file → 422, a present one → 200", T, async () => {
      const folder = path.dirname(mp4File);
      const dynamicUrl = `${pathToFileURL(folder).href}/$urlPath$`;
      const input = await createInput({ Name: "mp4-dynamic", Type: "MP4_FILE", Sources: [{ Url: dynamicUrl }] });
      assert.equal((await client.send(new DescribeInputCommand({ InputId: input }))).InputSourceType, "DYNAMIC");
      const channel = await create(channelOn(input, "SINGLE_PIPELINE", "clips"));
      const switchTo = (name: string, file: string) => ({
        ActionName: name,
        ScheduleActionStartSettings: { ImmediateModeScheduleActionStartSettings: {} },
        ScheduleActionSettings: { InputSwitchSettings: { InputAttachmentNameReference: "clips", UrlPath: [file] } },
      });
      // A dynamic ($urlPath$) source is checked when a switch names it (docs/channels.md).
      const { errors } = await expect422(() =>
        client.send(new BatchUpdateScheduleCommand({ ChannelId: channel.Id, Creates: { ScheduleActions: [switchTo("play-missing", "missing.mp4")] } })),
      );
      assert.equal(errors.length, 1, show(errors));
      assert.match(errors[0]!.ElementPath ?? "", /^creates\.scheduleActions\[0\]/);
      assert.match(errors[0]!.ErrorMessage ?? "", /missing\.mp4/);
      assert.match(errors[0]!.ErrorMessage ?? "", /file not found/);
      const schedule = await client.send(new DescribeScheduleCommand({ ChannelId: channel.Id }));
      assert.deepEqual(schedule.ScheduleActions ?? [], [], "nothing stored");
      await client.send(new BatchUpdateScheduleCommand({ ChannelId: channel.Id, Creates: { ScheduleActions: [switchTo("play-clip", path.basename(mp4File))] } }));
    });
  });

  describe("several pull inputs in one channel", () => {
    it("every dead source of every attachment is reported at once, each at its attachment's inputId", T, async () => {
      const deadHls = `http://127.0.0.1:${await freeTcpPort()}/x.m3u8`;
      const missingFile = pathToFileURL(media.path("files", "gone.mp4")).href;
      const [hlsOk, hlsDead, fileDead] = await Promise.all([
        createInput({ Name: "multi-ok", Type: "URL_PULL", Sources: [{ Url: `${origin.url}/live/index.m3u8` }] }),
        createInput({ Name: "multi-dead", Type: "URL_PULL", Sources: [{ Url: deadHls }] }),
        createInput({ Name: "multi-file", Type: "MP4_FILE", Sources: [{ Url: missingFile }] }),
      ]);
      const request = channelOn(hlsOk, "SINGLE_PIPELINE", "ok");
      request.InputAttachments.push(
        { InputId: hlsDead, InputAttachmentName: "dead-hls", InputSettings: { AudioSelectors: [{ Name: "default" }] } },
        { InputId: fileDead, InputAttachmentName: "dead-file", InputSettings: { AudioSelectors: [{ Name: "default" }] } },
      );
      const { errors } = await expect422(() => client.send(new CreateChannelCommand(request)));
      assert.equal(errors.length, 2, show(errors));
      const byPath = new Map(errors.map((e) => [e.ElementPath, e]));
      assertNotReady(byPath.get("inputAttachments[1].inputId"), { index: 1, attachment: "dead-hls", inputId: hlsDead, url: deadHls, reason: /connection refused/ });
      assertNotReady(byPath.get("inputAttachments[2].inputId"), { index: 2, attachment: "dead-file", inputId: fileDead, url: missingFile, reason: /file not found/ });
      await assertDetached(hlsOk, hlsDead, fileDead);
    });
  });

  it("the service stayed healthy (no error-level log line)", T, async () => {
    const bad = openlive.logs().split("\n").filter((line) => /"level":(50|60)/.test(line));
    assert.deepEqual(bad, [], `openlive logged errors:\n${bad.join("\n")}`);
  });
});
