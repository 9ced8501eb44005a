// globalConfiguration.inputEndAction SWITCH_AND_LOOP_INPUTS end to end: a SINGLE_PIPELINE
// channel on two MP4_FILE inputs of 2 s each ("first", "second", sourceEndBehavior CONTINUE)
// and no schedule. When the input on air ends the pipeline puts the next attachment on air,
// and after the last the first again: DescribeChannel's ActiveInputAttachmentName goes
// first → second → first. The channel also carries a setting openlive does not reproduce
// (Nielsen watermarks): the start logs it once, with its path and reason. Its thumbnails are
// switched off: DescribeThumbnails answers an empty list, as MediaLive does.

import assert from "node:assert/strict";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import { CreateInputCommand, DescribeThumbnailsCommand, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { ActiveWatch } from "../../helpers/active-input-watch.ts";
import { createChannelId, startChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { colourChannel, GREEN_FILL_COLOUR } from "../../helpers/colour-channel.ts";
import { makeColourFile } from "../../helpers/colour-upstream.ts";
import { makeOutputDir, makeTempDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";

const FILE_SECONDS = 2;
/** A file's 2 s, the switch (a pull input waits for its first keyframe) and DescribeChannel's poll. */
const CYCLE_MS = 15_000;

describe("inputEndAction SWITCH_AND_LOOP_INPUTS (two MP4 files, no schedule)", { timeout: 120_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let channelId: string;
  let watch: ActiveWatch;

  before(async () => {
    const work = makeTempDir("openlive-end-action-");
    const out = makeOutputDir("openlive-end-action-");
    openlive = await startOpenlive({ ownPushPorts: true, inputRoots: [work] });
    client = sdkClient(openlive);
    const fileInput = async (name: string, colour: string, frequencyHz: number): Promise<string> => {
      const file = path.join(work, `${name}.mp4`);
      await makeColourFile({ colour, frequencyHz, durationS: FILE_SECONDS, outputArgs: ["-movflags", "+faststart", file] });
      return (await client.send(new CreateInputCommand({ Name: name, Type: "MP4_FILE", Sources: [{ Url: pathToFileURL(file).href }] }))).Input!.Id!;
    };
    const first = await fileInput("first", "blue", 660);
    const second = await fileInput("second", "red", 440);
    const inputSettings = { AudioSelectors: [{ Name: "default" }], SourceEndBehavior: "CONTINUE" };
    const channel = colourChannel({
      name: "input-end-action",
      inputAttachments: [
        { InputId: first, InputAttachmentName: "first", InputSettings: inputSettings },
        { InputId: second, InputAttachmentName: "second", InputSettings: inputSettings },
      ],
      outputUrls: [`file://${out}/live`],
      fillColour: GREEN_FILL_COLOUR,
    });
    channel.EncoderSettings.GlobalConfiguration.InputEndAction = "SWITCH_AND_LOOP_INPUTS";
    channel.EncoderSettings.NielsenConfiguration = { DistributorId: "openlive-test" };
    channel.EncoderSettings.ThumbnailConfiguration = { State: "DISABLED" };
    channelId = await createChannelId(client, channel);
    watch = new ActiveWatch(client, channelId);
    await startChannelAndWait(client, channelId);
  });

  after(async () => {
    watch?.close();
    await openlive?.stop();
  });

  it("cycles the attachments in order when each file ends: first → second → first", async () => {
    const firstAtMs = await watch.waitFor("first", { sinceMs: 0, timeoutMs: CYCLE_MS });
    const secondAtMs = await watch.waitFor("second", { sinceMs: firstAtMs, timeoutMs: CYCLE_MS });
    const againAtMs = await watch.waitFor("first", { sinceMs: secondAtMs + 1, timeoutMs: CYCLE_MS });
    assert.ok(againAtMs - secondAtMs >= FILE_SECONDS * 1000 - 500, `second stayed on air ${againAtMs - secondAtMs} ms, its file lasts ${FILE_SECONDS} s`);
    const order = watch.changes.map((change) => change.attachment).filter((name) => name !== undefined);
    assert.deepEqual(order.slice(0, 3), ["first", "second", "first"], JSON.stringify(watch.changes));
    assert.ok(watch.changes.every((change) => change.action === undefined), "no schedule action put an input on air");
  });

  it("logged the settings accepted but not reproduced once at the start, with path and reason", () => {
    const lines = openlive
      .logs()
      .split("\n")
      .filter((line) => line.includes("channel settings accepted but not reproduced"));
    assert.equal(lines.length, 1, lines.join("\n"));
    const logged = JSON.parse(lines[0]!.slice(lines[0]!.indexOf("{"))) as { channelId: string; notHonoured: { elementPath: string; reason: string }[] };
    assert.equal(logged.channelId, channelId);
    const nielsen = logged.notHonoured.find((item) => item.elementPath === "encoderSettings.nielsenConfiguration");
    assert.match(nielsen?.reason ?? "", /Nielsen/, JSON.stringify(logged.notHonoured));
  });

  it("answers DescribeThumbnails with an empty list: thumbnails are DISABLED", async () => {
    const answer = await client.send(new DescribeThumbnailsCommand({ ChannelId: channelId, PipelineId: "0", ThumbnailType: "CURRENT_ACTIVE" }));
    assert.deepEqual(answer.ThumbnailDetails, []);
  });
});
