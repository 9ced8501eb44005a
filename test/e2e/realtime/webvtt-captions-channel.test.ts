// A channel whose HLS group has a WebVTT caption output (MediaLive's form: an output naming
// only the caption description) beside its H.264 output: the pipeline decodes the
// source's CEA-608 CC1 (pop-on captions injected into the upstream's H.264 SEI) and writes a
// subtitle rendition. The master playlist lists it (TYPE=SUBTITLES, SUBTITLES on the
// variant), its playlist lists WebVTT segments, and the injected text is in their cues at
// MPEG-TS times that fall inside the video segments listed beside them (RFC 8216 §3.5).

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { CreateInputCommand } from "@aws-sdk/client-medialive";
import { firstVideoPts90k } from "../../../src/output/captions/first-video-pts.ts";
import { makeCaptionedVod, twoCaptionScript } from "../../helpers/captioned-vod.ts";
import { createChannelId, startChannelAndWait, stopChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { serveHlsFolder, type HlsOrigin } from "../../helpers/hls-player.ts";
import { makeOutputDir, makeTempDir, originUrlOf, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

const FIRST_CAPTION = "WEBVTT CUE ONE";
const SECOND_CAPTION = "WEBVTT CUE TWO";
const SEGMENT_S = 2;
/** How far a subtitle segment's start may sit from the video segment of the same number (one frame of jitter, cut on keyframes). */
const ALIGN_TOLERANCE_90K = 9_000;

interface Listed {
  readonly name: string;
  readonly durationS: number;
}

function listed(playlistFile: string): Listed[] {
  if (!existsSync(playlistFile)) return [];
  const lines = readFileSync(playlistFile, "utf8").split("\n");
  const out: Listed[] = [];
  lines.forEach((line, i) => {
    const match = /^#EXTINF:([\d.]+),/.exec(line);
    if (match) out.push({ name: lines[i + 1]!.trim(), durationS: Number(match[1]) });
  });
  return out;
}

interface Cue {
  readonly startPts90k: number;
  readonly endPts90k: number;
  readonly text: string;
}

/** The cues of one WebVTT segment, in MPEG-TS time (X-TIMESTAMP-MAP with LOCAL 0). */
function cuesOf(vtt: string): { mpegts90k: number; cues: Cue[] } {
  const map = /X-TIMESTAMP-MAP=MPEGTS:(\d+),LOCAL:00:00:00\.000/.exec(vtt);
  assert.ok(map, `no X-TIMESTAMP-MAP in\n${vtt}`);
  const mpegts90k = Number(map[1]);
  const seconds = (time: string): number => {
    const [h, m, s] = time.split(":").map(Number) as [number, number, number];
    return h * 3600 + m * 60 + s;
  };
  const cues = [...vtt.matchAll(/^(\d\d:\d\d:\d\d\.\d\d\d) --> (\d\d:\d\d:\d\d\.\d\d\d)[^\n]*\n([^\n]+(?:\n[^\n]+)*)/gm)].map((match) => ({
    startPts90k: mpegts90k + Math.round(seconds(match[1]!) * 90_000),
    endPts90k: mpegts90k + Math.round(seconds(match[2]!) * 90_000),
    text: match[3]!,
  }));
  return { mpegts90k, cues };
}

describe("a channel with a WebVTT caption description", { timeout: 180_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  let origin: HlsOrigin | undefined;
  after(async () => {
    await openlive?.stop();
    await origin?.close();
  });

  it("writes a subtitle rendition decoded from the source's CEA-608, listed in the master playlist, cues inside the media's time range", async () => {
    const work = makeTempDir("openlive-vtt-");
    makeCaptionedVod(path.join(work, "src"), work, "320x180", twoCaptionScript(FIRST_CAPTION, SECOND_CAPTION));
    origin = await serveHlsFolder(path.join(work, "src"));
    const out = makeOutputDir("openlive-vtt-");
    const running = await startOpenlive({ ownPushPorts: true });
    openlive = running;
    const client = sdkClient(running);

    const input = await client.send(new CreateInputCommand({ Name: "captioned", Type: "URL_PULL", Sources: [{ Url: `${origin.url}/index.m3u8` }] }));
    const channel = smallChannel(input.Input!.Id!, `file://${out}/live`, { segmentLengthS: SEGMENT_S });
    channel.InputAttachments[0].InputSettings = {
      SourceEndBehavior: "LOOP",
      AudioSelectors: [{ Name: "default" }],
      CaptionSelectors: [{ Name: "cc", SelectorSettings: { EmbeddedSourceSettings: { Source608ChannelNumber: 1 } } }],
    };
    channel.EncoderSettings.CaptionDescriptions = [
      { Name: "subs_en", CaptionSelectorName: "cc", DestinationSettings: { WebvttDestinationSettings: { StyleControl: "PASSTHROUGH" } }, LanguageCode: "eng", LanguageDescription: "English" },
    ];
    // MediaLive's form of a WebVTT rendition: an output of the HLS group naming only the caption description.
    const outputs = channel.EncoderSettings.OutputGroups[0].Outputs;
    const output = outputs[0];
    outputs.push({ OutputName: "subs", CaptionDescriptionNames: ["subs_en"], OutputSettings: { HlsOutputSettings: { NameModifier: "_subs", HlsSettings: { StandardHlsSettings: { M3u8Settings: {} } } } } });
    const channelId = await createChannelId(client, channel);
    await startChannelAndWait(client, channelId);

    const master = readFileSync(`${out}/live.m3u8`, "utf8");
    assert.match(master, /^#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="eng",DEFAULT=YES,AUTOSELECT=YES,URI="live_subs_en.m3u8"$/m);
    assert.match(master, /^#EXT-X-STREAM-INF:[^\n]*,SUBTITLES="subs"$/m);
    assert.doesNotMatch(master, /CLOSED-CAPTIONS/, "a WebVTT description is no CLOSED-CAPTIONS rendition");

    // The source loops every 6 s with both captions: 5 segments (10 s) hold several of them.
    const subtitlePlaylist = `${out}/live_subs_en.m3u8`;
    await until("five WebVTT segments", () => (listed(subtitlePlaylist).length >= 5 ? true : undefined), 45_000);
    const variantPlaylist = `${out}/live${output.OutputSettings.HlsOutputSettings.NameModifier}.m3u8`;
    const videoSegments = listed(variantPlaylist);
    const subtitleSegments = listed(subtitlePlaylist);
    assert.match(readFileSync(subtitlePlaylist, "utf8"), new RegExp(`^#EXT-X-TARGETDURATION:${SEGMENT_S}$`, "m"));

    const videoStarts = new Map(videoSegments.map((segment) => [segment.name.replace(/\.ts$/, "").split("_").pop()!, { startPts90k: firstVideoPts90k(readFileSync(path.join(out, segment.name)))!, durationS: segment.durationS }]));
    const first = videoStarts.get(videoSegments[0]!.name.replace(/\.ts$/, "").split("_").pop()!)!;
    const last = [...videoStarts.values()].at(-1)!;
    const mediaEnd90k = last.startPts90k + Math.round(last.durationS * 90_000);

    const allCues: Cue[] = [];
    let aligned = 0;
    for (const segment of subtitleSegments) {
      const { mpegts90k, cues } = cuesOf(readFileSync(path.join(out, segment.name), "utf8"));
      allCues.push(...cues);
      // Segments of the same number start together: the WebVTT clock is the encoder's.
      const video = videoStarts.get(segment.name.replace(/\.vtt$/, "").split("_").pop()!);
      if (video) {
        assert.ok(Math.abs(mpegts90k - video.startPts90k) <= ALIGN_TOLERANCE_90K, `${segment.name} starts at ${mpegts90k}, its video segment at ${video.startPts90k}`);
        aligned += 1;
      }
    }
    assert.ok(aligned >= 3, `only ${aligned} subtitle segments have a video segment of the same number listed`);
    const captions = allCues.filter((cue) => cue.text.includes(FIRST_CAPTION) || cue.text.includes(SECOND_CAPTION));
    assert.ok(captions.some((cue) => cue.text.includes(FIRST_CAPTION)), JSON.stringify(allCues));
    assert.ok(captions.some((cue) => cue.text.includes(SECOND_CAPTION)), JSON.stringify(allCues));
    assert.ok(allCues.every((cue) => cue.text.trim() === FIRST_CAPTION || cue.text.trim() === SECOND_CAPTION), `only the injected captions are shown: ${JSON.stringify(allCues)}`);
    for (const cue of captions) {
      assert.ok(cue.endPts90k > cue.startPts90k, JSON.stringify(cue));
      // Each caption is shown ~1.6 s (pictures 10–60 of 30 fps) in the source; a cue clipped at a segment edge is shorter.
      assert.ok(cue.endPts90k - cue.startPts90k <= 1.8 * 90_000, JSON.stringify(cue));
      assert.ok(cue.startPts90k >= first.startPts90k - SEGMENT_S * 90_000 && cue.endPts90k <= mediaEnd90k + SEGMENT_S * 90_000, `cue ${JSON.stringify(cue)} outside the media ${first.startPts90k}–${mediaEnd90k}`);
    }
    // openlive's origin serves the rendition's playlist and segments like the variants'.
    for (const name of ["live_subs_en.m3u8", subtitleSegments.at(-1)!.name]) {
      const response: Response = await fetch(originUrlOf(running, out, name));
      assert.equal(response.status, 200, name);
      assert.ok((await response.text()).length > 0, name);
    }
    await stopChannelAndWait(client, channelId);
  });
});
