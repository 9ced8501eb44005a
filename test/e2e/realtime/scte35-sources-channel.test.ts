// SCTE-35 read from a pulled HLS playlist's cue tags (hlsInputSettings.scte35Source MANIFEST,
// docs/ads-and-schedule.md): a local origin serves 2 s segments made by ffmpeg — blue, then red
// from 8 s to 12 s, then blue again — under a VOD playlist the test writes with
// #EXT-X-CUE-OUT:4 before the first red segment and #EXT-X-CUE-IN before the next blue one. The
// channel's HLS output (adMarkers ELEMENTAL) lists #EXT-X-CUE-OUT:4.000 on a segment whose
// pictures are red — the break starts on the tagged segment's first picture, or at the first
// output segment boundary after it — the segment before it starts blue, and a #EXT-X-CUE-IN
// follows on a segment that ends blue (the program after the break).

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { CreateChannelCommand, CreateInputCommand } from "@aws-sdk/client-medialive";
import { startChannelAndWait, stopChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { serveHlsFolder, type HlsOrigin } from "../../helpers/hls-player.ts";
import { makeOutputDir, makeTempDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { assertBreakOnRed, listedBreak } from "../../helpers/picture-colours.ts";

const SEGMENT_S = 2;
const SOURCE_SEGMENTS = 8;
/** Source segments 4 and 5 (8 s to 12 s) are red: the break. */
const BREAK_FIRST = 4;
const BREAK_SEGMENTS = 2;
const BREAK_S = BREAK_SEGMENTS * SEGMENT_S;

/** The source: blue, red during the break, blue; 320x180, 25 fps, an IDR every 2 s, with a tone. */
function makeSegments(folder: string): void {
  const part = (colour: string, seconds: number): string[] => ["-f", "lavfi", "-i", `color=c=${colour}:s=320x180:r=25:d=${seconds}`];
  const made = spawnSync("ffmpeg", [
    "-v", "error",
    ...part("blue", BREAK_FIRST * SEGMENT_S), ...part("red", BREAK_S), ...part("blue", (SOURCE_SEGMENTS - BREAK_FIRST - BREAK_SEGMENTS) * SEGMENT_S),
    "-f", "lavfi", "-i", `sine=frequency=440:sample_rate=48000:duration=${SOURCE_SEGMENTS * SEGMENT_S}`,
    "-filter_complex", "[0][1][2]concat=n=3:v=1:a=0[v]", "-map", "[v]", "-map", "3:a",
    "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-c:a", "aac",
    "-f", "hls", "-hls_time", String(SEGMENT_S), "-hls_playlist_type", "vod", "-hls_segment_filename", path.join(folder, "seg%d.ts"), path.join(folder, "ffmpeg.m3u8"),
  ]);
  assert.equal(made.status, 0, String(made.stderr));
}

/** The media playlist with the break's cue tags on segments BREAK_FIRST and BREAK_FIRST + BREAK_SEGMENTS. */
function cuedPlaylist(): string {
  const lines = ["#EXTM3U", "#EXT-X-VERSION:3", `#EXT-X-TARGETDURATION:${SEGMENT_S}`, "#EXT-X-MEDIA-SEQUENCE:0", "#EXT-X-PLAYLIST-TYPE:VOD"];
  for (let i = 0; i < SOURCE_SEGMENTS; i += 1) {
    if (i === BREAK_FIRST) lines.push(`#EXT-X-CUE-OUT:${BREAK_S}`);
    else if (i > BREAK_FIRST && i < BREAK_FIRST + BREAK_SEGMENTS) lines.push(`#EXT-X-CUE-OUT-CONT:${(i - BREAK_FIRST) * SEGMENT_S}/${BREAK_S}`);
    else if (i === BREAK_FIRST + BREAK_SEGMENTS) lines.push("#EXT-X-CUE-IN");
    lines.push(`#EXTINF:${SEGMENT_S}.000,`, `seg${i}.ts`);
  }
  return [...lines, "#EXT-X-ENDLIST", ""].join("\n");
}


describe("SCTE-35 from an HLS pull source's cue tags (scte35Source MANIFEST)", { timeout: 120_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  let origin: HlsOrigin | undefined;
  after(async () => {
    await openlive?.stop();
    await origin?.close();
  });

  it("EXT-X-CUE-OUT/IN of the pulled playlist become the output's ad markers on the tagged pictures", async () => {
    const work = makeTempDir("openlive-cues-");
    makeSegments(work);
    writeFileSync(path.join(work, "index.m3u8"), cuedPlaylist());
    origin = await serveHlsFolder(work);
    openlive = await startOpenlive({ ownPushPorts: true });
    const client = sdkClient(openlive);
    const input = (await client.send(new CreateInputCommand({ Name: "cued", Type: "URL_PULL", Sources: [{ Url: `${origin.url}/index.m3u8` }] }))).Input!;
    const outDir = makeOutputDir("openlive-cues-out-");
    const channel = smallChannel(input.Id!, `file://${outDir}/hls/index`, { segmentLengthS: SEGMENT_S });
    channel.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.AdMarkers = ["ELEMENTAL"];
    channel.InputAttachments[0].InputSettings.NetworkInputSettings = { HlsInputSettings: { Scte35Source: "MANIFEST" } };
    const channelId = (await client.send(new CreateChannelCommand(channel))).Channel!.Id!;
    await startChannelAndWait(client, channelId);

    const folder = path.join(outDir, "hls");
    const playlist = await listedBreak(folder, 45_000);
    await stopChannelAndWait(client, channelId);
    assertBreakOnRed(folder, playlist, BREAK_S, SEGMENT_S);
  });
});
