// A channel on a pull input (URL_PULL: openlive's own HLS client reading a local origin)
// whose source carries CEA-608 captions: the channel asks for embedded captions, the
// master playlist signals CLOSED-CAPTIONS, and hls.js in Chromium shows the caption cues
// from openlive's output (captions end to end, on a pull input type).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { CreateChannelCommand, CreateInputCommand, StartChannelCommand, StopChannelCommand } from "@aws-sdk/client-medialive";
import { makeCaptionedVod, twoCaptionScript } from "../../helpers/captioned-vod.ts";
import { waitForChannelRunning, waitForChannelStopped } from "../../helpers/channel-lifecycle.ts";
import { EXAMPLE } from "../../helpers/channel-fixtures.ts";
import { launchHlsPlayer, serveHlsFolder, type HlsOrigin, type HlsPlayer } from "../../helpers/hls-player.ts";
import { makeOutputDir, makeTempDir, originUrlOf, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";

const FIRST_CAPTION = "OPENLIVE CC ONE";
const SECOND_CAPTION = "OPENLIVE CC TWO";

describe("a channel on a URL_PULL input with CEA-608 captions", { timeout: 180_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  let origin: HlsOrigin | undefined;
  let player: HlsPlayer | undefined;
  after(async () => {
    await player?.close();
    await openlive?.stop();
    await origin?.close();
  });

  it("pulls the HLS, keeps the captions, signals them in the master playlist, and hls.js shows them", async () => {
    const work = makeTempDir("openlive-cc-");
    makeCaptionedVod(path.join(work, "src"), work, "640x360", twoCaptionScript(FIRST_CAPTION, SECOND_CAPTION));
    origin = await serveHlsFolder(path.join(work, "src"));
    const out = makeOutputDir("openlive-cc-");
    openlive = await startOpenlive({ ownPushPorts: true });
    const client = sdkClient(openlive);

    const input = await client.send(new CreateInputCommand({ Name: "pulled", Type: "URL_PULL", Sources: [{ Url: `${origin.url}/index.m3u8` }] }));
    const channel = JSON.parse(EXAMPLE) as Record<string, any>;
    channel.InputAttachments[0].InputId = input.Input!.Id;
    channel.InputAttachments[0].InputSettings = {
      SourceEndBehavior: "LOOP",
      AudioSelectors: [{ Name: "default" }],
      CaptionSelectors: [{ Name: "cc", SelectorSettings: { EmbeddedSourceSettings: { Source608ChannelNumber: 1 } } }],
    };
    channel.Destinations[0].Settings = [{ Url: `file://${out}/live` }];
    channel.EncoderSettings.CaptionDescriptions = [{ Name: "cc1", CaptionSelectorName: "cc", DestinationSettings: { EmbeddedDestinationSettings: {} }, LanguageCode: "eng", LanguageDescription: "English" }];
    channel.EncoderSettings.OutputGroups[0].Outputs[0].CaptionDescriptionNames = ["cc1"];
    const group = channel.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings;
    group.SegmentLength = 1;
    group.CaptionLanguageSetting = "INSERT";
    group.CaptionLanguageMappings = [{ CaptionChannel: 1, LanguageCode: "eng", LanguageDescription: "English" }];
    channel.EncoderSettings.VideoDescriptions[0].Width = 640;
    channel.EncoderSettings.VideoDescriptions[0].Height = 360;
    channel.EncoderSettings.VideoDescriptions[0].CodecSettings.H264Settings.Bitrate = 800_000;
    const channelId = (await client.send(new CreateChannelCommand(channel))).Channel!.Id!;

    await client.send(new StartChannelCommand({ ChannelId: channelId }));
    await waitForChannelRunning(client, channelId);
    const master = readFileSync(`${out}/live.m3u8`, "utf8");
    assert.match(master, /#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,[^\n]*INSTREAM-ID="CC1"/);
    assert.match(master, /CLOSED-CAPTIONS="[^"]+"/);

    player = await launchHlsPlayer();
    const report = await player.play(originUrlOf(openlive, out, "live.m3u8"), { watchMs: 14_000, untilPlayedSeconds: 10, startTimeoutMs: 30_000 });
    const context = JSON.stringify({ textTracks: report.textTracks, fatal: report.fatalErrors, played: report.playedSeconds });
    assert.deepEqual(report.fatalErrors, [], context);
    assert.ok(report.playedSeconds >= 10, context);
    const captions = report.textTracks.filter((track) => track.kind === "captions");
    assert.equal(captions.length, 1, context);
    assert.ok(captions[0]!.cues.some((cue) => cue.includes(FIRST_CAPTION) || cue.includes(SECOND_CAPTION)), context);

    await client.send(new StopChannelCommand({ ChannelId: channelId }));
    await waitForChannelStopped(client, channelId);
  });
});
